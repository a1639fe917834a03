/**
 * Packed-lane (SWAR) JS for SIMD operations on 8-bit lanes: each works on a whole 32-bit word of
 * a v128 (four lanes) with masks instead of unpacking, computing and repacking every lane
 * (emitSimd.ts `smallLanes`, ~8 operations a lane). Two ways to keep lanes apart: whole-word
 * sums and differences with each byte's top bit done by xor (`swarAdd`, `swarSub`), its carry
 * or borrow out recovered from the operands' and result's top bits; or the word split in two
 * words of 16-bit halves — even bytes (`w & 0xff00ff`), odd bytes (`(w >>> 8) & 0xff00ff`) —
 * where bit 8 of a half says "a >= b" (compares). `Math.imul(bits, 255)` spreads a bit at a
 * byte's bit 0 to the whole byte.
 *
 * Each builder returns statements setting `d` from words `a` and `b` (variable names; `d` may be
 * `a`), using the temporaries T0 and T1 (emitSimd.ts declares them: `e.simdTemps`).
 */
export const T0 = 'v0$';
export const T1 = 'v1$';

const EVEN = '0xff00ff';
const ODD = (w: string) => `((${w} >>> 8) & 0xff00ff)`;
/** Bit 0 of each byte set. */
const ONES = '0x1010101';
/** Signed bytes compare as unsigned ones with their sign bits flipped. */
const flip = (w: string) => `(${w} ^ 0x80808080)`;

/** Per byte, bit 0 set where a >= b (unsigned): 0x100 + a - b in each half keeps bit 8 iff no borrow. */
function geBits(a: string, b: string): string {
  return `${T0} = ((${a} & ${EVEN}) | 0x1000100) - (${b} & ${EVEN}); ${T1} = (${ODD(a)} | 0x1000100) - ${ODD(b)};`;
}
const GE_BITS = `(((${T0} >>> 8) & 0x10001) | (${T1} & 0x1000100))`;
/** 0xff in each byte whose bit 0 is set in `bits`. */
const spread = (bits: string) => `Math.imul(${bits}, 255)`;

export type ByteCompare = 'eq' | 'ne' | 'lt' | 'gt' | 'le' | 'ge';

/** d = the lane mask of `a op b` on 8-bit lanes, signed or not. */
export function compare8(op: ByteCompare, signed: boolean, d: string, a: string, b: string): string {
  if (op === 'eq' || op === 'ne') {
    // A byte of a ^ b is non-zero iff adding 0x7f to its low 7 bits or'ed with itself sets bit 7.
    const nonZero = `((((${T0} & 0x7f7f7f7f) + 0x7f7f7f7f) | ${T0}) >>> 7) & ${ONES}`;
    return `${T0} = ${a} ^ ${b}; ${d} = ${spread(op === 'ne' ? `(${nonZero})` : `((${nonZero}) ^ ${ONES})`)};`;
  }
  const [x, y] = signed ? [flip(a), flip(b)] : [a, b];
  // a < b is !(a >= b); a <= b is b >= a; a > b is !(b >= a).
  const swap = op === 'le' || op === 'gt';
  const negate = op === 'lt' || op === 'gt';
  return `${swap ? geBits(y, x) : geBits(x, y)} ${d} = ${spread(negate ? `(${GE_BITS} ^ ${ONES})` : GE_BITS)};`;
}

/** d = per byte the smaller (or larger) of a and b, signed or not: b with the bytes of a where a is the pick. */
export function minMax8(max: boolean, signed: boolean, d: string, a: string, b: string): string {
  return `${compare8(max ? 'gt' : 'lt', signed, T0, a, b)} ${d} = ${b} ^ ((${a} ^ ${b}) & ${T0});`;
}

/**
 * d = a + b per byte, unsigned saturating: the bytes' wrapped sums (`swarAdd`), set to 255 where
 * the byte carried — its top bit's carry out is (a & b) | ((a | b) & ~sum).
 */
export function addSatU8(d: string, a: string, b: string): string {
  const carries = `((${a} & ${b}) | ((${a} | ${b}) & ~${T0})) & 0x80808080`;
  return `${T0} = ${swarAdd(a, b, '0x7f7f7f7f', '0x80808080')}; ${d} = ${T0} | ${spread(`(${carries}) >>> 7`)};`;
}

/**
 * d = a - b per byte, unsigned saturating: the bytes' wrapped differences (`swarSub`), cleared
 * where the byte borrowed — its top bit's borrow out is (~a & b) | (~(a ^ b) & difference).
 */
export function subSatU8(d: string, a: string, b: string): string {
  const borrows = `((~${a} & ${b}) | (${T0} & ${T1})) & 0x80808080`;
  return `${T0} = ${a} ^ ~${b}; ${T1} = ((${a} | 0x80808080) - (${b} & 0x7f7f7f7f)) ^ (${T0} & 0x80808080); ${d} = ${T1} & ~${spread(`(${borrows}) >>> 7`)};`;
}

/**
 * d = |a - b| per byte (unsigned): the wrapped differences (`swarSub`), negated — not, plus one —
 * in the bytes that borrowed (a < b: their difference is not 0, so the negation carries out of none).
 */
export function absDiffU8(d: string, a: string, b: string): string {
  return `${T0} = ${a} ^ ~${b}; ${T1} = ((${a} | 0x80808080) - (${b} & 0x7f7f7f7f)) ^ (${T0} & 0x80808080); ` +
    `${T0} = (((~${a} & ${b}) | (${T0} & ${T1})) & 0x80808080) >>> 7; ${d} = ((${T1} ^ ${spread(T0)}) + ${T0}) | 0;`;
}

/** (a + b + 1) >> 1 per lane (unsigned) as (a | b) - ((a ^ b) >> 1): never borrows across lanes. */
export function avgrU(bits: 8 | 16, a: string, b: string): string {
  return `((${a} | ${b}) - ((${a} ^ ${b}) >>> 1 & ${bits === 8 ? '0x7f7f7f7f' : '0x7fff7fff'})) | 0`;
}

/** The sign bits of word k's four bytes at bits 4k..4k+3 of an i8x16.bitmask: gathered by one multiply. */
export function byteSigns(w: string, k: number): string {
  // Sign bits at 0, 8, 16, 24 times 1 + 2^7 + 2^14 + 2^21 land at 21..24 in order; no two partial products share a bit.
  return `((Math.imul((${w} >>> 7) & ${ONES}, 0x204081) >>> ${21 - 4 * k}) & ${0xf << (4 * k)})`;
}

/** Per-word SWAR: the low bits of each lane add without carrying into the next, the top bits by xor. */
export function swarAdd(a: string, b: string, low: string, top: string): string {
  return `((${a} & ${low}) + (${b} & ${low})) ^ ((${a} ^ ${b}) & ${top})`;
}
/** Per-word SWAR: each lane's top bit set first, so no lane borrows from the next. */
export function swarSub(a: string, b: string, low: string, top: string): string {
  return `((${a} | ${top}) - (${b} & ${low})) ^ ((${a} ^ ~${b}) & ${top})`;
}

/** 16-bit lane sums when b's lanes are below 0x8000: only a's top bits need care (`swarAdd`). */
export function add16Small(a: string, b: string): string {
  return `((${a} & 0x7fff7fff) + ${b}) ^ (${a} & 0x80008000)`;
}

/**
 * a shifted per lane of `bits` (8 or 16) by n (0..bits-1): a literal, or the expression of a count
 * already reduced. A whole-word shift, then the bits that crossed into the next lane masked off;
 * signed right shifts of bytes fill each byte's top with its sign bit (`Math.imul` of the signs by
 * the fill), of 16-bit lanes shift each half alone.
 */
export function laneShift(kind: 'shl' | 'shr_s' | 'shr_u', bits: 8 | 16, a: string, n: number | string): string {
  const ones = bits === 8 ? 0x01010101 : 0x10001, full = bits === 8 ? 0xff : 0xffff;
  // The lane pattern `p(n)` in every lane: a literal for a constant n.
  const each = (p: (n: number) => number, js: string) => (typeof n === 'number' ? `${Math.imul(p(n), ones)}` : `Math.imul(${js}, ${ones})`);
  if (kind === 'shl') return `(${a} << ${n}) & ${each((k) => (full << k) & full, `(${full} << ${n}) & ${full}`)}`;
  const logical = `((${a} >>> ${n}) & ${each((k) => full >>> k, `${full} >>> ${n}`)})`;
  if (kind === 'shr_u') return logical;
  if (bits === 16) return `((((${a} << 16 >> 16) >> ${n}) & 0xffff) | ((${a} >> 16 >> ${n}) << 16))`;
  const fill = typeof n === 'number' ? `${(0xff << (8 - n)) & 0xff}` : `((0xff << (8 - ${n})) & 0xff)`;
  return `(${logical} | Math.imul((${a} >>> 7) & 0x1010101, ${fill}))`;
}
