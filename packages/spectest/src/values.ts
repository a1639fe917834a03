/**
 * Script values and result patterns against the engine's raw values. Raw values keep exact bits:
 * i32 a number, i64 a signed bigint, f32 the uint32 bit pattern as a number, f64 the uint64 bit
 * pattern as a bigint, v128 its 16 bytes (little-endian, a Uint8Array), references the reference
 * itself (null for null).
 */
import { LANE_BYTES } from '@lantern/wat';
import type { NanPattern, ResultPattern, Value } from '@lantern/wat';

/**
 * `ref.extern N` / `ref.host N`: one object per N, so identity comparisons work. Both name the
 * same host value N, seen as an externref or (internalized by any.convert_extern) as an anyref,
 * as in the spec's JS harness.
 */
const hostRefs = new Map<number, object>();
export function hostRef(n: number): object {
  let ref = hostRefs.get(n);
  if (!ref) hostRefs.set(n, (ref = Object.freeze({ host: n })));
  return ref;
}

export function toRaw(value: Value): unknown {
  switch (value.type) {
    case 'i32': return value.value | 0;
    case 'i64': return BigInt.asIntN(64, value.value);
    case 'f32': return value.bits >>> 0;
    case 'f64': return BigInt.asUintN(64, value.bits);
    case 'ref.null': return null;
    case 'ref.extern':
    case 'ref.host':
      return hostRef(value.value);
    case 'v128': return value.bytes;
  }
}

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
      if ('nan' in pattern) return isF32Nan(actual >>> 0, pattern.nan);
      return actual >>> 0 === pattern.bits >>> 0;
    }
    case 'f64': {
      if (typeof actual !== 'bigint') return false;
      if ('nan' in pattern) return isF64Nan(BigInt.asUintN(64, actual), pattern.nan);
      return BigInt.asUintN(64, actual) === BigInt.asUintN(64, pattern.bits);
    }
    case 'v128':
      return actual instanceof Uint8Array && v128Matches(actual, pattern);
    case 'ref.null':
      return actual === null;
    case 'ref.extern':
    case 'ref.host':
      if (pattern.value === undefined) return actual !== null && actual !== undefined && !isFunc(actual);
      return actual === hostRef(pattern.value);
    case 'ref.func':
      return isFunc(actual);
    case 'either':
      return pattern.alternatives.some((alternative) => matches(actual, alternative, isFunc));
    default:
      // ref.struct / ref.array / ref.i31 / ref.eq / ref.any / ref.exn: any non-null reference.
      return actual !== null && actual !== undefined;
  }
}

function isF32Nan(bits: number, nan: NanPattern): boolean {
  return nan === 'canonical' ? (bits & 0x7fffffff) === F32_CANONICAL : (bits & F32_CANONICAL) === F32_CANONICAL;
}

function isF64Nan(bits: bigint, nan: NanPattern): boolean {
  return nan === 'canonical' ? (bits & F64_ABS) === F64_CANONICAL : (bits & F64_CANONICAL) === F64_CANONICAL;
}

/** Lane by lane: a NaN-pattern lane matches any such NaN, every other lane its exact bits. */
function v128Matches(actual: Uint8Array, pattern: ResultPattern & { type: 'v128' }): boolean {
  if (!('lanes' in pattern)) return actual.every((b, i) => b === pattern.bytes[i]);
  const view = new DataView(actual.buffer, actual.byteOffset, 16);
  const size = LANE_BYTES[pattern.shape];
  return pattern.lanes.every((nan, lane) => {
    const at = lane * size;
    if (nan === undefined) return actual.subarray(at, at + size).every((b, i) => b === pattern.bytes[at + i]);
    return size === 4 ? isF32Nan(view.getUint32(at, true), nan) : isF64Nan(view.getBigUint64(at, true), nan);
  });
}

/** v128 bytes as the lanes of a shape, e.g. `i32x4 0x00000001 ...` */
function describeLanes(bytes: Uint8Array, shape: keyof typeof LANE_BYTES): string {
  const size = LANE_BYTES[shape];
  const lanes: string[] = [];
  for (let at = 0; at < 16; at += size) {
    lanes.push(Array.from(bytes.subarray(at, at + size)).reverse().map((b) => b.toString(16).padStart(2, '0')).join(''));
  }
  return `${shape} ${lanes.map((l) => `0x${l}`).join(' ')}`;
}

export function describeRaw(value: unknown): string {
  if (value instanceof Uint8Array) return `v128 ${describeLanes(value, 'i32x4')}`;
  if (typeof value === 'bigint') return `${value}n (0x${BigInt.asUintN(64, value).toString(16)})`;
  if (typeof value === 'number') return `${value} (0x${(value >>> 0).toString(16)})`;
  if (value === null) return 'null';
  return Object.prototype.toString.call(value);
}

export function describePattern(pattern: ResultPattern): string {
  if (pattern.type === 'either') return `either(${pattern.alternatives.map(describePattern).join(', ')})`;
  if (pattern.type === 'v128') {
    const text = describeLanes(pattern.bytes, pattern.shape);
    if (!('lanes' in pattern)) return `v128 ${text}`;
    const lanes = text.split(' ').slice(1).map((lane, i) => (pattern.lanes[i] ? `nan:${pattern.lanes[i]}` : lane));
    return `v128 ${pattern.shape} ${lanes.join(' ')}`;
  }
  if ('nan' in pattern) return `${pattern.type} nan:${pattern.nan}`;
  if ('bits' in pattern) return `${pattern.type} bits 0x${BigInt.asUintN(64, BigInt(pattern.bits)).toString(16)}`;
  if ('value' in pattern && pattern.value !== undefined) return `${pattern.type} ${pattern.value}`;
  if (pattern.type === 'ref.null') return `ref.null ${pattern.heap ?? ''}`.trim();
  return pattern.type;
}
