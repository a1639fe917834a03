/**
 * The host may call in with most of the JS stack already used. Deep recursion must still end in
 * the "call stack exhausted" trap, never a RangeError, on every tier: compiled code's first grant
 * of JS stack is small and it gets more only after probing that the stack has room
 * (src/tier/jsStackGrant.ts); where even that is too much, the entry turns the engine's stack
 * overflow into the trap (exec/driver.ts).
 */
import { describe, expect, it } from 'vitest';
import { Trap } from '@lantern/traps';
import { FuncInstance, I32, type Store, type StoreOptions } from '../../src/index.ts';
import { load } from '../exec/helpers.ts';

type Tier = NonNullable<StoreOptions['tier']>;

function loadTier(tier: Tier) {
  const sig = { kind: 'func' as const, params: [I32], results: [I32] };
  const imports = (store: Store) => [
    FuncInstance.host(store, sig, ([x]) => [x as number], 'log'),
    FuncInstance.host(store, sig, ([x]) => [x as number], 'callback'),
    FuncInstance.host(store, { kind: 'func', params: [I32], results: [] }, () => [], 'fail'),
  ];
  // A VM stack of ~50,000 frames: far more than the JS stack holds compiled.
  return load('../../tier/fixtures/tier', imports, { tier, stackCells: 1 << 20 });
}

/** Runs `call` from a JS recursion that has used `fraction` of the JS stack; what it threw. */
function withHostStackUsed(fraction: number, call: () => unknown): unknown {
  let depth = 0;
  let stopAt = -1;
  let outcome: unknown = 'returned';
  const recurse = (n: number): void => {
    depth = n;
    if (n !== stopAt) return recurse(n + 1);
    try {
      call();
    } catch (e) {
      outcome = e;
    }
  };
  // Measured with the same function, warmed up as it will run.
  for (let i = 0; i < 3; i++) {
    try {
      recurse(0);
    } catch {
      // the overflow that measures the stack
    }
  }
  stopAt = Math.floor(depth * fraction);
  recurse(0);
  return outcome;
}

describe('deep recursion when the host has used most of the JS stack', { timeout: 120_000 }, () => {
  for (const tier of ['interpreter', 'eager', 'auto'] as const) {
    it(`${tier}: the exact trap with its frames at 75%, the trap (never a RangeError) up to 99.9%`, () => {
      const m = loadTier(tier);
      expect(m.call('deep', 1000)).toEqual([1000]);
      // On the tier, the recursion runs compiled (the grant and the probe are what is tested).
      if (tier !== 'interpreter') expect(m.func('deep').jit?.fn).toBeTypeOf('function');
      const alone = m.call.bind(m, 'deep', 1_000_000);
      const baseline = withHostStackUsed(0, alone) as Trap;
      expect(baseline).toBeInstanceOf(Trap);
      expect(baseline.message).toBe('call stack exhausted');

      const at75 = withHostStackUsed(0.75, alone) as Trap;
      expect(at75).toBeInstanceOf(Trap);
      expect(at75.message).toBe('call stack exhausted');
      expect(at75.frames.length).toBe(baseline.frames.length);

      for (const fraction of [0.9, 0.98, 0.99, 0.995, 0.999]) {
        const e = withHostStackUsed(fraction, alone);
        expect(e, `at ${fraction}`).toBeInstanceOf(Trap);
        expect((e as Trap).message, `at ${fraction}`).toMatch(/^call stack exhausted/);
      }
      // The store is whole afterwards.
      expect(m.call('deep', 1000)).toEqual([1000]);
    });
  }
});
