/**
 * The raise protocol (docs/architecture.md, Traps): handlers see every frame of every activation with exact PCs
 * (offsets from fixtures/protocol.dump) and decide unwind / retry / resume; unwound traps carry
 * structured frames and a V8-format stack; host functions capture backtraces.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ExitKind, RETRY, Trap, TrapCode, registerHandler, resumeWith, type RawFrame } from '@lantern/traps';
import { DebugHooks, FuncInstance, captureBacktrace, type PauseContext } from '../../src/index.ts';
import { loadFixture, loadProtocol, thrownBy } from './helpers.ts';

const show = (frames: readonly RawFrame[]) =>
  frames.map((f) => (f.kind === 'host' ? `host ${f.importModule}.${f.importName} (${f.name})` : `${f.funcName}@0x${f.offset.toString(16)}`));

const removers: (() => void)[] = [];
afterEach(() => {
  while (removers.length) removers.pop()!();
});

describe('trap handlers', () => {
  it('see all frames with exact PCs at a trap 3 frames deep through a host re-entry', () => {
    const m = loadProtocol();
    let seen: string[] = [];
    removers.push(DebugHooks.onExit(m.store, (ctx: PauseContext) => {
      expect(ctx.kind).toBe(ExitKind.Trap);
      expect(ctx.trapCode).toBe(TrapCode.IntegerDivideByZero);
      const c = ctx.frames();
      for (; !c.done; c.moveUp()) {
        seen.push(c.kind === 'wasm' ? `${c.moduleName}.${c.funcName}[${c.funcIndex}]@0x${c.pc.toString(16)}` : `host ${c.moduleName}.${c.importName} ${c.funcName}`);
      }
      const top = ctx.frames();
      expect([top.local(0), top.local(1)]).toEqual([100, 0]);
      return undefined; // default: unwind
    }));
    const t = thrownBy(() => m.call('outer', 0)) as Trap;
    expect(seen).toEqual([
      'demo.div[1]@0x6c', // i32.div_s
      'demo.inner[2]@0x75', // call $div
      'host env.reenter reenterHost',
      'demo.outer[3]@0x7c', // call $reenter
    ]);
    expect(t).toBeInstanceOf(Trap);
    expect(show(t.frames)).toEqual(['div@0x6c', 'inner@0x75', 'host env.reenter (reenterHost)', 'outer@0x7c']);
    seen = [];
  });

  it('resume with values: the trapping instruction produces them and execution continues', () => {
    const m = loadProtocol();
    removers.push(registerHandler(m.store.thread.state, (ctx) => (ctx.trapCode === TrapCode.IntegerDivideByZero ? resumeWith(-7) : undefined)));
    // outer(x) = inner(x) + 1 = (100 / x) + 1; with x = 0 the division "returns" -7.
    expect(m.call('outer', 0)).toEqual([-6]);
    expect(m.call('outer', 5)).toEqual([21]);
  });

  it('retry after growing memory completes an out-of-bounds store', () => {
    const m = loadProtocol();
    let grown = 0;
    removers.push(DebugHooks.onExit(m.store, (ctx: PauseContext) => {
      if (ctx.trapCode !== TrapCode.MemoryOutOfBounds) return undefined;
      grown++;
      ctx.memory(0).grow(1);
      return RETRY;
    }));
    m.call('poke', 70000, 1234);
    expect(grown).toBe(1);
    expect(m.inst.memories[0].view.getInt32(70000, true)).toBe(1234);
  });

  it('unwind (no handler): a RuntimeError with structured frames and a V8-format stack', () => {
    const m = loadProtocol();
    const t = thrownBy(() => m.call('outer', 0)) as Trap;
    expect(t.name).toBe('RuntimeError');
    expect(t.message).toBe('integer divide by zero');
    expect(t.frames[0]).toMatchObject({ kind: 'wasm', funcIndex: 1, offset: 0x6c, funcName: 'div', moduleName: 'demo' });
    // By identity: a structural match would walk the whole store (its VM stack cell by cell).
    expect(t.frames[0].instance).toBe(m.inst);
    const lines = t.stack!.split('\n');
    expect(lines[0]).toBe('RuntimeError: integer divide by zero');
    expect(lines.slice(1, 3)).toEqual([
      '    at div (wasm://wasm/demo:wasm-function[1]:0x6c)',
      '    at inner (wasm://wasm/demo:wasm-function[2]:0x75)',
    ]);
    // Then the host function's JS frames, then the older activation, then this test's frames.
    const hostAt = lines.findIndex((l) => l.includes('reenterHost'));
    const outerAt = lines.indexOf('    at outer (wasm://wasm/demo:wasm-function[3]:0x7c)');
    const testAt = lines.findIndex((l) => l.includes('protocol.test.ts'));
    expect(hostAt).toBeGreaterThan(2);
    expect(outerAt).toBeGreaterThan(hostAt);
    expect(testAt).toBeGreaterThan(outerAt);
    expect(lines.some((l) => l.includes('/runtime/src/'))).toBe(false);
    // The store is usable afterwards.
    expect(m.call('outer', 4)).toEqual([26]);
    expect(m.store.thread.state.activation).toBeNull();
  });

  it('a JS exception thrown by an import keeps its identity through wasm frames', () => {
    const boom = new Error('boom');
    const m = loadProtocol(() => {
      throw boom;
    });
    expect(thrownBy(() => m.call('outer', 1))).toBe(boom);
  });

  it('a promise from a handler in a synchronous entry is an error', () => {
    const m = loadProtocol();
    removers.push(registerHandler(m.store.thread.state, () => Promise.resolve(RETRY)));
    expect(() => m.call('outer', 0)).toThrow(TypeError);
    expect(m.store.thread.state.activation).toBeNull();
  });
});

describe('captureBacktrace', () => {
  it('from inside a host function: the wasm frames that called it, across activations', () => {
    let bt: RawFrame[] = [];
    const I32 = 0x7f;
    const m = loadFixture('protocol', (store) => [
      FuncInstance.host(store, { kind: 'func', params: [I32], results: [I32] }, function capture(args) {
        bt = captureBacktrace(store);
        return [args[0] as number];
      }),
    ]);
    expect(m.call('outer', 3)).toEqual([4]);
    expect(show(bt)).toEqual(['outer@0x7c']);
    expect(captureBacktrace(m.store)).toEqual([]);
  });
});
