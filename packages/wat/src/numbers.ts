// Numbers: integer and float literal parsing with exact range checks and correctly rounded floats
// (f32 never double-rounds; hex floats are rounded from their exact value).
// Functions return null when the text is not a literal of the expected shape and 'range' when it
// is well-formed but does not fit; callers turn both into positioned WatErrors.

const INT_RE = /^[+-]?(?:\d(?:_?\d)*|0x[0-9a-fA-F](?:_?[0-9a-fA-F])*)$/;
const DEC_FLOAT_RE = /^[+-]?\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][+-]?\d(?:_?\d)*)?$/;
const HEX_FLOAT_RE =
  /^[+-]?0x[0-9a-fA-F](?:_?[0-9a-fA-F])*(?:\.(?:[0-9a-fA-F](?:_?[0-9a-fA-F])*)?)?(?:[pP][+-]?\d(?:_?\d)*)?$/;

/** Result of a literal parse: the value, 'range' when well-formed but out of range, null when not a literal. */
export type Lit<T> = T | 'range' | null;

function isPlainDecimal(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return t.length > 0;
}

/** Unsigned integer literal (no sign), e.g. an index or alignment; up to 2^32-1 unless `max` says otherwise. */
export function parseU32(t: string): Lit<number> {
  if (t.length <= 9 && isPlainDecimal(t)) return Number(t);
  const c = t.charCodeAt(0);
  if (c === 0x2b || c === 0x2d || !INT_RE.test(t)) return null;
  const v = Number(t.replace(/_/g, ''));
  return v <= 0xffffffff ? v : 'range';
}

/** Unsigned 64-bit literal (no sign) as a bigint. */
export function parseU64(t: string): Lit<bigint> {
  const c = t.charCodeAt(0);
  if (c === 0x2b || c === 0x2d || !INT_RE.test(t)) return null;
  const v = BigInt(t.replace(/_/g, ''));
  return v <= 0xffffffffffffffffn ? v : 'range';
}

/** i32 literal (signed or unsigned range) as a signed 32-bit number. */
export function parseI32(t: string): Lit<number> {
  if (t.length <= 9) {
    const c = t.charCodeAt(0);
    const body = c === 0x2d || c === 0x2b ? t.slice(1) : t;
    if (isPlainDecimal(body)) {
      const v = Number(body);
      return c === 0x2d ? -v | 0 : v | 0;
    }
  }
  if (!INT_RE.test(t)) return null;
  const neg = t.charCodeAt(0) === 0x2d;
  const body = t.charCodeAt(0) === 0x2d || t.charCodeAt(0) === 0x2b ? t.slice(1) : t;
  const v = Number(body.replace(/_/g, ''));
  if (neg ? v > 0x80000000 : v > 0xffffffff) return 'range';
  return neg ? -v | 0 : v | 0;
}

/** An i8 or i16 literal (a v128 lane: signed or unsigned range) as its unsigned `bits`-bit value. */
export function parseINarrow(t: string, bits: 8 | 16): Lit<number> {
  if (!INT_RE.test(t)) return null;
  const neg = t.charCodeAt(0) === 0x2d;
  const body = neg || t.charCodeAt(0) === 0x2b ? t.slice(1) : t;
  const v = Number(body.replace(/_/g, ''));
  if (neg ? v > 2 ** (bits - 1) : v >= 2 ** bits) return 'range';
  return (neg ? 2 ** bits - v : v) % 2 ** bits;
}

/** i64 literal as a signed bigint. */
export function parseI64(t: string): Lit<bigint> {
  if (!INT_RE.test(t)) return null;
  const c = t.charCodeAt(0);
  const neg = c === 0x2d;
  const body = c === 0x2d || c === 0x2b ? t.slice(1) : t;
  const v = BigInt(body.replace(/_/g, ''));
  if (neg ? v > 0x8000000000000000n : v > 0xffffffffffffffffn) return 'range';
  return BigInt.asIntN(64, neg ? -v : v);
}

// ---------------------------------------------------------------------------------------------
// floats

interface FloatFormat {
  mantBits: number;
  expBits: number;
}
const F32: FloatFormat = { mantBits: 23, expBits: 8 };
const F64: FloatFormat = { mantBits: 52, expBits: 11 };

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/**
 * Round mant * 2^exp2 (+ a sticky bit below the last mantissa bit when `sticky`) to nearest-even
 * in the given format. Returns the magnitude bits, or null on overflow to infinity.
 */
function roundToFormat(mant: bigint, exp2: number, sticky: boolean, f: FloatFormat): bigint | null {
  if (mant === 0n) return 0n;
  const p = f.mantBits + 1;
  const bias = (1 << (f.expBits - 1)) - 1;
  const emin = 1 - bias;
  const L = bitLength(mant);
  const e = L - 1 + exp2;
  if (e > bias + 1) return null;
  let shift = Math.max(L - p, emin - f.mantBits - exp2);
  let q: bigint;
  if (shift > L + 1) return 0n; // far below the smallest subnormal: rounds to zero
  if (shift > 0) {
    const s = BigInt(shift);
    q = mant >> s;
    const rem = mant & ((1n << s) - 1n);
    const half = 1n << (s - 1n);
    if (rem > half || (rem === half && (sticky || (q & 1n) === 1n))) q += 1n;
  } else {
    q = mant << BigInt(-shift);
  }
  let qe = exp2 + shift;
  if (q === 1n << BigInt(p)) {
    q >>= 1n;
    qe++;
    shift++;
  }
  const implicit = 1n << BigInt(f.mantBits);
  if (q < implicit) return q; // subnormal (or zero)
  const biased = qe + f.mantBits + bias;
  if (biased >= (1 << f.expBits) - 1) return null;
  return (BigInt(biased) << BigInt(f.mantBits)) | (q - implicit);
}

/** Exact rounding of a decimal literal body (no sign, underscores removed). */
function roundDecimal(body: string, f: FloatFormat): bigint | null {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(body)!;
  const intPart = m[1] ?? '';
  const frac = m[2] ?? '';
  const exp10 = Number(m[3] ?? '0') - frac.length;
  const digits = (intPart + frac).replace(/^0+/, '');
  if (digits === '') return 0n;
  // cap absurd exponents (the value is then clearly 0 or infinite)
  if (exp10 + digits.length > 400) return null;
  if (exp10 + digits.length < -400) return 0n;
  const D = BigInt(digits);
  if (exp10 >= 0) return roundToFormat(D * 10n ** BigInt(exp10), 0, false, f);
  const den = 10n ** BigInt(-exp10);
  const k = Math.max(0, f.mantBits + 4 + bitLength(den) - bitLength(D));
  const num = D << BigInt(k);
  const q = num / den;
  const sticky = num % den !== 0n;
  return roundToFormat(q, -k, sticky, f);
}

function roundHex(body: string, f: FloatFormat): bigint | null {
  const m = /^0x([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(body)!;
  const intPart = m[1] ?? '';
  const frac = m[2] ?? '';
  const exp2 = Number(m[3] ?? '0') - 4 * frac.length;
  const mant = BigInt('0x' + (intPart + frac || '0'));
  if (mant === 0n) return 0n;
  // keep exponents in a sane range before BigInt shifting
  const L = bitLength(mant);
  if (exp2 + L > 5000) return null;
  if (exp2 + L < -5000) return 0n;
  return roundToFormat(mant, exp2, false, f);
}

const f64buf = new Float64Array(1);
const u64buf = new BigUint64Array(f64buf.buffer);
const u32buf = new Uint32Array(f64buf.buffer);
const f32buf = new Float32Array(1);
const f32bits = new Uint32Array(f32buf.buffer);

export function f32ToBits(x: number): number {
  f32buf[0] = x;
  return f32bits[0]!;
}
export function bitsToF32(b: number): number {
  f32bits[0] = b;
  return f32buf[0]!;
}
export function f64ToBits(x: number): bigint {
  f64buf[0] = x;
  return u64buf[0]!;
}

/** Is the double d exactly halfway between two adjacent f32 values (at f32 precision)? */
function isF32Midpoint(d: number): boolean {
  f64buf[0] = d;
  const hi = u32buf[1]!;
  const e = ((hi >>> 20) & 0x7ff) - 1023;
  const qexp = Math.max(e, -126) - 23;
  const scaled = Math.abs(d) / Math.pow(2, qexp);
  return scaled - Math.floor(scaled) === 0.5;
}

function stripSign(t: string): [boolean, string] {
  const c = t.charCodeAt(0);
  if (c === 0x2d) return [true, t.slice(1)];
  if (c === 0x2b) return [false, t.slice(1)];
  return [false, t];
}

function parseFloatBits(t: string, f: FloatFormat): Lit<bigint> {
  const [neg, body] = stripSign(t);
  const signBit = BigInt(1) << BigInt(f.mantBits + f.expBits);
  const expMask = (1n << BigInt(f.expBits)) - 1n;
  const inf = expMask << BigInt(f.mantBits);
  let mag: bigint | null;
  if (body === 'inf') mag = inf;
  else if (body === 'nan') mag = inf | (1n << BigInt(f.mantBits - 1));
  else if (body.startsWith('nan:0x')) {
    const h = body.slice(4);
    if (!INT_RE.test(h)) return null;
    const payload = BigInt(h.replace(/_/g, ''));
    if (payload === 0n || payload >= 1n << BigInt(f.mantBits)) return 'range';
    mag = inf | payload;
  } else if (body.startsWith('0x')) {
    if (!HEX_FLOAT_RE.test(body)) return null;
    mag = roundHex(body.replace(/_/g, ''), f);
    if (mag === null) return 'range';
  } else {
    if (!DEC_FLOAT_RE.test(body)) return null;
    const clean = body.indexOf('_') >= 0 ? body.replace(/_/g, '') : body;
    if (f === F64) {
      const d = Number(clean);
      if (d === Infinity) return 'range';
      mag = f64ToBits(d);
    } else {
      const d = Number(clean);
      const r = Math.fround(d);
      if (r === d || (!isF32Midpoint(d) && r !== Infinity)) mag = BigInt(f32ToBits(r));
      else mag = roundDecimal(clean, f);
      if (mag === null) return 'range';
    }
  }
  return neg ? mag | signBit : mag;
}

/** f32 literal → its 32-bit pattern (unsigned). */
export function parseF32(t: string): Lit<number> {
  const r = parseFloatBits(t, F32);
  return typeof r === 'bigint' ? Number(r) : r;
}

/** f64 literal → its 64-bit pattern (unsigned bigint). */
export function parseF64(t: string): Lit<bigint> {
  return parseFloatBits(t, F64);
}
