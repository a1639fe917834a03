/**
 * NaN payloads survive a deoptimization: compiled code keeps f64/f32 values as JS numbers, and
 * its frame is written into the interpreter's as int32 bits (an array of doubles would have V8
 * canonicalize every NaN in it).
 */
import { describe, expect, it } from 'vitest';
import { DebugHooks, FuncInstance, type PauseContext, type RawValue, Store } from '../../src/index.ts';
import { load } from '../exec/helpers.ts';

/** A signalling f64 NaN with a payload, and an f32 one (payloads V8 would quiet or drop). */
const SNAN64 = 0x7ff4_0000_0000_1234n;
const SNAN32 = 0x7fa0_1234;

function loadNan(deoptTorture: number) {
  const tick = (store: Store) => [FuncInstance.host(store, { kind: 'func', params: [], results: [] }, () => [], 'tick')];
  const loaded = load('../../tier/fixtures/nanDeopt', tick, { tier: 'eager', deoptTorture });
  const seen: RawValue[][] = [];
  DebugHooks.onExit(loaded.store, (ctx: PauseContext) => {
    const top = ctx.frames();
    seen.push(top.localTypes.map((_, i) => top.local(i)));
    return undefined; // traps unwind
  });
  return { ...loaded, seen };
}

describe('NaN payloads across deoptimization', () => {
  it.each([0, 1, 2])('a compiled frame materialized at a host call keeps its f64 and f32 NaN bits (torture %i)', (torture) => {
    const { call, store, seen } = loadNan(torture);
    const doubles = ['localF64', 'stackF64'].map((name) => BigInt.asUintN(64, call(name, SNAN64, 3)[0] as bigint));
    const singles = ['localF32', 'stackF32'].map((name) => (call(name, SNAN32, 3)[0] as number) >>> 0);
    expect(store.tier!.compiled).toBeGreaterThanOrEqual(4);
    expect(store.tier!.deopts).toBeGreaterThanOrEqual(4);
    expect(doubles).toEqual([SNAN64, SNAN64]);
    expect(singles).toEqual([SNAN32, SNAN32]);
    expect(seen).toEqual([]); // host calls are no pauses: nothing was asked of the handler
  });

  it('a trap in compiled code shows the NaN bits in its locals', () => {
    const { call, store, seen } = loadNan(0);
    expect(() => call('trapWith', SNAN64, SNAN32)).toThrow('integer divide by zero');
    expect(store.tier!.compiled).toBeGreaterThan(0);
    expect(seen).toHaveLength(1);
    const [d, f] = seen[0]!;
    expect(BigInt.asUintN(64, d as bigint)).toBe(SNAN64);
    expect((f as number) >>> 0).toBe(SNAN32);
  });
});
