/**
 * How wasm values live in compiled code, shared by the translator (codegen.ts) and its emitters:
 * each value category's JS variables (operand `h`: `s<h>` int32 or i64 low half, `t<h>` i64 high
 * half, `x<h>` f32/f64 number, `s/t/u/w<h>` v128 lanes, `a<h>` reference), its width in a VM
 * frame, and its reads and writes there (`V` int32 view, `VD` f64 view, `RF` the thread's `refs`).
 */
import { F32, F64, I32, I64, V128, type ValType } from '../syntax/types.ts';

/** Why a function stays interpreted (counted per reason). */
export class Unsupported extends Error {}

/**
 * i32, f32 (a number: f32Bits.ts), i64 (halves), f64 (number), v128 (four int32 lanes, lane 0
 * first), a reference (the JS value the interpreter holds in its `refs` cell: gcObjects.ts).
 */
export type Cat = 'i' | 'f' | 'l' | 'd' | 'v' | 'r';

export function catOf(t: ValType): Cat {
  switch (t) {
    case I32: return 'i';
    case I64: return 'l';
    case F32: return 'f';
    case F64: return 'd';
    case V128: return 'v';
    default: return 'r'; // validated: every other value type is a reference type
  }
}

/** One operand's JS variables by category. */
export function vars(cat: Cat, h: number): string[] {
  if (cat === 'r') return [`a${h}`];
  if (cat === 'v') return [`s${h}`, `t${h}`, `u${h}`, `w${h}`];
  return cat === 'l' ? [`s${h}`, `t${h}`] : cat === 'd' || cat === 'f' ? [`x${h}`] : [`s${h}`];
}
/** int32 words a value of the category takes in a VM frame (locals, operands, arguments): one cell, a v128 two. */
export function width(cat: Cat): number {
  return cat === 'v' ? 4 : 2;
}
/** VM-stack reads of one value at int32 index expression `at`: one expression per JS variable of the category. */
export function readVm(c: Cat, at: string): string[] {
  if (c === 'r') return [`RF[(${at}) >> 1]`];
  if (c === 'l') return [`V[${at}]`, `V[${at} + 1]`];
  if (c === 'v') return [`V[${at}]`, `V[${at} + 1]`, `V[${at} + 2]`, `V[${at} + 3]`];
  if (c === 'd') return [`VD[(${at}) >> 1]`];
  if (c === 'f') return [`N.f32FromBits(V[${at}])`];
  return [`V[${at}]`];
}
/** VM-stack writes of the value held in JS variables `v` (vars/localVars) at int32 index expression `at`. */
export function writeVm(c: Cat, v: string[], at: string): string {
  if (c === 'r') return `RF[(${at}) >> 1] = ${v[0]};`;
  if (c === 'l' || c === 'v') return v.map((x, k) => `V[${at}${k === 0 ? '' : ` + ${k}`}] = ${x};`).join(' ');
  if (c === 'd') return `VD[(${at}) >> 1] = ${v[0]};`;
  if (c === 'f') return `V[${at}] = N.f32ToBits(${v[0]});`;
  return `V[${at}] = ${v[0]};`;
}
