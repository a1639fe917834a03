/**
 * Calls of quiet callees (src/tier/keepsViews.ts) leave their frame headers unwritten, and no
 * compiled call checks the VM stack or depth (the budget bounds both: tier.ts `room`). Whatever
 * looks at frames must still see the interpreter's: a trap deep in such calls, with or without a
 * handler, and the call stack exhausted trap wherever the VM stack, the depth or the JS stack
 * runs out first.
 */
import { describe, expect, it } from 'vitest';
import { Trap } from '@lantern/traps';
import { DebugHooks, FuncInstance, I32, type PauseContext, type RawValue, type Store, type StoreOptions } from '../../src/index.ts';
import { type Loaded, load, trapOf } from '../exec/helpers.ts';

type Tier = NonNullable<StoreOptions['tier']>;

function loadQuiet(tier: Tier, options: StoreOptions = {}): Loaded {
  const imports = (store: Store) => [
    FuncInstance.host(store, { kind: 'func', params: [I32], results: [I32] }, ([x]) => [((x as number) + 1) | 0], 'log'),
  ];
  return load('../../tier/fixtures/quiet', imports, { ...options, tier });
}

/** Runs the functions `auto` would only compile after many calls until they are compiled. */
function warm(m: Loaded, tier: Tier): void {
  if (tier === 'interpreter') return;
  for (let i = 0; i < 60; i++) {
    m.call('down', 3, 0);
    m.call('ping', 3, 1);
  }
  expect(m.func('down').jit?.fn, 'down compiled').toBeTypeOf('function');
  expect(m.func('ping').jit?.fn, 'ping compiled').toBeTypeOf('function');
}

function trapView(t: Trap): unknown {
  return { message: t.message, code: t.code, frames: t.frames.map((f) => [f.kind, f.funcIndex, f.offset]) };
}

/** What a trap handler sees: every frame's function, pc and locals. */
function handlerView(ctx: PauseContext): unknown {
  const frames: unknown[] = [];
  for (const c = ctx.frames(); !c.done; c.moveUp()) {
    frames.push(c.kind === 'wasm' ? [c.funcIndex, c.pc, c.localTypes.map((_, i) => c.local(i))] : ['host', c.funcName]);
  }
  return { code: ctx.trapCode, frames };
}

/** The trap of `name(args)` on `tier`, unobserved and then seen by a handler. */
function trapsOf(tier: Tier, name: string, args: RawValue[], options: StoreOptions = {}): { plain: unknown; handled: unknown; seen: unknown[] } {
  const m = loadQuiet(tier, options);
  warm(m, tier);
  const plain = trapView(trapOf(() => m.call(name, ...args)));
  const seen: unknown[] = [];
  const off = DebugHooks.onExit(m.store, (ctx) => {
    if (ctx.reason === 'trap') seen.push(handlerView(ctx));
    return undefined;
  });
  let handled: unknown;
  try {
    handled = trapView(trapOf(() => m.call(name, ...args)));
  } finally {
    off();
  }
  // The store is whole afterwards, and still runs the functions compiled.
  expect(m.call('down', 10, 0)).toEqual([165]);
  return { plain, handled, seen };
}

const TRAPS: [string, ...RawValue[]][] = [['down', 200, 70_000], ['ping', 151, 0], ['outer', 120, -4], ['top', 90, 65_535]];

describe('quiet compiled calls', { timeout: 120_000 }, () => {
  it('are quiet where nothing they reach calls the host (and their frames get no header at the call)', () => {
    const m = loadQuiet('eager');
    const sources: string[] = [];
    m.store.tier!.onSource = (_f, source) => sources.push(source);
    expect(m.call('top', 3, 0)).toEqual([4 + 18]);
    const [top, down] = [sources.find((s) => s.includes('lantern-tier/f6'))!, sources.find((s) => s.includes('lantern-tier/f1'))!];
    // outer calls the host, so top writes its header at the call; down reaches nothing of the kind:
    // its calls write no header, only the return pc while a profiler samples (src/tier/sampledHeaders.ts)
    const headerWrites = (source: string) => source.split('\n').filter((line) => line.includes('] = fp >> 1;'));
    expect(headerWrites(top).some((line) => !line.includes('headers$'))).toBe(true);
    expect(headerWrites(down)).toEqual([]);
    const retPcWrites = down.split('\n').filter((line) => line.includes('headers$ === true'));
    expect(retPcWrites.length).toBeGreaterThan(0);
    expect(retPcWrites.every((line) => /^if \(headers\$ === true\) \{ V\[\(nfp\$ \+ \d+\) \| 0\] = \d+; \}$/.test(line))).toBe(true);
    expect(down).toContain('X.returned(');
  });

  for (const [name, ...args] of TRAPS) {
    it(`a trap deep in them (${name}) shows the interpreter's frames, offsets and locals, with and without a handler`, () => {
      const interpreted = trapsOf('interpreter', name, args);
      expect(interpreted.seen).toHaveLength(1);
      for (const tier of ['eager', 'auto'] as const) {
        const compiled = trapsOf(tier, name, args);
        expect(compiled, tier).toEqual(interpreted);
      }
    });
  }

  it('a trap deep in them deoptimizes the compiled frames (their headers are written then)', () => {
    const m = loadQuiet('eager');
    const before = m.store.tier!.deopts;
    trapOf(() => m.call('down', 50, 70_000));
    expect(m.store.tier!.deopts).toBe(before + 1);
  });

  // Each runs out first: the JS-stack budget (the default VM stack and depth are far larger), the
  // VM stack (small stackCells), the call depth (small maxCallDepth).
  const limits: [string, StoreOptions][] = [['the JS-stack budget', {}], ['the VM stack', { stackCells: 1 << 12 }], ['the call depth', { maxCallDepth: 3000 }]];
  for (const [what, options] of limits) {
    it(`endless recursion ends in the call stack exhausted trap as on the interpreter when ${what} runs out first`, () => {
      const view = (tier: Tier) => {
        const m = loadQuiet(tier, options);
        warm(m, tier);
        const t = trapOf(() => m.call('forever', 0));
        // the frames' count, the newest and the oldest, and a few in between
        return [t.message, t.frames.length, ...[0, 1, 2, 777, t.frames.length - 1].map((i) => t.frames[Math.min(i, t.frames.length - 1)].offset)];
      };
      const interpreted = view('interpreter');
      expect(interpreted[0]).toBe('call stack exhausted');
      expect(view('eager')).toEqual(interpreted);
      expect(view('auto')).toEqual(interpreted);
    });

    it(`a handler sees the exhaustion's locals as on the interpreter when ${what} runs out first`, () => {
      const seen = (tier: Tier) => {
        const m = loadQuiet(tier, options);
        warm(m, tier);
        let at: unknown;
        const off = DebugHooks.onExit(m.store, (ctx) => {
          if (ctx.reason !== 'trap') return undefined;
          const frames: unknown[] = [];
          let n = 0;
          for (const c = ctx.frames(); !c.done && n < 40; c.moveUp(), n++) frames.push([c.funcIndex, c.pc, c.localTypes.map((_, i) => c.local(i))]);
          at = { code: ctx.trapCode, frames };
          return undefined;
        });
        try {
          expect(trapOf(() => m.call('forever', 0))).toBeInstanceOf(Trap);
        } finally {
          off();
        }
        return at;
      };
      const interpreted = seen('interpreter');
      expect(seen('eager')).toEqual(interpreted);
    });
  }
});
