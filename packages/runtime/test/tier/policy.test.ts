/**
 * What `auto` compiles, and when (tier.ts `noteCall`): a function with a loop at its first call,
 * from its start; a loop-free one at its 50th call. Compiling a long loop only when it gets hot,
 * by on-stack replacement at one of its Ticks, was tried and measured: it translated less (sql.js
 * SQLite 450 functions to 246), but code entered at a loop's head ran 1.3-2x slower than the
 * function compiled from its start (`pnpm bench`: matmul, nbody, sieve), and a program's main
 * function was then translated twice. Results are the interpreter's throughout.
 */
import { describe, expect, it } from 'vitest';
import type { StoreOptions } from '../../src/index.ts';
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

  it('a loop-free function is compiled at its 50th call', () => {
    const calls = (m: ReturnType<typeof policy>, from: number, to: number) => Array.from({ length: to - from }, (_, i) => m.call('outer', 0, from + i));
    const expected = calls(policy({ tier: 'interpreter' }), 0, 60);
    const m = policy();
    const outer = m.func('outer');
    expect(calls(m, 0, 49)).toEqual(expected.slice(0, 49));
    expect(outer.jit!.fn).toBeNull();
    expect(calls(m, 49, 60)).toEqual(expected.slice(49));
    expect(outer.jit!.fn).not.toBeNull();
    expect(m.store.tier!.compiled).toBe(1);
  });

  it('compiled code calling a function with a loop compiles it at that first call', () => {
    const calls = (m: ReturnType<typeof policy>) => [...Array.from({ length: 50 }, (_, i) => m.call('outer', 0, i)), m.call('outer', 1, LONG)];
    const expected = calls(policy({ tier: 'interpreter' }));
    const m = policy();
    expect(calls(m)).toEqual(expected);
    expect(m.func('outer').jit!.fn).not.toBeNull();
    expect(m.func('spin').jit!.fn).not.toBeNull();
    expect(m.store.tier!.compiled).toBe(2);
  });
});
