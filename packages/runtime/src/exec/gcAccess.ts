/**
 * The interpreter's GC paths that allocate or touch many elements: struct.new, array.new*,
 * array.fill/copy/init_data/init_elem (the per-field and per-element accesses are cases of the
 * interpreter's switch). Like tableAccess.ts: absolute int32 stack indices in (a value of
 * category C32/C64 at i32[at..], a reference at refs[at >> 1], a v128 at four words), a
 * TrapCode (0 = none) out, every operand read before anything is written, nothing throws.
 * Checks follow the spec's order: null, then the array's bounds, then the segment's.
 */
import { TrapCode } from '@lantern/traps';
import type { Instance } from '../instances/instance.ts';
import { arrayFits, FieldKind, GcArray, GcStruct, type RuntimeType } from '../instances/gcObjects.ts';

/** Frame words a value of each field kind takes as an operand (a cell; a v128 two). */
const SLOT_WORDS: readonly number[] = [2, 2, 4, 2, 2, 2];
/** Bytes of each field kind in a data segment. */
const DATA_BYTES: readonly number[] = [4, 8, 16, 0, 1, 2];

/** Stores the operand at `at` into storage offset `off` of words/cells as `kind`. */
function storeValue(kind: FieldKind, words: Int32Array, cells: unknown[], off: number, i32: Int32Array, refs: unknown[], at: number): void {
  switch (kind) {
    case FieldKind.W32: words[off] = i32[at]; return;
    case FieldKind.W64: words[off] = i32[at]; words[off + 1] = i32[at + 1]; return;
    case FieldKind.W128:
      words[off] = i32[at]; words[off + 1] = i32[at + 1]; words[off + 2] = i32[at + 2]; words[off + 3] = i32[at + 3];
      return;
    case FieldKind.Ref: cells[off] = refs[at >> 1]; return;
    case FieldKind.I8: words[off] = i32[at] & 0xff; return;
    case FieldKind.I16: words[off] = i32[at] & 0xffff; return;
  }
}

/** struct.new: the field values are operands from `args` on, laid out as call arguments. */
export function structNew(type: RuntimeType, i32: Int32Array, refs: unknown[], d: number, args: number): void {
  const o = GcStruct.withDefaults(type);
  const kinds = type.fieldKinds;
  for (let f = 0, at = args; f < kinds.length; f++) {
    storeValue(kinds[f], o.words, o.refs, type.fieldAt[f], i32, refs, at);
    at += SLOT_WORDS[kinds[f]];
  }
  refs[d >> 1] = o;
}

/** array.new: `n` copies of the operand at `v`. */
export function arrayNew(type: RuntimeType, i32: Int32Array, refs: unknown[], d: number, v: number, n: number): TrapCode {
  const length = i32[n] >>> 0;
  if (!arrayFits(type, length)) return TrapCode.ArrayOutOfBounds;
  const o = GcArray.withDefaults(type, length);
  const kind = type.elemKind, w = type.elemWords;
  for (let k = 0; k < length; k++) storeValue(kind, o.words, o.refs, w === 0 ? k : k * w, i32, refs, v);
  refs[d >> 1] = o;
  return TrapCode.None;
}

/** array.new_default. */
export function arrayNewDefault(type: RuntimeType, i32: Int32Array, refs: unknown[], d: number, n: number): TrapCode {
  const length = i32[n] >>> 0;
  if (!arrayFits(type, length)) return TrapCode.ArrayOutOfBounds;
  refs[d >> 1] = GcArray.withDefaults(type, length);
  return TrapCode.None;
}

/** array.new_fixed: `n` operands from `args` on, laid out as call arguments. */
export function arrayNewFixed(type: RuntimeType, i32: Int32Array, refs: unknown[], d: number, args: number, n: number): void {
  const o = GcArray.withDefaults(type, n);
  const kind = type.elemKind, w = type.elemWords;
  for (let k = 0, at = args; k < n; k++, at += SLOT_WORDS[kind]) storeValue(kind, o.words, o.refs, w === 0 ? k : k * w, i32, refs, at);
  refs[d >> 1] = o;
}

/** Writes `n` elements of `o` from element `i` on, decoded from `bytes` at `s` (little-endian). */
function elementsFromBytes(o: GcArray, i: number, bytes: Uint8Array, s: number, n: number): void {
  const kind = o.type.elemKind;
  const words = o.words;
  const size = DATA_BYTES[kind];
  if (kind === FieldKind.I8 || kind === FieldKind.I16) {
    for (let k = 0; k < n; k++, s += size) words[i + k] = size === 1 ? bytes[s] : bytes[s] | (bytes[s + 1] << 8);
    return;
  }
  // W32/W64/W128: whole little-endian words.
  for (let at = i * (size >> 2), end = at + n * (size >> 2); at < end; at++, s += 4) {
    words[at] = bytes[s] | (bytes[s + 1] << 8) | (bytes[s + 2] << 16) | (bytes[s + 3] << 24);
  }
}

/** array.new_data: `n` elements decoded from data segment `seg` at byte `s`. */
export function arrayNewData(inst: Instance, type: RuntimeType, i32: Int32Array, refs: unknown[], d: number, seg: number, s: number, n: number): TrapCode {
  const at = i32[s] >>> 0, length = i32[n] >>> 0;
  const bytes = inst.datas[seg];
  if (at + length * DATA_BYTES[type.elemKind] > bytes.length) return TrapCode.MemoryOutOfBounds;
  if (!arrayFits(type, length)) return TrapCode.ArrayOutOfBounds;
  const o = GcArray.withDefaults(type, length);
  elementsFromBytes(o, 0, bytes, at, length);
  refs[d >> 1] = o;
  return TrapCode.None;
}

/** array.new_elem: `n` references of element segment `seg` from `s`. */
export function arrayNewElem(inst: Instance, type: RuntimeType, i32: Int32Array, refs: unknown[], d: number, seg: number, s: number, n: number): TrapCode {
  const at = i32[s] >>> 0, length = i32[n] >>> 0;
  const items = inst.elems[seg];
  if (at + length > items.length) return TrapCode.TableOutOfBounds;
  const o = GcArray.withDefaults(type, length);
  for (let k = 0; k < length; k++) o.refs[k] = items[at + k];
  refs[d >> 1] = o;
  return TrapCode.None;
}

/** array.fill a i v n. */
export function arrayFill(i32: Int32Array, refs: unknown[], a: number, i: number, v: number, n: number): TrapCode {
  const o = refs[a >> 1] as GcArray | null;
  const from = i32[i] >>> 0, count = i32[n] >>> 0;
  if (o === null) return TrapCode.NullArrayReference;
  if (from + count > o.length) return TrapCode.ArrayOutOfBounds;
  if (count === 0) return TrapCode.None;
  // Store the value once, then replicate the stored item(s).
  const w = o.type.elemWords;
  storeValue(o.type.elemKind, o.words, o.refs, w === 0 ? from : from * w, i32, refs, v);
  if (w === 0) o.refs.fill(o.refs[from], from + 1, from + count);
  else if (w === 1) o.words.fill(o.words[from], from + 1, from + count);
  else for (let k = from + 1; k < from + count; k++) o.words.copyWithin(k * w, from * w, from * w + w);
  return TrapCode.None;
}

/** array.copy a i b j n: overlapping ranges of one array copy as if through a buffer. */
export function arrayCopy(i32: Int32Array, refs: unknown[], a: number, i: number, b: number, j: number, n: number): TrapCode {
  const dst = refs[a >> 1] as GcArray | null, src = refs[b >> 1] as GcArray | null;
  const di = i32[i] >>> 0, si = i32[j] >>> 0, count = i32[n] >>> 0;
  if (dst === null || src === null) return TrapCode.NullArrayReference;
  if (di + count > dst.length || si + count > src.length) return TrapCode.ArrayOutOfBounds;
  const w = dst.type.elemWords;
  // TypedArray.set and Array.copyWithin copy overlapping ranges of one store as if through a buffer.
  if (w !== 0) dst.words.set(src.words.subarray(si * w, (si + count) * w), di * w);
  else if (dst === src) dst.refs.copyWithin(di, si, si + count);
  else for (let k = 0; k < count; k++) dst.refs[di + k] = src.refs[si + k];
  return TrapCode.None;
}

/** array.init_data a i s n from data segment `seg`. */
export function arrayInitData(inst: Instance, i32: Int32Array, refs: unknown[], a: number, i: number, s: number, n: number, seg: number): TrapCode {
  const o = refs[a >> 1] as GcArray | null;
  const di = i32[i] >>> 0, at = i32[s] >>> 0, count = i32[n] >>> 0;
  if (o === null) return TrapCode.NullArrayReference;
  if (di + count > o.length) return TrapCode.ArrayOutOfBounds;
  const bytes = inst.datas[seg];
  if (at + count * DATA_BYTES[o.type.elemKind] > bytes.length) return TrapCode.MemoryOutOfBounds;
  elementsFromBytes(o, di, bytes, at, count);
  return TrapCode.None;
}

/** array.init_elem a i s n from element segment `seg`. */
export function arrayInitElem(inst: Instance, i32: Int32Array, refs: unknown[], a: number, i: number, s: number, n: number, seg: number): TrapCode {
  const o = refs[a >> 1] as GcArray | null;
  const di = i32[i] >>> 0, at = i32[s] >>> 0, count = i32[n] >>> 0;
  if (o === null) return TrapCode.NullArrayReference;
  if (di + count > o.length) return TrapCode.ArrayOutOfBounds;
  const items = inst.elems[seg];
  if (at + count > items.length) return TrapCode.TableOutOfBounds;
  for (let k = 0; k < count; k++) o.refs[di + k] = items[at + k];
  return TrapCode.None;
}
