/**
 * Direct calls between compiled functions (src/tier/codegen.ts `call`): a recursive call goes
 * straight to its own JS function while the tier routes calls there, and a caller keeps its
 * memory views across a callee that cannot replace them (src/tier/keepsViews.ts).
 */
import { describe, expect, it } from 'vitest';
import { DebugHooks, FuncInstance, I32, type PauseContext, Store, type StoreOptions } from '../../src/index.ts';
import type { Instance } from '../../src/instances/instance.ts';
import { keepsViews } from '../../src/tier/keepsViews.ts';
import { type Loaded, load } from '../exec/helpers.ts';

type Tier = NonNullable<StoreOptions['tier']>;

function loadCalls(tier: Tier, onLog: (n: number, m: Loaded) => void = () => {}): Loaded {
  let loaded: Loaded | null = null;
  const imports = (store: Store) => [
    FuncInstance.host(store, { kind: 'func', params: [I32], results: [I32] }, ([n]) => {
      onLog(n as number, loaded!);
      return [n as number];
    }, 'log'),
  ];
  loaded = load('../../tier/fixtures/calls', imports, { tier });
  return loaded;
}

describe('direct calls between compiled functions', () => {
  it('a breakpoint set while a recursion runs compiled is hit by its next recursive call', () => {
    const run = (tier: Tier) => {
      const hits: unknown[] = [];
      const m = loadCalls(tier, (n, m) => {
        if (n !== 3) return;
        // countdown's `if` (after local.get): set from the host while the compiled frames of
        // countdown(5) and countdown(4) and countdown(3) run below it.
        const at = m.info.bodies[m.func('countdown').funcIndex - m.info.importedFuncs].codeStart + 3;
        DebugHooks.setBreakpoint(m.store, m.inst, at);
        DebugHooks.onExit(m.store, (ctx: PauseContext) => {
          const frames: unknown[] = [];
          for (const c = ctx.frames(); !c.done; c.moveUp()) frames.push(c.kind === 'wasm' ? [c.funcIndex, c.pc, c.local(0)] : ['host']);
          hits.push(frames);
          return undefined;
        });
      });
      m.call('countdown', 2); // compiled (eager), nothing observed
      const compiled = m.func('countdown').jit?.fn != null;
      try {
        return { result: m.call('countdown', 5), hits, compiled };
      } finally {
        DebugHooks.detach(m.store);
      }
    };
    const interpreted = run('interpreter');
    const eager = run('eager');
    expect(eager.compiled).toBe(true);
    // countdown(2), (1), (0) after the breakpoint: three hits, each with the frames below it.
    expect(interpreted.hits.length).toBe(3);
    expect(interpreted.result).toEqual([15]);
    expect(eager).toEqual({ ...interpreted, compiled: true });
  });

  it('a caller reads its memory views again after a callee that may grow memory, however deep', () => {
    for (const tier of ['interpreter', 'eager'] as const) {
      expect(loadCalls(tier).call('storeAfterGrow', 1)).toEqual([42]);
      expect(loadCalls(tier).call('storeAfterPingPong', 6)).toEqual([43]);
    }
  });

  it('keepsViews: only functions reaching no memory.grow and no import', () => {
    const m = loadCalls('eager');
    const keeps = (name: string) => keepsViews(m.inst as Instance, m.func(name).funcIndex);
    // Indices of the unexported ones: log 0, countdown 1, sumDown 2, grow 3, viaGrow 4, ping 5, pong 6.
    const byIndex = (i: number) => keepsViews(m.inst as Instance, i);
    expect(keeps('sumDown')).toBe(true); // recursive, loads only
    expect(keeps('countdown')).toBe(false); // calls the host
    expect([3, 4, 5, 6].map(byIndex)).toEqual([false, false, false, false]); // grows, or reaches it (mutual recursion)
    expect(keeps('storeAfterGrow')).toBe(false);
    expect(byIndex(0)).toBe(false); // an import
    // The answers are remembered: asked again (pong first this time), the same.
    expect([6, 5, 2].map(byIndex)).toEqual([false, false, true]);
  });

  it('a recursion over memory gives the same result compiled', () => {
    const sum = (tier: Tier) => {
      const m = loadCalls(tier);
      return [m.call('sumDown', 1000), m.call('sumDown', 1000)];
    };
    expect(sum('interpreter')).toEqual([[500502], [500502]]); // 1 + ... + 1000, and the 2 stored at 4
    expect(sum('eager')).toEqual(sum('interpreter'));
  });
});
