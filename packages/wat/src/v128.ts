// v128 literals: `v128.const <shape> <lane>*` lanes into the 16 little-endian bytes of the value,
// shared by instructions and by script values (where float lanes may be NaN patterns instead).

import { Tok } from './lexer.ts';
import type { SNode } from './sexpr.ts';
import { fail } from './errors.ts';
import { parseF32, parseF64, parseI32, parseI64, parseINarrow, parseU32 } from './numbers.ts';
import type { Lit } from './numbers.ts';

export type V128Shape = 'i8x16' | 'i16x8' | 'i32x4' | 'i64x2' | 'f32x4' | 'f64x2';

/** Bytes per lane of each shape. */
export const LANE_BYTES: Readonly<Record<V128Shape, 1 | 2 | 4 | 8>> = {
  i8x16: 1,
  i16x8: 2,
  i32x4: 4,
  i64x2: 8,
  f32x4: 4,
  f64x2: 8,
};

/** Writes one lane literal's bits (little-endian) at byte `at`: true, or why not (null: not a literal). */
function writeLane(shape: V128Shape, text: string, view: DataView, at: number): Lit<true> {
  let v: Lit<number | bigint>;
  switch (shape) {
    case 'i8x16':
      v = parseINarrow(text, 8);
      if (typeof v === 'number') view.setUint8(at, v);
      break;
    case 'i16x8':
      v = parseINarrow(text, 16);
      if (typeof v === 'number') view.setUint16(at, v, true);
      break;
    case 'i32x4':
      v = parseI32(text);
      if (typeof v === 'number') view.setInt32(at, v, true);
      break;
    case 'f32x4':
      v = parseF32(text);
      if (typeof v === 'number') view.setUint32(at, v, true);
      break;
    case 'i64x2':
      v = parseI64(text);
      if (typeof v === 'bigint') view.setBigInt64(at, v, true);
      break;
    case 'f64x2':
      v = parseF64(text);
      if (typeof v === 'bigint') view.setBigUint64(at, v, true);
      break;
  }
  return v === null || v === 'range' ? v : true;
}

/** The shape token after `v128.const`. */
export function parseShape(n: SNode | undefined, at: SNode): V128Shape {
  if (n === undefined) fail(at, 'unexpected end of list, expected a lane shape (i8x16, ..., f64x2)');
  if (n.kind === Tok.Atom && Object.hasOwn(LANE_BYTES, n.text)) return n.text as V128Shape;
  fail(n, `unexpected token ${n.text}, expected a lane shape (i8x16, i16x8, i32x4, i64x2, f32x4, f64x2)`);
}

/**
 * The lanes of a v128 literal: `items` are exactly the lane literals after the shape (`at` is the
 * whole form, for a wrong count). `other(i, node)` may take lane i itself (a NaN pattern in a
 * script result) by returning true; its bytes are then left zero.
 */
export function parseV128Lanes(
  shape: V128Shape,
  items: readonly SNode[],
  at: SNode,
  other?: (lane: number, n: SNode) => boolean,
): Uint8Array {
  const size = LANE_BYTES[shape];
  const count = 16 / size;
  if (items.length !== count) fail(items[count] ?? at, `wrong number of lane literals: ${shape} takes ${count}, found ${items.length}`);
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  items.forEach((n, i) => {
    if (n.kind !== Tok.Atom) fail(n, `unexpected token, expected a ${shape} lane literal`);
    if (other?.(i, n) === true) return;
    const r = writeLane(shape, n.text, view, i * size);
    if (r === null) fail(n, `unexpected token ${n.text}, expected a ${shape} lane literal`);
    if (r === 'range') fail(n, `constant out of range: ${n.text}`);
  });
  return bytes;
}

/** A lane index (u8, unsigned, no sign): the immediate of lane and shuffle instructions. */
export function parseLaneIndex(n: SNode): number {
  const v = n.kind === Tok.Atom ? parseU32(n.text) : null;
  if (v === null) fail(n, `unexpected token ${n.kind === Tok.Id ? '$' : ''}${n.text}, expected a lane index`);
  if (v === 'range' || v > 255) fail(n, `i8 constant out of range: lane index ${n.text}`);
  return v;
}
