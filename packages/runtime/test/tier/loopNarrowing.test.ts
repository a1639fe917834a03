/**
 * Loop heads convert the f64/f32 variables their loops write (loopNarrowing.ts), so V8's
 * on-stack-replacement code keeps them unboxed in inner loops; the values, NaN bits included,
 * are the interpreter's.
 */
import { describe, expect, it } from 'vitest';
import { Store, type RawValue, type StoreOptions } from '../../src/index.ts';
import { load } from '../exec/helpers.ts';

type Tier = NonNullable<StoreOptions['tier']>;

const NAN_WITH_PAYLOAD = 0x7ff4_0000_0000_1234n;

function run(tier: Tier): { got: RawValue[]; sources: Map<number, string> } {
  const store = new Store({ tier });
  const sources = new Map<number, string>();
  if (store.tier !== null) store.tier.onSource = (f, source) => sources.set(f.funcIndex, source);
  const { call } = load('../../tier/fixtures/loopNarrowing', () => [], undefined, store);
  const got = [call('nested', 30)[0], call('carry', NAN_WITH_PAYLOAD, 50)[0], call('ints', 40)[0]];
  return { got, sources };
}

/** The statement on a loop's head line (`L<k>: for (;;) {…`), per loop. */
function loopHeads(source: string): string[] {
  return [...source.matchAll(/^L\d+: for \(;;\) \{(.*)$/gm)].map((m) => m[1]);
}

describe('loop heads convert the floats their loops write', () => {
  it('gives the interpreter\'s results, a NaN payload carried through a loop included', () => {
    const interp = run('interpreter');
    const eager = run('eager');
    expect(eager.sources.size).toBe(3);
    expect(eager.got).toEqual(interp.got);
    expect(interp.got[1]).toBe(NAN_WITH_PAYLOAD);
  });

  it('converts the f64 and f32 locals written in each loop, never an i32 one', () => {
    const { sources } = run('eager');
    // nested: locals $n $i $j (i32) are l0-l2, $acc (f64) l3, $g (f32) l4; both loops write $acc and $g
    const nested = loopHeads(sources.get(0)!);
    expect(nested).toHaveLength(2);
    for (const head of nested) {
      expect(head).toMatch(/\bl3 = \+l3;/);
      expect(head).toMatch(/\bl4 = \+l4;/);
      expect(head).not.toMatch(/\bl[0-2] = \+/);
    }
    // carry: $x (f64) is l2, after the i64 parameter (l0, k0) and $n (l1)
    expect(loopHeads(sources.get(1)!)).toEqual([expect.stringMatching(/\bl2 = \+l2;/)]);
    expect(loopHeads(sources.get(2)!)).toEqual(['']);
  });
});
