/**
 * The value formatter: bytes + a DwarfType → a display tree (what a Variables view shows).
 *
 * Choices (LLDB-like): integers in decimal, chars as `65 'A'`, bools as true/false, floats with
 * JS shortest round-trip text, enums by enumerator name (numeric when no enumerator matches),
 * pointers as 0x-padded hex with the pointee type kept for lazy expansion (and, for char
 * pointers, the C string when a memory reader is given), char arrays as a quoted string (up to
 * the first NUL), structs/unions/arrays expandable with one child per member/element
 * (multi-dimensional arrays nest one dimension per level).
 *
 * Invariants: never throws; short input bytes yield `<unavailable>` leaves. Little-endian (wasm).
 */

import type { ArrayType, DwarfType, Member } from './types.ts';
import { resolveType, sizeOf, typeName } from './types.ts';

export interface DisplayValue {
  readonly name: string;
  /** Type as C text ("const char *", "point_t[2][2]"). */
  readonly type: string;
  /** One-line summary. */
  readonly value: string;
  /** Linear-memory address of the object, when it lives in memory. */
  readonly address?: number;
  /** Members / elements; absent for scalars. */
  readonly children?: readonly DisplayValue[];
  /** For pointers: where it points and to what, so a UI can expand it by reading memory. */
  readonly pointer?: { readonly address: number; readonly pointee: DwarfType };
}

export interface FormatOptions {
  readonly name?: string;
  /** Address of `bytes[0]` in linear memory, to label children with addresses. */
  readonly address?: number;
  /** Maximum array elements listed as children (default 100). */
  readonly maxElements?: number;
  /** When given, char pointers are shown with the string they point at. */
  readonly readMemory?: (address: number, length: number) => Uint8Array;
  /** Maximum nesting depth (default 8). */
  readonly maxDepth?: number;
}

const UNAVAILABLE = '<unavailable>';

export function formatValue(bytes: Uint8Array | undefined, type: DwarfType, options: FormatOptions = {}): DisplayValue {
  return format(bytes, type, options.name ?? '', options.address, options, 0);
}

function format(bytes: Uint8Array | undefined, type: DwarfType, name: string, address: number | undefined, o: FormatOptions, depth: number): DisplayValue {
  const typeText = typeName(type);
  const base = { name, type: typeText, ...(address !== undefined ? { address } : {}) };
  const t = resolveType(type);
  const size = sizeOf(t);
  if (!bytes || (size !== undefined && bytes.length < size)) return { ...base, value: UNAVAILABLE };
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (t.kind) {
    case 'base':
      return { ...base, value: formatBase(dv, t.encoding, t.byteSize) };
    case 'enum': {
      const raw = readInt(dv, 0, t.byteSize, t.signed);
      const e = t.enumerators.find((x) => x.value === raw);
      return { ...base, value: e ? e.name : raw.toString() };
    }
    case 'pointer': {
      const p = Number(readInt(dv, 0, t.byteSize, false));
      let value = hexAddress(p, t.byteSize);
      const pointee = resolveType(t.pointee);
      if (o.readMemory && p !== 0 && pointee.kind === 'base' && pointee.byteSize === 1 && (pointee.encoding === 'signedChar' || pointee.encoding === 'unsignedChar')) {
        try {
          value += ' ' + quote(cString(o.readMemory(p, 256)));
        } catch {
          // unreadable memory: the address alone
        }
      }
      return { ...base, value, pointer: { address: p, pointee: t.pointee } };
    }
    case 'struct':
    case 'class':
    case 'union': {
      if (depth >= (o.maxDepth ?? 8)) return { ...base, value: '{...}' };
      const children = t.members.map((m, i) => formatMember(bytes, m, i, address, o, depth));
      const summary = children.map((c) => `${c.name} = ${c.children ? '{...}' : c.value}`).join(', ');
      return { ...base, value: `{${summary}}`, children };
    }
    case 'array':
      return formatArray(bytes, t, base, address, o, depth);
    case 'function':
      return { ...base, value: '<function>' };
    case 'void':
    case 'unknown':
    default:
      return { ...base, value: hexBytes(bytes.subarray(0, size ?? bytes.length)) };
  }
}

function formatMember(bytes: Uint8Array, m: Member, i: number, address: number | undefined, o: FormatOptions, depth: number): DisplayValue {
  const name = m.name ?? `<anonymous ${i}>`;
  if (m.bitSize !== undefined && m.bitOffset !== undefined) {
    const t = resolveType(m.type);
    const signed = t.kind === 'base' ? t.encoding === 'signed' || t.encoding === 'signedChar' : t.kind === 'enum' && t.signed;
    let v = 0n;
    for (let b = m.bitSize - 1; b >= 0; b--) {
      const bit = m.bitOffset + b;
      const byte = bytes[bit >> 3];
      if (byte === undefined) return { name, type: typeName(m.type), value: UNAVAILABLE };
      v = (v << 1n) | BigInt((byte >> (bit & 7)) & 1);
    }
    if (signed) v = BigInt.asIntN(m.bitSize, v);
    if (t.kind === 'enum') {
      const e = t.enumerators.find((x) => x.value === v);
      if (e) return { name, type: typeName(m.type), value: e.name };
    }
    if (t.kind === 'base' && t.encoding === 'boolean') return { name, type: typeName(m.type), value: v !== 0n ? 'true' : 'false' };
    return { name, type: typeName(m.type), value: v.toString() };
  }
  const size = sizeOf(m.type) ?? 0;
  const slice = m.offset + size <= bytes.length ? bytes.subarray(m.offset, m.offset + size) : undefined;
  return format(slice, m.type, name, address !== undefined ? address + m.offset : undefined, o, depth + 1);
}

function formatArray(
  bytes: Uint8Array,
  t: ArrayType,
  base: { name: string; type: string; address?: number },
  address: number | undefined,
  o: FormatOptions,
  depth: number,
): DisplayValue {
  const [count, ...rest] = t.counts;
  // One dimension per level: the element of int[2][3] is int[3].
  const element: DwarfType =
    rest.length > 0
      ? { kind: 'array', element: t.element, counts: rest, byteSize: (() => {
          const es = sizeOf(t.element);
          return es !== undefined && rest.every((c) => c !== undefined) ? rest.reduce((a: number, c) => a * (c as number), es) : undefined;
        })() }
      : t.element;
  const elemSize = sizeOf(element);
  const n = count ?? (elemSize ? Math.floor(bytes.length / elemSize) : 0);
  const leaf = resolveType(t.element);
  const isChars =
    rest.length === 0 && leaf.kind === 'base' && leaf.byteSize === 1 && (leaf.encoding === 'signedChar' || leaf.encoding === 'unsignedChar');
  let value = `[${n}]`;
  if (isChars) value = quote(cString(bytes.subarray(0, n)));
  if (depth >= (o.maxDepth ?? 8) || !elemSize) return { ...base, value };
  const children: DisplayValue[] = [];
  const limit = Math.min(n, o.maxElements ?? 100);
  for (let i = 0; i < limit; i++) {
    const at = i * elemSize;
    const slice = at + elemSize <= bytes.length ? bytes.subarray(at, at + elemSize) : undefined;
    children.push(format(slice, element, `[${i}]`, address !== undefined ? address + at : undefined, o, depth + 1));
  }
  if (!isChars) value = `{${children.slice(0, 8).map((c) => (c.children ? '{...}' : c.value)).join(', ')}${n > 8 ? ', ...' : ''}}`;
  return { ...base, value, children };
}

function readInt(dv: DataView, at: number, size: number, signed: boolean): bigint {
  switch (size) {
    case 1:
      return BigInt(signed ? dv.getInt8(at) : dv.getUint8(at));
    case 2:
      return BigInt(signed ? dv.getInt16(at, true) : dv.getUint16(at, true));
    case 4:
      return BigInt(signed ? dv.getInt32(at, true) : dv.getUint32(at, true));
    case 8:
      return signed ? dv.getBigInt64(at, true) : dv.getBigUint64(at, true);
    default: {
      let v = 0n;
      for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(dv.getUint8(at + i));
      return signed ? BigInt.asIntN(size * 8, v) : v;
    }
  }
}

function formatBase(dv: DataView, encoding: string, size: number): string {
  switch (encoding) {
    case 'boolean':
      return readInt(dv, 0, size, false) !== 0n ? 'true' : 'false';
    case 'float':
      if (size === 4) return String(dv.getFloat32(0, true));
      if (size === 8) return String(dv.getFloat64(0, true));
      return hexBytes(new Uint8Array(dv.buffer, dv.byteOffset, size));
    case 'signedChar':
    case 'unsignedChar': {
      const v = readInt(dv, 0, size, encoding === 'signedChar');
      return size === 1 ? `${v} ${charLiteral(Number(v) & 0xff)}` : v.toString();
    }
    case 'utf':
      return `U+${readInt(dv, 0, size, false).toString(16).toUpperCase().padStart(4, '0')}`;
    case 'signed':
      return readInt(dv, 0, size, true).toString();
    case 'address':
      return hexAddress(Number(readInt(dv, 0, size, false)), size);
    default:
      return readInt(dv, 0, size, false).toString();
  }
}

function charLiteral(c: number): string {
  const escapes: Record<number, string> = { 0: '\\0', 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 39: "\\'", 92: '\\\\' };
  if (escapes[c]) return `'${escapes[c]}'`;
  if (c >= 0x20 && c < 0x7f) return `'${String.fromCharCode(c)}'`;
  return `'\\x${c.toString(16).padStart(2, '0')}'`;
}

function cString(bytes: Uint8Array): string {
  let end = bytes.indexOf(0);
  if (end < 0) end = bytes.length;
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, end));
}

function quote(s: string): string {
  return JSON.stringify(s);
}

function hexAddress(p: number, size: number): string {
  return '0x' + p.toString(16).padStart(size * 2, '0');
}

function hexBytes(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}
