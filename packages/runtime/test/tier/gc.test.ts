/**
 * GC code on the JS tier (fixtures/gc.wat; src/tier/emitGc.ts): functions using structs, arrays,
 * i31, casts, br_on_*, call_ref and references in locals, globals and operands run compiled and
 * compute what the interpreter computes; deoptimized anywhere (torture, observed host calls) their
 * references reach the interpreter's frames; every GC trap is the interpreter's, unobserved and
 * as a handler sees it (frames, locals, the operands at the trap).
 */
import { describe, expect, it } from 'vitest';
import { Trap } from '@lantern/traps';
import { DebugHooks, FuncInstance, I32, type PauseContext, type RawValue, type StoreOptions } from '../../src/index.ts';
import { HOT_CALLS } from '../../src/tier/policy.ts';
import { type Loaded, load, trapOf } from '../exec/helpers.ts';

type Tier = NonNullable<StoreOptions['tier']>;

function loadGc(tier: Tier, options: StoreOptions = {}): Loaded {
  return load('../../tier/fixtures/gc', (store) => [
    FuncInstance.host(store, { kind: 'func', params: [I32], results: [I32] }, ([x]) => [((x as number) * 5) >> 1], 'tick'),
  ], { ...options, tier });
}

const NAN_F32 = 0x7fa00001; // a signalling NaN's bits: the f32 field keeps them
const NAN_F64 = 0x7ff4000000000001n;

/** Calls that return: every GC family. */
const CALLS: [string, ...RawValue[]][] = [
  ['trees', 10], ['fields', 0x1ff, 0x123456789n, NAN_F32, NAN_F64], ['fields', -3, -1n, 0x3fc00000, 0x400c000000000000n],
  ['arrays', 12], ['arrays', 5], ['casts'], ['callRef', 1, 5, 3], ['callRef', 0, 5, 3], ['live', 40],
];
/** Calls that trap: one per GC trap. */
const TRAPS: [string, ...RawValue[]][] = [
  ['nullStruct', 1], ['nullArray'], ['arrayOob', 4], ['arrayOob', -1], ['castFail', 5], ['nullI31'], ['asNonNull'],
  ['callRefNull'], ['arrayTooBig'], ['copyOob', 4],
];

function trapView(t: Trap): unknown {
  return { message: t.message, frames: t.frames.map((f) => [f.kind, f.funcIndex, f.offset]) };
}

/** What a trap handler sees: every frame's function, offset and locals, and the top frame's operands. */
function pauseView(ctx: PauseContext): unknown {
  const frames: unknown[] = [];
  for (const c = ctx.frames(); !c.done; c.moveUp()) {
    if (c.kind !== 'wasm') continue;
    const operands = c.operandCount >= 0 ? Array.from({ length: c.operandCount }, (_, i) => c.operand(i)) : null;
    frames.push([c.funcIndex, c.pc, c.localTypes.map((_, i) => c.local(i)), operands]);
  }
  return { code: ctx.trapCode, frames };
}

function outcome(m: Loaded, name: string, args: RawValue[]): unknown {
  try {
    return m.call(name, ...args);
  } catch (e) {
    if (!(e instanceof Trap)) throw e;
    return trapView(e);
  }
}

/**
 * Runs the call on a fresh load with a trap handler recording what it sees (a handler makes
 * compiled frames materialize); debug compile mode, so that the top frame's operands show.
 */
function observed(m: Loaded, name: string, args: RawValue[]): { pauses: unknown[]; outcome: unknown } {
  DebugHooks.setDebugCompile(m.store, true);
  const pauses: unknown[] = [];
  const off = DebugHooks.onExit(m.store, (ctx) => {
    pauses.push(pauseView(ctx));
    return undefined;
  });
  try {
    return { pauses, outcome: outcome(m, name, args) };
  } finally {
    off();
  }
}

describe('GC code on the JS tier', () => {
  it('every GC function runs compiled and computes what the interpreter computes', () => {
    const interpreted = loadGc('interpreter');
    const compiled = loadGc('eager');
    for (const [name, ...args] of CALLS) expect(compiled.call(name, ...args), name).toEqual(interpreted.call(name, ...args));
    for (const [name, ...args] of TRAPS) {
      expect(trapView(trapOf(() => compiled.call(name, ...args))), name).toEqual(trapView(trapOf(() => interpreted.call(name, ...args))));
    }
    expect(interpreted.call('trees', 10)).toEqual([2047]);
    expect(interpreted.call('callRef', 0, 5, 3)).toEqual([2]);
    // Every function of the module ran as JS: none stayed interpreted, for any reason.
    const tier = compiled.store.tier!;
    expect([...tier.unsupported]).toEqual([]);
    const defined = compiled.inst.funcs.filter((f) => f.instance === compiled.inst);
    expect(defined.filter((f) => f.jit?.fn == null).map((f) => f.funcIndex)).toEqual([]);
    expect(tier.compiled).toBe(defined.length);
  });

  it('auto leaves functions using GC instructions interpreted (eager compiles them), with the interpreter\'s results', () => {
    const interpreted = loadGc('interpreter');
    const auto = loadGc('auto');
    for (let round = 0; round < HOT_CALLS + 10; round++) for (const [name, ...args] of CALLS) expect(auto.call(name, ...args), name).toEqual(interpreted.call(name, ...args));
    const tier = auto.store.tier!;
    expect(tier.unsupported.get('GC under auto')).toBeGreaterThan(5);
    const gcFree = auto.inst.funcs.filter((f) => f.instance === auto.inst && f.jit !== null);
    expect(gcFree.every((f) => f.jit!.fn !== null || f.jit!.calls < HOT_CALLS)).toBe(true);
    // Not vacuous: GC-free functions called HOT_CALLS times are compiled.
    expect(gcFree.filter((f) => f.jit!.fn !== null).length).toBeGreaterThan(0);
  });

  it.each([1, 2, 3])('deoptimized every %i polls, with references in locals, globals and operands, nothing changes', (torture) => {
    const interpreted = loadGc('interpreter');
    const tortured = loadGc('eager', { deoptTorture: torture });
    for (const [name, ...args] of CALLS) expect(tortured.call(name, ...args), `${name} torture ${torture}`).toEqual(interpreted.call(name, ...args));
    const tier = tortured.store.tier!;
    expect(tier.compiled).toBeGreaterThan(5);
    expect(tier.deopts).toBeGreaterThan(100);
    expect(tier.osrEntries).toBeGreaterThan(0); // back into JS at a loop head, the references read from the frame
  });

  it('a host call observed materializes compiled frames holding structs on their operand stacks', () => {
    const interpreted = loadGc('interpreter');
    const compiled = loadGc('eager');
    const seen = observed(compiled, 'live', [30]);
    // The first `tick` deoptimizes `live` with the struct.new's first operand (a tree) below the
    // call; the interpreter runs the rest of it with that tree.
    expect(compiled.store.tier!.deopts).toBeGreaterThan(0);
    expect(seen).toEqual(observed(interpreted, 'live', [30]));
    expect(seen.outcome).toEqual(interpreted.call('live', 30));
  });

  it('every GC trap is the interpreter\'s: message, frames and offsets; a handler sees the same frames, locals and operands', () => {
    for (const [name, ...args] of TRAPS) {
      const interpreted = observed(loadGc('interpreter'), name, args);
      const m = loadGc('eager');
      const compiled = observed(m, name, args);
      expect(m.store.tier!.deopts, `${name} deoptimized`).toBeGreaterThan(0);
      expect(interpreted.pauses, name).toHaveLength(1);
      expect(compiled, name).toEqual(interpreted);
    }
    // The cast's failing value is on top of the operand stack, the struct local beside it.
    const cast = observed(loadGc('eager'), 'castFail', [5]).pauses[0] as { frames: [number, number, unknown[], unknown[]][] };
    const [, , locals, operands] = cast.frames[0];
    expect(operands).toEqual([3, 5]);
    expect(locals[1]).toMatchObject({ refs: [null, null] });
  });
});
