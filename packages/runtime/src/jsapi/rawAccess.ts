/**
 * Exact-bits access beneath the JS API, for tools that must not lose NaN payloads or i64 bits
 * at the JS boundary (the spec runner, the debugger): call an Exported Function with raw values,
 * read a WebAssembly.Global's raw value. Raw values follow the engine's RawValue convention.
 */
import { FuncInstance, invoke } from './engine.ts';
import type { RawValue } from './engine.ts';
import { exportedFunctionTarget } from './values.ts';
import { GlobalObject } from './global.ts';

export function invokeExportRaw(exported: unknown, args: RawValue[]): RawValue[] {
  const target = exportedFunctionTarget(exported);
  if (!target) throw new TypeError('invokeExportRaw: not an exported WebAssembly function of Lantern');
  return invoke(target.realm.store, target.func, args);
}

export function globalRaw(exported: unknown): RawValue {
  const global = GlobalObject.unwrap(exported);
  if (!global) throw new TypeError('globalRaw: not a WebAssembly.Global of Lantern');
  return global.value;
}

export function isFuncRef(ref: unknown): boolean {
  return ref instanceof FuncInstance;
}
