/**
 * Pure spec numerics (core spec §4.3 "Numerics"): one function per operator that needs more
 * than a JS operator. No state, no allocation on the i32/f32/f64 paths.
 *
 * Conventions (they match the VM's cell encoding):
 *   - i32 values are JS numbers holding a signed int32;
 *   - i64 values are two int32 halves (lo, hi) read from / written to an Int32Array at an index
 *     (`lo` at `i`, `hi` at `i + 1`), so most i64 operators run without BigInt;
 *   - f32/f64 *bit* operators (abs, neg, copysign) work on the raw bits, never on a JS number,
 *     so NaN payloads survive (V8 and x87/SSE conversions may quiet or canonicalise NaNs);
 *   - operators that can trap come in pairs: `xxxCheck(...)` returns a TrapCode (0 = none) and
 *     `xxx(...)` computes the result assuming no trap. The interpreter inlines the cheap checks.
 *
 * NB: f32 arithmetic is done in double precision and rounded once by storing into a Float32Array
 * (or Math.fround). That is exact for + - * / sqrt (53 >= 2*24 + 2), so no double-rounding error.
 */
import { TrapCode } from '@lantern/traps';

const TWO32 = 4294967296;
const TWO63 = 9223372036854775808;
const TWO64 = 18446744073709551616;

// ---------------------------------------------------------------- i32

export function i32DivSCheck(a: number, b: number): TrapCode {
  if (b === 0) return TrapCode.IntegerDivideByZero;
  if (a === -2147483648 && b === -1) return TrapCode.IntegerOverflow;
  return TrapCode.None;
}
export function i32DivS(a: number, b: number): number {
  return (a / b) | 0;
}
export function i32DivUCheck(_a: number, b: number): TrapCode {
  return b === 0 ? TrapCode.IntegerDivideByZero : TrapCode.None;
}
export function i32DivU(a: number, b: number): number {
  return ((a >>> 0) / (b >>> 0)) | 0;
}
export function i32RemS(a: number, b: number): number {
  // INT_MIN % -1 is 0 (no trap); JS % gives -0 for negative dividends with zero result.
  return b === -1 ? 0 : (a % b) | 0;
}
export function i32RemU(a: number, b: number): number {
  return ((a >>> 0) % (b >>> 0)) | 0;
}
export function i32Ctz(x: number): number {
  if (x === 0) return 32;
  return 31 - Math.clz32(x & -x);
}
export function i32Popcnt(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
export function i32Rotl(x: number, k: number): number {
  k &= 31;
  return k === 0 ? x : (x << k) | (x >>> (32 - k));
}
export function i32Rotr(x: number, k: number): number {
  k &= 31;
  return k === 0 ? x : (x >>> k) | (x << (32 - k));
}

// ---------------------------------------------------------------- i64 on halves

/** i64.mul on halves, via 16-bit limbs: no BigInt, exact in doubles. */
export function i64Mul(m: Int32Array, d: number, a: number, b: number): void {
  i64MulImm(m, d, a, m[b], m[b + 1]);
}
/** i64.mul by (blo, bhi) given as halves. */
export function i64MulImm(m: Int32Array, d: number, a: number, blo: number, bhi: number): void {
  const alo = m[a], ahi = m[a + 1];
  m[d + 1] = i64MulHi(alo, ahi, blo, bhi);
  m[d] = Math.imul(alo, blo);
}
/** The high half of i64.mul on halves (the low half is Math.imul(alo, blo)). */
export function i64MulHi(alo: number, ahi: number, blo: number, bhi: number): number {
  const a0 = alo & 0xffff, a1 = alo >>> 16, b0 = blo & 0xffff, b1 = blo >>> 16;
  // The unsigned 64-bit product of the low halves is a0*b0 + (a1*b0 + a0*b1)*2^16 + a1*b1*2^32;
  // its carry into the high half is floor((a1*b0 + a0*b1 + floor(a0*b0 / 2^16)) / 2^16): every
  // term is an exact double below 2^34 and `>>> 0` truncates — twice as fast as Math.floor of
  // the 2^50-sized sum (no `%` either: V8 compiles that to an fmod call).
  const carry = ((a1 * b0 + a0 * b1 + ((a0 * b0) >>> 16)) / 65536) >>> 0;
  return (a1 * b1 + carry + Math.imul(alo, bhi) + Math.imul(ahi, blo)) | 0;
}

export function i64Shl(m: Int32Array, d: number, a: number, k: number): void {
  const lo = m[a], hi = m[a + 1];
  k &= 63;
  if (k === 0) { m[d] = lo; m[d + 1] = hi; }
  else if (k < 32) { m[d + 1] = (hi << k) | (lo >>> (32 - k)); m[d] = lo << k; }
  else { m[d + 1] = lo << (k - 32); m[d] = 0; }
}
export function i64ShrS(m: Int32Array, d: number, a: number, k: number): void {
  const lo = m[a], hi = m[a + 1];
  k &= 63;
  if (k === 0) { m[d] = lo; m[d + 1] = hi; }
  else if (k < 32) { m[d] = (lo >>> k) | (hi << (32 - k)); m[d + 1] = hi >> k; }
  else { m[d] = hi >> (k - 32); m[d + 1] = hi >> 31; }
}
export function i64ShrU(m: Int32Array, d: number, a: number, k: number): void {
  const lo = m[a], hi = m[a + 1];
  k &= 63;
  if (k === 0) { m[d] = lo; m[d + 1] = hi; }
  else if (k < 32) { m[d] = (lo >>> k) | (hi << (32 - k)); m[d + 1] = hi >>> k; }
  else { m[d] = hi >>> (k - 32); m[d + 1] = 0; }
}
export function i64Rotl(m: Int32Array, d: number, a: number, k: number): void {
  let lo = m[a], hi = m[a + 1];
  k &= 63;
  if (k >= 32) { const t = lo; lo = hi; hi = t; k -= 32; }
  if (k === 0) { m[d] = lo; m[d + 1] = hi; return; }
  m[d + 1] = (hi << k) | (lo >>> (32 - k));
  m[d] = (lo << k) | (hi >>> (32 - k));
}
export function i64Rotr(m: Int32Array, d: number, a: number, k: number): void {
  let lo = m[a], hi = m[a + 1];
  k &= 63;
  if (k >= 32) { const t = lo; lo = hi; hi = t; k -= 32; }
  if (k === 0) { m[d] = lo; m[d + 1] = hi; return; }
  m[d] = (lo >>> k) | (hi << (32 - k));
  m[d + 1] = (hi >>> k) | (lo << (32 - k));
}
export function i64Clz(lo: number, hi: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}
export function i64Ctz(lo: number, hi: number): number {
  return lo !== 0 ? i32Ctz(lo) : 32 + i32Ctz(hi);
}
export function i64Popcnt(lo: number, hi: number): number {
  return i32Popcnt(lo) + i32Popcnt(hi);
}

/** i64 as a BigInt from halves (signed). Allocates: off the hot paths. */
export function i64ToBigInt(lo: number, hi: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo >>> 0);
}
export function i64FromBigInt(m: Int32Array, d: number, v: bigint): void {
  m[d] = Number(BigInt.asIntN(32, v));
  m[d + 1] = Number(BigInt.asIntN(32, v >> 32n));
}
/** An i64 whose value fits an int32 (hi is lo's sign extension). */
function isSmall(lo: number, hi: number): boolean {
  return hi === lo >> 31;
}

export function i64DivSCheck(alo: number, ahi: number, blo: number, bhi: number): TrapCode {
  if (blo === 0 && bhi === 0) return TrapCode.IntegerDivideByZero;
  if (alo === 0 && ahi === -2147483648 && blo === -1 && bhi === -1) return TrapCode.IntegerOverflow;
  return TrapCode.None;
}
export function i64DivUCheck(_alo: number, _ahi: number, blo: number, bhi: number): TrapCode {
  return blo === 0 && bhi === 0 ? TrapCode.IntegerDivideByZero : TrapCode.None;
}
/** Writes a non-negative-or-negative integral double |q| < 2^53 as an i64. */
function writeSmallDouble(m: Int32Array, d: number, q: number): void {
  const hi = Math.floor(q / TWO32);
  m[d] = (q - hi * TWO32) | 0;
  m[d + 1] = hi | 0;
}
/**
 * Unsigned 64-by-32-bit long division on doubles (no BigInt): a = (ahi, alo) as uint32 halves,
 * 0 < d < 2^32. Every intermediate stays below 2^48, so the arithmetic is exact. Results in
 * `divScratch`: [qlo, qhi, r].
 */
const divScratch = [0, 0, 0];
function u64DivSmall(alo: number, ahi: number, d: number): void {
  const qhi = Math.floor(ahi / d);
  let r = ahi - qhi * d;
  let t = r * 65536 + (alo >>> 16);
  const q1 = Math.floor(t / d);
  r = t - q1 * d;
  t = r * 65536 + (alo & 0xffff);
  const q0 = Math.floor(t / d);
  divScratch[0] = q1 * 65536 + q0;
  divScratch[1] = qhi;
  divScratch[2] = t - q0 * d;
}
/** Negates halves in place into m[d], m[d+1]. */
function writeNeg(m: Int32Array, d: number, lo: number, hi: number, negate: boolean): void {
  if (!negate) {
    m[d] = lo | 0;
    m[d + 1] = hi | 0;
    return;
  }
  const nlo = (~lo + 1) | 0;
  m[d] = nlo;
  m[d + 1] = (~hi + (nlo === 0 ? 1 : 0)) | 0;
}
/** Magnitude halves of a signed i64 as uint32s (INT64_MIN -> 2^63). */
function absLo(lo: number, hi: number): number {
  return hi < 0 ? (~lo + 1) >>> 0 : lo >>> 0;
}
function absHi(lo: number, hi: number): number {
  return hi < 0 ? (~hi + ((~lo + 1) >>> 0 === 0 ? 1 : 0)) >>> 0 : hi >>> 0;
}
/** |b| fits 32 bits unsigned (and b != 0): the fast signed path. */
function smallMagnitude(blo: number, bhi: number): boolean {
  return bhi === 0 ? blo !== 0 : bhi === -1 && blo !== 0;
}

export function i64DivS(m: Int32Array, d: number, a: number, b: number): void {
  const alo = m[a], ahi = m[a + 1], blo = m[b], bhi = m[b + 1];
  if (isSmall(alo, ahi) && isSmall(blo, bhi)) return writeSmallDouble(m, d, Math.trunc(alo / blo));
  if (smallMagnitude(blo, bhi)) {
    u64DivSmall(absLo(alo, ahi), absHi(alo, ahi), absLo(blo, bhi));
    return writeNeg(m, d, divScratch[0], divScratch[1], ahi < 0 !== bhi < 0);
  }
  i64FromBigInt(m, d, i64ToBigInt(alo, ahi) / i64ToBigInt(blo, bhi));
}
export function i64RemS(m: Int32Array, d: number, a: number, b: number): void {
  const alo = m[a], ahi = m[a + 1], blo = m[b], bhi = m[b + 1];
  if (isSmall(alo, ahi) && isSmall(blo, bhi)) return writeSmallDouble(m, d, blo === -1 ? 0 : (alo % blo) + 0);
  if (smallMagnitude(blo, bhi)) {
    u64DivSmall(absLo(alo, ahi), absHi(alo, ahi), absLo(blo, bhi));
    return writeNeg(m, d, divScratch[2], 0, ahi < 0);
  }
  i64FromBigInt(m, d, i64ToBigInt(alo, ahi) % i64ToBigInt(blo, bhi));
}
export function i64DivU(m: Int32Array, d: number, a: number, b: number): void {
  const alo = m[a], ahi = m[a + 1], blo = m[b], bhi = m[b + 1];
  if (bhi === 0) {
    u64DivSmall(alo >>> 0, ahi >>> 0, blo >>> 0);
    m[d] = divScratch[0] | 0;
    m[d + 1] = divScratch[1] | 0;
    return;
  }
  i64FromBigInt(m, d, BigInt.asUintN(64, i64ToBigInt(alo, ahi)) / BigInt.asUintN(64, i64ToBigInt(blo, bhi)));
}
export function i64RemU(m: Int32Array, d: number, a: number, b: number): void {
  const alo = m[a], ahi = m[a + 1], blo = m[b], bhi = m[b + 1];
  if (bhi === 0) {
    u64DivSmall(alo >>> 0, ahi >>> 0, blo >>> 0);
    m[d] = divScratch[2] | 0;
    m[d + 1] = 0;
    return;
  }
  i64FromBigInt(m, d, BigInt.asUintN(64, i64ToBigInt(alo, ahi)) % BigInt.asUintN(64, i64ToBigInt(blo, bhi)));
}

// ---------------------------------------------------------------- floats

/** roundTiesToEven on a double (f64.nearest); also exact for f32 values. */
export function fNearest(x: number): number {
  if (x !== x) return NaN; // a fresh (quiet) NaN: the input may be signalling
  if (x === 0 || x === Infinity || x === -Infinity) return x;
  const t = Math.trunc(x);
  const diff = x - t;
  if (diff === 0.5 || diff === -0.5) return 2 * Math.round(x / 2);
  return Math.round(x);
}
/** min/max: NaN if either is NaN, -0 < +0. Math.min/max implement exactly IEEE 754-2019 minimum. */
export const fMin: (a: number, b: number) => number = Math.min;
export const fMax: (a: number, b: number) => number = Math.max;

export function f32Abs(bits: number): number {
  return bits & 0x7fffffff;
}
export function f32Neg(bits: number): number {
  return bits ^ -2147483648;
}
export function f32Copysign(a: number, b: number): number {
  return (a & 0x7fffffff) | (b & -2147483648);
}
/** f64 bit operators act on the high half only. */
export function f64AbsHi(hi: number): number {
  return hi & 0x7fffffff;
}
export function f64NegHi(hi: number): number {
  return hi ^ -2147483648;
}
export function f64CopysignHi(ahi: number, bhi: number): number {
  return (ahi & 0x7fffffff) | (bhi & -2147483648);
}

// ---------------------------------------------------------------- conversions

/** i32.trunc_f32_s / i32.trunc_f64_s (x is the exact double value of the operand). */
export function i32TruncSCheck(x: number): TrapCode {
  if (x !== x) return TrapCode.InvalidConversionToInteger;
  return x > -2147483649 && x < 2147483648 ? TrapCode.None : TrapCode.IntegerOverflow;
}
export function i32TruncUCheck(x: number): TrapCode {
  if (x !== x) return TrapCode.InvalidConversionToInteger;
  return x > -1 && x < TWO32 ? TrapCode.None : TrapCode.IntegerOverflow;
}
export function i32TruncS(x: number): number {
  return Math.trunc(x) | 0;
}
export function i32TruncU(x: number): number {
  return Math.trunc(x) | 0;
}
export function i64TruncSCheck(x: number): TrapCode {
  if (x !== x) return TrapCode.InvalidConversionToInteger;
  return x >= -TWO63 && x < TWO63 ? TrapCode.None : TrapCode.IntegerOverflow;
}
export function i64TruncUCheck(x: number): TrapCode {
  if (x !== x) return TrapCode.InvalidConversionToInteger;
  return x > -1 && x < TWO64 ? TrapCode.None : TrapCode.IntegerOverflow;
}
/** Writes trunc(x) as i64 halves; x must be in range (checked) — exact for any double. */
export function i64Trunc(m: Int32Array, d: number, x: number): void {
  const t = Math.trunc(x);
  const hi = Math.floor(t / TWO32);
  m[d] = (t - hi * TWO32) | 0; // in [0, 2^32): ToInt32 wraps
  m[d + 1] = hi | 0; // in [-2^31, 2^32): ToInt32 wraps for the unsigned range
}
export function i32TruncSatS(x: number): number {
  if (x !== x) return 0;
  if (x <= -2147483648) return -2147483648;
  if (x >= 2147483647) return 2147483647;
  return Math.trunc(x) | 0;
}
export function i32TruncSatU(x: number): number {
  if (x !== x || x <= 0) return 0;
  if (x >= 4294967295) return -1;
  return Math.trunc(x) | 0;
}
export function i64TruncSatS(m: Int32Array, d: number, x: number): void {
  if (x !== x) { m[d] = 0; m[d + 1] = 0; }
  else if (x < -TWO63) { m[d] = 0; m[d + 1] = -2147483648; }
  else if (x >= TWO63) { m[d] = -1; m[d + 1] = 2147483647; }
  else i64Trunc(m, d, x);
}
export function i64TruncSatU(m: Int32Array, d: number, x: number): void {
  if (x !== x || x <= -1) { m[d] = 0; m[d + 1] = 0; }
  else if (x >= TWO64) { m[d] = -1; m[d + 1] = -1; }
  else i64Trunc(m, d, x);
}

/** f64.convert_i64_s: hi * 2^32 is exact, the addition rounds once. */
export function f64ConvertI64S(lo: number, hi: number): number {
  return hi * TWO32 + (lo >>> 0);
}
export function f64ConvertI64U(lo: number, hi: number): number {
  return (hi >>> 0) * TWO32 + (lo >>> 0);
}
/**
 * Unsigned 64-bit magnitude (lo, hi as uint32) to the nearest f32, rounding once.
 * Below 2^53 the double is exact and Math.fround rounds once. Above, the low 11 bits are folded
 * into a sticky bit 11: the double conversion is then exact (at most 53 significant bits), and
 * the sticky bit lies far below f32's rounding position (bit >= 29), so fround still sees
 * "above half" / "exactly half" correctly.
 */
function u64ToF32(lo: number, hi: number): number {
  if (hi < 0x200000) return Math.fround(hi * TWO32 + lo);
  const folded = (lo & ~0x7ff) >>> 0;
  const sticky = (lo & 0x7ff) !== 0 ? 0x800 : 0;
  return Math.fround(hi * TWO32 + ((folded | sticky) >>> 0));
}
export function f32ConvertI64U(lo: number, hi: number): number {
  return u64ToF32(lo >>> 0, hi >>> 0);
}
export function f32ConvertI64S(lo: number, hi: number): number {
  if (hi >= 0) return u64ToF32(lo >>> 0, hi);
  // magnitude of a negative value: two's complement negation on halves
  const nlo = (~lo + 1) >>> 0;
  const nhi = (~hi + (nlo === 0 ? 1 : 0)) >>> 0;
  return -u64ToF32(nlo, nhi);
}
