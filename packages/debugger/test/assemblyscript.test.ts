/**
 * An AssemblyScript program (test/fixtures/assemblyscript/sums.ts, built by its build.sh with the
 * `assemblyscript` devDependency: asc --debug --sourceMap) debugged through its source map: the
 * module's sourceMappingURL section names sums.wasm.map beside it. Backtraces at its two traps
 * (unreachable(), divide by zero) show the .ts file:line, breakpoints by file:line hit, stepping by
 * line walks the loop, and the name section gives the locals their names (a source map has no
 * variables). AS modules import `env.abort` (assertions such as an index out of range): the tests
 * provide it, decoding AS's UTF-16 strings from the module's memory.
 *
 * Source paths: asc writes `sourceRoot: "./sums"`, so the map's sources resolve to `sums/sums.ts`
 * (and `sums/~lib/...`); breakpoints by `sums.ts` match them by path suffix.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '@lantern/runtime';
import { Debugger, SourceMapSymbolProvider, SymbolResolver, formatStackTrace } from '../src/index.ts';
import type { PauseContext, WasmValue } from '../src/index.ts';
import { FIXTURES, GOLDEN, trapOf } from './helpers.ts';
import { record } from './session.ts';

const AS_DIR = join(FIXTURES, 'assemblyscript');
const AS_WASM = join(AS_DIR, 'sums.wasm');

/** Sources named by the map (`sums/sums.ts`) read from the fixture folder; ~lib sources are not on disk. */
function readSource(file: string): string | undefined {
  try {
    return readFileSync(join(AS_DIR, file.replace(/^.*\//, '')), 'utf8');
  } catch {
    return undefined;
  }
}

type Exports = { run(n: number, min: number): number; mean(n: number, count: number): number; pick(i: number): number; memory: WebAssembly.Memory };

/** Instantiates the fixture on a fresh Lantern namespace with an `env.abort` that throws its message. */
async function instantiate(bytes: Uint8Array<ArrayBuffer>) {
  const WebAssembly = createWebAssembly();
  let memory: { buffer: ArrayBuffer } | undefined;
  // An AS string pointer: UTF-16LE code units, byte length in the object header just before it.
  const str = (p: number) => {
    if (p === 0 || !memory) return '';
    const length = new DataView(memory.buffer).getUint32(p - 4, true);
    return new TextDecoder('utf-16le').decode(new Uint8Array(memory.buffer, p, length));
  };
  const env = {
    abort(message: number, file: number, line: number, column: number): never {
      throw new Error(`abort: ${str(message)} (${str(file)}:${line}:${column})`);
    },
  };
  const { instance } = await WebAssembly.instantiate(bytes, { env });
  const exports = instance.exports as unknown as Exports;
  memory = exports.memory;
  return { instance, exports };
}

function i32Of(v: WasmValue | undefined): number {
  return v?.type === 'i32' ? v.value : NaN;
}

describe('AssemblyScript via its source map', () => {
  it('finds the source map beside the module and maps offsets and lines', () => {
    const resolver = new SymbolResolver();
    const bytes = resolver.addFile(AS_WASM);
    const provider = resolver.forModule(bytes).provider;
    expect(provider).toBeInstanceOf(SourceMapSymbolProvider);
    const bp = provider!.breakpointOffsets('sums.ts', 17)!;
    expect(bp).toMatchObject({ line: 17, files: ['sums/sums.ts'] });
    expect(provider!.sourcePosition(bp.offsets[0])).toMatchObject({ file: 'sums/sums.ts', line: 17 });
    // A line without code (a comment) binds to the next line with some.
    expect(provider!.breakpointOffsets('sums.ts', 26)!.line).toBe(28);
  });

  it('runs: sums of squares and their mean', async () => {
    const { exports } = await instantiate(new SymbolResolver().addFile(AS_WASM));
    expect(exports.run(4, 10)).toBe(30);
    expect(exports.mean(4, 3)).toBe(10);
    expect(exports.pick(2)).toBe(4);
    expect(() => exports.pick(7)).toThrow('abort: Index out of range (~lib/staticarray.ts:78:41)');
  });

  for (const [name, call, message] of [
    ['unreachable', (e: Exports) => e.run(3, 100), 'unreachable executed'],
    ['div', (e: Exports) => e.mean(3, 0), 'integer divide by zero'],
  ] as const) {
    it(`${name}: the backtrace shows sums.ts file:line (golden)`, async () => {
      const resolver = new SymbolResolver();
      const { exports } = await instantiate(resolver.addFile(AS_WASM));
      const trap = trapOf(() => call(exports));
      expect(trap.message).toBe(message);
      const text = `${trap.name}: ${trap.message}\n${formatStackTrace(trap.frames, resolver)}\n`;
      await expect(text).toMatchFileSnapshot(join(GOLDEN, `as-${name}.trace.txt`));
    });
  }

  it('the debugger stops at the trap with source positions for every frame', async () => {
    const symbols = new SymbolResolver();
    const { instance, exports } = await instantiate(symbols.addFile(AS_WASM));
    const dbg = Debugger.attach(instance, { symbols });
    let stack: string[] = [];
    dbg.on('paused', ({ reason, context }) => {
      expect(reason).toBe('trap');
      stack = context.wasmFrames().map((f) => `${f.function} ${f.source?.file}:${f.source?.line}`);
      context.unwind();
    });
    expect(() => exports.run(3, 100)).toThrow('unreachable executed');
    dbg.detach();
    expect(stack).toEqual(['sums/check sums/sums.ts:22', 'sums/run sums/sums.ts:29']);
  });

  it('breakpoint by file:line, stepping by line into the loop and back out (golden)', async () => {
    const symbols = new SymbolResolver({ readSource });
    const { instance, exports } = await instantiate(symbols.addFile(AS_WASM));
    const dbg = Debugger.attach(instance, { symbols, debugCompile: true });
    const bp = dbg.setBreakpoint({ file: 'sums.ts', line: 28 });
    const stops: string[] = [];
    const totals: number[] = [];
    dbg.on('paused', ({ context }) => {
      const top = context.topFrame;
      stops.push(`${top.function.replace('sums/', '')}:${top.source?.line ?? `unmapped@0x${top.pc.toString(16)}`}`);
      if (top.function === 'sums/sumSquares') totals.push(i32Of(top.local('total')));
    });
    const over = (c: PauseContext) => c.stepOver();
    const into = (c: PauseContext) => c.stepInto();
    const t = record(
      dbg,
      [
        into, // run:28 -> sumSquares:9 (at 0xc5: see the gap below)
        over, // 10
        over, // 11
        into, // square:5
        over, // returns into sumSquares at 0xda (i32.add), which asc's map leaves unmapped
        over, // 11 (instruction step to the next mapped offset)
        over, // 10
        over, // 11 (second iteration, square stepped over)
        over, // 10
        over, // 13
        over, // run:28 (after the call)
        over, // 29
        over, // 30
        (c) => c.continue(),
      ],
      { show: { operands: true, locals: true } },
    );
    t.log(`bp: ${bp.describe()} bound at line ${bp.boundLine}, ${bp.sites.length} site(s)`);
    t.log(`run(2, 1) = ${exports.run(2, 1)}`);
    dbg.detach();
    await expect(t.toString()).toMatchFileSnapshot(join(GOLDEN, 'as-stepping.transcript.txt'));
    // Lines in the order the program runs them. Two current limitations show here:
    // - the entry stop of sumSquares is at 0xc5, after its first instruction (0xc3 `i32.const 0`):
    //   a breakpoint or step target on a function's first instruction when that is a constant never
    //   hits (runtime; same with WAT `(func (local i32) i32.const 7 local.set 0)`);
    // - returning from square into an instruction the source map leaves unmapped stops there (with
    //   instruction granularity) instead of stepping on to the next mapped line.
    // When either is fixed, update these and the golden.
    expect(stops).toEqual([
      'run:28',
      'sumSquares:9',
      'sumSquares:10',
      'sumSquares:11',
      'square:5',
      'sumSquares:unmapped@0xda',
      'sumSquares:11',
      'sumSquares:10',
      'sumSquares:11',
      'sumSquares:10',
      'sumSquares:13',
      'run:28',
      'run:29',
      'run:30',
    ]);
    // 1² + 2² = 5: the loop's total as the program computes it.
    expect(totals.at(-1)).toBe(5);
  });

  it('a breakpoint on the loop body hits once per iteration site', async () => {
    const symbols = new SymbolResolver();
    const { instance, exports } = await instantiate(symbols.addFile(AS_WASM));
    const dbg = Debugger.attach(instance, { symbols });
    const bp = dbg.setBreakpoint({ file: 'sums.ts', line: 5 }); // square's body
    const seen: number[] = [];
    dbg.on('paused', ({ context }) => {
      seen.push(i32Of(context.topFrame.local('x')));
      context.continue();
    });
    expect([bp.boundLine, bp.sites.length]).toEqual([5, 1]);
    expect(exports.run(4, 0)).toBe(30);
    dbg.detach();
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  // Was a runtime gap: the function's first instruction (here sumSquares' `i32.const 0` at 0xc3,
  // line 9) shared its CodeMap entry with the compiled prologue, so the Break was patched on
  // prologue code that calls skip.
  it('a breakpoint on line 9 (the first instruction of sumSquares, a constant) hits', async () => {
    const symbols = new SymbolResolver();
    const { instance, exports } = await instantiate(symbols.addFile(AS_WASM));
    const dbg = Debugger.attach(instance, { symbols, debugCompile: true });
    const bp = dbg.setBreakpoint({ file: 'sums.ts', line: 9 });
    expect(bp.sites.map((s) => s.offset)).toEqual([0xc3]);
    let hits = 0;
    dbg.on('paused', ({ context }) => {
      hits++;
      context.continue();
    });
    exports.run(2, 0);
    dbg.detach();
    expect(hits).toBe(1);
  });
});
