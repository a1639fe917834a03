/**
 * JS for the numeric instructions (0x45–0xc4 and the saturating truncations 0xfc 0–7).
 *
 * Value representation in compiled code (operand `h` is the JS variable(s) of stack height h):
 *   i32  an int32 `s<h>`;  f32  a JS number `x<h>` holding an f32 value (arithmetic rounds once
 *   with Math.fround; a NaN's bits as f32Bits.ts maps them);  i64  two int32 halves `s<h>` (lo)
 *   and `t<h>` (hi), never a BigInt;  f64  a JS number `x<h>`.
 * Helpers shared with the interpreter (exec/numerics.ts, as `N`) do the wide operations on the
 * scratch Int32Array `S` (operands at S[2..5], result at S[0..1]): one implementation of each.
 * Trapping operations test first and leave through `trap(code)` before any effect.
 */
import type { Cat, JsEmitter } from './codegen.ts';

/** Whether numeric instruction `op` may trap (integer division, float-to-int truncation): only these need a trap site. */
export function numericMayTrap(op: number): boolean {
  return (op >= 0x6d && op <= 0x70) || (op >= 0x7f && op <= 0x82) || TRUNC[op] !== undefined;
}

/** Emits one numeric instruction; false when it is not one. */
export function emitNumeric(e: JsEmitter, op: number, sub: number): boolean {
  if (op === 0xfc) return emitTruncSat(e, sub);
  if (op >= 0x45 && op <= 0x4f) return emitI32Compare(e, op);
  if (op >= 0x50 && op <= 0x5a) return emitI64Compare(e, op);
  if (op >= 0x5b && op <= 0x66) return emitFloatCompare(e, op);
  if (op >= 0x67 && op <= 0x78) return emitI32Arith(e, op);
  if (op >= 0x79 && op <= 0x8a) return emitI64Arith(e, op);
  if (op >= 0x8b && op <= 0xa6) return emitFloatArith(e, op);
  if (op >= 0xa7 && op <= 0xc4) return emitConversion(e, op);
  return false;
}

const I32_CMP: Record<number, string> = { 0x46: '===', 0x47: '!==', 0x48: '<', 0x4a: '>', 0x4c: '<=', 0x4e: '>=' };
const U32_CMP: Record<number, string> = { 0x49: '<', 0x4b: '>', 0x4d: '<=', 0x4f: '>=' };

function emitI32Compare(e: JsEmitter, op: number): boolean {
  if (op === 0x45) {
    const cond = e.falsity(e.pop());
    e.compare(e.push('i'), cond);
    return true;
  }
  const b = e.pop(), a = e.pop(), d = e.push('i');
  if (I32_CMP[op] !== undefined) e.compare(d, `${e.s(a)} ${I32_CMP[op]} ${e.s(b)}`);
  else e.compare(d, `(${e.s(a)} >>> 0) ${U32_CMP[op]} (${e.s(b)} >>> 0)`);
  return true;
}

function emitI64Compare(e: JsEmitter, op: number): boolean {
  if (op === 0x50) {
    const a = e.pop();
    e.compare(e.push('i'), `(${e.s(a)} | ${e.t(a)}) === 0`);
    return true;
  }
  const b = e.pop(), a = e.pop(), d = e.push('i');
  const al = e.s(a), ah = e.t(a), bl = e.s(b), bh = e.t(b);
  const lu = (rel: string): string => `(${al} >>> 0) ${rel} (${bl} >>> 0)`;
  // signed: the high halves decide unless equal; then the low halves, unsigned
  const ord = (hiRel: string, loRel: string, unsigned: boolean): string => {
    const ha = unsigned ? `(${ah} >>> 0)` : ah, hb = unsigned ? `(${bh} >>> 0)` : bh;
    return `${ha} ${hiRel} ${hb} || (${ah} === ${bh} && ${lu(loRel)})`;
  };
  let cond: string;
  switch (op) {
    case 0x51: // i64.eq
      cond = `${al} === ${bl} && ${ah} === ${bh}`;
      break;
    case 0x52: // i64.ne
      cond = `${al} !== ${bl} || ${ah} !== ${bh}`;
      break;
    case 0x53: // i64.lt_s
      cond = ord('<', '<', false);
      break;
    case 0x54: // i64.lt_u
      cond = ord('<', '<', true);
      break;
    case 0x55: // i64.gt_s
      cond = ord('>', '>', false);
      break;
    case 0x56: // i64.gt_u
      cond = ord('>', '>', true);
      break;
    case 0x57: // i64.le_s
      cond = ord('<', '<=', false);
      break;
    case 0x58: // i64.le_u
      cond = ord('<', '<=', true);
      break;
    case 0x59: // i64.ge_s
      cond = ord('>', '>=', false);
      break;
    default: cond = ord('>', '>=', true); break;
  }
  e.compare(d, cond);
  return true;
}

const F_CMP = ['===', '!==', '<', '>', '<=', '>='];

function emitFloatCompare(e: JsEmitter, op: number): boolean {
  const is32 = op <= 0x60;
  const rel = F_CMP[is32 ? op - 0x5b : op - 0x61];
  const b = e.pop(), a = e.pop(), d = e.push('i');
  e.compare(d, `${e.x(a)} ${rel} ${e.x(b)}`);
  return true;
}

function emitI32Arith(e: JsEmitter, op: number): boolean {
  if (op <= 0x69) {
    const a = e.pop(), d = e.push('i'), x = e.s(a);
    const expr = op === 0x67 ? `Math.clz32(${x})` : op === 0x68 ? `N.i32Ctz(${x})` : `N.i32Popcnt(${x})`;
    e.out(`${d} = ${expr};`);
    return true;
  }
  const b = e.pop(), a = e.pop();
  const x = e.s(a), y = e.s(b);
  if (op >= 0x6d && op <= 0x70) {
    // a zero divisor traps; div_s also on INT_MIN / -1 (rem_s gives 0 there: `| 0` of JS's -0)
    e.trapIf(`${y} === 0`, 'TRAP_DIV_ZERO');
    if (op === 0x6d) e.trapIf(`${x} === -2147483648 && ${y} === -1`, 'TRAP_OVERFLOW');
    const expr = [`(${x} / ${y}) | 0`, `((${x} >>> 0) / (${y} >>> 0)) | 0`, `(${x} % ${y}) | 0`, `((${x} >>> 0) % (${y} >>> 0)) | 0`][op - 0x6d];
    e.out(`${e.push('i')} = ${expr};`);
    return true;
  }
  let expr: string;
  switch (op) {
    case 0x6a: // i32.add
      expr = `(${x} + ${y}) | 0`;
      break;
    case 0x6b: // i32.sub
      expr = `(${x} - ${y}) | 0`;
      break;
    case 0x6c: // i32.mul
      expr = `Math.imul(${x}, ${y})`;
      break;
    case 0x71: // i32.and
      expr = `${x} & ${y}`;
      break;
    case 0x72: // i32.or
      expr = `${x} | ${y}`;
      break;
    case 0x73: // i32.xor
      expr = `${x} ^ ${y}`;
      break;
    case 0x74: // i32.shl
      expr = `${x} << ${y}`;
      break;
    case 0x75: // i32.shr_s
      expr = `${x} >> ${y}`;
      break;
    case 0x76: // i32.shr_u
      expr = `(${x} >>> ${y}) | 0`;
      break;
    default: { // rotl, rotr
      const k = e.constAt(b);
      const r = k === undefined ? -1 : (op === 0x77 ? k : 32 - k) & 31;
      expr = r < 0 ? `N.i32Rot${op === 0x77 ? 'l' : 'r'}(${x}, ${y})` : r === 0 ? x : `(${x} << ${r}) | (${x} >>> ${32 - r})`;
      break;
    }
  }
  e.out(`${e.push('i')} = ${expr};`);
  return true;
}

/** Sets the i64 operand `d` from the scratch result S[0..1]. */
function fromScratch(e: JsEmitter, d: number | string): void {
  e.out(`${e.s(d)} = S[0]; ${e.t(d)} = S[1];`);
}

function emitI64Arith(e: JsEmitter, op: number): boolean {
  if (op <= 0x7b) {
    const a = e.pop(), d = e.push('l');
    const fn = op === 0x79 ? 'i64Clz' : op === 0x7a ? 'i64Ctz' : 'i64Popcnt';
    e.out(`${e.s(d)} = N.${fn}(${e.s(a)}, ${e.t(a)}); ${e.t(d)} = 0;`);
    return true;
  }
  const b = e.pop(), a = e.pop();
  const al = e.s(a), ah = e.t(a), bl = e.s(b), bh = e.t(b);
  switch (op) {
    case 0x7c: { // i64.add: the carry out of the low halves with bit operations (no data-dependent branch)
      e.out(`lo$ = (${al} + ${bl}) | 0; hi$ = (${ah} + ${bh} + (((${al} & ${bl}) | ((${al} | ${bl}) & ~lo$)) >>> 31)) | 0;`);
      const d = e.push('l');
      e.out(`${e.s(d)} = lo$; ${e.t(d)} = hi$;`);
      return true;
    }
    case 0x7d: { // i64.sub: the borrow likewise
      e.out(`lo$ = (${al} - ${bl}) | 0; hi$ = (${ah} - ${bh} - (((~${al} & ${bl}) | (~(${al} ^ ${bl}) & lo$)) >>> 31)) | 0;`);
      const d = e.push('l');
      e.out(`${e.s(d)} = lo$; ${e.t(d)} = hi$;`);
      return true;
    }
    case 0x7e: { // i64.mul: inline (a helper call would not be inlined into a large function)
      e.out(`lo$ = Math.imul(${al}, ${bl}); hi$ = ${mulHi(al, ah, bl, bh, 'lo$')};`);
      const d = e.push('l');
      e.out(`${e.s(d)} = lo$; ${e.t(d)} = hi$;`);
      return true;
    }
    case 0x7f: // i64.div_s
    case 0x80: // i64.div_u
    case 0x81: // i64.rem_s
    case 0x82: // i64.rem_u
      emitI64Divide(e, op, a, b);
      return true;
    case 0x83: // i64.and
    case 0x84: // i64.or
    case 0x85: { // i64.xor
      const rel = op === 0x83 ? '&' : op === 0x84 ? '|' : '^';
      e.out(`lo$ = ${al} ${rel} ${bl}; hi$ = ${ah} ${rel} ${bh};`);
      const d = e.push('l');
      e.out(`${e.s(d)} = lo$; ${e.t(d)} = hi$;`);
      return true;
    }
    default: { // shifts and rotates: the count is the low 6 bits
      const k = e.constAt(b);
      if (k !== undefined) {
        const [lo, hi] = constShift(op, al, ah, k & 63);
        e.out(`lo$ = ${lo}; hi$ = ${hi};`);
        const d = e.push('l');
        e.out(`${e.s(d)} = lo$; ${e.t(d)} = hi$;`);
        return true;
      }
      e.out(varShift(op, al, ah, bl));
      const d = e.push('l');
      e.out(`${e.s(d)} = lo$; ${e.t(d)} = hi$;`);
      return true;
    }
  }
}

/**
 * The high half of the i64 product of halves (al, ah) * (bl, bh), its low half `lo` (Math.imul
 * of al and bl) computed already: the unsigned 32x32 high word from one double product, plus the
 * cross products' low words. The double product P' of two uint32s is within 2^10 of the exact P
 * (53 bits of 64); P - lo is high * 2^32 exactly, so (P' - lo) / 2^32 lies within 2^-21 of the
 * high word and truncating it + 0.5 gives it exactly (checked against BigInt on edge and random
 * operands in test/tier/i64ops.test.ts). Half the operations of 16-bit pieces.
 */
function mulHi(al: string, ah: string, bl: string, bh: string, lo: string): string {
  const high = `((((${al} >>> 0) * (${bl} >>> 0) - (${lo} >>> 0)) / 4294967296 + 0.5) >>> 0)`;
  return `(${high} + Math.imul(${al}, ${bh}) + Math.imul(${ah}, ${bl})) | 0`;
}

/**
 * i64 div/rem. Inline fast paths: both operands sign-extended int32s (signed; one double
 * division), or a divisor below 2^32 (unsigned; two exact double divisions, or for a constant
 * divisor two multiplications by its reciprocal: constDivU). Anything else calls the
 * interpreter's helper through the scratch array.
 */
function emitI64Divide(e: JsEmitter, op: number, a: number, b: number): void {
  const al = e.s(a), ah = e.t(a), bl = e.s(b), bh = e.t(b);
  const signed = op === 0x7f || op === 0x81, rem = op >= 0x81;
  const divisor = e.constAt(b);
  e.trapIf(`(${bl} | ${bh}) === 0`, 'TRAP_DIV_ZERO');
  if (op === 0x7f) e.trapIf(`${al} === 0 && ${ah} === -2147483648 && (${bl} & ${bh}) === -1`, 'TRAP_OVERFLOW');
  const slow = [`S[2] = ${al}; S[3] = ${ah}; S[4] = ${bl}; S[5] = ${bh};`, `N.${['i64DivS', 'i64DivU', 'i64RemS', 'i64RemU'][op - 0x7f]}(S, 0, 2, 4);`, 'lo$ = S[0]; hi$ = S[1];'].join(' ');
  if (signed) {
    // |quotient| <= 2^31: lo is its int32 wrap, hi its sign; a remainder keeps the dividend's sign
    const fast = rem ? `lo$ = (${al} % ${bl}) | 0; hi$ = lo$ >> 31;` : `fv$ = Math.trunc(${al} / ${bl}); lo$ = fv$ | 0; hi$ = fv$ < 0 ? -1 : 0;`;
    e.out(`if (${ah} === ${al} >> 31 && ${bh} === ${bl} >> 31) { ${fast} } else { ${slow} }`);
  } else if (divisor !== undefined && divisor !== 0) {
    // the low half is a constant: V8 folds the test of the high half, a constant too
    e.out(`if (${bh} === 0) { ${constDivU(al, ah, divisor >>> 0, rem)} } else { ${slow} }`);
  } else {
    // long division by ea$ (the divisor, a uint32 as a double) in two digits: (hi:lo >>> 12) < 2^52,
    // then the low 12 bits; every product and remainder is an exact double, so each floor is exact
    e.out(`if (${bh} === 0) { ea$ = ${bl} >>> 0; fv$ = (${ah} >>> 0) * 1048576 + (${al} >>> 12); q$ = Math.floor(fv$ / ea$);`);
    e.out(`fv$ = (fv$ - q$ * ea$) * 4096 + (${al} & 0xfff);`);
    e.out(rem ? 'lo$ = (fv$ - Math.floor(fv$ / ea$) * ea$) | 0; hi$ = 0;'
      : 'hi$ = Math.floor(q$ / 1048576); lo$ = ((q$ - hi$ * 1048576) * 4096 + Math.floor(fv$ / ea$)) | 0; hi$ |= 0;');
    e.out(`} else { ${slow} }`);
  }
  const d = e.push('l');
  e.out(`${e.s(d)} = lo$; ${e.t(d)} = hi$;`);
}

/**
 * Unsigned (ah:al) / d or % d into (lo$, hi$), d a constant 1 <= d < 2^32, with multiplications
 * by 1/d instead of divisions on the chain of dependent operations (several times cheaper). A
 * quotient guess q$ = floor(x * (1/d)) within one of the true quotient leaves a remainder in
 * [-d, 2d), and that exact remainder corrects the guess.
 *
 * 2^13 <= d <= 2^30: one guess from the whole dividend x rounded to a double (x is within 2^10 of
 * it, and the product's relative error is at most 2^-52, so the guess is within 5 * 2^10 / d < 1
 * of x / d); the remainder, in [-d, 2d), is exact in int32 arithmetic (mod 2^32).
 * Otherwise long division in two digits whose dividends fv$ stay below 2^53, where each guess's
 * remainder is an exact double: for d < 2^13 the high word, then (its remainder):lo < d * 2^32;
 * for d > 2^30 (hi:lo >>> 12) < 2^52, then the low 12 bits (its first digit's quotient is then
 * below 2^22). Checked against BigInt in test/tier/i64ops.test.ts.
 */
function constDivU(al: string, ah: string, d: number, rem: boolean): string {
  if (d >= 2 ** 13 && d <= 2 ** 30) {
    return `q$ = Math.floor(((${ah} >>> 0) * 4294967296 + (${al} >>> 0)) * ${1 / d}); n$ = (${al} - Math.imul(q$, ${d})) | 0; ` +
      `if (n$ < 0) { n$ += ${d}; q$ -= 1; } else if (n$ >= ${d}) { n$ -= ${d}; q$ += 1; } ` +
      (rem ? 'lo$ = n$; hi$ = 0;' : `lo$ = q$ | 0; hi$ = Math.floor(q$ / 4294967296) | 0;`);
  }
  const digit = (q: string) => `${q} = Math.floor(fv$ * ${1 / d}); fv$ -= ${q} * ${d}; if (fv$ < 0) { fv$ += ${d}; ${q} -= 1; } else if (fv$ >= ${d}) { fv$ -= ${d}; ${q} += 1; }`;
  if (d < 2 ** 13) {
    const high = `fv$ = ${ah} >>> 0; ${digit(rem ? 'q$' : 'hi$')}`;
    const low = `fv$ = fv$ * 4294967296 + (${al} >>> 0); ${digit('q$')}`;
    return `${high} ${low} ${rem ? 'lo$ = fv$ | 0; hi$ = 0;' : 'lo$ = q$ | 0; hi$ |= 0;'}`;
  }
  const high = `fv$ = (${ah} >>> 0) * 1048576 + (${al} >>> 12); ${digit('q$')}`;
  const low = `fv$ = fv$ * 4096 + (${al} & 0xfff); ${digit('q$')}`;
  return rem ? `${high} ${low} lo$ = fv$ | 0; hi$ = 0;` : `${high} lo$ = q$ << 12; hi$ = q$ >>> 20; ${low} lo$ |= q$;`;
}

/**
 * An i64 shift or rotate by a variable count into (lo$, hi$). n$ = count & 63; JS shifts use
 * their count mod 32, so `x << n$` is `x << (n$ - 32)` in the n$ >= 32 arm, and the bits crossing
 * between halves shift in two steps (`(x >>> 1) >>> (31 - n$)` is 0, not x, when n$ is 0).
 */
function varShift(op: number, lo: string, hi: string, count: string): string {
  const up = (x: string) => `((${x} >>> 1) >>> (31 - n$))`, down = (x: string) => `((${x} << 1) << (31 - n$))`;
  let small: string, large: string;
  switch (op) {
    case 0x86: // i64.shl
      small = `hi$ = (${hi} << n$) | ${up(lo)}; lo$ = ${lo} << n$;`;
      large = `hi$ = ${lo} << n$; lo$ = 0;`;
      break;
    case 0x87: // i64.shr_s
      small = `lo$ = (${lo} >>> n$) | ${down(hi)}; hi$ = ${hi} >> n$;`;
      large = `lo$ = ${hi} >> n$; hi$ = ${hi} >> 31;`;
      break;
    case 0x88: // i64.shr_u
      small = `lo$ = (${lo} >>> n$) | ${down(hi)}; hi$ = (${hi} >>> n$) | 0;`;
      large = `lo$ = (${hi} >>> n$) | 0; hi$ = 0;`;
      break;
    default: { // rotl; rotr by k is rotl by 64 - k
      const rotl = (l: string, h: string) => `lo$ = (${l} << n$) | ${up(h)}; hi$ = (${h} << n$) | ${up(l)};`;
      small = rotl(lo, hi);
      large = rotl(hi, lo);
      return `n$ = ${op === 0x89 ? `${count} & 63` : `(64 - (${count} & 63)) & 63`}; if (n$ < 32) { ${small} } else { ${large} }`;
    }
  }
  return `n$ = ${count} & 63; if (n$ < 32) { ${small} } else { ${large} }`;
}

/** An i64 shift or rotate by a constant 0 <= k < 64 on halves (lo, hi): the [lo, hi] expressions. */
function constShift(op: number, lo: string, hi: string, k: number): [string, string] {
  if (op === 0x89 || op === 0x8a) { // rotl / rotr: rotr k = rotl (64 - k)
    let r = op === 0x89 ? k : (64 - k) & 63;
    let [l, h] = [lo, hi];
    if (r >= 32) { [l, h] = [h, l]; r -= 32; }
    if (r === 0) return [l, h];
    return [`(${l} << ${r}) | (${h} >>> ${32 - r})`, `(${h} << ${r}) | (${l} >>> ${32 - r})`];
  }
  if (k === 0) return [lo, hi];
  if (op === 0x86) return k < 32 ? [`${lo} << ${k}`, `(${hi} << ${k}) | (${lo} >>> ${32 - k})`] : ['0', `${lo} << ${k - 32}`];
  const shr = op === 0x87 ? '>>' : '>>>';
  if (k < 32) return [`(${lo} >>> ${k}) | (${hi} << ${32 - k})`, `${op === 0x87 ? `${hi} >> ${k}` : `(${hi} >>> ${k}) | 0`}`];
  return [`(${hi} ${shr} ${k - 32}) | 0`, op === 0x87 ? `${hi} >> 31` : '0'];
}

function emitFloatArith(e: JsEmitter, op: number): boolean {
  const is32 = op <= 0x98;
  const k = is32 ? op - 0x8b : op - 0x99;
  const cat: Cat = is32 ? 'f' : 'd';
  if (k <= 6) { // abs neg ceil floor trunc nearest sqrt
    const a = e.pop(), d = e.push(cat);
    if (k <= 1) { // sign-bit operations: NaN payloads are kept
      if (is32) e.out(`${d} = (fv$ = ${e.x(a)}) === fv$ ? ${k === 0 ? 'Math.abs(fv$)' : '-fv$'} : N.${k === 0 ? 'f32Abs' : 'f32Neg'}(fv$);`);
      else e.out(`${d} = ${k === 0 ? 'fabs' : 'fneg'}(${e.x(a)});`);
      return true;
    }
    const fn = ['Math.ceil', 'Math.floor', 'Math.trunc', 'N.fNearest', 'Math.sqrt'][k - 2];
    // Math.ceil/floor/trunc return a signalling NaN unchanged: a fresh NaN instead (as the interpreter);
    // their results are integers an f32 holds already
    const arg = k <= 4 ? `(fv$ = ${e.x(a)}) !== fv$ ? NaN : ${fn}(fv$)` : e.fwrap(cat, `${fn}(${e.x(a)})`);
    e.out(`${d} = ${arg};`);
    return true;
  }
  const b = e.pop(), a = e.pop(), d = e.push(cat);
  if (k === 13) { // copysign: bits
    e.out(`${d} = ${is32 ? 'N.f32Copysign' : 'fcopysign'}(${e.x(a)}, ${e.x(b)});`);
    return true;
  }
  // (min/max round too: Math.fround quiets a signalling NaN operand Math.min returns as is)
  const x = e.x(a), y = e.x(b);
  const expr = [`${x} + ${y}`, `${x} - ${y}`, `${x} * ${y}`, `${x} / ${y}`, `Math.min(${x}, ${y})`, `Math.max(${x}, ${y})`][k - 7];
  e.out(`${d} = ${e.fwrap(cat, expr)};`);
  return true;
}

/** i32/i64 trunc from a float: [result is i64, source is f64, signed]. */
const TRUNC: Record<number, [boolean, boolean, boolean]> = {
  0xa8: [false, false, true], 0xa9: [false, false, false], 0xaa: [false, true, true], 0xab: [false, true, false],
  0xae: [true, false, true], 0xaf: [true, false, false], 0xb0: [true, true, true], 0xb1: [true, true, false],
};

function emitConversion(e: JsEmitter, op: number): boolean {
  const trunc = TRUNC[op];
  if (trunc !== undefined) {
    const [wide, , signed] = trunc;
    const a = e.pop();
    e.out(`fv$ = ${e.x(a)};`);
    const check = `N.${wide ? 'i64' : 'i32'}Trunc${signed ? 'S' : 'U'}Check(fv$)`;
    e.trapIf(`(e$ = ${check}) !== 0`, 'e$');
    if (wide) {
      e.out('N.i64Trunc(S, 0, fv$);');
      fromScratch(e, e.push('l'));
    } else {
      e.out(`${e.push('i')} = N.i32Trunc${signed ? 'S' : 'U'}(fv$);`);
    }
    return true;
  }
  const a = e.pop();
  switch (op) {
    case 0xa7: // i32.wrap_i64
      e.out(`${e.push('i')} = ${e.s(a)};`); return true; // i32.wrap_i64
    case 0xac: // i64.extend_i32_s
    case 0xad: { // i64.extend_i32_u: i64.extend_i32_s / _u
      const d = e.push('l');
      e.out(`${e.s(d)} = ${e.s(a)}; ${e.t(d)} = ${op === 0xac ? `${e.s(a)} >> 31` : '0'};`);
      return true;
    }
    case 0xb2: // f32.convert_i32_s
      e.out(`${e.push('f')} = Math.fround(${e.s(a)});`); return true;
    case 0xb3: // f32.convert_i32_u
      e.out(`${e.push('f')} = Math.fround(${e.s(a)} >>> 0);`); return true;
    case 0xb4: // f32.convert_i64_s
      e.out(`${e.push('f')} = N.f32ConvertI64S(${e.s(a)}, ${e.t(a)});`); return true;
    case 0xb5: // f32.convert_i64_u
      e.out(`${e.push('f')} = N.f32ConvertI64U(${e.s(a)}, ${e.t(a)});`); return true;
    case 0xb6: // f32.demote_f64 (a NaN comes out quiet, its payload's top bits kept)
      e.out(`${e.push('f')} = Math.fround(${e.x(a)});`); return true;
    case 0xb7: // f64.convert_i32_s
      e.out(`${e.push('d')} = ${e.s(a)};`); return true;
    case 0xb8: // f64.convert_i32_u
      e.out(`${e.push('d')} = ${e.s(a)} >>> 0;`); return true;
    case 0xb9: // f64.convert_i64_s
      e.out(`${e.push('d')} = N.f64ConvertI64S(${e.s(a)}, ${e.t(a)});`); return true;
    case 0xba: // f64.convert_i64_u
      e.out(`${e.push('d')} = N.f64ConvertI64U(${e.s(a)}, ${e.t(a)});`); return true;
    case 0xbb: // f64.promote_f32: the same number; a NaN made quiet
      e.out(`${e.push('d')} = (fv$ = ${e.x(a)}) === fv$ ? fv$ : N.f32Promote(fv$);`); return true;
    case 0xbc: // i32.reinterpret_f32
      e.out(`${e.push('i')} = N.f32ToBits(${e.x(a)});`); return true;
    case 0xbe: // f32.reinterpret_i32
      e.out(`${e.push('f')} = N.f32FromBits(${e.s(a)});`); return true;
    case 0xbd: { // i64.reinterpret_f64
      const d = e.push('l');
      e.out(`SD[0] = ${e.x(a)}; ${e.s(d)} = S[0]; ${e.t(d)} = S[1];`);
      return true;
    }
    case 0xbf: // f64.reinterpret_i64
      e.out(`S[0] = ${e.s(a)}; S[1] = ${e.t(a)}; ${e.push('d')} = SD[0];`); return true; // f64.reinterpret_i64
    case 0xc0: // i32.extend8_s
    case 0xc1: // i32.extend16_s: i32.extend8_s / 16_s
      e.out(`${e.push('i')} = (${e.s(a)} << ${op === 0xc0 ? 24 : 16}) >> ${op === 0xc0 ? 24 : 16};`);
      return true;
    default: { // i64.extend8_s / 16_s / 32_s
      const sh = op === 0xc2 ? 24 : op === 0xc3 ? 16 : 0;
      const d = e.push('l');
      e.out(`${e.s(d)} = (${e.s(a)} << ${sh}) >> ${sh}; ${e.t(d)} = ${e.s(d)} >> 31;`);
      return true;
    }
  }
}

function emitTruncSat(e: JsEmitter, sub: number): boolean {
  if (sub > 7) return false;
  const wide = sub >= 4, src64 = (sub & 2) !== 0, signed = (sub & 1) === 0;
  const a = e.pop();
  const v = e.x(a);
  if (wide) {
    e.out(`N.i64TruncSat${signed ? 'S' : 'U'}(S, 0, ${v});`);
    fromScratch(e, e.push('l'));
  } else {
    e.out(`${e.push('i')} = N.i32TruncSat${signed ? 'S' : 'U'}(${v});`);
  }
  return true;
}
