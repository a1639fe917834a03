/**
 * JS for the SIMD instructions (0xFD: fixed-width and relaxed). A v128 is four int32 JS variables,
 * its 32-bit lanes little-endian as in memory and in the interpreter's VM slots (codegen.ts
 * `vars`), so a deoptimization spills exactly the interpreter's bits.
 *
 * Inline: the integer operations on 8-, 16- and 32-bit lanes that stay cheap on whole words —
 * loads and stores, splats, lane access, shuffles, bitwise ops, shifts, add/sub (8- and 16-bit lanes as
 * SWAR), compares, min/max, saturating add/sub, narrowing, extension, pairwise sums, extmul,
 * popcnt, q15mulr, i32x4.dot, bitmasks — each lane computed with the semantics of exec/simd.ts's loop for it.
 * Most 8-bit lane operations work on packed words (simdSwar.ts); the others unpack, compute and
 * repack each lane. Saturation is Math.min/max, which V8 compiles to int32 compares (a helper's
 * call would not be inlined into a function this large: V8's inlining budget is spent). Widened
 * bytes carry a bound of their 16-bit lanes (JsEmitter.laneMax), so their sums add as words.
 *
 * f32x4 add/sub/mul/div are inline where no lane is NaN (`f32Arithmetic`). Everything else —
 * other float lanes (whose NaN bits must be the interpreter's), i64x2 lanes,
 * swizzle, relaxed SIMD but q15mulr — runs the interpreter's own implementation
 * (exec/simd.ts) on the scratch array `Q`: operands at int32 0, 4 and 8, the result at 12; one
 * source of truth, so the tiers agree bit for bit there by construction.
 */
import { Imm, opcodeInfo, PREFIX_SIMD } from '../binary/opcodes.ts';
import { newMemArg, readMemArg } from '../binary/immediates.ts';
import type { ByteReader } from '../binary/reader.ts';
import type { Cat, JsEmitter } from './codegen.ts';
import { address } from './emitMemory.ts';
import { T0, add16Small, addSatU8, avgrU, byteSigns, compare8, laneShift, minMax8, swarAdd, swarSub, type ByteCompare } from './simdSwar.ts';
import { emitAbsDiff, emitSubSatU } from './simdFusion.ts';

/** Saturation of an int32 lane value to 8 or 16 bits (exec/simd.ts sat8s ... sat16u). */
const SAT: Record<string, (x: string) => string> = {
  sat8s: (x) => `Math.max(-128, Math.min(${x}, 127))`,
  sat8u: (x) => `Math.max(0, Math.min(${x}, 255))`,
  sat16s: (x) => `Math.max(-32768, Math.min(${x}, 32767))`,
  sat16u: (x) => `Math.max(0, Math.min(${x}, 65535))`,
};

/** Signature letters (binary/opcodes.ts) → categories ('a', the address, is an i32: memory 0 is 32-bit). */
const SIG_CAT: Record<string, Cat> = { i: 'i', I: 'l', f: 'f', F: 'd', v: 'v', a: 'i' };
/** Where operand k and the result sit in Q. */
const QA = [0, 4, 8];
const QR = 12;

/** What the translator does for a memory access: refuses any memory but a usable memory 0, marks the trap site. */
export interface SimdMemory {
  memoryAccess(memIndex: number): void;
}

export function emitSimd(e: JsEmitter, r: ByteReader, sub: number, mem: SimdMemory): void {
  const [, , imm, sig] = opcodeInfo(PREFIX_SIMD, sub)!;
  const ins = [...sig!.slice(0, sig!.indexOf('>'))].map((c) => SIG_CAT[c]);
  const outs = [...sig!.slice(sig!.indexOf('>') + 1)].map((c) => SIG_CAT[c]);
  switch (imm) {
    case Imm.V128: {
      const words = [r.u32Fixed() | 0, r.u32Fixed() | 0, r.u32Fixed() | 0, r.u32Fixed() | 0];
      const d = e.stack.length;
      e.push('v');
      e.out(e.lanes(d).map((v, k) => `${v} = ${words[k]};`).join(' '));
      return;
    }
    case Imm.Shuffle: {
      const sel: number[] = [];
      for (let i = 0; i < 16; i++) sel.push(r.u8());
      const b = e.pop(), a = e.pop();
      const src = [...e.lanes(a), ...e.lanes(b)];
      result(e, 'v', [0, 1, 2, 3].map((w) => shuffleWord(src, sel.slice(4 * w, 4 * w + 4))), true);
      return;
    }
    case Imm.Lane: {
      const lane = r.u8();
      if (inlineLane(e, sub, lane)) return;
      helper(e, ins, outs, ins.length === 1 ? `N.simdExtractLane(Q, ${QR}, 0, ${lane}, ${sub})` : `N.simdReplaceLane(Q, ${QR}, 0, 4, ${lane}, ${sub})`);
      return;
    }
    case Imm.MemArg:
    case Imm.MemArgLane: {
      const m = readMemArg(r, newMemArg());
      const lane = imm === Imm.MemArgLane ? r.u8() : -1;
      mem.memoryAccess(m.memIndex);
      if (sub === 0x00 || sub === 0x0b) { // v128.load, v128.store
        inlineLoadStore(e, sub, m.offset);
        return;
      }
      const off = `0, ${m.offset}, 0`;
      let call: string;
      if (imm === Imm.MemArg) call = outs.length === 1 ? `N.simdLoad(inst, Q, ${QR}, 0, ${off}, ${sub})` : `N.simdStore(inst, Q, 0, 4, ${off})`;
      else call = outs.length === 1 ? `N.simdLoadLane(inst, Q, ${QR}, 0, 4, ${off}, ${lane}, ${sub})` : `N.simdStoreLane(inst, Q, 0, 4, ${off}, ${lane}, ${sub})`;
      helper(e, ins, outs, call, true);
      return;
    }
  }
  if (inlineOp(e, sub)) return;
  const call = ins.length === 1 ? `N.simdUnary(Q, ${QR}, 0, ${sub})` : ins.length === 2 ? `N.simdBinary(Q, ${QR}, 0, 4, ${sub})` : `N.simdTernary(Q, ${QR}, 0, 4, 8, ${sub})`;
  helper(e, ins, outs, call);
}

/**
 * Operands into Q, the interpreter's operation, the result out of Q. `traps`: the call returns a
 * TrapCode (memory accesses), checked before anything else happens.
 */
function helper(e: JsEmitter, ins: Cat[], outs: Cat[], call: string, traps = false): void {
  const base = e.stack.length - ins.length;
  const writes: string[] = [];
  ins.forEach((c, k) => writes.push(toQ(e, c, base + k, QA[k])));
  for (let k = 0; k < ins.length; k++) e.pop();
  e.out(writes.join(' '));
  if (traps) e.trapIf(`(e$ = ${call}) !== 0`, 'e$');
  else e.out(`${call};`);
  for (const c of outs) {
    const h = e.stack.length;
    e.push(c);
    e.out(fromQ(e, c, h, QR));
  }
}

function toQ(e: JsEmitter, c: Cat, h: number, at: number): string {
  switch (c) {
    case 'v': return e.lanes(h).map((v, k) => `Q[${at + k}] = ${v};`).join(' ');
    case 'l': return `Q[${at}] = ${e.s(h)}; Q[${at + 1}] = ${e.t(h)};`;
    case 'd': return `SD[0] = ${e.x(h)}; Q[${at}] = S[0]; Q[${at + 1}] = S[1];`;
    case 'f': return `Q[${at}] = N.f32ToBits(${e.x(h)});`;
    default: return `Q[${at}] = ${e.s(h)};`;
  }
}

function fromQ(e: JsEmitter, c: Cat, h: number, at: number): string {
  switch (c) {
    case 'v': return e.lanes(h).map((v, k) => `${v} = Q[${at + k}];`).join(' ');
    case 'l': return `${e.s(h)} = Q[${at}]; ${e.t(h)} = Q[${at + 1}];`;
    case 'd': return `S[0] = Q[${at}]; S[1] = Q[${at + 1}]; ${e.x(h)} = SD[0];`;
    case 'f': return `${e.x(h)} = N.f32FromBits(Q[${at}]);`;
    default: return `${e.s(h)} = Q[${at}];`;
  }
}

/**
 * Pushes a result of category `c` from its lane expressions (one for an i32). `cross`: a lane
 * reads operand lanes other than its own, so all are computed before any is written (the result
 * takes the first operand's variables).
 */
function result(e: JsEmitter, c: Cat, exprs: string[], cross: boolean): void {
  const h = e.stack.length;
  e.push(c);
  const dst = c === 'v' ? e.lanes(h) : [e.s(h)];
  if (!cross) {
    e.out(dst.map((v, k) => `${v} = ${exprs[k]};`).join(' '));
    return;
  }
  e.simdTemps = true;
  e.out(exprs.map((x, k) => `v${k}$ = ${x};`).join(' '));
  e.out(dst.map((v, k) => `${v} = v${k}$;`).join(' '));
}

/** The word of a shuffle's result made of bytes `sel` (0-15 of a, 16-31 of b) of `src` (a's lanes, then b's). */
function shuffleWord(src: string[], sel: number[]): string {
  if (sel[0] % 4 === 0 && sel[1] === sel[0] + 1 && sel[2] === sel[0] + 2 && sel[3] === sel[0] + 3) return src[sel[0] >> 2];
  return sel.map((s, k) => {
    const byte = `(${src[s >> 2]} >>> ${8 * (s & 3)}) & 0xff`;
    return k === 0 ? `(${byte})` : `((${byte}) << ${8 * k})`;
  }).join(' | ');
}

function inlineLoadStore(e: JsEmitter, sub: number, offset: number): void {
  if (sub === 0x00) {
    address(e, e.pop(), offset, 16);
    const d = e.stack.length;
    e.push('v');
    e.out(e.lanes(d).map((v, k) => `${v} = M.getInt32(ea$${k === 0 ? '' : ` + ${4 * k}`}, true);`).join(' '));
    return;
  }
  const v = e.pop();
  address(e, e.pop(), offset, 16);
  e.out(e.lanes(v).map((x, k) => `M.setInt32(ea$${k === 0 ? '' : ` + ${4 * k}`}, ${x}, true);`).join(' '));
}

/** Lane accesses on 8-, 16- and 32-bit lanes; false for the others (the helper runs them). */
function inlineLane(e: JsEmitter, sub: number, lane: number): boolean {
  switch (sub) {
    case 0x15: // i8x16.extract_lane_s
    case 0x16: { // i8x16.extract_lane_u
      const a = e.pop();
      const w = e.lanes(a)[lane >> 2], sh = 8 * (lane & 3);
      result(e, 'i', [sub === 0x15 ? `(${w} << ${24 - sh}) >> 24` : `(${w} >>> ${sh}) & 0xff`], false);
      return true;
    }
    case 0x18: // i16x8.extract_lane_s
    case 0x19: { // i16x8.extract_lane_u
      const a = e.pop();
      const w = e.lanes(a)[lane >> 1], sh = 16 * (lane & 1);
      result(e, 'i', [sub === 0x18 ? `(${w} << ${16 - sh}) >> 16` : `(${w} >>> ${sh}) & 0xffff`], false);
      return true;
    }
    case 0x1b: { // i32x4.extract_lane
      const a = e.pop();
      result(e, 'i', [e.lanes(a)[lane]], false);
      return true;
    }
    case 0x17: // i8x16.replace_lane
    case 0x1a: // i16x8.replace_lane
    case 0x1c: { // i32x4.replace_lane
      const bits = sub === 0x17 ? 8 : sub === 0x1a ? 16 : 32;
      const x = e.s(e.pop());
      const a = e.stack.length - 1;
      const perWord = 32 / bits, w = e.lanes(a)[Math.floor(lane / perWord)], sh = bits * (lane % perWord);
      const mask = ((2 ** bits - 1) * 2 ** sh) | 0;
      e.forget(a);
      e.out(bits === 32 ? `${w} = ${x};` : `${w} = (${w} & ${~mask}) | ((${x} << ${sh}) & ${mask});`);
      return true;
    }
  }
  return false;
}

/** The v128 → i32 and v128 → v128 operations cheap on 32-bit words; false for the others. */
function inlineOp(e: JsEmitter, sub: number): boolean {
  const small = SMALL_LANES[sub];
  if (small !== undefined) return binary(e, (a, b) => smallLanes(small, a, b));
  const bytes = BYTE_LANES[sub];
  if (bytes !== undefined) return binaryStatements(e, bytes);
  switch (sub) {
    case 0x65: // i8x16.narrow_i16x8_s
    case 0x66: // i8x16.narrow_i16x8_u
    case 0x85: // i16x8.narrow_i32x4_s
    case 0x86: { // i16x8.narrow_i32x4_u
      const b = e.lanes(e.pop()), a = e.lanes(e.pop());
      const sat = SAT[sub === 0x65 ? 'sat8s' : sub === 0x66 ? 'sat8u' : sub === 0x85 ? 'sat16s' : 'sat16u'];
      const words = [...a, ...b];
      const out = [0, 1, 2, 3].map((k) => {
        if (sub >= 0x85) return `(${sat(words[2 * k])} & 0xffff) | (${sat(words[2 * k + 1])} << 16)`;
        const [w0, w1] = [words[2 * k], words[2 * k + 1]];
        const clamped = pack([`${w0} << 16 >> 16`, `${w0} >> 16`, `${w1} << 16 >> 16`, `${w1} >> 16`].map(sat), 8);
        if (sub === 0x65) return clamped;
        // Unsigned: four lanes already in 0..255 (the usual case) are the low bytes of the halves.
        return `((${w0} | ${w1}) & 0xff00ff00) === 0 ? ((${w0} | (${w0} >>> 8)) & 0xffff) | ((${w1} | (${w1} >>> 8)) << 16) : ${clamped}`;
      });
      result(e, 'v', out, true);
      return true;
    }
    case 0xba: // i32x4.dot_i16x8_s
      return binary(e, (a, b) => `(Math.imul(${a} << 16 >> 16, ${b} << 16 >> 16) + Math.imul(${a} >> 16, ${b} >> 16)) | 0`);
    case 0x0f: // i8x16.splat
    case 0x10: // i16x8.splat
    case 0x11: { // i32x4.splat
      const x = e.s(e.pop());
      const word = sub === 0x0f ? `Math.imul(${x} & 0xff, 0x01010101)` : sub === 0x10 ? `Math.imul(${x} & 0xffff, 0x10001)` : x;
      e.simdTemps = true;
      e.out(`v0$ = ${word};`);
      result(e, 'v', ['v0$', 'v0$', 'v0$', 'v0$'], false);
      return true;
    }
    case 0x53: { // v128.any_true
      const a = e.lanes(e.pop());
      result(e, 'i', [`(${a.join(' | ')}) !== 0 ? 1 : 0`], false);
      return true;
    }
    case 0xa3: { // i32x4.all_true
      const a = e.lanes(e.pop());
      result(e, 'i', [`${a.map((v) => `${v} !== 0`).join(' && ')} ? 1 : 0`], false);
      return true;
    }
    case 0xa4: { // i32x4.bitmask
      const a = e.lanes(e.pop());
      result(e, 'i', [a.map((v, k) => `((${v} >>> 31) << ${k})`).join(' | ')], false);
      return true;
    }
    case 0x64: { // i8x16.bitmask
      const a = e.lanes(e.pop());
      result(e, 'i', [a.map(byteSigns).join(' | ')], false);
      return true;
    }
    case 0x62: { // i8x16.popcnt: bit counts of 2-, 4-, then 8-bit fields
      const a = e.lanes(e.stack.length - 1);
      e.forget(e.stack.length - 1);
      e.simdTemps = true;
      e.out(a.map((v) => `${T0} = ${v} - ((${v} >>> 1) & 0x55555555); ${T0} = (${T0} & 0x33333333) + ((${T0} >>> 2) & 0x33333333); ${v} = (${T0} + (${T0} >>> 4)) & 0xf0f0f0f;`).join(' '));
      return true;
    }
    case 0x9c: // i16x8.extmul_low_i8x16_s
    case 0x9d: // i16x8.extmul_high_i8x16_s
    case 0x9e: // i16x8.extmul_low_i8x16_u
    case 0x9f: // i16x8.extmul_high_i8x16_u
    case 0xbc: // i32x4.extmul_low_i16x8_s
    case 0xbd: // i32x4.extmul_high_i16x8_s
    case 0xbe: // i32x4.extmul_low_i16x8_u
    case 0xbf: { // i32x4.extmul_high_i16x8_u
      const b = e.lanes(e.pop()), a = e.lanes(e.pop());
      const from = sub & 1 ? 2 : 0, signed = (sub & 2) === 0, bits = sub < 0xbc ? 8 : 16;
      const out: string[] = [];
      for (const k of [from, from + 1]) {
        const bLanes = lanesOf(b[k], bits, signed);
        const products = lanesOf(a[k], bits, signed).map((x, j) => `Math.imul(${x}, ${bLanes[j]})`);
        if (bits === 16) out.push(...products);
        else out.push(`(${products[0]} & 0xffff) | (${products[1]} << 16)`, `(${products[2]} & 0xffff) | (${products[3]} << 16)`);
      }
      result(e, 'v', out, true);
      return true;
    }
    case 0x7c: // i16x8.extadd_pairwise_i8x16_s
      return unary(e, (a) => `(((${a} << 24 >> 24) + (${a} << 16 >> 24)) & 0xffff) | (((${a} << 8 >> 24) + (${a} >> 24)) << 16)`);
    case 0x7d: // i16x8.extadd_pairwise_i8x16_u: both halves' byte sums at once
      return unary(e, (a) => `(${a} & 0xff00ff) + ((${a} >>> 8) & 0xff00ff)`, 510);
    case 0x7e: // i32x4.extadd_pairwise_i16x8_s
      return unary(e, (a) => `(${a} << 16 >> 16) + (${a} >> 16)`);
    case 0x7f: { // i32x4.extadd_pairwise_i16x8_u
      // Lanes whose sum stays below 0x10000 (widened byte sums): the top half of a * 0x10001 is the sum.
      const max = e.laneMax[e.stack.length - 1];
      return unary(e, max !== undefined && 2 * max <= 0xffff ? (a) => `Math.imul(${a}, 0x10001) >>> 16` : (a) => `(${a} & 0xffff) + (${a} >>> 16)`);
    }
    case 0x4d: // v128.not
      return unary(e, (a) => `~${a}`);
    case 0xa0: // i32x4.abs
      return unary(e, (a) => `((${a} ^ (${a} >> 31)) - (${a} >> 31)) | 0`);
    case 0xa1: // i32x4.neg
      return unary(e, (a) => `-${a} | 0`);
    case 0x87: // i16x8.extend_low_i8x16_s
    case 0x88: // i16x8.extend_high_i8x16_s
    case 0x89: // i16x8.extend_low_i8x16_u
    case 0x8a: { // i16x8.extend_high_i8x16_u
      const a = e.lanes(e.pop());
      const from = sub === 0x87 || sub === 0x89 ? 0 : 2;
      const signed = sub <= 0x88;
      const out: string[] = [];
      for (const w of [a[from], a[from + 1]]) {
        if (signed) out.push(`((${w} << 24 >> 24) & 0xffff) | ((${w} << 16 >> 24) << 16)`, `((${w} << 8 >> 24) & 0xffff) | ((${w} >> 24) << 16)`);
        else out.push(`(${w} & 0xff) | ((${w} & 0xff00) << 8)`, `((${w} >>> 16) & 0xff) | ((${w} >>> 8) & 0xff0000)`);
      }
      result(e, 'v', out, true);
      if (!signed) e.laneMax[e.stack.length - 1] = 255;
      return true;
    }
    case 0xa7: // i32x4.extend_low_i16x8_s
    case 0xa8: // i32x4.extend_high_i16x8_s
    case 0xa9: // i32x4.extend_low_i16x8_u
    case 0xaa: { // i32x4.extend_high_i16x8_u
      const a = e.lanes(e.pop());
      const from = sub === 0xa7 || sub === 0xa9 ? 0 : 2;
      const signed = sub <= 0xa8;
      const out: string[] = [];
      for (const w of [a[from], a[from + 1]]) out.push(signed ? `${w} << 16 >> 16` : `${w} & 0xffff`, signed ? `${w} >> 16` : `${w} >>> 16`);
      result(e, 'v', out, true);
      return true;
    }
    case 0x6b: // i8x16.shl
    case 0x6c: // i8x16.shr_s
    case 0x6d: // i8x16.shr_u
    case 0x8b: // i16x8.shl
    case 0x8c: // i16x8.shr_s
    case 0x8d: { // i16x8.shr_u
      const bits = sub < 0x8b ? 8 : 16;
      const known = e.constAt(e.stack.length - 1);
      const count = e.s(e.pop());
      const n = known !== undefined ? known & (bits - 1) : `(${count} & ${bits - 1})`;
      const kind = (['shl', 'shr_s', 'shr_u'] as const)[sub - (bits === 8 ? 0x6b : 0x8b)];
      return unary(e, (a) => laneShift(kind, bits, a, n));
    }
    case 0xab: // i32x4.shl
    case 0xac: // i32x4.shr_s
    case 0xad: { // i32x4.shr_u
      const n = e.s(e.pop());
      const op = sub === 0xab ? '<<' : sub === 0xac ? '>>' : '>>>';
      return unary(e, (a) => `(${a} ${op} ${n}) | 0`);
    }
    case 0xe4: // f32x4.add
    case 0xe5: // f32x4.sub
    case 0xe6: // f32x4.mul
    case 0xe7: // f32x4.div
      f32Arithmetic(e, sub, ['+', '-', '*', '/'][sub - 0xe4]);
      return true;
    case 0x4e: // v128.and
      return binary(e, (a, b) => `${a} & ${b}`);
    case 0x4f: // v128.andnot
      return binary(e, (a, b) => `${a} & ~${b}`);
    case 0x73: // i8x16.sub_sat_u
      emitSubSatU(e);
      return true;
    case 0x50: // v128.or
      return emitAbsDiff(e) || binary(e, (a, b) => `${a} | ${b}`);
    case 0x51: // v128.xor
      return binary(e, (a, b) => `${a} ^ ${b}`);
    case 0x6e: // i8x16.add
      return binary(e, (a, b) => swarAdd(a, b, '0x7f7f7f7f', '0x80808080'));
    case 0x71: // i8x16.sub
      return binary(e, (a, b) => swarSub(a, b, '0x7f7f7f7f', '0x80808080'));
    case 0x8e: { // i16x8.add
      const h = e.stack.length - 1;
      const [ma, mb] = [e.laneMax[h - 1], e.laneMax[h]];
      // Lanes known small enough not to carry add as whole words; one operand below 0x8000 spares its masks.
      if (ma !== undefined && mb !== undefined && ma + mb <= 0xffff) return binary(e, (a, b) => `(${a} + ${b}) | 0`, ma + mb);
      if (mb !== undefined && mb < 0x8000) return binary(e, add16Small);
      if (ma !== undefined && ma < 0x8000) return binary(e, (a, b) => add16Small(b, a));
      return binary(e, (a, b) => swarAdd(a, b, '0x7fff7fff', '0x80008000'));
    }
    case 0x91: // i16x8.sub
      return binary(e, (a, b) => swarSub(a, b, '0x7fff7fff', '0x80008000'));
    case 0xae: // i32x4.add
      return binary(e, (a, b) => `(${a} + ${b}) | 0`);
    case 0xb1: // i32x4.sub
      return binary(e, (a, b) => `(${a} - ${b}) | 0`);
    case 0xb5: // i32x4.mul
      return binary(e, (a, b) => `Math.imul(${a}, ${b})`);
    case 0xb6: // i32x4.min_s
      return binary(e, (a, b) => `${a} < ${b} ? ${a} : ${b}`);
    case 0xb7: // i32x4.min_u
      return binary(e, (a, b) => `(${a} >>> 0) < (${b} >>> 0) ? ${a} : ${b}`);
    case 0xb8: // i32x4.max_s
      return binary(e, (a, b) => `${a} > ${b} ? ${a} : ${b}`);
    case 0xb9: // i32x4.max_u
      return binary(e, (a, b) => `(${a} >>> 0) > (${b} >>> 0) ? ${a} : ${b}`);
    case 0x37: // i32x4.eq
      return compare(e, '===', false);
    case 0x38: // i32x4.ne
      return compare(e, '!==', false);
    case 0x39: // i32x4.lt_s
      return compare(e, '<', false);
    case 0x3a: // i32x4.lt_u
      return compare(e, '<', true);
    case 0x3b: // i32x4.gt_s
      return compare(e, '>', false);
    case 0x3c: // i32x4.gt_u
      return compare(e, '>', true);
    case 0x3d: // i32x4.le_s
      return compare(e, '<=', false);
    case 0x3e: // i32x4.le_u
      return compare(e, '<=', true);
    case 0x3f: // i32x4.ge_s
      return compare(e, '>=', false);
    case 0x40: // i32x4.ge_u
      return compare(e, '>=', true);
    case 0x52: { // v128.bitselect
      const c = e.lanes(e.pop()), b = e.lanes(e.pop());
      const a = e.lanes(e.stack.length - 1);
      e.forget(e.stack.length - 1);
      e.out(a.map((v, k) => `${v} = (${v} & ${c[k]}) | (${b[k]} & ~${c[k]});`).join(' '));
      return true;
    }
  }
  return false;
}

/**
 * f32x4 add/sub/mul/div on the tier's float scratch `SF` (over int32 `S`): each lane's bits in, the
 * double result rounded by the store as the interpreter's own store rounds it (exec/simd.ts). A NaN
 * in any lane, whose bits the engine's arithmetic may pick differently, runs the interpreter's
 * implementation instead (as the helper path does), so the bits stay the interpreter's.
 */
function f32Arithmetic(e: JsEmitter, sub: number, op: string): void {
  const b = e.lanes(e.pop());
  const h = e.stack.length - 1;
  const a = e.lanes(h);
  e.forget(h);
  const bits = a.map((v, k) => `S[${2 * k}] = ${v}; S[${2 * k + 1}] = ${b[k]};`).join(' ');
  const lanes = a.map((_, k) => `SF[${k}] = SF[${2 * k}] ${op} SF[${2 * k + 1}];`).join(' ');
  const nan = a.map((_, k) => `SF[${k}] !== SF[${k}]`).join(' || ');
  const interp = `${[...a, ...b].map((v, k) => `Q[${k}] = ${v};`).join(' ')} N.simdBinary(Q, ${QR}, 0, 4, ${sub}); ${a.map((v, k) => `${v} = Q[${QR + k}];`).join(' ')}`;
  e.out(`${bits} ${lanes}`);
  e.out(`if (${nan}) { ${interp} } else { ${a.map((v, k) => `${v} = S[${k}];`).join(' ')} }`);
}

/** A lane-wise operation on 8- or 16-bit lanes: each lane read signed or not, `f` of the two, packed back. */
interface SmallLanes {
  bits: 8 | 16;
  signed: boolean;
  f: (x: string, y: string) => string;
}
const sat = (fn: string) => (x: string, y: string) => SAT[fn](`${x} + ${y}`);
const satSub = (fn: string) => (x: string, y: string) => SAT[fn](`${x} - ${y}`);
const min = (x: string, y: string) => `(${x} < ${y} ? ${x} : ${y})`;
const max = (x: string, y: string) => `(${x} > ${y} ? ${x} : ${y})`;
const cmp = (op: string) => (x: string, y: string) => `(${x} ${op} ${y} ? -1 : 0)`;
/** exec/simd.ts q15mulr: only -32768 * -32768 leaves the range, upwards. */
const q15 = (x: string, y: string) => `Math.min((Math.imul(${x}, ${y}) + 16384) >> 15, 32767)`;
/** The interpreter's lane arithmetic (exec/simd.ts binaryLanes), by sub-opcode. */
const SMALL_LANES: Record<number, SmallLanes> = {
  0x2d: { bits: 16, signed: false, f: cmp('===') }, // i16x8.eq
  0x2e: { bits: 16, signed: false, f: cmp('!==') }, // i16x8.ne
  0x2f: { bits: 16, signed: true, f: cmp('<') }, // i16x8.lt_s
  0x30: { bits: 16, signed: false, f: cmp('<') }, // i16x8.lt_u
  0x31: { bits: 16, signed: true, f: cmp('>') }, // i16x8.gt_s
  0x32: { bits: 16, signed: false, f: cmp('>') }, // i16x8.gt_u
  0x33: { bits: 16, signed: true, f: cmp('<=') }, // i16x8.le_s
  0x34: { bits: 16, signed: false, f: cmp('<=') }, // i16x8.le_u
  0x35: { bits: 16, signed: true, f: cmp('>=') }, // i16x8.ge_s
  0x36: { bits: 16, signed: false, f: cmp('>=') }, // i16x8.ge_u
  0x6f: { bits: 8, signed: true, f: sat('sat8s') }, // i8x16.add_sat_s
  0x72: { bits: 8, signed: true, f: satSub('sat8s') }, // i8x16.sub_sat_s
  0x82: { bits: 16, signed: true, f: q15 }, // i16x8.q15mulr_sat_s
  0x111: { bits: 16, signed: true, f: q15 }, // i16x8.relaxed_q15mulr_s (the interpreter's choice: q15mulr_sat_s)
  0x8f: { bits: 16, signed: true, f: sat('sat16s') }, // i16x8.add_sat_s
  0x90: { bits: 16, signed: false, f: sat('sat16u') }, // i16x8.add_sat_u
  0x92: { bits: 16, signed: true, f: satSub('sat16s') }, // i16x8.sub_sat_s
  0x93: { bits: 16, signed: false, f: satSub('sat16u') }, // i16x8.sub_sat_u
  0x95: { bits: 16, signed: false, f: (x, y) => `Math.imul(${x}, ${y})` }, // i16x8.mul
  0x96: { bits: 16, signed: true, f: min }, // i16x8.min_s
  0x97: { bits: 16, signed: false, f: min }, // i16x8.min_u
  0x98: { bits: 16, signed: true, f: max }, // i16x8.max_s
  0x99: { bits: 16, signed: false, f: max }, // i16x8.max_u
};

/** Statements setting word `d` from words `a` and `b` (simdSwar.ts: 8-bit lanes packed). */
type WordStatements = (d: string, a: string, b: string) => string;
const cmp8 = (op: ByteCompare, signed: boolean): WordStatements => (d, a, b) => compare8(op, signed, d, a, b);
const avgr = (bits: 8 | 16): WordStatements => (d, a, b) => `${d} = ${avgrU(bits, a, b)};`;
/** The operations simdSwar.ts computes on packed lanes, by sub-opcode. */
const BYTE_LANES: Record<number, WordStatements> = {
  0x23: cmp8('eq', false), // i8x16.eq
  0x24: cmp8('ne', false), // i8x16.ne
  0x25: cmp8('lt', true), // i8x16.lt_s
  0x26: cmp8('lt', false), // i8x16.lt_u
  0x27: cmp8('gt', true), // i8x16.gt_s
  0x28: cmp8('gt', false), // i8x16.gt_u
  0x29: cmp8('le', true), // i8x16.le_s
  0x2a: cmp8('le', false), // i8x16.le_u
  0x2b: cmp8('ge', true), // i8x16.ge_s
  0x2c: cmp8('ge', false), // i8x16.ge_u
  0x70: addSatU8, // i8x16.add_sat_u
  0x76: (d, a, b) => minMax8(false, true, d, a, b), // i8x16.min_s
  0x77: (d, a, b) => minMax8(false, false, d, a, b), // i8x16.min_u
  0x78: (d, a, b) => minMax8(true, true, d, a, b), // i8x16.max_s
  0x79: (d, a, b) => minMax8(true, false, d, a, b), // i8x16.max_u
  0x7b: avgr(8), // i8x16.avgr_u
  0x9b: avgr(16), // i16x8.avgr_u
};

/** The lanes of word `w` of `bits` each, signed or not. */
function lanesOf(w: string, bits: 8 | 16, signed: boolean): string[] {
  const out: string[] = [];
  for (let sh = 0; sh < 32; sh += bits) {
    if (signed) out.push(`(${w} << ${32 - bits - sh} >> ${32 - bits})`);
    else out.push(sh + bits === 32 ? `(${w} >>> ${sh})` : `((${w} >>> ${sh}) & ${2 ** bits - 1})`);
  }
  return out;
}
/** One word from lane values of `bits` each (their bits beyond a lane are dropped). */
function pack(lanes: string[], bits: 8 | 16): string {
  const m = 2 ** bits - 1;
  return lanes.map((x, k) => (k === lanes.length - 1 ? `(${x} << ${bits * k})` : k === 0 ? `(${x} & ${m})` : `((${x} & ${m}) << ${bits * k})`)).join(' | ');
}
function smallLanes(op: SmallLanes, a: string, b: string): string {
  const x = lanesOf(a, op.bits, op.signed), y = lanesOf(b, op.bits, op.signed);
  return pack(x.map((xi, k) => op.f(xi, y[k])), op.bits);
}

/** `a = f(a)` word by word (v128 operand on top); `laneMax`: the result's 16-bit lane bound, if known. */
function unary(e: JsEmitter, f: (a: string) => string, laneMax?: number): true {
  const h = e.stack.length - 1;
  const a = e.lanes(h);
  e.forget(h);
  e.out(a.map((v) => `${v} = ${f(v)};`).join(' '));
  e.laneMax[h] = laneMax;
  return true;
}
/** `a = f(a, b)` word by word; `laneMax`: the result's 16-bit lane bound, if known. */
function binary(e: JsEmitter, f: (a: string, b: string) => string, laneMax?: number): true {
  const b = e.lanes(e.pop());
  const h = e.stack.length - 1;
  const a = e.lanes(h);
  e.forget(h);
  e.out(a.map((v, k) => `${v} = ${f(v, b[k])};`).join(' '));
  e.laneMax[h] = laneMax;
  return true;
}
/** `a = f(a, b)` word by word, each word's statements with temporaries. */
function binaryStatements(e: JsEmitter, f: WordStatements): true {
  const b = e.lanes(e.pop());
  const h = e.stack.length - 1;
  const a = e.lanes(h);
  e.forget(h);
  e.simdTemps = true;
  e.out(a.map((v, k) => f(v, v, b[k])).join(' '));
  return true;
}
function compare(e: JsEmitter, op: string, unsigned: boolean): true {
  return binary(e, (a, b) => (unsigned ? `(${a} >>> 0) ${op} (${b} >>> 0) ? -1 : 0` : `${a} ${op} ${b} ? -1 : 0`));
}
