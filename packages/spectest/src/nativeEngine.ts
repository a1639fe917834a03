/**
 * Node's own WebAssembly as a SpecEngine: the reference the runner's checks are tested against.
 * Arguments pass through as they are, so only integer-argument scripts run correctly on it: the
 * runner's self-test uses it on those.
 */
import type { SpecEngine, WebAssemblyLike } from './specEngine.ts';

const scratch = new DataView(new ArrayBuffer(8));

function resultToRaw(value: unknown, type: string | undefined): unknown {
  if (type === 'f32' && typeof value === 'number') {
    scratch.setFloat32(0, value, true);
    return scratch.getUint32(0, true);
  }
  if (type === 'f64' && typeof value === 'number') {
    scratch.setFloat64(0, value, true);
    return scratch.getBigUint64(0, true);
  }
  return value;
}

export const nativeEngine: SpecEngine = {
  name: 'node',
  WebAssembly: globalThis.WebAssembly as unknown as WebAssemblyLike,
  invokeRaw(exported, args, resultTypes) {
    const result = (exported as (...args: unknown[]) => unknown)(...args);
    const results = resultTypes && resultTypes.length > 1 ? (result as unknown[]) : resultTypes?.length === 0 ? [] : [result];
    return results.map((value, i) => resultToRaw(value, resultTypes?.[i]));
  },
  globalRaw(exported) {
    return (exported as { value: unknown }).value;
  },
  isFuncRef(ref) {
    return typeof ref === 'function';
  },
};
