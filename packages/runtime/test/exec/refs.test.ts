import { describe, expect, it } from 'vitest';
import { FuncInstance } from '../../src/index.ts';
import { load } from './helpers.ts';

describe('references and typed function references', () => {
  const m = load('funcref');

  it('call_ref and return_call_ref', () => {
    expect(m.call('call-ref', 1, 10)).toEqual([11]);
    expect(m.call('call-ref', 0, 10)).toEqual([20]);
    expect(m.call('return-call-ref', 21)).toEqual([42]);
    expect(() => m.call('null-call')).toThrow('null function reference');
  });

  it('ref.as_non_null, br_on_null, br_on_non_null', () => {
    const f = m.func('externref'); // any funcref value will do
    expect(m.call('as-non-null', f)).toEqual([0]);
    expect(() => m.call('as-non-null', null)).toThrow('null reference');
    expect(m.call('br-on-null', null)).toEqual([0]);
    expect(m.call('br-on-null', f)).toEqual([1]);
    expect(m.call('br-on-non-null', null)).toEqual([0]);
    expect(m.call('br-on-non-null', f)).toEqual([1]);
  });

  it('table.get/set/grow/fill/size', () => {
    expect(m.call('table-ops')).toEqual([6]);
    expect(m.call('table-get', 1)[0]).toBeInstanceOf(FuncInstance);
    expect(() => m.call('table-get', 5)).toThrow('out of bounds table access');
  });

  it('externref values keep their identity', () => {
    const o = { any: 'thing' };
    expect(m.call('externref', o)[0]).toBe(o);
    expect(m.call('externref', null)).toEqual([null]);
  });
});
