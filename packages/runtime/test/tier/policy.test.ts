/**
 * What `auto` compiles, and when: a function is compiled after many calls; a loop that runs long
 * is entered by on-stack replacement at one of its Ticks (also in a function compiled code calls,
 * which runs in a nested run of the interpreter loop), and its function compiles at its next
 * call; a loop that runs a few iterations, in a function called a few times, stays interpreted
 * (translating it would cost more than it saves). Results are the interpreter's throughout.
 */
import { describe, expect, it } from 'vitest';
import type { RawValue, StoreOptions } from '../../src/index.ts';
import { load } from '../exec/helpers.ts';

/** Past TICKS_PER_EXIT (exec/thread.ts) loop iterations: the loop's head sees a Tick. */
const LONG = 200_000;

function policy(options: StoreOptions = { tier: 'auto' }) {
  return load('../../tier/fixtures/policy', () => [], options);
}

function interpreted(calls: (m: ReturnType<typeof policy>) => RawValue[][]): RawValue[][] {
  return calls(policy({ tier: 'interpreter' }));
}

describe('auto: what is compiled, and when', { timeout: 60_000 }, () => {
  it('a short loop in a function called a few times stays interpreted', () => {
    const calls = (m: ReturnType<typeof policy>) => [1, 2, 3, 10, 50].map((n) => m.call('spin', n));
    const m = policy();
    expect(calls(m)).toEqual(interpreted(calls));
    const jit = m.func('spin').jit!;
    expect(jit.fn).toBeNull();
    expect(jit.osr.size).toBe(0);
    expect(m.store.tier!.compiled).toBe(0);
    expect(m.store.tier!.osrEntries).toBe(0);
  });

  it('a long loop continues as JS at a Tick of its first call, and its function compiles at its next call', () => {
    const calls = (m: ReturnType<typeof policy>) => [m.call('spin', LONG), m.call('spin', LONG)];
    const expected = interpreted(calls);
    const m = policy();
    const tier = m.store.tier!;
    const spin = m.func('spin');
    expect(m.call('spin', LONG)).toEqual(expected[0]);
    expect(spin.jit!.fn).toBeNull();
    expect(spin.jit!.osr.size).toBe(1);
    expect(tier.osrEntries).toBe(1);
    expect(m.call('spin', LONG)).toEqual(expected[1]);
    expect(spin.jit!.fn).not.toBeNull();
    expect(tier.compiled).toBe(1);
    expect(tier.osrEntries).toBe(1); // the compiled function ran the second call from its start
  });

  it('a long loop in a function that compiled code calls continues as JS too', () => {
    const calls = (m: ReturnType<typeof policy>) => [
      ...Array.from({ length: 60 }, (_, i) => m.call('outer', 0, i)),
      m.call('outer', 1, LONG),
    ];
    const expected = interpreted(calls);
    const m = policy();
    expect(calls(m)).toEqual(expected);
    expect(m.func('outer').jit!.fn).not.toBeNull();
    const spin = m.func('spin');
    expect(spin.jit!.fn).toBeNull(); // called once, from compiled code
    expect(spin.jit!.osr.size).toBe(1);
    expect(m.store.tier!.osrEntries).toBe(1);
  });

  it('where no on-stack replacement can enter (a metered store), a function with a loop compiles at its first call', () => {
    const calls = (m: ReturnType<typeof policy>) => [m.call('spin', 10)];
    const options: StoreOptions = { tier: 'auto', fuel: 1e9 };
    const m = policy(options);
    expect(calls(m)).toEqual(calls(policy({ tier: 'interpreter', fuel: 1e9 })));
    expect(m.func('spin').jit!.fn).not.toBeNull();
    expect(m.store.tier!.osrEntries).toBe(0);
  });
});
