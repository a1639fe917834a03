import { describe, expect, it } from 'vitest';
import { Trap } from '@lantern/traps';
import { FuncInstance, I32, invoke, type Store } from '../../src/index.ts';
import { load, type Loaded } from './helpers.ts';

function withHost(options?: { stackCells?: number; maxCallDepth?: number }, onThrow: () => void = () => {}): Loaded {
  let self: Loaded | undefined;
  const imports = (store: Store) => [
    FuncInstance.host(store, { kind: 'func', params: [I32, I32], results: [I32] }, ([a, b]) => [((a as number) + (b as number)) | 0], 'add'),
    FuncInstance.host(store, { kind: 'func', params: [I32], results: [I32] }, ([n]) => invoke(store, self!.func('countdown'), [n])),
    FuncInstance.host(store, { kind: 'func', params: [], results: [] }, () => {
      onThrow();
      return [];
    }),
  ];
  self = load('calls', imports, options);
  return self;
}

describe('host calls', () => {
  it('calls a host function and continues with its result', () => {
    expect(withHost().call('callHost', 5)).toEqual([30]);
  });

  it('re-enters wasm from a host function (nested activations on one VM stack)', () => {
    const m = withHost();
    expect(m.call('countdown', 50)).toEqual([50]);
    expect(m.store.thread.state.activation).toBeNull();
    expect(m.store.thread.sp).toBe(0);
  });

  it('propagates a JS exception unchanged through wasm frames, then runs again', () => {
    const err = new Error('boom');
    const m = withHost(undefined, () => {
      throw err;
    });
    let caught: unknown;
    try {
      m.call('throwThrough', 1);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(err);
    expect(m.store.thread.state.activation).toBeNull();
    expect(m.call('throwThrough', 0)).toEqual([42]);
  });

  it('tail-calls a host function', () => {
    expect(withHost().call('tail-host', 41)).toEqual([42]);
  });
});

describe('stack depth', () => {
  it('recurses 100,000 deep with a large enough stack', () => {
    const m = withHost({ stackCells: 1 << 21 });
    expect(m.call('depth', 100_000)).toEqual([100_000]);
  });

  it('traps "call stack exhausted" (never a RangeError) when the stack is too small', () => {
    const m = withHost({ stackCells: 1 << 16 });
    let caught: unknown;
    try {
      m.call('depth', 100_000);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(Trap);
    expect((caught as Trap).message).toBe('call stack exhausted');
    expect(m.call('depth', 100)).toEqual([100]);
  });

  it('traps at the configured call depth', () => {
    const m = withHost({ maxCallDepth: 1000 });
    expect(m.call('depth', 990)).toEqual([990]);
    expect(() => m.call('depth', 1000)).toThrow('call stack exhausted');
  });
});

describe('tail calls', () => {
  it('run 1,000,000 mutual return_calls in constant VM stack', () => {
    const m = withHost({ stackCells: 256 });
    expect(m.call('even', 1_000_000n)).toEqual([1]);
    expect(m.call('odd', 1_000_001n)).toEqual([1]);
  });

  it('return_call_indirect with more arguments than the caller has locals', () => {
    expect(withHost().call('tail-indirect', 10)).toEqual([15]);
  });
});

describe('lazy compilation', () => {
  it('compiles a function on its first call only', () => {
    const m = withHost();
    const a = m.func('lazy-a'), b = m.func('lazy-b');
    const c = m.inst.funcs[m.inst.funcs.length - 1];
    expect([a.compiled, b.compiled, c.compiled]).toEqual([false, false, false]);
    expect(m.call('lazy-a')).toEqual([1]);
    expect([a.compiled, b.compiled, c.compiled]).toEqual([true, false, false]);
    expect(m.call('lazy-b')).toEqual([3]);
    expect([a.compiled, b.compiled, c.compiled]).toEqual([true, true, true]);
    const body = m.info.bodies[a.funcIndex - m.info.importedFuncs];
    // lazy-a is `i32.const 1 end`: the constant emits nothing; the return sequence comes from `end`.
    expect(a.codeMap!.offsetAt(a.entryPc)).toBe(body.codeEnd - 1);
  });
});
