/**
 * Golden transcripts of debug sessions on a WAT program (test/fixtures/wat/session.wat), debugged
 * at its own lines: breakpoints by line, stepping over/into/out across calls, loops and host
 * calls, locals, conditional breakpoints, hit counts, logpoints, a trap stopped before unwinding
 * and resumed with a value, a pending breakpoint set before instantiation, writing a local, an
 * async pause, and detach restoring the unpatched code.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '@lantern/runtime';
import { Debugger, SymbolResolver, formatWasmValue } from '../src/index.ts';
import { GOLDEN, fixtureText } from './helpers.ts';
import { record } from './session.ts';

const TEXT = fixtureText('wat', 'session.wat');

type Exports = Record<string, (...args: never[]) => unknown>;

async function setup(log: (v: number) => void = () => {}) {
  const symbols = new SymbolResolver();
  const bytes = symbols.addWat(TEXT, 'session.wat');
  const WebAssembly = createWebAssembly();
  const { instance } = await WebAssembly.instantiate(bytes, { env: { log } });
  return { symbols, bytes, WebAssembly, instance, exports: instance.exports as Exports };
}

const golden = (name: string) => join(GOLDEN, `${name}.transcript.txt`);

describe('WAT debug sessions', () => {
  it('breakpoint by line, step over / into / out, locals', async () => {
    const { symbols, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols, debugCompile: true });
    const bp = dbg.setBreakpoint({ file: 'session.wat', line: 18 });
    const t = record(dbg, [
      (c) => c.stepInto(), // line 18 -> into $square
      (c) => c.stepOver(), // in $square: its only line -> back to the caller
      (c) => c.stepOver(),
      (c) => c.stepOver(), // over the host call to $log
      (c) => c.stepOver(),
      (c) => c.stepOver(), // br_if back to the loop head
      (c) => c.stepOut(), // out of sumSquares, to the host: runs on until the breakpoint
      (c) => {
        dbg.removeBreakpoint(bp);
        c.continue();
      },
    ]);
    t.log(`bound: ${bp.describe()} -> line ${bp.boundLine}, ${bp.sites.length} site(s)`);
    t.log(`result: ${String(exports.sumSquares(3 as never))}`);
    dbg.detach();
    await expect(t.toString()).toMatchFileSnapshot(golden('wat-stepping'));
  });

  it('steps by instruction through br_table', async () => {
    const { symbols, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols, debugCompile: true });
    dbg.setBreakpoint({ file: 'session.wat', line: 11 });
    const t = record(dbg, [(c) => c.stepInto('instruction'), (c) => c.stepInto('instruction'), (c) => c.stepInto('instruction'), (c) => c.continue()], {
      show: { stack: false },
    });
    t.log(`classify(1) = ${String(exports.classify(1 as never))}`);
    dbg.detach();
    await expect(t.toString()).toMatchFileSnapshot(golden('wat-br-table'));
  });

  it('conditional breakpoint, hit count and logpoint', async () => {
    const { symbols, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols, debugCompile: true });
    const cond = dbg.setBreakpoint({ file: 'session.wat', line: 20 }, { condition: (f) => { const acc = f.local('$acc'); return acc?.type === 'i32' && acc.value > 4; } });
    const hits = dbg.setBreakpoint({ file: 'session.wat', line: 21 }, { hitCount: 3, hitCondition: '==' });
    const logp = dbg.setBreakpoint({ file: 'session.wat', line: 6 }, { logMessage: 'square({x}) in {$function} at line {$line}, missing {nope}' });
    const t = record(dbg, [(c) => c.continue(), (c) => c.continue(), (c) => c.continue(), (c) => c.continue()], { show: { stack: false, operands: false } });
    t.log(`result: ${String(exports.sumSquares(4 as never))}`);
    t.log(`hits: cond=${cond.hits} hitCount=${hits.hits} logpoint=${logp.hits}`);
    dbg.detach();
    await expect(t.toString()).toMatchFileSnapshot(golden('wat-conditions'));
  });

  it('trap: the whole stack before unwinding, resumed with a value', async () => {
    const symbols = new SymbolResolver();
    const bytes = symbols.addWat(TEXT, 'session.wat');
    const WebAssembly = createWebAssembly();
    let exports: Exports = {};
    // The host function $log re-enters wasm: divide traps two activations deep.
    function logValue(v: number): void {
      if (v > 0) void (exports.divide as (a: number, b: number) => number)(v, 0);
    }
    const { instance } = await WebAssembly.instantiate(bytes, { env: { log: logValue } });
    exports = instance.exports as Exports;
    const dbg = Debugger.attach(instance, { symbols, debugCompile: true });
    const t = record(dbg, [(c) => c.resume(42), (c) => c.unwind()]);
    dbg.on('trap', (e) => t.log(`trap event: ${e.message}`));
    t.log(`result: ${String(exports.sumSquares(2 as never))}`);
    try {
      exports.divide(7 as never, 0 as never);
    } catch (e) {
      t.log(`unwound: ${(e as Error).name}: ${(e as Error).message}`);
    }
    dbg.detach();
    await expect(t.toString()).toMatchFileSnapshot(golden('wat-trap'));
  });

  it('retry after fixing the operand, and writing a local changes the result', async () => {
    const { symbols, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols, debugCompile: true });
    const script: Parameters<typeof record>[1] = [];
    const t = record(dbg, script, { show: { stack: false } });
    script.push(
      (c) => {
        // The divisor was already pushed: fix the operand (and the local, for the record).
        c.topFrame.setOperand(1, 2);
        c.topFrame.setLocal('$b', 2);
        t.log(`    after writes: operands [${c.topFrame.operands.map((v) => formatWasmValue(v)).join(', ')}], b=${formatWasmValue(c.topFrame.local('b')!)}`);
        c.retry();
      },
    );
    t.log(`divide(7, 0) with b := 2 -> ${String(exports.divide(7 as never, 0 as never))}`);
    const bp = dbg.setBreakpoint({ file: 'session.wat', line: 24 });
    record(dbg, [(c) => c.topFrame.setLocal('acc', 1000)], { show: {} });
    t.log(`sumSquares(3) with acc := 1000 at line 24 -> ${String(exports.sumSquares(3 as never))}, global counter = ${String((instance.exports as Record<string, { value: number }>).counter.value)}`);
    dbg.removeBreakpoint(bp);
    dbg.detach();
    await expect(t.toString()).toMatchFileSnapshot(golden('wat-write'));
  });

  it('a pending breakpoint set before the module exists binds when it is compiled', async () => {
    const symbols = new SymbolResolver();
    const bytes = symbols.addWat(TEXT, 'session.wat');
    const WebAssembly = createWebAssembly();
    const dbg = Debugger.attach(WebAssembly, { symbols, debugCompile: true });
    const bp = dbg.setBreakpoint({ file: 'session.wat', line: 6 });
    const t = record(dbg, [(c) => c.continue()], { show: { operands: false } });
    t.log(`before instantiation: pending=${bp.pending}`);
    dbg.on('breakpointChanged', (b) => t.log(`bound bp${b.id} at ${b.sites.map((s) => `0x${s.offset.toString(16)}`).join(', ')} (line ${b.boundLine})`));
    const { instance } = await WebAssembly.instantiate(bytes, { env: { log() {} } });
    t.log(`after instantiation: pending=${bp.pending}`);
    t.log(`result: ${String((instance.exports as Exports).sumSquares(1 as never))}`);
    dbg.detach();
    await expect(t.toString()).toMatchFileSnapshot(golden('wat-pending'));
  });

  it('async entry: a listener returns a promise and execution stays paused meanwhile', async () => {
    const { symbols, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols, debugCompile: true });
    dbg.setBreakpoint({ file: 'session.wat', line: 6 });
    const t = record(dbg, [], { show: { stack: false, operands: false } });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    dbg.on('breakpoint', async (e) => {
      await new Promise((r) => setTimeout(r, 20));
      // The event loop ran while wasm stayed paused; the store can even be called synchronously.
      t.log(`  (event loop ran: ${ticks > 0}; nested call classify(0) = ${String(exports.classify(0 as never))})`);
      e.context.topFrame.setLocal('x', 10);
    });
    const result = await dbg.run(exports.sumSquares, 1);
    clearInterval(timer);
    t.log(`result: ${String(result)}`);
    dbg.detach();
    await expect(t.toString()).toMatchFileSnapshot(golden('wat-async'));
  });

  it('probes: enter / leave and host calls (opt-in)', async () => {
    const { symbols, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols, probes: { hostcall: true, enter: true, leave: true } });
    const lines: string[] = [];
    dbg.on('enter', (e) => lines.push(`enter ${e.function} (depth ${e.context.wasmFrames().length})`));
    dbg.on('leave', (e) => lines.push(`leave ${e.function}`));
    dbg.on('hostcall', (e) => lines.push(`hostcall ${e.phase} ${e.importModule}.${e.importName} (${e.name}) [${e.values.join(', ')}]`));
    lines.push(`result: ${String(exports.sumSquares(2 as never))}`);
    dbg.detach();
    expect(dbg.patchCount).toBe(0);
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot(golden('wat-probes'));
  });

  it('detach removes every patch', async () => {
    const { symbols, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols, debugCompile: true });
    for (let line = 5; line <= 30; line++) dbg.setBreakpoint({ file: 'session.wat', line }, { condition: () => false });
    expect(exports.sumSquares(5 as never)).toBe(30);
    expect(dbg.patchCount).toBeGreaterThan(5);
    dbg.detach();
    expect(dbg.patchCount).toBe(0);
    expect((instance as unknown as object) && exports.sumSquares(5 as never)).toBe(30);
    // A new debugger can attach again.
    const again = Debugger.attach(instance, { symbols, debugCompile: true });
    again.detach();
  });
});

describe('operands in debug compile mode', () => {
  it('show with their exact types (f32/f64 as floats) and are written by that type', async () => {
    const { symbols, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols, debugCompile: true });
    dbg.setBreakpoint({ file: 'session.wat', line: 29 }); // $mix's statement: its first instruction, local.get $a
    const seen: string[] = [];
    dbg.on('paused', ({ context }) => {
      const f = context.topFrame;
      seen.push(`0x${f.pc.toString(16)} [${f.operands.map((v) => formatWasmValue(v)).join(', ')}]`);
      if (f.operands.length === 3) {
        f.setOperand(2, 0.25); // $c, an f64: a plain number is written as an f64
        seen.push(`written [${f.operands.map((v) => formatWasmValue(v)).join(', ')}]`);
        context.continue();
      } else context.stepInto('instruction');
    });
    // a = 2 (i64), b = 1.5 (f32), c = 4 (f64): 2 + (1.5 + 0.25) with $c written
    expect(exports.mix(2n as never, 1.5 as never, 4 as never)).toBe(3.75);
    dbg.detach();
    expect(seen).toEqual([
      '0xe3 []', // local.get $a
      '0xe5 [i64 2]', // f64.convert_i64_s
      '0xe6 [f64 2]', // local.get $b
      '0xe8 [f64 2, f32 1.5]', // f64.promote_f32
      '0xe9 [f64 2, f64 1.5]', // local.get $c
      '0xeb [f64 2, f64 1.5, f64 4]', // f64.add
      'written [f64 2, f64 1.5, f64 0.25]',
    ]);
  });
});
