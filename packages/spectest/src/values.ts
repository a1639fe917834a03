/**
 * Script values and result patterns against the engine's raw values. Raw values keep exact bits:
 * i32 a number, i64 a signed bigint, f32 the uint32 bit pattern as a number, f64 the uint64 bit
 * pattern as a bigint, references the reference itself (null for null).
 */
import type { ResultPattern, Value } from '@lantern/wat';

/** `ref.extern N` / `ref.host N`: one object per N, so identity comparisons work. */
const hostRefs = new Map<string, object>();
export function hostRef(kind: 'extern' | 'host', n: number): object {
  const key = `${kind}:${n}`;
  let ref = hostRefs.get(key);
  if (!ref) hostRefs.set(key, (ref = Object.freeze({ [kind]: n })));
  return ref;
}

export function toRaw(value: Value): unknown {
  switch (value.type) {
    case 'i32': return value.value | 0;
    case 'i64': return BigInt.asIntN(64, value.value);
    case 'f32': return value.bits >>> 0;
    case 'f64': return BigInt.asUintN(64, value.bits);
    case 'ref.null': return null;
    case 'ref.extern': return hostRef('extern', value.value);
    case 'ref.host': return hostRef('host', value.value);
    case 'v128': throw new UnsupportedValue('v128');
  }
}

export class UnsupportedValue extends Error {}

const F32_CANONICAL = 0x7fc00000;
const F64_CANONICAL = 0x7ff8000000000000n;
const F64_ABS = 0x7fffffffffffffffn;

/** Does the raw result match the pattern? `isFunc` says whether a reference is a function. */
export function matches(actual: unknown, pattern: ResultPattern, isFunc: (ref: unknown) => boolean): boolean {
  switch (pattern.type) {
    case 'i32':
      return typeof actual === 'number' && (actual | 0) === (pattern.value | 0);
    case 'i64':
      return typeof actual === 'bigint' && BigInt.asIntN(64, actual) === BigInt.asIntN(64, pattern.value);
    case 'f32': {
      if (typeof actual !== 'number') return false;
      const bits = actual >>> 0;
      if ('nan' in pattern) {
        return pattern.nan === 'canonical'
          ? (bits & 0x7fffffff) === F32_CANONICAL
          : (bits & F32_CANONICAL) === F32_CANONICAL;
      }
      return bits === pattern.bits >>> 0;
    }
    case 'f64': {
      if (typeof actual !== 'bigint') return false;
      const bits = BigInt.asUintN(64, actual);
      if ('nan' in pattern) {
        return pattern.nan === 'canonical' ? (bits & F64_ABS) === F64_CANONICAL : (bits & F64_CANONICAL) === F64_CANONICAL;
      }
      return bits === BigInt.asUintN(64, pattern.bits);
    }
    case 'ref.null':
      return actual === null;
    case 'ref.extern':
    case 'ref.host':
      if (pattern.value === undefined) return actual !== null && actual !== undefined && !isFunc(actual);
      return actual === hostRef(pattern.type === 'ref.extern' ? 'extern' : 'host', pattern.value);
    case 'ref.func':
      return isFunc(actual);
    case 'either':
      return pattern.alternatives.some((alternative) => matches(actual, alternative, isFunc));
    case 'v128':
      throw new UnsupportedValue('v128');
    default:
      // ref.struct / ref.array / ref.i31 / ref.eq / ref.any / ref.exn: any non-null reference.
      return actual !== null && actual !== undefined;
  }
}

export function describeRaw(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n (0x${BigInt.asUintN(64, value).toString(16)})`;
  if (typeof value === 'number') return `${value} (0x${(value >>> 0).toString(16)})`;
  if (value === null) return 'null';
  return Object.prototype.toString.call(value);
}

export function describePattern(pattern: ResultPattern): string {
  if (pattern.type === 'either') return `either(${pattern.alternatives.map(describePattern).join(', ')})`;
  if ('nan' in pattern) return `${pattern.type} nan:${pattern.nan}`;
  if ('bits' in pattern) return `${pattern.type} bits 0x${BigInt.asUintN(64, BigInt(pattern.bits)).toString(16)}`;
  if ('value' in pattern && pattern.value !== undefined) return `${pattern.type} ${pattern.value}`;
  if (pattern.type === 'ref.null') return `ref.null ${pattern.heap ?? ''}`.trim();
  return pattern.type;
}
