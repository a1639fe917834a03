/**
 * Lantern as a SpecEngine: modules go through Lantern's `WebAssembly` object (each script file
 * gets a fresh namespace, so one file's store cannot affect another's), calls and globals
 * through its raw-value access so NaN payloads are exact.
 */
import { createWebAssembly, globalRaw, invokeExportRaw, isFuncRef } from '@lantern/runtime';
import type { EngineOptions } from './engines.ts';
import type { SpecEngine, WebAssemblyLike } from './specEngine.ts';

export function lanternEngine(options: EngineOptions = {}): SpecEngine {
  return {
    name: 'lantern',
    WebAssembly: createWebAssembly({ stackSwitching: options.stackSwitching, tier: options.tier }) as unknown as WebAssemblyLike,
    invokeRaw: (exported, args) => invokeExportRaw(exported, args),
    globalRaw,
    isFuncRef,
  };
}
