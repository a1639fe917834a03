/**
 * Constant addresses (emitMemory.ts `address`): an access wholly inside the memory the tier saw
 * when it translated has no bounds test (memories never shrink); every other one keeps its test,
 * so its trap comes at the same instruction with the same memory as in the interpreter.
 */
import { describe, expect, it } from 'vitest';
import { Store, type StoreOptions } from '../../src/index.ts';
import { load, trapOf } from '../exec/helpers.ts';

type Tier = NonNullable<StoreOptions['tier']>;

function loadConst(tier: Tier) {
  const store = new Store({ tier });
  const sources = new Map<number, string>();
  if (store.tier !== null) store.tier.onSource = (f, source) => sources.set(f.funcIndex, source);
  const loaded = load('../../tier/fixtures/constAddress', () => [], undefined, store);
  const trap = (name: string, ...args: number[]) => {
    const t = trapOf(() => loaded.call(name, ...args));
    return { message: t.message, code: t.code, frames: t.frames.map((fr) => [fr.kind, fr.funcIndex, fr.offset]) };
  };
  const source = (name: string) => sources.get(loaded.func(name).funcIndex) ?? '';
  return { ...loaded, trap, source };
}

/** What each export does, in order: results, or the trap (message, code, frames). */
function script(tier: Tier) {
  const m = loadConst(tier);
  const steps: unknown[] = [
    m.call('inside'),
    m.call('lastWord'),
    m.trap('pastEnd'),
    m.trap('pastByOffset'),
    m.trap('negative'),
    m.trap('storeThenTrap', 1234),
    m.call('peek', 16), // the first store happened
    m.call('peek', 65532), // the trapping store wrote nothing
    m.call('grow'),
    m.call('pastEnd'), // the same code, now inside the grown memory
    m.call('pastByOffset'),
    m.trap('negative'),
  ];
  return { m, steps };
}

/** A bounds test in compiled code (the preamble declares TRAP_OOB in every function). */
const OOB_TEST = /X\.trap\(TRAP_OOB/;

describe('the tier\'s loads and stores at constant addresses', () => {
  it('give the interpreter\'s results and traps, before and after the memory grows', () => {
    const interp = script('interpreter');
    const eager = script('eager');
    expect(eager.m.store.tier!.compiled).toBeGreaterThanOrEqual(7);
    expect(eager.steps).toEqual(interp.steps);
    expect(interp.steps[1]).toEqual([0x55aa]);
    expect(interp.steps[2]).toMatchObject({ message: 'out of bounds memory access' });
    expect(interp.steps[6]).toEqual([1234]);
    expect(interp.steps[7]).toEqual([0x55aa]);
  });

  it('test the bounds only of accesses that can be out of them', () => {
    const { m } = script('eager');
    for (const name of ['inside', 'lastWord']) expect(m.source(name)).not.toMatch(OOB_TEST);
    for (const name of ['pastEnd', 'pastByOffset', 'negative', 'peek']) expect(m.source(name)).toMatch(OOB_TEST);
    // its first store is inside, its second one byte short of room
    expect(m.source('storeThenTrap').split('X.trap(TRAP_OOB')).toHaveLength(2);
  });
});
