/**
 * Golden transcripts of a C program (test/fixtures/crash, clang -g -O0, DWARF) under WASI:
 * breakpoints by file:line, source variables next to raw locals, stepping by source line over
 * and into calls (inlined helpers included), and a trap stopped before unwinding with its whole
 * stack, resumed with a value.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Debugger, SymbolResolver } from '../src/index.ts';
import { CRASH_WASM, GOLDEN, fixtureSource as readFixtureSource, wasiProgram } from './helpers.ts';
import { record } from './session.ts';

const golden = (name: string) => join(GOLDEN, `${name}.transcript.txt`);

describe('C debug sessions (DWARF)', () => {
  it('breakpoint by file:line, variables, step over and into by line', async () => {
    const symbols = new SymbolResolver({ readSource: readFixtureSource });
    const bytes = symbols.addFile(CRASH_WASM);
    const p = wasiProgram(bytes, ['crash']);
    const dbg = Debugger.attach(p.instance, { symbols, debugCompile: true });
    const bp = dbg.setBreakpoint({ file: 'crash.c', line: 38 });
    const t = record(
      dbg,
      [
        (c) => c.stepInto(), // into checked_sum
        (c) => c.stepOver(),
        (c) => c.stepOver(),
        (c) => c.stepOver(), // total += ratio(...) (inlined)
        (c) => c.stepOver(),
        (c) => c.stepOut(),
        (c) => c.continue(),
      ],
      { show: { operands: false, variables: true } },
    );
    t.log(`bp: ${bp.describe()} bound at line ${bp.boundLine}, ${bp.sites.length} site(s)`);
    t.log(`exit code: ${p.wasi.start(p.instance)}; stdout: ${JSON.stringify(p.out.join(''))}`);
    dbg.detach();
    await expect(t.toString()).toMatchFileSnapshot(golden('c-stepping'));
  });

  it('a trap in recursion stopped before unwinding, resumed with a value', async () => {
    const symbols = new SymbolResolver({ readSource: readFixtureSource });
    const bytes = symbols.addFile(CRASH_WASM);
    const p = wasiProgram(bytes, ['crash', 'div']);
    const dbg = Debugger.attach(p.instance, { symbols, debugCompile: true });
    const t = record(dbg, [(c) => c.resume(1000)], { show: { operands: true, variables: true } });
    t.log(`exit code: ${p.wasi.start(p.instance)}; stdout: ${JSON.stringify(p.out.join(''))}`);
    dbg.detach();
    await expect(t.toString()).toMatchFileSnapshot(golden('c-trap'));
  });
});
