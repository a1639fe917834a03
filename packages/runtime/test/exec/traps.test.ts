import { describe, expect, it } from 'vitest';
import { TrapCode } from '@lantern/traps';
import { invoke } from '../../src/index.ts';
import { load, trapOf } from './helpers.ts';

describe('traps: messages and PCs (module byte offsets)', () => {
  const m = load('traps');
  const codeStart = (funcIndex: number) => m.info.bodies[funcIndex - m.info.importedFuncs].codeStart;

  it('reports the trapping instruction and each caller at its call instruction', () => {
    const t = trapOf(() => m.call('callsDiv'));
    expect(t.message).toBe('integer divide by zero');
    expect(t.code).toBe(TrapCode.IntegerDivideByZero);
    expect(t.name).toBe('RuntimeError');
    expect(t.frames.map((f) => [f.funcIndex, f.offset])).toEqual([
      [0, codeStart(0) + 4], // i32.div_s in $div
      [1, codeStart(1) + 4], // call $div in $callsDiv
    ]);
    expect(t.frames[0].instance).toBe(m.inst);
  });

  it('unreachable, out of bounds, overflow, conversions', () => {
    const u = trapOf(() => m.call('unreachable'));
    expect(u.message).toBe('unreachable executed');
    expect(u.frames[0].offset).toBe(codeStart(2) + 2);
    const o = trapOf(() => m.call('oob'));
    expect(o.message).toBe('out of bounds memory access');
    expect(o.frames[0].offset).toBe(codeStart(3) + 4); // i32.const 65536 is 41 80 80 04
    expect(trapOf(() => m.call('overflow')).message).toBe('integer overflow');
    expect(m.call('rem')).toEqual([0]);
    expect(trapOf(() => m.call('trunc-nan')).message).toBe('invalid conversion to integer');
    expect(trapOf(() => m.call('trunc-big')).message).toBe('integer overflow');
  });

  it('call_indirect: undefined element, uninitialized element, type mismatch', () => {
    expect(trapOf(() => m.call('undefined-element')).message).toBe('undefined element 5');
    expect(trapOf(() => m.call('uninitialized-element')).message).toBe('uninitialized element 1');
    expect(trapOf(() => m.call('type-mismatch')).message).toBe('indirect call type mismatch');
  });

  it('records the exit in the CallThreadState and leaves the thread reusable', () => {
    trapOf(() => m.call('callsDiv'));
    const st = m.store.thread.state;
    expect(st.activation).toBeNull();
    expect(m.store.thread.sp).toBe(0);
    expect(invoke(m.store, m.func('div'), [7, 2])).toEqual([3]);
  });
});
