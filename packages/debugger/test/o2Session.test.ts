/**
 * The C crash fixture built at -O2 (test/fixtures/crash/crash-O2.wasm: clang -g -O2 -c, linked
 * without -O so the DWARF survives): line tables row for row against llvm-dwarfdump (both builds),
 * trap backtraces with inlined frames, breakpoints by file:line, stepping by line, and variables
 * checked against what the program prints.
 *
 * What -O2 does to this program (and so what the tests expect):
 * - `depth_sum(3, argc - 2)` is folded into main: its recursion becomes `6 + 100 / divisor`, so the
 *   divide-by-zero backtrace is ratio [inlined] ← depth_sum [inlined] ← main, with no recursive
 *   frames. `move_point` and `store_at` are inlined into main; `fail_hard` (noinline) stays a frame.
 * - `origin` and `mode` have no DW_AT_location at all (origin.x is the constant 3 in printf's
 *   arguments), `argc`/`argv` only until their registers are reused: they show `<optimized out>`.
 *   `values` lives in the stack frame (DW_OP_fbreg) and is shown everywhere in main.
 * - checked_sum's loop is unrolled by two (the odd element is read first); `total` and the inlined
 *   ratio's `a` have location lists covering only some instructions; its parameters only the entry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Debugger, SymbolResolver, formatStackTrace } from '../src/index.ts';
import type { PauseContext, WasmFrameInfo } from '../src/index.ts';
import type { Trap } from '@lantern/traps';
import { DwarfInfo } from '../src/symbols/dwarf/dwarfInfo.ts';
import { DW_AT } from '../src/symbols/dwarf/constants.ts';
import { dwarfSections, findWasmSections } from '../src/symbols/wasmSections.ts';
import { joinPath } from '../src/symbols/paths.ts';
import { dumpRowsText, lineProgramOf, lineRowsText, parseLineDump } from './symbols/dwarfdumpOracle.ts';
import { FIXTURES, GOLDEN, fixtureSource, wasiProgram } from './helpers.ts';
import { record } from './session.ts';

const CRASH_DIR = join(FIXTURES, 'crash');
const CRASH_O2_WASM = join(CRASH_DIR, 'crash-O2.wasm');

/** `function file:line` of every source frame (inlined ones included), newest first. */
function sourceStack(ctx: PauseContext): string[] {
  return ctx
    .wasmFrames()
    .flatMap((f) => f.sourceFrames)
    .map((s) => `${s.inlined ? '[inlined] ' : ''}${s.function} ${s.file?.replace(/^.*\//, '') ?? '?'}:${s.line ?? '?'}`);
}

function vars(frame: WasmFrameInfo): Record<string, string> {
  return Object.fromEntries(frame.variables.map((v) => [v.name, v.value]));
}

describe.each(['crash', 'crash-O2'])('line tables of %s.wasm agree with llvm-dwarfdump --debug-line', (name) => {
  const bytes = new Uint8Array(readFileSync(join(CRASH_DIR, `${name}.wasm`)));
  const dwarf = new DwarfInfo(dwarfSections(findWasmSections(bytes)));
  const dump = parseLineDump(join(CRASH_DIR, `${name}.debug-line.txt`));

  it('has the same line programs, row for row (dead sequences dropped), and the same file tables', () => {
    expect(dwarf.units().map((u) => u.root.unsigned(DW_AT.stmt_list))).toEqual(dump.map((t) => t.offset));
    let rowsTotal = 0;
    for (const table of dump) {
      const { unit, program } = lineProgramOf(dwarf, table);
      expect(program.version).toBe(table.version);
      const rows = program.sequences.flatMap((s) => s.rows);
      expect(lineRowsText(rows)).toEqual(dumpRowsText(table));
      for (const [i, f] of table.files) {
        const dir = f.dirIndex === 0 ? undefined : table.includeDirectories.get(f.dirIndex);
        expect(program.files[i]?.name).toBe(f.name);
        expect(program.files[i]?.path).toBe(joinPath(unit.compDir, dir, f.name));
      }
      rowsTotal += rows.length;
    }
    expect(rowsTotal).toBeGreaterThan(1000);
    // Our two units are among them (crash.c, sum.c).
    const ours = dump.filter((t) => [...t.files.values()].some((f) => f.name === 'crash.c' || f.name === 'sum.c'));
    expect(ours.length).toBe(2);
  });
});

describe('-O2 traps: backtraces with inlined frames', () => {
  const resolver = new SymbolResolver();
  const bytes = resolver.addFile(CRASH_O2_WASM);

  it('prints what the -O0 build prints', () => {
    const p = wasiProgram(bytes, ['crash']);
    expect(p.wasi.start(p.instance)).toBe(0);
    expect(p.out.join('')).toBe('sum=45 x=3\n');
  });

  for (const mode of ['div', 'oob', 'trap']) {
    it(`${mode}: file:line for every frame (golden)`, async () => {
      const p = wasiProgram(bytes, ['crash', mode]);
      let trap: Trap | undefined;
      try {
        p.wasi.start(p.instance);
      } catch (e) {
        trap = e as Trap;
      }
      expect(trap?.name).toBe('RuntimeError');
      const text = `${trap!.name}: ${trap!.message}\n${formatStackTrace(trap!.frames, resolver)}\n`;
      await expect(text).toMatchFileSnapshot(join(GOLDEN, `crash-O2-${mode}.trace.txt`));
    });
  }

  it('the debugger sees the same stacks at the trap (inlined frames as source frames)', () => {
    const expected: Record<string, string[]> = {
      div: ['[inlined] ratio util.h:6', '[inlined] depth_sum crash.c:14', 'main crash.c:32'],
      oob: ['[inlined] move_point crash.c:19', 'main crash.c:34'],
      trap: ['fail_hard crash.c:24', 'main crash.c:36'],
    };
    for (const [mode, stack] of Object.entries(expected)) {
      const symbols = new SymbolResolver();
      const p = wasiProgram(symbols.addFile(CRASH_O2_WASM), ['crash', mode]);
      const dbg = Debugger.attach(p.instance, { symbols });
      let seen: string[] = [];
      dbg.on('paused', ({ reason, context }) => {
        expect(reason).toBe('trap');
        seen = sourceStack(context).slice(0, stack.length);
        context.unwind();
      });
      expect(() => p.wasi.start(p.instance)).toThrow();
      dbg.detach();
      expect(seen, mode).toEqual(stack);
    }
  });
});

describe('-O2 debug sessions', () => {
  it('breakpoints by file:line bind (inlined copies included) and hit', () => {
    const symbols = new SymbolResolver({ readSource: fixtureSource });
    const p = wasiProgram(symbols.addFile(CRASH_O2_WASM), ['crash']);
    // debugCompile: ratio's `a` lives on the operand stack, materialised only in debug compile mode.
    const dbg = Debugger.attach(p.instance, { symbols, debugCompile: true });
    // util.h:6 (ratio) has copies in main (folded depth_sum) and three in checked_sum (unrolled loop).
    const ratio = dbg.setBreakpoint({ file: 'util.h', line: 6 });
    const loop = dbg.setBreakpoint({ file: 'sum.c', line: 7 });
    const ret = dbg.setBreakpoint({ file: 'crash.c', line: 37 }); // folded away: binds to 38
    expect([ratio.boundLine, ratio.sites.length]).toEqual([6, 4]);
    expect([loop.boundLine, loop.sites.length]).toEqual([7, 5]);
    expect([ret.boundLine, ret.sites.length]).toEqual([38, 1]);
    const hits: string[] = [];
    dbg.on('paused', ({ context }) => {
      const top = context.topFrame;
      const v = vars(top);
      hits.push(`${top.source!.file.replace(/^.*\//, '')}:${top.source!.line} ${'a' in v ? `a=${v.a}` : ''}`.trim());
      context.continue();
    });
    expect(p.wasi.start(p.instance)).toBe(0);
    dbg.detach();
    expect(p.out.join('')).toBe('sum=45 x=3\n');
    // Unrolled by two, the odd element first: a = values[1]*10, values[0]*10, values[3]*10, values[2]*10.
    expect(hits).toEqual([
      'crash.c:38',
      'sum.c:7',
      'util.h:6 a=10',
      'sum.c:7',
      'util.h:6 a=30',
      'sum.c:7',
      'sum.c:7',
      'util.h:6 a=10',
      'sum.c:7',
      'util.h:6 a=40',
      'sum.c:7',
    ]);
  });

  it('stepping by line walks main and checked_sum in source order; variables (golden)', async () => {
    const symbols = new SymbolResolver({ readSource: fixtureSource });
    const p = wasiProgram(symbols.addFile(CRASH_O2_WASM), ['crash']);
    const dbg = Debugger.attach(p.instance, { symbols, debugCompile: true });
    const bp = dbg.setBreakpoint({ file: 'crash.c', line: 28 });
    const lines: string[] = [];
    const totals: string[] = [];
    dbg.on('paused', ({ context }) => {
      const top = context.topFrame;
      lines.push(`${top.function} ${top.source?.file.replace(/^.*\//, '')}:${top.source?.line}`);
      const total = top.variable('total');
      if (total && total.value !== '<optimized out>') totals.push(total.value);
    });
    const over = (c: PauseContext) => c.stepOver();
    const into = (c: PauseContext) => c.stepInto();
    const t = record(
      dbg,
      [
        over, // 28 -> 29
        over, // 29 -> 31 (line 30's origin is constant-folded)
        over, // -> 33
        over, // -> 35
        over, // -> 38 (line 37's move_point(&origin, 1) is folded into the constant 3)
        into, // checked_sum
        over, // 6
        over, // 7 (the unrolled body: two inlined ratio calls)
        over, // 6 (loop back edge)
        over, // 7
        over, // 6
        over, // 8 return total
        over, // back in main at 38
        over, // 39
        (c) => c.continue(),
      ],
      { show: { operands: false, locals: false, variables: true } },
    );
    t.log(`bp: ${bp.describe()} bound at line ${bp.boundLine}, ${bp.sites.length} site(s)`);
    t.log(`exit code: ${p.wasi.start(p.instance)}; stdout: ${JSON.stringify(p.out.join(''))}`);
    dbg.detach();
    await expect(t.toString()).toMatchFileSnapshot(join(GOLDEN, 'c-O2-stepping.transcript.txt'));
    expect(lines).toEqual([
      'main crash.c:28',
      'main crash.c:29',
      'main crash.c:31',
      'main crash.c:33',
      'main crash.c:35',
      'main crash.c:38',
      'checked_sum sum.c:4',
      'checked_sum sum.c:6',
      'checked_sum sum.c:7',
      'checked_sum sum.c:6',
      'checked_sum sum.c:7',
      'checked_sum sum.c:6',
      'checked_sum sum.c:8',
      'main crash.c:38',
      'main crash.c:39',
    ]);
    // `total` where DWARF has a location: 0 at entry, 20 after the first pair, 45 = the printed sum.
    expect(totals).toEqual(['0', '0', '20', '45']);
  });

  it('variables: values the program prints where DWARF has locations, <optimized out> elsewhere', () => {
    const symbols = new SymbolResolver({ readSource: fixtureSource });
    const p = wasiProgram(symbols.addFile(CRASH_O2_WASM), ['crash', 'div']);
    const dbg = Debugger.attach(p.instance, { symbols, debugCompile: true });
    dbg.setBreakpoint({ file: 'crash.c', line: 28 });
    dbg.setBreakpoint({ file: 'crash.c', line: 31 });
    dbg.setBreakpoint({ file: 'util.h', line: 6 });
    const stops: Record<string, string>[] = [];
    dbg.on('paused', ({ reason, context }) => {
      const top = context.topFrame;
      stops.push({ reason, at: `${top.source!.file.replace(/^.*\//, '')}:${top.source!.line}`, ...vars(top) });
      if (reason === 'trap') context.unwind();
      else context.continue();
    });
    expect(() => p.wasi.start(p.instance)).toThrow('integer divide by zero');
    dbg.detach();
    const O = '<optimized out>';
    expect(stops).toEqual([
      // Entry: argc/argv are still in their locals; values is not yet initialised.
      { reason: 'breakpoint', at: 'crash.c:28', argc: '2', argv: expect.stringMatching(/^0x[0-9a-f]{8}$/), values: '{0, 0, 0, 0}', mode: O, origin: O },
      { reason: 'breakpoint', at: 'crash.c:31', argc: O, argv: O, values: '{3, 1, 4, 1}', mode: O, origin: O },
      // The folded depth_sum → ratio(100, argc - 2): a is a DW_AT_const_value, b the operand stack.
      { reason: 'breakpoint', at: 'util.h:6', a: '100', b: '0' },
      { reason: 'trap', at: 'util.h:6', a: '100', b: '0' },
    ]);
  });
});
