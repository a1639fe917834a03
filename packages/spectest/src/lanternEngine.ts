/**
 * Lantern as a SpecEngine: modules go through Lantern's `WebAssembly` object (each script file
 * gets a fresh namespace, so one file's store cannot affect another's), calls and globals
 * through its raw-value access so NaN payloads are exact.
 */
import { createWebAssembly, globalRaw, invokeExportRaw, isFuncRef, storeOf } from '@lantern/runtime';
import type { EngineOptions } from './engines.ts';
import type { Feature } from './features.ts';
import type { SpecEngine, WebAssemblyLike } from './specEngine.ts';
import { TrapRecorder } from './trapFingerprint.ts';

/** What Lantern executes today; modules needing anything else are skipped by feature. */
const LANTERN_FEATURES: ReadonlySet<Feature> = new Set<Feature>(['gc', 'exceptions', 'stackSwitching', 'multiMemory']);
/** v128 crosses only through wrappers: the JS API refuses it, and raw access follows the JS API. */
const LANTERN_EXACT: ReadonlySet<string> = new Set(['i32', 'i64', 'f32', 'f64']);

export function lanternEngine(options: EngineOptions = {}): SpecEngine {
  const WebAssembly = createWebAssembly({ stackSwitching: options.stackSwitching, tier: options.tier, deoptTorture: options.deoptTorture });
  const traps = options.recordTraps ? new TrapRecorder(storeOf(WebAssembly)!) : undefined;
  return {
    name: 'lantern',
    WebAssembly: WebAssembly as unknown as WebAssemblyLike,
    takeTrapFingerprint: traps && (() => traps.take()),
    invokeRaw: (exported, args) => invokeExportRaw(exported, args),
    features: LANTERN_FEATURES,
    exactTypes: LANTERN_EXACT,
    globalRaw,
    isFuncRef,
  };
}
