/**
 * SIMD idioms that cost far less on packed words computed together than instruction by
 * instruction. The translator notes, per v128 operand height (JsEmitter.origin), the local the
 * operand equals (local.get, local.tee) and what emitSimd.ts made of such locals; an instruction
 * whose operands were so made computes the idiom once from the locals. A note holds until its
 * operand or one of its locals is written again. The instructions' own code, left unread, is pure
 * int32 arithmetic that V8's optimizing compiler drops.
 *
 * - |a - b| per byte, written `v128.or(u8x16.sub_sat(a, b), u8x16.sub_sat(b, a))` (sums of
 *   absolute differences, as clang emits them): 16 operations a word instead of 33.
 */
import type { JsEmitter } from './codegen.ts';
import { absDiffU8, subSatU8 } from './simdSwar.ts';

/** How a v128 operand was made: a copy of a local's four lane variables, or u8x16.sub_sat_u of two. */
export type V128Origin = { local: string[] } | { subSatU: [a: string[], b: string[]]; line: SubSatLine };
/**
 * Where u8x16.sub_sat_u's statements went in JsEmitter.lines, and how many exit sites the function
 * had then: a fusion takes them out again unless an exit site came after them (leaving for the
 * interpreter there spills the sub_sat's result).
 */
interface SubSatLine { at: number; text: string; exits: number }

const LOCAL_GET = 0x20, LOCAL_SET = 0x21;

/** local.get/set/tee of a v128 local (its lane variables `local`), after the translator's own code for it. */
export function noteV128Local(e: JsEmitter, op: number, local: string[]): void {
  if (op !== LOCAL_GET) {
    // The local changes: notes about its old value no longer hold.
    e.origin.forEach((o, h) => {
      if (o !== undefined && readsLocal(o, local[0])) e.origin[h] = undefined;
    });
  }
  if (op !== LOCAL_SET) e.origin[e.stack.length - 1] = { local };
}

function readsLocal(o: V128Origin, first: string): boolean {
  return 'local' in o ? o.local[0] === first : o.subSatU[0][0] === first || o.subSatU[1][0] === first;
}

/** u8x16.sub_sat_u, noted when both operands are locals. */
export function emitSubSatU(e: JsEmitter): void {
  const h = e.stack.length - 1;
  const a = e.origin[h - 1], b = e.origin[h];
  const bl = e.lanes(e.pop());
  const al = e.lanes(h - 1);
  e.forget(h - 1);
  e.simdTemps = true;
  const text = al.map((v, k) => subSatU8(v, v, bl[k])).join(' ');
  e.out(text);
  if (a !== undefined && 'local' in a && b !== undefined && 'local' in b) e.origin[h - 1] = { subSatU: [a.local, b.local], line: { at: e.lines.length - 1, text, exits: e.exits.size } };
}

/** v128.or of sub_sat_u(a, b) and sub_sat_u(b, a): |a - b| per byte from the locals; false for any other or. */
export function emitAbsDiff(e: JsEmitter): boolean {
  const h = e.stack.length - 1;
  const x = e.origin[h - 1], y = e.origin[h];
  if (x === undefined || y === undefined || !('subSatU' in x) || !('subSatU' in y)) return false;
  const [a, b] = x.subSatU;
  if (a[0] !== y.subSatU[1][0] || b[0] !== y.subSatU[0][0]) return false;
  // Their results are read no more: their statements go (the later first), unless lines moved since.
  for (const { at, text, exits } of [y.line, x.line]) if (e.lines[at] === text && e.exits.size === exits) e.lines.splice(at, 1);
  e.pop();
  const d = e.lanes(h - 1);
  e.forget(h - 1);
  e.simdTemps = true;
  e.out(d.map((v, k) => absDiffU8(v, a[k], b[k])).join(' '));
  return true;
}
