/**
 * i32.eqz of a comparison (JsEmitter `falsity`): the tier tests the negated comparison, !(a > b),
 * instead of materializing 0 or 1 and testing it again; for a NaN operand that is not a <= b.
 */
import { describe, expect, it } from 'vitest';
import { Store, type RawValue, type StoreOptions } from '../../src/index.ts';
import { f32Bits, load } from '../exec/helpers.ts';

type Tier = NonNullable<StoreOptions['tier']>;

const FLOATS = [NaN, -Infinity, -1.5, -0, 0, 1e-300, 1.5, Infinity];
const INTS = [0, 1, -1, 2, 0x7fffffff, -0x80000000];

function f64Bits(x: number): bigint {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0);
}

function results(tier: Tier): { got: RawValue[]; sources: string[] } {
  const store = new Store({ tier });
  const sources: string[] = [];
  if (store.tier !== null) store.tier.onSource = (_, source) => sources.push(source);
  const { call } = load('../../tier/fixtures/eqzCompare', () => [], undefined, store);
  const got: RawValue[] = [];
  for (const a of FLOATS) {
    for (const b of FLOATS) {
      got.push(call('values', f64Bits(a), f64Bits(b))[0], call('branches', f64Bits(a), f64Bits(b))[0], call('f32', f32Bits(a), f32Bits(b))[0]);
    }
  }
  for (const a of INTS) for (const b of INTS) got.push(call('ints', a, b)[0]);
  return { got, sources };
}

describe('i32.eqz of a comparison, compiled', () => {
  it('gives the interpreter\'s values and branches, NaN operands included', () => {
    const interp = results('interpreter');
    const eager = results('eager');
    expect(eager.sources).toHaveLength(4);
    expect(eager.got).toEqual(interp.got);
    // values(NaN, 1.5): eqz(NaN > 1.5) = 1, eqz(eqz(NaN < 1.5)) = 0, eqz(NaN >= 1.5) selects 1
    expect(interp.got[3 * (FLOATS.indexOf(1.5))]).toEqual(101);
  });

  it('tests the negated comparison, not a materialized 0 or 1', () => {
    for (const source of results('eager').sources) {
      // a comparison's 0 or 1, then a test of it against 0 on the next line
      expect(source).not.toMatch(/\? 1 : 0;\n[^\n]*s\d+ === 0/);
      // the negated comparison itself, on operand variables or the locals they were read from
      expect(source).toMatch(/!\(\(?[xsl]\d+/);
    }
  });
});
