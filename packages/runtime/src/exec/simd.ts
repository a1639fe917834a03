/**
 * The SIMD instructions (0xFD: fixed-width and relaxed) for the interpreter. A v128 occupies four
 * int32 slots of the VM stack (two cells), lane 0 of every shape first, as in memory. The
 * interpreter has one case per operand shape (isa/instructions.ts: SimdUnary, SimdBinary, ...)
 * whose last word is the wasm sub-opcode; it calls the function here, whose switch picks the
 * operation. Keeping the ~250 operations out of `run()` keeps that function small enough for V8
 * to optimize.
 *
 * Each function copies its v128 operands into preallocated scratch vectors (A, B, C: every lane
 * view over one 16-byte buffer), computes into R, then writes R to the result slots: nothing is
 * allocated per instruction, and the result slot may be an operand slot.
 *
 * Floats: f32 lanes are stored through a Float32Array, which rounds exactly once (JS computes
 * f32 add/sub/mul/div/sqrt in double precision first, which is exact enough for that single
 * rounding to be correct); abs, neg, pmin and pmax move bits, so NaN payloads and -0.0 survive.
 * NaN results of arithmetic are whatever the host's float unit produces: canonical for canonical
 * inputs, quiet with the input's payload otherwise — both allowed by the spec.
 *
 * Relaxed SIMD: one fixed behaviour, the spec's deterministic profile (the first alternative of
 * each relaxed operator): relaxed_swizzle is swizzle, relaxed_trunc* are trunc_sat*,
 * relaxed_madd/nmadd round twice (multiply, then add; never fused), relaxed_laneselect is
 * bitselect, relaxed_min/max are min/max, relaxed_q15mulr_s is q15mulr_sat_s, and the relaxed
 * dot products treat the second operand as signed.
 */
import { TrapCode } from '@lantern/traps';
import type { Instance } from '../instances/instance.ts';
import { addrAt } from './memoryAccess.ts';
import * as N from './numerics.ts';

const TWO32 = 4294967296;

class Vec {
  readonly buf = new ArrayBuffer(16);
  readonly i8 = new Int8Array(this.buf);
  readonly u8 = new Uint8Array(this.buf);
  readonly i16 = new Int16Array(this.buf);
  readonly u16 = new Uint16Array(this.buf);
  readonly i32 = new Int32Array(this.buf);
  readonly u32 = new Uint32Array(this.buf);
  readonly f32 = new Float32Array(this.buf);
  readonly f64 = new Float64Array(this.buf);
}

const A = new Vec();
const B = new Vec();
const C = new Vec();
const R = new Vec();

function get(v: Vec, m: Int32Array, at: number): void {
  const x = v.i32;
  x[0] = m[at];
  x[1] = m[at + 1];
  x[2] = m[at + 2];
  x[3] = m[at + 3];
}
function put(m: Int32Array, at: number): void {
  const x = R.i32;
  m[at] = x[0];
  m[at + 1] = x[1];
  m[at + 2] = x[2];
  m[at + 3] = x[3];
}

/** Math.ceil/floor/trunc return a signalling NaN unchanged; wasm's result must be quiet. */
function quiet(x: number): number {
  return x === x ? x : NaN;
}
function sat8s(x: number): number {
  return x < -128 ? -128 : x > 127 ? 127 : x;
}
function sat8u(x: number): number {
  return x < 0 ? 0 : x > 255 ? 255 : x;
}
function sat16s(x: number): number {
  return x < -32768 ? -32768 : x > 32767 ? 32767 : x;
}
function sat16u(x: number): number {
  return x < 0 ? 0 : x > 65535 ? 65535 : x;
}
function q15mulr(a: number, b: number): number {
  return sat16s((a * b + 0x4000) >> 15);
}
function popcnt8(x: number): number {
  x = x - ((x >> 1) & 0x55);
  x = (x & 0x33) + ((x >> 2) & 0x33);
  return (x + (x >> 4)) & 0x0f;
}
/** The low 64 bits of lanes i of A and B multiplied, into R (int32 halves at 2i, 2i+1). */
function i64MulLane(i: number): void {
  const a = A.i32, b = B.i32;
  const alo = a[2 * i], ahi = a[2 * i + 1], blo = b[2 * i], bhi = b[2 * i + 1];
  const a0 = alo & 0xffff, a1 = alo >>> 16, b0 = blo & 0xffff, b1 = blo >>> 16;
  const carry = ((a1 * b0 + a0 * b1 + ((a0 * b0) >>> 16)) / 65536) >>> 0; // see numerics.ts i64Mul
  R.i32[2 * i + 1] = (a1 * b1 + carry + Math.imul(alo, bhi) + Math.imul(ahi, blo)) | 0;
  R.i32[2 * i] = Math.imul(alo, blo);
}
/** Signed compare of i64 lanes i of A and B: -1, 0 or 1. */
function i64Cmp(i: number): number {
  const a = A.i32, b = B.i32;
  const ahi = a[2 * i + 1], bhi = b[2 * i + 1];
  if (ahi !== bhi) return ahi < bhi ? -1 : 1;
  const alo = a[2 * i] >>> 0, blo = b[2 * i] >>> 0;
  return alo === blo ? 0 : alo < blo ? -1 : 1;
}
function i64NegLane(src: Int32Array, i: number): void {
  const lo = src[2 * i], hi = src[2 * i + 1];
  R.i32[2 * i] = -lo | 0;
  R.i32[2 * i + 1] = (~hi + (lo === 0 ? 1 : 0)) | 0;
}
/** i64x2 lanes of A extended from i32 lanes `from`, `from + 1` (signed or not). */
function i64Extend(from: number, signed: boolean): void {
  for (let i = 0; i < 2; i++) {
    const x = A.i32[from + i];
    R.i32[2 * i] = x;
    R.i32[2 * i + 1] = signed ? x >> 31 : 0;
  }
}
/** i64 lane products of i32 lanes `from`, `from + 1` of A and B (exact: via 16-bit pieces). */
function i64ExtMul(from: number, signed: boolean): void {
  const a = A.i32, b = B.i32;
  const x0 = a[from], x1 = a[from + 1], y0 = b[from], y1 = b[from + 1];
  // A and B become the i64x2 operands.
  a[0] = x0;
  a[1] = signed ? x0 >> 31 : 0;
  a[2] = x1;
  a[3] = signed ? x1 >> 31 : 0;
  b[0] = y0;
  b[1] = signed ? y0 >> 31 : 0;
  b[2] = y1;
  b[3] = signed ? y1 >> 31 : 0;
  i64MulLane(0);
  i64MulLane(1);
}

// ---------------------------------------------------------------- one operand

/**
 * `d = op a`, `op` the 0xFD sub-opcode: v128 -> v128, v128 -> i32 (tests, bitmasks) and the
 * splats (a scalar -> v128). d and a are absolute int32 indices into `m`.
 */
export function simdUnary(m: Int32Array, d: number, a: number, op: number): void {
  switch (op) {
    case 0x0f: // i8x16.splat
      R.i8.fill(m[a]);
      break;
    case 0x10: // i16x8.splat
      R.i16.fill(m[a]);
      break;
    case 0x11: // i32x4.splat
    case 0x13: // f32x4.splat
      R.i32.fill(m[a]);
      break;
    case 0x12: // i64x2.splat
    case 0x14: // f64x2.splat
      R.i32[0] = R.i32[2] = m[a];
      R.i32[1] = R.i32[3] = m[a + 1];
      break;
    default:
      get(A, m, a);
      if (op === 0x53 || op === 0x63 || op === 0x64 || op === 0x83 || op === 0x84 || op === 0xa3 || op === 0xa4 || op === 0xc3 || op === 0xc4) {
        m[d] = simdTest(op);
        return;
      }
      unaryLanes(op);
  }
  put(m, d);
}

/** The v128 -> i32 operations on A. */
function simdTest(op: number): number {
  let r = 0;
  switch (op) {
    case 0x53: // v128.any_true
      return (A.i32[0] | A.i32[1] | A.i32[2] | A.i32[3]) !== 0 ? 1 : 0;
    case 0x63: // i8x16.all_true
      for (let i = 0; i < 16; i++) if (A.u8[i] === 0) return 0;
      return 1;
    case 0x64: // i8x16.bitmask
      for (let i = 0; i < 16; i++) r |= (A.u8[i] >>> 7) << i;
      return r;
    case 0x83: // i16x8.all_true
      for (let i = 0; i < 8; i++) if (A.u16[i] === 0) return 0;
      return 1;
    case 0x84: // i16x8.bitmask
      for (let i = 0; i < 8; i++) r |= (A.u16[i] >>> 15) << i;
      return r;
    case 0xa3: // i32x4.all_true
      for (let i = 0; i < 4; i++) if (A.i32[i] === 0) return 0;
      return 1;
    case 0xa4: // i32x4.bitmask
      for (let i = 0; i < 4; i++) r |= (A.i32[i] >>> 31) << i;
      return r;
    case 0xc3: // i64x2.all_true
      return (A.i32[0] | A.i32[1]) !== 0 && (A.i32[2] | A.i32[3]) !== 0 ? 1 : 0;
    case 0xc4: // i64x2.bitmask
      return (A.i32[1] >>> 31) | ((A.i32[3] >>> 31) << 1);
  }
  return 0;
}

/** The v128 -> v128 operations: A -> R. */
function unaryLanes(op: number): void {
  const a = A, r = R;
  switch (op) {
    case 0x4d: // v128.not
      for (let i = 0; i < 4; i++) r.i32[i] = ~a.i32[i];
      return;
    case 0x5e: // f32x4.demote_f64x2_zero
      r.f32[0] = a.f64[0];
      r.f32[1] = a.f64[1];
      r.i32[2] = r.i32[3] = 0;
      return;
    case 0x5f: // f64x2.promote_low_f32x4
      r.f64[1] = a.f32[1];
      r.f64[0] = a.f32[0];
      return;
    case 0x60: // i8x16.abs
      for (let i = 0; i < 16; i++) r.i8[i] = Math.abs(a.i8[i]);
      return;
    case 0x61: // i8x16.neg
      for (let i = 0; i < 16; i++) r.i8[i] = -a.i8[i];
      return;
    case 0x62: // i8x16.popcnt
      for (let i = 0; i < 16; i++) r.u8[i] = popcnt8(a.u8[i]);
      return;
    case 0x67: // f32x4.ceil
      for (let i = 0; i < 4; i++) r.f32[i] = Math.ceil(a.f32[i]);
      return;
    case 0x68: // f32x4.floor
      for (let i = 0; i < 4; i++) r.f32[i] = Math.floor(a.f32[i]);
      return;
    case 0x69: // f32x4.trunc
      for (let i = 0; i < 4; i++) r.f32[i] = Math.trunc(a.f32[i]);
      return;
    case 0x6a: // f32x4.nearest
      for (let i = 0; i < 4; i++) r.f32[i] = N.fNearest(a.f32[i]);
      return;
    case 0x74: // f64x2.ceil
      for (let i = 0; i < 2; i++) r.f64[i] = quiet(Math.ceil(a.f64[i]));
      return;
    case 0x75: // f64x2.floor
      for (let i = 0; i < 2; i++) r.f64[i] = quiet(Math.floor(a.f64[i]));
      return;
    case 0x7a: // f64x2.trunc
      for (let i = 0; i < 2; i++) r.f64[i] = quiet(Math.trunc(a.f64[i]));
      return;
    case 0x94: // f64x2.nearest
      for (let i = 0; i < 2; i++) r.f64[i] = N.fNearest(a.f64[i]);
      return;
    case 0x7c: // i16x8.extadd_pairwise_i8x16_s
      for (let i = 0; i < 8; i++) r.i16[i] = a.i8[2 * i] + a.i8[2 * i + 1];
      return;
    case 0x7d: // i16x8.extadd_pairwise_i8x16_u
      for (let i = 0; i < 8; i++) r.i16[i] = a.u8[2 * i] + a.u8[2 * i + 1];
      return;
    case 0x7e: // i32x4.extadd_pairwise_i16x8_s
      for (let i = 0; i < 4; i++) r.i32[i] = a.i16[2 * i] + a.i16[2 * i + 1];
      return;
    case 0x7f: // i32x4.extadd_pairwise_i16x8_u
      for (let i = 0; i < 4; i++) r.i32[i] = a.u16[2 * i] + a.u16[2 * i + 1];
      return;
    case 0x80: // i16x8.abs
      for (let i = 0; i < 8; i++) r.i16[i] = Math.abs(a.i16[i]);
      return;
    case 0x81: // i16x8.neg
      for (let i = 0; i < 8; i++) r.i16[i] = -a.i16[i];
      return;
    case 0x87: // i16x8.extend_low_i8x16_s
      for (let i = 0; i < 8; i++) r.i16[i] = a.i8[i];
      return;
    case 0x88: // i16x8.extend_high_i8x16_s
      for (let i = 0; i < 8; i++) r.i16[i] = a.i8[i + 8];
      return;
    case 0x89: // i16x8.extend_low_i8x16_u
      for (let i = 0; i < 8; i++) r.i16[i] = a.u8[i];
      return;
    case 0x8a: // i16x8.extend_high_i8x16_u
      for (let i = 0; i < 8; i++) r.i16[i] = a.u8[i + 8];
      return;
    case 0xa0: // i32x4.abs
      for (let i = 0; i < 4; i++) r.i32[i] = Math.abs(a.i32[i]);
      return;
    case 0xa1: // i32x4.neg
      for (let i = 0; i < 4; i++) r.i32[i] = -a.i32[i];
      return;
    case 0xa7: // i32x4.extend_low_i16x8_s
      for (let i = 0; i < 4; i++) r.i32[i] = a.i16[i];
      return;
    case 0xa8: // i32x4.extend_high_i16x8_s
      for (let i = 0; i < 4; i++) r.i32[i] = a.i16[i + 4];
      return;
    case 0xa9: // i32x4.extend_low_i16x8_u
      for (let i = 0; i < 4; i++) r.i32[i] = a.u16[i];
      return;
    case 0xaa: // i32x4.extend_high_i16x8_u
      for (let i = 0; i < 4; i++) r.i32[i] = a.u16[i + 4];
      return;
    case 0xc0: // i64x2.abs
      for (let i = 0; i < 2; i++) {
        if (a.i32[2 * i + 1] < 0) i64NegLane(a.i32, i);
        else {
          r.i32[2 * i] = a.i32[2 * i];
          r.i32[2 * i + 1] = a.i32[2 * i + 1];
        }
      }
      return;
    case 0xc1: // i64x2.neg
      i64NegLane(a.i32, 0);
      i64NegLane(a.i32, 1);
      return;
    case 0xc7: // i64x2.extend_low_i32x4_s
      i64Extend(0, true);
      return;
    case 0xc8: // i64x2.extend_high_i32x4_s
      i64Extend(2, true);
      return;
    case 0xc9: // i64x2.extend_low_i32x4_u
      i64Extend(0, false);
      return;
    case 0xca: // i64x2.extend_high_i32x4_u
      i64Extend(2, false);
      return;
    case 0xe0: // f32x4.abs
      for (let i = 0; i < 4; i++) r.i32[i] = a.i32[i] & 0x7fffffff;
      return;
    case 0xe1: // f32x4.neg
      for (let i = 0; i < 4; i++) r.i32[i] = a.i32[i] ^ -2147483648;
      return;
    case 0xe3: // f32x4.sqrt
      for (let i = 0; i < 4; i++) r.f32[i] = Math.sqrt(a.f32[i]);
      return;
    case 0xec: // f64x2.abs
      r.i32[0] = a.i32[0];
      r.i32[2] = a.i32[2];
      r.i32[1] = a.i32[1] & 0x7fffffff;
      r.i32[3] = a.i32[3] & 0x7fffffff;
      return;
    case 0xed: // f64x2.neg
      r.i32[0] = a.i32[0];
      r.i32[2] = a.i32[2];
      r.i32[1] = a.i32[1] ^ -2147483648;
      r.i32[3] = a.i32[3] ^ -2147483648;
      return;
    case 0xef: // f64x2.sqrt
      for (let i = 0; i < 2; i++) r.f64[i] = Math.sqrt(a.f64[i]);
      return;
    case 0xf8: // i32x4.trunc_sat_f32x4_s
    case 0x101: // i32x4.relaxed_trunc_f32x4_s
      for (let i = 0; i < 4; i++) r.i32[i] = N.i32TruncSatS(a.f32[i]);
      return;
    case 0xf9: // i32x4.trunc_sat_f32x4_u
    case 0x102: // i32x4.relaxed_trunc_f32x4_u
      for (let i = 0; i < 4; i++) r.i32[i] = N.i32TruncSatU(a.f32[i]);
      return;
    case 0xfa: // f32x4.convert_i32x4_s
      for (let i = 0; i < 4; i++) r.f32[i] = a.i32[i];
      return;
    case 0xfb: // f32x4.convert_i32x4_u
      for (let i = 0; i < 4; i++) r.f32[i] = a.u32[i];
      return;
    case 0xfc: // i32x4.trunc_sat_f64x2_s_zero
    case 0x103: // i32x4.relaxed_trunc_f64x2_s_zero
      r.i32[0] = N.i32TruncSatS(a.f64[0]);
      r.i32[1] = N.i32TruncSatS(a.f64[1]);
      r.i32[2] = r.i32[3] = 0;
      return;
    case 0xfd: // i32x4.trunc_sat_f64x2_u_zero
    case 0x104: // i32x4.relaxed_trunc_f64x2_u_zero
      r.i32[0] = N.i32TruncSatU(a.f64[0]);
      r.i32[1] = N.i32TruncSatU(a.f64[1]);
      r.i32[2] = r.i32[3] = 0;
      return;
    case 0xfe: // f64x2.convert_low_i32x4_s
      r.f64[1] = a.i32[1];
      r.f64[0] = a.i32[0];
      return;
    case 0xff: // f64x2.convert_low_i32x4_u
      r.f64[1] = a.u32[1];
      r.f64[0] = a.u32[0];
      return;
  }
  throw new Error(`simdUnary: unknown SIMD operation 0x${op.toString(16)}`);
}

// ---------------------------------------------------------------- two operands

/** `d = a op b`: v128 x v128 -> v128, and the shifts (v128 x i32 -> v128). */
export function simdBinary(m: Int32Array, d: number, a: number, b: number, op: number): void {
  get(A, m, a);
  if (op === 0x6b || op === 0x6c || op === 0x6d || op === 0x8b || op === 0x8c || op === 0x8d || op === 0xab || op === 0xac || op === 0xad || op === 0xcb || op === 0xcc || op === 0xcd) {
    shift(op, m[b]);
  } else {
    get(B, m, b);
    binaryLanes(op);
  }
  put(m, d);
}

function shift(op: number, k: number): void {
  const a = A, r = R;
  switch (op) {
    case 0x6b: // i8x16.shl
      for (let i = 0; i < 16; i++) r.i8[i] = a.i8[i] << (k & 7);
      return;
    case 0x6c: // i8x16.shr_s
      for (let i = 0; i < 16; i++) r.i8[i] = a.i8[i] >> (k & 7);
      return;
    case 0x6d: // i8x16.shr_u
      for (let i = 0; i < 16; i++) r.u8[i] = a.u8[i] >>> (k & 7);
      return;
    case 0x8b: // i16x8.shl
      for (let i = 0; i < 8; i++) r.i16[i] = a.i16[i] << (k & 15);
      return;
    case 0x8c: // i16x8.shr_s
      for (let i = 0; i < 8; i++) r.i16[i] = a.i16[i] >> (k & 15);
      return;
    case 0x8d: // i16x8.shr_u
      for (let i = 0; i < 8; i++) r.u16[i] = a.u16[i] >>> (k & 15);
      return;
    case 0xab: // i32x4.shl
      for (let i = 0; i < 4; i++) r.i32[i] = a.i32[i] << k;
      return;
    case 0xac: // i32x4.shr_s
      for (let i = 0; i < 4; i++) r.i32[i] = a.i32[i] >> k;
      return;
    case 0xad: // i32x4.shr_u
      for (let i = 0; i < 4; i++) r.i32[i] = a.i32[i] >>> k;
      return;
    case 0xcb: // i64x2.shl
      N.i64Shl(a.i32, 0, 0, k & 63);
      N.i64Shl(a.i32, 2, 2, k & 63);
      break;
    case 0xcc: // i64x2.shr_s
      N.i64ShrS(a.i32, 0, 0, k & 63);
      N.i64ShrS(a.i32, 2, 2, k & 63);
      break;
    case 0xcd: // i64x2.shr_u
      N.i64ShrU(a.i32, 0, 0, k & 63);
      N.i64ShrU(a.i32, 2, 2, k & 63);
      break;
  }
  r.i32.set(a.i32);
}

/** All ones when `c`, else zero (a compare's lane). */
function mask(c: boolean): number {
  return c ? -1 : 0;
}

function binaryLanes(op: number): void {
  const a = A, b = B, r = R;
  switch (op) {
    case 0x0e: // i8x16.swizzle
    case 0x100: // i8x16.relaxed_swizzle
      for (let i = 0; i < 16; i++) {
        const j = b.u8[i];
        r.u8[i] = j < 16 ? a.u8[j] : 0;
      }
      return;
    case 0x23: // i8x16.eq
      for (let i = 0; i < 16; i++) r.i8[i] = mask(a.i8[i] === b.i8[i]);
      return;
    case 0x24: // i8x16.ne
      for (let i = 0; i < 16; i++) r.i8[i] = mask(a.i8[i] !== b.i8[i]);
      return;
    case 0x25: // i8x16.lt_s
      for (let i = 0; i < 16; i++) r.i8[i] = mask(a.i8[i] < b.i8[i]);
      return;
    case 0x26: // i8x16.lt_u
      for (let i = 0; i < 16; i++) r.i8[i] = mask(a.u8[i] < b.u8[i]);
      return;
    case 0x27: // i8x16.gt_s
      for (let i = 0; i < 16; i++) r.i8[i] = mask(a.i8[i] > b.i8[i]);
      return;
    case 0x28: // i8x16.gt_u
      for (let i = 0; i < 16; i++) r.i8[i] = mask(a.u8[i] > b.u8[i]);
      return;
    case 0x29: // i8x16.le_s
      for (let i = 0; i < 16; i++) r.i8[i] = mask(a.i8[i] <= b.i8[i]);
      return;
    case 0x2a: // i8x16.le_u
      for (let i = 0; i < 16; i++) r.i8[i] = mask(a.u8[i] <= b.u8[i]);
      return;
    case 0x2b: // i8x16.ge_s
      for (let i = 0; i < 16; i++) r.i8[i] = mask(a.i8[i] >= b.i8[i]);
      return;
    case 0x2c: // i8x16.ge_u
      for (let i = 0; i < 16; i++) r.i8[i] = mask(a.u8[i] >= b.u8[i]);
      return;
    case 0x2d: // i16x8.eq
      for (let i = 0; i < 8; i++) r.i16[i] = mask(a.i16[i] === b.i16[i]);
      return;
    case 0x2e: // i16x8.ne
      for (let i = 0; i < 8; i++) r.i16[i] = mask(a.i16[i] !== b.i16[i]);
      return;
    case 0x2f: // i16x8.lt_s
      for (let i = 0; i < 8; i++) r.i16[i] = mask(a.i16[i] < b.i16[i]);
      return;
    case 0x30: // i16x8.lt_u
      for (let i = 0; i < 8; i++) r.i16[i] = mask(a.u16[i] < b.u16[i]);
      return;
    case 0x31: // i16x8.gt_s
      for (let i = 0; i < 8; i++) r.i16[i] = mask(a.i16[i] > b.i16[i]);
      return;
    case 0x32: // i16x8.gt_u
      for (let i = 0; i < 8; i++) r.i16[i] = mask(a.u16[i] > b.u16[i]);
      return;
    case 0x33: // i16x8.le_s
      for (let i = 0; i < 8; i++) r.i16[i] = mask(a.i16[i] <= b.i16[i]);
      return;
    case 0x34: // i16x8.le_u
      for (let i = 0; i < 8; i++) r.i16[i] = mask(a.u16[i] <= b.u16[i]);
      return;
    case 0x35: // i16x8.ge_s
      for (let i = 0; i < 8; i++) r.i16[i] = mask(a.i16[i] >= b.i16[i]);
      return;
    case 0x36: // i16x8.ge_u
      for (let i = 0; i < 8; i++) r.i16[i] = mask(a.u16[i] >= b.u16[i]);
      return;
    case 0x37: // i32x4.eq
      for (let i = 0; i < 4; i++) r.i32[i] = mask(a.i32[i] === b.i32[i]);
      return;
    case 0x38: // i32x4.ne
      for (let i = 0; i < 4; i++) r.i32[i] = mask(a.i32[i] !== b.i32[i]);
      return;
    case 0x39: // i32x4.lt_s
      for (let i = 0; i < 4; i++) r.i32[i] = mask(a.i32[i] < b.i32[i]);
      return;
    case 0x3a: // i32x4.lt_u
      for (let i = 0; i < 4; i++) r.i32[i] = mask(a.u32[i] < b.u32[i]);
      return;
    case 0x3b: // i32x4.gt_s
      for (let i = 0; i < 4; i++) r.i32[i] = mask(a.i32[i] > b.i32[i]);
      return;
    case 0x3c: // i32x4.gt_u
      for (let i = 0; i < 4; i++) r.i32[i] = mask(a.u32[i] > b.u32[i]);
      return;
    case 0x3d: // i32x4.le_s
      for (let i = 0; i < 4; i++) r.i32[i] = mask(a.i32[i] <= b.i32[i]);
      return;
    case 0x3e: // i32x4.le_u
      for (let i = 0; i < 4; i++) r.i32[i] = mask(a.u32[i] <= b.u32[i]);
      return;
    case 0x3f: // i32x4.ge_s
      for (let i = 0; i < 4; i++) r.i32[i] = mask(a.i32[i] >= b.i32[i]);
      return;
    case 0x40: // i32x4.ge_u
      for (let i = 0; i < 4; i++) r.i32[i] = mask(a.u32[i] >= b.u32[i]);
      return;
    case 0x41: // f32x4.eq
      for (let i = 0; i < 4; i++) r.i32[i] = mask(a.f32[i] === b.f32[i]);
      return;
    case 0x42: // f32x4.ne
      for (let i = 0; i < 4; i++) r.i32[i] = mask(a.f32[i] !== b.f32[i]);
      return;
    case 0x43: // f32x4.lt
      for (let i = 0; i < 4; i++) r.i32[i] = mask(a.f32[i] < b.f32[i]);
      return;
    case 0x44: // f32x4.gt
      for (let i = 0; i < 4; i++) r.i32[i] = mask(a.f32[i] > b.f32[i]);
      return;
    case 0x45: // f32x4.le
      for (let i = 0; i < 4; i++) r.i32[i] = mask(a.f32[i] <= b.f32[i]);
      return;
    case 0x46: // f32x4.ge
      for (let i = 0; i < 4; i++) r.i32[i] = mask(a.f32[i] >= b.f32[i]);
      return;
    case 0x47: // f64x2.eq
      for (let i = 0; i < 2; i++) r.i32[2 * i] = r.i32[2 * i + 1] = mask(a.f64[i] === b.f64[i]);
      return;
    case 0x48: // f64x2.ne
      for (let i = 0; i < 2; i++) r.i32[2 * i] = r.i32[2 * i + 1] = mask(a.f64[i] !== b.f64[i]);
      return;
    case 0x49: // f64x2.lt
      for (let i = 0; i < 2; i++) r.i32[2 * i] = r.i32[2 * i + 1] = mask(a.f64[i] < b.f64[i]);
      return;
    case 0x4a: // f64x2.gt
      for (let i = 0; i < 2; i++) r.i32[2 * i] = r.i32[2 * i + 1] = mask(a.f64[i] > b.f64[i]);
      return;
    case 0x4b: // f64x2.le
      for (let i = 0; i < 2; i++) r.i32[2 * i] = r.i32[2 * i + 1] = mask(a.f64[i] <= b.f64[i]);
      return;
    case 0x4c: // f64x2.ge
      for (let i = 0; i < 2; i++) r.i32[2 * i] = r.i32[2 * i + 1] = mask(a.f64[i] >= b.f64[i]);
      return;
    case 0x4e: // v128.and
      for (let i = 0; i < 4; i++) r.i32[i] = a.i32[i] & b.i32[i];
      return;
    case 0x4f: // v128.andnot
      for (let i = 0; i < 4; i++) r.i32[i] = a.i32[i] & ~b.i32[i];
      return;
    case 0x50: // v128.or
      for (let i = 0; i < 4; i++) r.i32[i] = a.i32[i] | b.i32[i];
      return;
    case 0x51: // v128.xor
      for (let i = 0; i < 4; i++) r.i32[i] = a.i32[i] ^ b.i32[i];
      return;
    case 0x65: // i8x16.narrow_i16x8_s
      for (let i = 0; i < 8; i++) {
        r.i8[i] = sat8s(a.i16[i]);
        r.i8[i + 8] = sat8s(b.i16[i]);
      }
      return;
    case 0x66: // i8x16.narrow_i16x8_u
      for (let i = 0; i < 8; i++) {
        r.u8[i] = sat8u(a.i16[i]);
        r.u8[i + 8] = sat8u(b.i16[i]);
      }
      return;
    case 0x6e: // i8x16.add
      for (let i = 0; i < 16; i++) r.i8[i] = a.i8[i] + b.i8[i];
      return;
    case 0x6f: // i8x16.add_sat_s
      for (let i = 0; i < 16; i++) r.i8[i] = sat8s(a.i8[i] + b.i8[i]);
      return;
    case 0x70: // i8x16.add_sat_u
      for (let i = 0; i < 16; i++) r.u8[i] = sat8u(a.u8[i] + b.u8[i]);
      return;
    case 0x71: // i8x16.sub
      for (let i = 0; i < 16; i++) r.i8[i] = a.i8[i] - b.i8[i];
      return;
    case 0x72: // i8x16.sub_sat_s
      for (let i = 0; i < 16; i++) r.i8[i] = sat8s(a.i8[i] - b.i8[i]);
      return;
    case 0x73: // i8x16.sub_sat_u
      for (let i = 0; i < 16; i++) r.u8[i] = sat8u(a.u8[i] - b.u8[i]);
      return;
    case 0x76: // i8x16.min_s
      for (let i = 0; i < 16; i++) r.i8[i] = Math.min(a.i8[i], b.i8[i]);
      return;
    case 0x77: // i8x16.min_u
      for (let i = 0; i < 16; i++) r.u8[i] = Math.min(a.u8[i], b.u8[i]);
      return;
    case 0x78: // i8x16.max_s
      for (let i = 0; i < 16; i++) r.i8[i] = Math.max(a.i8[i], b.i8[i]);
      return;
    case 0x79: // i8x16.max_u
      for (let i = 0; i < 16; i++) r.u8[i] = Math.max(a.u8[i], b.u8[i]);
      return;
    case 0x7b: // i8x16.avgr_u
      for (let i = 0; i < 16; i++) r.u8[i] = (a.u8[i] + b.u8[i] + 1) >>> 1;
      return;
    case 0x82: // i16x8.q15mulr_sat_s
    case 0x111: // i16x8.relaxed_q15mulr_s
      for (let i = 0; i < 8; i++) r.i16[i] = q15mulr(a.i16[i], b.i16[i]);
      return;
    case 0x85: // i16x8.narrow_i32x4_s
      for (let i = 0; i < 4; i++) {
        r.i16[i] = sat16s(a.i32[i]);
        r.i16[i + 4] = sat16s(b.i32[i]);
      }
      return;
    case 0x86: // i16x8.narrow_i32x4_u
      for (let i = 0; i < 4; i++) {
        r.u16[i] = sat16u(a.i32[i]);
        r.u16[i + 4] = sat16u(b.i32[i]);
      }
      return;
    case 0x8e: // i16x8.add
      for (let i = 0; i < 8; i++) r.i16[i] = a.i16[i] + b.i16[i];
      return;
    case 0x8f: // i16x8.add_sat_s
      for (let i = 0; i < 8; i++) r.i16[i] = sat16s(a.i16[i] + b.i16[i]);
      return;
    case 0x90: // i16x8.add_sat_u
      for (let i = 0; i < 8; i++) r.u16[i] = sat16u(a.u16[i] + b.u16[i]);
      return;
    case 0x91: // i16x8.sub
      for (let i = 0; i < 8; i++) r.i16[i] = a.i16[i] - b.i16[i];
      return;
    case 0x92: // i16x8.sub_sat_s
      for (let i = 0; i < 8; i++) r.i16[i] = sat16s(a.i16[i] - b.i16[i]);
      return;
    case 0x93: // i16x8.sub_sat_u
      for (let i = 0; i < 8; i++) r.u16[i] = sat16u(a.u16[i] - b.u16[i]);
      return;
    case 0x95: // i16x8.mul
      for (let i = 0; i < 8; i++) r.i16[i] = Math.imul(a.i16[i], b.i16[i]);
      return;
    case 0x96: // i16x8.min_s
      for (let i = 0; i < 8; i++) r.i16[i] = Math.min(a.i16[i], b.i16[i]);
      return;
    case 0x97: // i16x8.min_u
      for (let i = 0; i < 8; i++) r.u16[i] = Math.min(a.u16[i], b.u16[i]);
      return;
    case 0x98: // i16x8.max_s
      for (let i = 0; i < 8; i++) r.i16[i] = Math.max(a.i16[i], b.i16[i]);
      return;
    case 0x99: // i16x8.max_u
      for (let i = 0; i < 8; i++) r.u16[i] = Math.max(a.u16[i], b.u16[i]);
      return;
    case 0x9b: // i16x8.avgr_u
      for (let i = 0; i < 8; i++) r.u16[i] = (a.u16[i] + b.u16[i] + 1) >>> 1;
      return;
    case 0x9c: // i16x8.extmul_low_i8x16_s
      for (let i = 0; i < 8; i++) r.i16[i] = a.i8[i] * b.i8[i];
      return;
    case 0x9d: // i16x8.extmul_high_i8x16_s
      for (let i = 0; i < 8; i++) r.i16[i] = a.i8[i + 8] * b.i8[i + 8];
      return;
    case 0x9e: // i16x8.extmul_low_i8x16_u
      for (let i = 0; i < 8; i++) r.u16[i] = a.u8[i] * b.u8[i];
      return;
    case 0x9f: // i16x8.extmul_high_i8x16_u
      for (let i = 0; i < 8; i++) r.u16[i] = a.u8[i + 8] * b.u8[i + 8];
      return;
    case 0xae: // i32x4.add
      for (let i = 0; i < 4; i++) r.i32[i] = a.i32[i] + b.i32[i];
      return;
    case 0xb1: // i32x4.sub
      for (let i = 0; i < 4; i++) r.i32[i] = a.i32[i] - b.i32[i];
      return;
    case 0xb5: // i32x4.mul
      for (let i = 0; i < 4; i++) r.i32[i] = Math.imul(a.i32[i], b.i32[i]);
      return;
    case 0xb6: // i32x4.min_s
      for (let i = 0; i < 4; i++) r.i32[i] = Math.min(a.i32[i], b.i32[i]);
      return;
    case 0xb7: // i32x4.min_u
      for (let i = 0; i < 4; i++) r.u32[i] = Math.min(a.u32[i], b.u32[i]);
      return;
    case 0xb8: // i32x4.max_s
      for (let i = 0; i < 4; i++) r.i32[i] = Math.max(a.i32[i], b.i32[i]);
      return;
    case 0xb9: // i32x4.max_u
      for (let i = 0; i < 4; i++) r.u32[i] = Math.max(a.u32[i], b.u32[i]);
      return;
    case 0xba: // i32x4.dot_i16x8_s
      for (let i = 0; i < 4; i++) r.i32[i] = a.i16[2 * i] * b.i16[2 * i] + a.i16[2 * i + 1] * b.i16[2 * i + 1];
      return;
    case 0xbc: // i32x4.extmul_low_i16x8_s
      for (let i = 0; i < 4; i++) r.i32[i] = a.i16[i] * b.i16[i];
      return;
    case 0xbd: // i32x4.extmul_high_i16x8_s
      for (let i = 0; i < 4; i++) r.i32[i] = a.i16[i + 4] * b.i16[i + 4];
      return;
    case 0xbe: // i32x4.extmul_low_i16x8_u
      for (let i = 0; i < 4; i++) r.u32[i] = a.u16[i] * b.u16[i];
      return;
    case 0xbf: // i32x4.extmul_high_i16x8_u
      for (let i = 0; i < 4; i++) r.u32[i] = a.u16[i + 4] * b.u16[i + 4];
      return;
    case 0xce: // i64x2.add
      for (let i = 0; i < 2; i++) {
        const lo = (a.i32[2 * i] >>> 0) + (b.i32[2 * i] >>> 0);
        r.i32[2 * i] = lo;
        r.i32[2 * i + 1] = a.i32[2 * i + 1] + b.i32[2 * i + 1] + (lo >= TWO32 ? 1 : 0);
      }
      return;
    case 0xd1: // i64x2.sub
      for (let i = 0; i < 2; i++) {
        const alo = a.i32[2 * i] >>> 0, blo = b.i32[2 * i] >>> 0;
        r.i32[2 * i] = alo - blo;
        r.i32[2 * i + 1] = a.i32[2 * i + 1] - b.i32[2 * i + 1] - (alo < blo ? 1 : 0);
      }
      return;
    case 0xd5: // i64x2.mul
      i64MulLane(0);
      i64MulLane(1);
      return;
    case 0xd6: // i64x2.eq
      for (let i = 0; i < 2; i++) r.i32[2 * i] = r.i32[2 * i + 1] = mask(i64Cmp(i) === 0);
      return;
    case 0xd7: // i64x2.ne
      for (let i = 0; i < 2; i++) r.i32[2 * i] = r.i32[2 * i + 1] = mask(i64Cmp(i) !== 0);
      return;
    case 0xd8: // i64x2.lt_s
      for (let i = 0; i < 2; i++) r.i32[2 * i] = r.i32[2 * i + 1] = mask(i64Cmp(i) < 0);
      return;
    case 0xd9: // i64x2.gt_s
      for (let i = 0; i < 2; i++) r.i32[2 * i] = r.i32[2 * i + 1] = mask(i64Cmp(i) > 0);
      return;
    case 0xda: // i64x2.le_s
      for (let i = 0; i < 2; i++) r.i32[2 * i] = r.i32[2 * i + 1] = mask(i64Cmp(i) <= 0);
      return;
    case 0xdb: // i64x2.ge_s
      for (let i = 0; i < 2; i++) r.i32[2 * i] = r.i32[2 * i + 1] = mask(i64Cmp(i) >= 0);
      return;
    case 0xdc: // i64x2.extmul_low_i32x4_s
      i64ExtMul(0, true);
      return;
    case 0xdd: // i64x2.extmul_high_i32x4_s
      i64ExtMul(2, true);
      return;
    case 0xde: // i64x2.extmul_low_i32x4_u
      i64ExtMul(0, false);
      return;
    case 0xdf: // i64x2.extmul_high_i32x4_u
      i64ExtMul(2, false);
      return;
    case 0xe4: // f32x4.add
      for (let i = 0; i < 4; i++) r.f32[i] = a.f32[i] + b.f32[i];
      return;
    case 0xe5: // f32x4.sub
      for (let i = 0; i < 4; i++) r.f32[i] = a.f32[i] - b.f32[i];
      return;
    case 0xe6: // f32x4.mul
      for (let i = 0; i < 4; i++) r.f32[i] = a.f32[i] * b.f32[i];
      return;
    case 0xe7: // f32x4.div
      for (let i = 0; i < 4; i++) r.f32[i] = a.f32[i] / b.f32[i];
      return;
    case 0xe8: // f32x4.min
    case 0x10d: // f32x4.relaxed_min
      for (let i = 0; i < 4; i++) r.f32[i] = Math.min(a.f32[i], b.f32[i]);
      return;
    case 0xe9: // f32x4.max
    case 0x10e: // f32x4.relaxed_max
      for (let i = 0; i < 4; i++) r.f32[i] = Math.max(a.f32[i], b.f32[i]);
      return;
    case 0xea: // f32x4.pmin
      for (let i = 0; i < 4; i++) r.i32[i] = b.f32[i] < a.f32[i] ? b.i32[i] : a.i32[i];
      return;
    case 0xeb: // f32x4.pmax
      for (let i = 0; i < 4; i++) r.i32[i] = a.f32[i] < b.f32[i] ? b.i32[i] : a.i32[i];
      return;
    case 0xf0: // f64x2.add
      for (let i = 0; i < 2; i++) r.f64[i] = a.f64[i] + b.f64[i];
      return;
    case 0xf1: // f64x2.sub
      for (let i = 0; i < 2; i++) r.f64[i] = a.f64[i] - b.f64[i];
      return;
    case 0xf2: // f64x2.mul
      for (let i = 0; i < 2; i++) r.f64[i] = a.f64[i] * b.f64[i];
      return;
    case 0xf3: // f64x2.div
      for (let i = 0; i < 2; i++) r.f64[i] = a.f64[i] / b.f64[i];
      return;
    case 0xf4: // f64x2.min
    case 0x10f: // f64x2.relaxed_min
      for (let i = 0; i < 2; i++) r.f64[i] = Math.min(a.f64[i], b.f64[i]);
      return;
    case 0xf5: // f64x2.max
    case 0x110: // f64x2.relaxed_max
      for (let i = 0; i < 2; i++) r.f64[i] = Math.max(a.f64[i], b.f64[i]);
      return;
    case 0xf6: // f64x2.pmin
      for (let i = 0; i < 2; i++) {
        const s = b.f64[i] < a.f64[i] ? b : a;
        r.i32[2 * i] = s.i32[2 * i];
        r.i32[2 * i + 1] = s.i32[2 * i + 1];
      }
      return;
    case 0xf7: // f64x2.pmax
      for (let i = 0; i < 2; i++) {
        const s = a.f64[i] < b.f64[i] ? b : a;
        r.i32[2 * i] = s.i32[2 * i];
        r.i32[2 * i + 1] = s.i32[2 * i + 1];
      }
      return;
    case 0x112: // i16x8.relaxed_dot_i8x16_i7x16_s
      relaxedDot();
      return;
  }
  throw new Error(`simdBinary: unknown SIMD operation 0x${op.toString(16)}`);
}

/** i16 lanes of R: the saturated sums of adjacent signed i8 products of A and B. */
function relaxedDot(): void {
  for (let i = 0; i < 8; i++) R.i16[i] = sat16s(A.i8[2 * i] * B.i8[2 * i] + A.i8[2 * i + 1] * B.i8[2 * i + 1]);
}

// ---------------------------------------------------------------- three operands

/** `d = op(a, b, c)`: bitselect, the relaxed multiply-adds, lane selects and dot-add. */
export function simdTernary(m: Int32Array, d: number, a: number, b: number, c: number, op: number): void {
  get(A, m, a);
  get(B, m, b);
  get(C, m, c);
  const r = R;
  switch (op) {
    case 0x52: // v128.bitselect
    case 0x109: // i8x16.relaxed_laneselect
    case 0x10a: // i16x8.relaxed_laneselect
    case 0x10b: // i32x4.relaxed_laneselect
    case 0x10c: // i64x2.relaxed_laneselect
      for (let i = 0; i < 4; i++) r.i32[i] = (A.i32[i] & C.i32[i]) | (B.i32[i] & ~C.i32[i]);
      break;
    case 0x105: // f32x4.relaxed_madd
      for (let i = 0; i < 4; i++) r.f32[i] = Math.fround(A.f32[i] * B.f32[i]) + C.f32[i];
      break;
    case 0x106: // f32x4.relaxed_nmadd
      for (let i = 0; i < 4; i++) r.f32[i] = Math.fround(-A.f32[i] * B.f32[i]) + C.f32[i];
      break;
    case 0x107: // f64x2.relaxed_madd
      for (let i = 0; i < 2; i++) r.f64[i] = A.f64[i] * B.f64[i] + C.f64[i];
      break;
    case 0x108: // f64x2.relaxed_nmadd
      for (let i = 0; i < 2; i++) r.f64[i] = -A.f64[i] * B.f64[i] + C.f64[i];
      break;
    case 0x113: // i32x4.relaxed_dot_i8x16_i7x16_add_s
      relaxedDot();
      for (let i = 0; i < 4; i++) r.i32[i] = R.i16[2 * i] + R.i16[2 * i + 1] + C.i32[i];
      break;
    default:
      throw new Error(`simdTernary: unknown SIMD operation 0x${op.toString(16)}`);
  }
  put(m, d);
}

// ---------------------------------------------------------------- lanes

/** `d = a[lane]` as a scalar (i32, i64, f32 or f64 slots). */
export function simdExtractLane(m: Int32Array, d: number, a: number, lane: number, op: number): void {
  get(A, m, a);
  switch (op) {
    case 0x15: // i8x16.extract_lane_s
      m[d] = A.i8[lane];
      return;
    case 0x16: // i8x16.extract_lane_u
      m[d] = A.u8[lane];
      return;
    case 0x18: // i16x8.extract_lane_s
      m[d] = A.i16[lane];
      return;
    case 0x19: // i16x8.extract_lane_u
      m[d] = A.u16[lane];
      return;
    case 0x1b: // i32x4.extract_lane
    case 0x1f: // f32x4.extract_lane
      m[d] = A.i32[lane];
      return;
    case 0x1d: // i64x2.extract_lane
    case 0x21: // f64x2.extract_lane
      m[d] = A.i32[2 * lane];
      m[d + 1] = A.i32[2 * lane + 1];
      return;
  }
  throw new Error(`simdExtractLane: unknown SIMD operation 0x${op.toString(16)}`);
}

/** `d = a` with `a[lane] = b` (b a scalar). */
export function simdReplaceLane(m: Int32Array, d: number, a: number, b: number, lane: number, op: number): void {
  get(R, m, a);
  switch (op) {
    case 0x17: // i8x16.replace_lane
      R.i8[lane] = m[b];
      break;
    case 0x1a: // i16x8.replace_lane
      R.i16[lane] = m[b];
      break;
    case 0x1c: // i32x4.replace_lane
    case 0x20: // f32x4.replace_lane
      R.i32[lane] = m[b];
      break;
    case 0x1e: // i64x2.replace_lane
    case 0x22: // f64x2.replace_lane
      R.i32[2 * lane] = m[b];
      R.i32[2 * lane + 1] = m[b + 1];
      break;
    default:
      throw new Error(`simdReplaceLane: unknown SIMD operation 0x${op.toString(16)}`);
  }
  put(m, d);
}

/** i8x16.shuffle: `lanes` holds the 16 lane indices (0-31 over a then b), four per word, little-endian. */
export function simdShuffle(m: Int32Array, d: number, a: number, b: number, l0: number, l1: number, l2: number, l3: number): void {
  get(A, m, a);
  get(B, m, b);
  const sel = C.i32;
  sel[0] = l0;
  sel[1] = l1;
  sel[2] = l2;
  sel[3] = l3;
  for (let i = 0; i < 16; i++) {
    const j = C.u8[i];
    R.u8[i] = j < 16 ? A.u8[j] : B.u8[j - 16];
  }
  put(m, d);
}

// ---------------------------------------------------------------- memory

/** Bytes each load/store sub-opcode touches in memory. */
function accessSize(op: number): number {
  switch (op) {
    case 0x00: // v128.load
    case 0x0b: // v128.store
      return 16;
    case 0x01: // v128.load8x8_s
    case 0x02: // v128.load8x8_u
    case 0x03: // v128.load16x4_s
    case 0x04: // v128.load16x4_u
    case 0x05: // v128.load32x2_s
    case 0x06: // v128.load32x2_u
    case 0x0a: // v128.load64_splat
    case 0x5d: // v128.load64_zero
    case 0x57: // v128.load64_lane
    case 0x5b: // v128.store64_lane
      return 8;
    case 0x09: // v128.load32_splat
    case 0x5c: // v128.load32_zero
    case 0x56: // v128.load32_lane
    case 0x5a: // v128.store32_lane
      return 4;
    case 0x08: // v128.load16_splat
    case 0x55: // v128.load16_lane
    case 0x59: // v128.store16_lane
      return 2;
  }
  return 1; // load8_splat, load8_lane, store8_lane
}

/** The checked effective address of an access of `op` (memarg at a + offset), or -1 when out of bounds. */
function effectiveAddress(inst: Instance, m: Int32Array, a: number, memIdx: number, offLo: number, offHi: number, op: number): number {
  const mem = inst.memories[memIdx];
  const ea = addrAt(m, a, mem.is64) + (offHi >>> 0) * TWO32 + (offLo >>> 0);
  return ea + accessSize(op) > mem.u8.length ? -1 : ea;
}

/** The loads (plain, extending, splat, zero-extended): `d = load(a)`. Returns a TrapCode. */
export function simdLoad(inst: Instance, m: Int32Array, d: number, a: number, memIdx: number, offLo: number, offHi: number, op: number): TrapCode {
  const ea = effectiveAddress(inst, m, a, memIdx, offLo, offHi, op);
  if (ea < 0) return TrapCode.MemoryOutOfBounds;
  const src = inst.memories[memIdx].u8;
  const n = accessSize(op);
  const t = A.u8;
  for (let i = 0; i < n; i++) t[i] = src[ea + i];
  const r = R;
  switch (op) {
    case 0x00: // v128.load
      r.i32.set(A.i32);
      break;
    case 0x01: // v128.load8x8_s
      for (let i = 0; i < 8; i++) r.i16[i] = A.i8[i];
      break;
    case 0x02: // v128.load8x8_u
      for (let i = 0; i < 8; i++) r.i16[i] = A.u8[i];
      break;
    case 0x03: // v128.load16x4_s
      for (let i = 0; i < 4; i++) r.i32[i] = A.i16[i];
      break;
    case 0x04: // v128.load16x4_u
      for (let i = 0; i < 4; i++) r.i32[i] = A.u16[i];
      break;
    case 0x05: // v128.load32x2_s
      i64Extend(0, true);
      break;
    case 0x06: // v128.load32x2_u
      i64Extend(0, false);
      break;
    case 0x07: // v128.load8_splat
      r.u8.fill(A.u8[0]);
      break;
    case 0x08: // v128.load16_splat
      r.u16.fill(A.u16[0]);
      break;
    case 0x09: // v128.load32_splat
      r.i32.fill(A.i32[0]);
      break;
    case 0x0a: // v128.load64_splat
      r.i32[0] = r.i32[2] = A.i32[0];
      r.i32[1] = r.i32[3] = A.i32[1];
      break;
    case 0x5c: // v128.load32_zero
      r.i32[0] = A.i32[0];
      r.i32[1] = r.i32[2] = r.i32[3] = 0;
      break;
    case 0x5d: // v128.load64_zero
      r.i32[0] = A.i32[0];
      r.i32[1] = A.i32[1];
      r.i32[2] = r.i32[3] = 0;
      break;
    default:
      throw new Error(`simdLoad: unknown SIMD operation 0x${op.toString(16)}`);
  }
  put(m, d);
  return TrapCode.None;
}

/** v128.store of v at a. Returns a TrapCode. */
export function simdStore(inst: Instance, m: Int32Array, a: number, v: number, memIdx: number, offLo: number, offHi: number): TrapCode {
  const ea = effectiveAddress(inst, m, a, memIdx, offLo, offHi, 0x0b);
  if (ea < 0) return TrapCode.MemoryOutOfBounds;
  get(A, m, v);
  inst.memories[memIdx].u8.set(A.u8, ea);
  return TrapCode.None;
}

/** vN.loadN_lane: `d = v` with lane `lane` loaded from a. Returns a TrapCode. */
export function simdLoadLane(inst: Instance, m: Int32Array, d: number, a: number, v: number, memIdx: number, offLo: number, offHi: number, lane: number, op: number): TrapCode {
  const ea = effectiveAddress(inst, m, a, memIdx, offLo, offHi, op);
  if (ea < 0) return TrapCode.MemoryOutOfBounds;
  get(R, m, v);
  const n = accessSize(op);
  const src = inst.memories[memIdx].u8;
  for (let i = 0; i < n; i++) R.u8[lane * n + i] = src[ea + i];
  put(m, d);
  return TrapCode.None;
}

/** vN.storeN_lane: lane `lane` of v stored at a. Returns a TrapCode. */
export function simdStoreLane(inst: Instance, m: Int32Array, a: number, v: number, memIdx: number, offLo: number, offHi: number, lane: number, op: number): TrapCode {
  const ea = effectiveAddress(inst, m, a, memIdx, offLo, offHi, op);
  if (ea < 0) return TrapCode.MemoryOutOfBounds;
  get(A, m, v);
  const n = accessSize(op);
  const dst = inst.memories[memIdx].u8;
  for (let i = 0; i < n; i++) dst[ea + i] = A.u8[lane * n + i];
  return TrapCode.None;
}
