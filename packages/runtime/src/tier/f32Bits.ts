/**
 * Compiled code keeps an f32 as a plain JS number (the double equal to it), so arithmetic is
 * `Math.fround(a op b)` with no bit conversions. A NaN has no exact f32 <-> f64 hardware
 * conversion (it quiets signalling NaNs), so these map NaNs by their bits: the f32 payload p
 * (23 bits) is the double's payload p << 29, sign and quiet bit in place, which a JS number
 * carries unchanged through moves, calls and locals. Every path that makes bits observable
 * (reinterpret, load/store, neg/abs/copysign, globals, the VM stack) goes through here when the
 * value is a NaN; non-NaN values convert exactly through a Float32Array.
 */
const scratch = new ArrayBuffer(8);
const I = new Int32Array(scratch);
const F = new Float32Array(scratch);
const D = new Float64Array(scratch);

/** The number an f32 with these bits is (a NaN keeps sign and payload). */
export function f32FromBits(bits: number): number {
  if ((bits & 0x7f800000) !== 0x7f800000 || (bits & 0x7fffff) === 0) {
    I[0] = bits;
    return F[0];
  }
  I[0] = bits << 29; // little-endian: I[0] is the double's low word
  I[1] = (bits & -2147483648) | 0x7ff00000 | ((bits >>> 3) & 0xfffff);
  return D[0];
}

/** The f32 bits of a number holding an f32 (an inverse of f32FromBits). */
export function f32ToBits(v: number): number {
  if (v === v) {
    F[0] = v;
    return I[0];
  }
  D[0] = v;
  const hi = I[1];
  return (hi & -2147483648) | 0x7f800000 | ((hi & 0xfffff) << 3) | (I[0] >>> 29);
}

/** f32 neg / abs / copysign on the sign bit alone (a NaN's payload kept). */
export function f32Neg(v: number): number {
  return v === v ? -v : f32FromBits(f32ToBits(v) ^ -2147483648);
}
export function f32Abs(v: number): number {
  return v === v ? Math.abs(v) : f32FromBits(f32ToBits(v) & 0x7fffffff);
}
export function f32Copysign(v: number, sign: number): number {
  return f32FromBits((f32ToBits(v) & 0x7fffffff) | (f32ToBits(sign) & -2147483648));
}

/** f64.promote_f32 of a NaN: an arithmetic (quiet) NaN, its payload kept. */
export function f32Promote(v: number): number {
  if (v === v) return v;
  D[0] = v;
  I[1] |= 0x80000;
  return D[0];
}
