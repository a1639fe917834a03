/**
 * Float constants as WAT literals that parse back to the same bits: `nan` / `nan:0x…` with the
 * payload, `inf`, `-0`, and otherwise the shortest decimal that reads back as the same float
 * (`0.1`, `1e+21`). f64 gets that from JavaScript's own number printing; for f32 the shortest
 * decimal is searched digit count by digit count, keeping one that lies strictly inside the
 * f32's rounding interval (so a correctly rounding parser, like @lantern/wat's, gives it back).
 */

const f32Scratch = new DataView(new ArrayBuffer(4));

function bitsToF32(bits: number): number {
  f32Scratch.setUint32(0, bits >>> 0, true);
  return f32Scratch.getFloat32(0, true);
}

const F32_QUIET = 0x400000;
const F64_QUIET = 0x8000000000000n;

/** An f32 constant given by its bit pattern. */
export function f32Text(bits: number): string {
  bits >>>= 0;
  const sign = bits >>> 31 ? '-' : '';
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) {
    if (mantissa === 0) return `${sign}inf`;
    return mantissa === F32_QUIET ? `${sign}nan` : `${sign}nan:0x${mantissa.toString(16)}`;
  }
  const x = bitsToF32(bits);
  if (x === 0) return `${sign}0`;
  const magnitude = bits & 0x7fffffff;
  // The rounding interval of x: halfway to its neighbours, exact in a double (an f32 midpoint
  // needs 25 significant bits).
  const below = magnitude === 0 ? 0 : bitsToF32(magnitude - 1);
  const self = Math.abs(x);
  const above = magnitude === 0x7f7fffff ? self + (self - below) : bitsToF32(magnitude + 1);
  const lo = (below + self) / 2;
  const hi = (self + above) / 2;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(self.toPrecision(digits));
    // Rounding to a double is monotonic: a double strictly inside (lo, hi) is a decimal inside it.
    if (candidate > lo && candidate < hi) return sign + String(candidate);
  }
  return sign + hexFloat(self);
}

/** An f64 constant given by its bit pattern. */
export function f64Text(bits: bigint): string {
  const sign = bits >> 63n ? '-' : '';
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const mantissa = bits & 0xfffffffffffffn;
  if (exponent === 0x7ff) {
    if (mantissa === 0n) return `${sign}inf`;
    return mantissa === F64_QUIET ? `${sign}nan` : `${sign}nan:0x${mantissa.toString(16)}`;
  }
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, bits & 0x7fffffffffffffffn, true);
  return sign + String(view.getFloat64(0, true));
}

/** A positive finite float as a hex float (`0x1.8p+1`): exact, for the rare f32 no decimal of <= 9 digits isolates. */
function hexFloat(x: number): string {
  let exponent = Math.floor(Math.log2(x));
  // Subnormals and rounding of log2: settle the exponent so the mantissa lies in [1, 2).
  while (x / 2 ** exponent >= 2) exponent++;
  while (x / 2 ** exponent < 1) exponent--;
  const mantissa = x / 2 ** exponent;
  return `0x${mantissa.toString(16)}p${exponent >= 0 ? '+' : ''}${exponent}`;
}
