import { describe, expect, it } from 'vitest';
import { load } from './helpers.ts';

describe('control flow, calls, multi-value', () => {
  const m = load('control');

  it('runs recursive fib and an i64 loop', () => {
    expect(m.call('fib', 20)).toEqual([6765]);
    expect(m.call('fac64', 20n)).toEqual([2432902008176640000n]);
    expect(m.call('fac64', 25n)).toEqual([7034535277573963776n]);
  });

  it('returns several values and passes block parameters', () => {
    expect(m.call('multi', 7, 3)).toEqual([10, 4, 21]);
    expect(m.call('swap-sub', 10, 3)).toEqual([-7]);
    expect(m.call('sum-loop', 100)).toEqual([5050]);
    expect(m.call('swap-return', 1, 2)).toEqual([2, 1]);
  });

  it('br_table selects targets (default clamps) and carries values', () => {
    expect([0, 1, 2, 3, 4, -1].map((i) => m.call('br-table', i)[0])).toEqual([10, 11, 12, 13, 13, 13]);
    expect(m.call('br-table-value', 0)).toEqual([101]);
    expect(m.call('br-table-value', 1)).toEqual([100]);
    expect(m.call('br-table-value', 9)).toEqual([100]);
  });

  it('select, call_indirect, if/else, fused compare-and-branch', () => {
    expect(m.call('select', 1, 5n, 6n)).toEqual([5n]);
    expect(m.call('select', 0, 5n, 6n)).toEqual([6n]);
    expect(m.call('call-indirect', 0, 7, 2)).toEqual([9]);
    expect(m.call('call-indirect', 1, 7, 2)).toEqual([5]);
    expect(m.call('if-else', 0)).toEqual([7]);
    expect(m.call('if-else', 5)).toEqual([8]);
    expect(m.call('count', 1000)).toEqual([1000]);
    expect(m.call('count', 0)).toEqual([0]);
  });

  it('keeps a value read from a local before the local changes inside a block', () => {
    expect(m.call('stale-local', 5)).toEqual([-95]);
  });
});
