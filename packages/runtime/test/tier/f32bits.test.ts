import { describe, expect, it } from 'vitest';
import type { StoreOptions } from '../../src/index.ts';
import { load } from '../exec/helpers.ts';

type Tier = NonNullable<StoreOptions['tier']>;
const TIERS: Tier[] = ['interpreter', 'eager', 'auto'];

const f32 = (name: string, tier: Tier, ...args: (number | bigint)[]): number => {
  const [r] = load('../../tier/fixtures/f32bits', () => [], { tier }).call(name, ...args);
  return r as number;
};
const SNAN = 0x7fa00001, NEG_SNAN = 0xffa00001 | 0, QNAN = 0x7fc00000, SIGN = 0x80000000 | 0;
const isArithmeticNan32 = (b: number) => (b & 0x7fc00000) === 0x7fc00000;

describe('f32 bit patterns in compiled code (numbers, NaNs by their bits)', () => {
  it('compiles every function of the fixture', () => {
    const m = load('../../tier/fixtures/f32bits', () => [], { tier: 'eager' });
    for (const name of ['through', 'neg', 'abs', 'copysign', 'constNan', 'add', 'promote', 'demote', 'poly']) m.call(name, ...m.func(name).type.params.map((t) => (t === 0x7e ? 0n : 0)));
    expect(m.store.tier!.unsupported.size).toBe(0);
    expect(m.store.tier!.compiled).toBe(10);
  });

  for (const tier of TIERS) {
    it(`${tier}: moves keep every bit (calls, call_indirect, globals, select, memory, loops)`, () => {
      for (const bits of [SNAN, NEG_SNAN, QNAN, 0x7f800001, SIGN, 0x3fc00000, 0x00000001]) expect(f32('through', tier, bits)).toBe(bits);
    });

    it(`${tier}: neg, abs and copysign change the sign bit alone`, () => {
      expect(f32('neg', tier, SNAN)).toBe(NEG_SNAN);
      expect(f32('neg', tier, 0)).toBe(SIGN);
      expect(f32('abs', tier, NEG_SNAN)).toBe(SNAN);
      expect(f32('copysign', tier, SNAN, SIGN)).toBe(NEG_SNAN);
      expect(f32('copysign', tier, 0x3f800000, NEG_SNAN)).toBe(0xbf800000 | 0);
      expect(f32('constNan', tier)).toBe(NEG_SNAN);
    });

    it(`${tier}: arithmetic gives arithmetic NaNs, canonical from canonical`, () => {
      expect(isArithmeticNan32(f32('add', tier, SNAN, 0x3f800000))).toBe(true);
      expect(f32('add', tier, QNAN, 0x3f800000) & 0x7fffffff).toBe(QNAN);
      const promoted = BigInt(f32('promote', tier, SNAN));
      expect((promoted >> 51n) & 0xfffn).toBe(0xfffn);
      expect(BigInt(f32('promote', tier, QNAN)) & 0x7fffffffffffffffn).toBe(0x7ff8000000000000n);
      expect(isArithmeticNan32(f32('demote', tier, 0x7ff4000000000001n))).toBe(true);
      expect(f32('demote', tier, 0x7ff8000000000000n) & 0x7fffffff).toBe(QNAN);
    });
  }

  it('ordinary values round as the interpreter rounds them', () => {
    for (const x of [0, 1, 7, -123456, 16777217, 2147483647]) expect(f32('poly', 'eager', x)).toBe(f32('poly', 'interpreter', x));
  });
});
