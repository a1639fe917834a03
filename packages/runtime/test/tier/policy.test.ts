/**
 * What `auto` compiles, and when (tier.ts `noteCall`, the numbers in tier/policy.ts): a function
 * with a loop at its first call, from its start, while the store's speculation budget lasts;
 * past it, when a Tick finds its loop hot (it continues there as JS, by on-stack replacement) or
 * at its HOT_CALLS-th call; a loop-free one at its HOT_CALLS-th call, or when a Tick finds it
 * first. Results are the interpreter's throughout.
 */
import { describe, expect, it } from 'vitest';
import { Store, type StoreOptions } from '../../src/index.ts';
import { HOT_CALLS, SPECULATE_BYTES } from '../../src/tier/policy.ts';
import { load } from '../exec/helpers.ts';

/** Past TICKS_PER_EXIT (exec/thread.ts) loop iterations: the loop's head sees Ticks. */
const LONG = 200_000;

function policy(options: StoreOptions = { tier: 'auto' }) {
  return load('../../tier/fixtures/policy', () => [], options);
}

describe('auto: what is compiled, and when', { timeout: 60_000 }, () => {
  it('a function with a loop is compiled at its first call and runs as JS from its start', () => {
    const calls = (m: ReturnType<typeof policy>) => [m.call('spin', LONG), m.call('spin', 3)];
    const expected = calls(policy({ tier: 'interpreter' }));
    const m = policy();
    const tier = m.store.tier!;
    expect(m.call('spin', LONG)).toEqual(expected[0]);
    expect(m.func('spin').jit!.fn).not.toBeNull();
    expect(tier.compiled).toBe(1);
    expect(tier.osrEntries).toBe(0);
    expect(m.call('spin', 3)).toEqual(expected[1]);
    expect(tier.compiled).toBe(1); // translated once
  });

  it('past the speculation budget, a function with a loop waits until a Tick finds its loop hot', () => {
    // One store, many instances of the fixture: each `spin` spends its body's bytes of the budget.
    const store = new Store({ tier: 'auto' });
    const instances = [load('../../tier/fixtures/policy', () => [], undefined, store)];
    const { info } = instances[0];
    const body = info.bodies[instances[0].func('spin').funcIndex - info.importedFuncs];
    const fits = Math.floor(SPECULATE_BYTES / (body.codeEnd - body.codeStart));
    while (instances.length <= fits) instances.push(load('../../tier/fixtures/policy', () => [], undefined, store));
    const reference = policy({ tier: 'interpreter' });
    const expected = [reference.call('spin', 3), reference.call('spin', LONG)];
    for (const m of instances) expect(m.call('spin', 3)).toEqual(expected[0]);
    expect(instances.filter((m) => m.func('spin').jit!.fn !== null)).toHaveLength(fits);
    const late = instances[fits];
    expect(late.func('spin').jit!.fn).toBeNull(); // over budget: interpreted
    expect(late.call('spin', LONG)).toEqual(expected[1]);
    expect(late.func('spin').jit!.fn).not.toBeNull();
    expect(store.tier!.osrEntries).toBe(1); // its long call continued as JS at the loop's head
    expect(store.tier!.compiled).toBe(fits + 1);
  });

  it('a loop-free function is compiled at its HOT_CALLS-th call', () => {
    const calls = (m: ReturnType<typeof policy>, from: number, to: number) => Array.from({ length: to - from }, (_, i) => m.call('outer', 0, from + i));
    const expected = calls(policy({ tier: 'interpreter' }), 0, HOT_CALLS + 10);
    const m = policy();
    const outer = m.func('outer');
    expect(calls(m, 0, HOT_CALLS - 1)).toEqual(expected.slice(0, HOT_CALLS - 1));
    expect(outer.jit!.fn).toBeNull();
    expect(calls(m, HOT_CALLS - 1, HOT_CALLS + 10)).toEqual(expected.slice(HOT_CALLS - 1));
    expect(outer.jit!.fn).not.toBeNull();
    expect(m.store.tier!.compiled).toBe(1);
  });

  it('a Tick at a function\'s start compiles it, before its HOT_CALLS-th call', () => {
    const expected = policy({ tier: 'interpreter' }).call('outer', 0, 7);
    const m = policy();
    m.store.thread.ticks = 1; // the next Tick exits: the one at outer's start
    expect(m.call('outer', 0, 7)).toEqual(expected);
    expect(m.func('outer').jit!.fn).not.toBeNull();
    expect(m.store.tier!.compiled).toBe(1);
  });

  it('compiled code calling a function with a loop compiles it at that first call', () => {
    const calls = (m: ReturnType<typeof policy>) => [...Array.from({ length: HOT_CALLS }, (_, i) => m.call('outer', 0, i)), m.call('outer', 1, LONG)];
    const expected = calls(policy({ tier: 'interpreter' }));
    const m = policy();
    expect(calls(m)).toEqual(expected);
    expect(m.func('outer').jit!.fn).not.toBeNull();
    expect(m.func('spin').jit!.fn).not.toBeNull();
    expect(m.store.tier!.compiled).toBe(2);
  });
});
