/**
 * Node's own WebAssembly as a SpecEngine: the reference the runner's checks are tested against.
 * Integers and references pass through its JS API as they are; f32, f64 and v128 go through
 * wrapper modules (a JS number would lose a NaN's payload). Node 20 runs relaxed SIMD only behind
 * V8's `--experimental-wasm-relaxed-simd`, which making the engine turns on (V8 takes the flag at
 * run time; it only adds instructions).
 */
import { setFlagsFromString } from 'node:v8';
import type { Feature } from './features.ts';
import type { SpecEngine, WebAssemblyLike } from './specEngine.ts';

const NATIVE_EXACT: ReadonlySet<string> = new Set(['i32', 'i64']);
/** Node 20 (V8 11.3) has neither GC, the exception proposals as the suite tests them, stack switching nor multi-memory. */
const NATIVE_FEATURES: ReadonlySet<Feature> = new Set();
/** V8's wording of the traps whose message differs from the spec's. */
const SPEC_TRAP_MESSAGES: Record<string, string> = {
  'memory access out of bounds': 'out of bounds memory access',
  'divide by zero': 'integer divide by zero',
  'remainder by zero': 'integer divide by zero',
  'divide result unrepresentable': 'integer overflow',
  'float unrepresentable in integer range': 'invalid conversion to integer',
};

export function nativeEngine(): SpecEngine {
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return {
    name: 'node',
    WebAssembly: globalThis.WebAssembly as unknown as WebAssemblyLike,
    features: NATIVE_FEATURES,
    exactTypes: NATIVE_EXACT,
    invokeRaw(exported, args, resultTypes) {
      const result = (exported as (...args: unknown[]) => unknown)(...args);
      return resultTypes && resultTypes.length > 1 ? (result as unknown[]) : resultTypes?.length === 0 ? [] : [result];
    },
    globalRaw(exported) {
      return (exported as { value: unknown }).value;
    },
    isFuncRef(ref) {
      return typeof ref === 'function';
    },
    trapMessage(message) {
      return SPEC_TRAP_MESSAGES[message] ?? message;
    },
  };
}
