/**
 * The type model: DWARF type DIEs turned into plain, possibly cyclic objects the value formatter
 * and the debugger UI can walk without touching DWARF again.
 *
 * Invariants:
 * - One object per type DIE (cached by .debug_info offset), created BEFORE its members are filled
 *   in, so self-referential types (`struct shape { struct shape *next; }`) terminate.
 * - `void` is represented by `VOID_TYPE` (a DIE-less type); a missing DW_AT_type means void.
 * - Sizes are in bytes; `byteSize` is undefined where DWARF does not say and cannot be derived.
 * - `typeName` prints C declarator syntax the way llvm-dwarfdump 14 does ("const char *const",
 *   "int (*)(const shape *)", "point_t[2][2]"; no struct/union/enum keyword), so tests can compare;
 *   a vector type as C declares it: "float __attribute__((vector_size(16)))".
 */

import { DW_AT, DW_ATE, DW_TAG } from './constants.ts';
import type { Die } from './die.ts';
import { signedConstant } from './die.ts';

export type BaseEncoding = 'signed' | 'unsigned' | 'float' | 'boolean' | 'signedChar' | 'unsignedChar' | 'address' | 'utf' | 'complexFloat' | 'other';

export interface BaseType {
  readonly kind: 'base';
  readonly name: string;
  readonly encoding: BaseEncoding;
  readonly byteSize: number;
  readonly dieOffset?: number;
}

export interface VoidType {
  readonly kind: 'void';
  readonly name: 'void';
  readonly byteSize?: undefined;
}

export interface PointerType {
  readonly kind: 'pointer';
  /** 'reference' / 'rvalueReference' for C++ references; printed like pointers with & / &&. */
  readonly flavor: 'pointer' | 'reference' | 'rvalueReference';
  pointee: DwarfType;
  readonly byteSize: number;
  readonly dieOffset?: number;
}

export interface Member {
  readonly name: string | undefined;
  type: DwarfType;
  /** Byte offset from the start of the aggregate (0 for union members). */
  readonly offset: number;
  /** Bit-fields: width and offset in bits from the start of the aggregate (little-endian numbering). */
  readonly bitSize?: number;
  readonly bitOffset?: number;
}

export interface CompositeType {
  readonly kind: 'struct' | 'class' | 'union';
  readonly name: string | undefined;
  byteSize: number | undefined;
  readonly members: Member[];
  /** A forward declaration without members (DW_AT_declaration). */
  readonly declaration: boolean;
  readonly dieOffset?: number;
}

export interface ArrayType {
  readonly kind: 'array';
  element: DwarfType;
  /** One count per dimension, outermost first; undefined for an unknown bound (`int a[]`). */
  readonly counts: (number | undefined)[];
  byteSize: number | undefined;
  /** A vector type (DW_AT_GNU_vector): `int __attribute__((vector_size(16)))`, one dimension. */
  readonly vector?: boolean;
  readonly dieOffset?: number;
}

export interface Enumerator {
  readonly name: string;
  readonly value: bigint;
}

export interface EnumType {
  readonly kind: 'enum';
  readonly name: string | undefined;
  readonly byteSize: number;
  readonly signed: boolean;
  readonly enumerators: Enumerator[];
  readonly dieOffset?: number;
}

export interface TypedefType {
  readonly kind: 'typedef';
  readonly name: string;
  target: DwarfType;
  readonly dieOffset?: number;
  readonly byteSize?: undefined;
}

export interface QualifiedType {
  readonly kind: 'qualified';
  readonly qualifier: 'const' | 'volatile' | 'restrict' | 'atomic';
  target: DwarfType;
  readonly dieOffset?: number;
  readonly byteSize?: undefined;
}

export interface FunctionType {
  readonly kind: 'function';
  returnType: DwarfType;
  readonly params: DwarfType[];
  readonly variadic: boolean;
  readonly prototyped: boolean;
  readonly dieOffset?: number;
  readonly byteSize?: undefined;
}

export interface UnknownType {
  readonly kind: 'unknown';
  readonly name: string;
  readonly byteSize: number | undefined;
  readonly dieOffset?: number;
}

export type DwarfType =
  | BaseType
  | VoidType
  | PointerType
  | CompositeType
  | ArrayType
  | EnumType
  | TypedefType
  | QualifiedType
  | FunctionType
  | UnknownType;

export const VOID_TYPE: VoidType = { kind: 'void', name: 'void' };

const ENCODINGS = new Map<number, BaseEncoding>([
  [DW_ATE.signed, 'signed'],
  [DW_ATE.unsigned, 'unsigned'],
  [DW_ATE.float, 'float'],
  [DW_ATE.boolean, 'boolean'],
  [DW_ATE.signed_char, 'signedChar'],
  [DW_ATE.unsigned_char, 'unsignedChar'],
  [DW_ATE.address, 'address'],
  [DW_ATE.UTF, 'utf'],
  [DW_ATE.complex_float, 'complexFloat'],
]);

/** Per-DwarfInfo cache: one DwarfType per DIE offset. */
const caches = new WeakMap<object, Map<number, DwarfType>>();

/** The type a DIE's DW_AT_type names (void when absent). */
export function typeOf(die: Die): DwarfType {
  const t = die.reference(DW_AT.type);
  return t ? readType(t) : VOID_TYPE;
}

/** Builds (or returns the cached) type for a type DIE. */
export function readType(die: Die): DwarfType {
  let cache = caches.get(die.unit.dwarf);
  if (!cache) {
    cache = new Map();
    caches.set(die.unit.dwarf, cache);
  }
  const hit = cache.get(die.offset);
  if (hit) return hit;
  const dieOffset = die.offset;
  const name = die.string(DW_AT.name);
  const byteSize = die.unsigned(DW_AT.byte_size);
  const addressSize = die.unit.header.addressSize;
  switch (die.tag) {
    case DW_TAG.base_type: {
      const t: BaseType = {
        kind: 'base',
        name: name ?? '?',
        encoding: ENCODINGS.get(die.unsigned(DW_AT.encoding) ?? -1) ?? 'other',
        byteSize: byteSize ?? 0,
        dieOffset,
      };
      cache.set(dieOffset, t);
      return t;
    }
    case DW_TAG.unspecified_type: {
      const t: UnknownType = { kind: 'unknown', name: name ?? '?', byteSize, dieOffset };
      cache.set(dieOffset, t);
      return t;
    }
    case DW_TAG.pointer_type:
    case DW_TAG.reference_type:
    case DW_TAG.rvalue_reference_type:
    case DW_TAG.ptr_to_member_type: {
      const flavor = die.tag === DW_TAG.reference_type ? 'reference' : die.tag === DW_TAG.rvalue_reference_type ? 'rvalueReference' : 'pointer';
      const t: PointerType = { kind: 'pointer', flavor, pointee: VOID_TYPE, byteSize: byteSize ?? addressSize, dieOffset };
      cache.set(dieOffset, t);
      t.pointee = typeOf(die);
      return t;
    }
    case DW_TAG.structure_type:
    case DW_TAG.class_type:
    case DW_TAG.union_type: {
      const kind = die.tag === DW_TAG.union_type ? 'union' : die.tag === DW_TAG.class_type ? 'class' : 'struct';
      const t: CompositeType = { kind, name, byteSize, members: [], declaration: die.flag(DW_AT.declaration), dieOffset };
      cache.set(dieOffset, t);
      for (const child of die.unit.dieAtOffset(die.offset)?.children ?? []) {
        if (child.tag !== DW_TAG.member && child.tag !== DW_TAG.inheritance) continue;
        t.members.push(readMember(child, kind === 'union'));
      }
      return t;
    }
    case DW_TAG.array_type: {
      const counts: (number | undefined)[] = [];
      const t: ArrayType = { kind: 'array', element: VOID_TYPE, counts, byteSize, dieOffset, vector: die.flag(DW_AT.GNU_vector) };
      cache.set(dieOffset, t);
      t.element = typeOf(die);
      for (const child of die.unit.dieAtOffset(die.offset)?.children ?? []) {
        if (child.tag !== DW_TAG.subrange_type && child.tag !== DW_TAG.enumeration_type) continue;
        const count = child.unsigned(DW_AT.count);
        const upper = child.has(DW_AT.upper_bound) ? child.signed(DW_AT.upper_bound) : undefined;
        const lower = child.signed(DW_AT.lower_bound) ?? 0;
        counts.push(count ?? (upper !== undefined ? upper - lower + 1 : undefined));
      }
      if (counts.length === 0) counts.push(undefined);
      if (t.byteSize === undefined) {
        const elementSize = sizeOf(t.element);
        if (elementSize !== undefined && counts.every((c) => c !== undefined)) {
          t.byteSize = counts.reduce((a: number, c) => a * (c as number), elementSize);
        }
      }
      return t;
    }
    case DW_TAG.enumeration_type: {
      const underlying = die.reference(DW_AT.type);
      const enc = underlying ? readType(underlying) : undefined;
      const signed = enc?.kind === 'base' ? enc.encoding === 'signed' || enc.encoding === 'signedChar' : false;
      const t: EnumType = { kind: 'enum', name, byteSize: byteSize ?? 4, signed, enumerators: [], dieOffset };
      cache.set(dieOffset, t);
      for (const child of die.unit.dieAtOffset(die.offset)?.children ?? []) {
        if (child.tag !== DW_TAG.enumerator) continue;
        const a = child.attr(DW_AT.const_value);
        let value = 0n;
        if (a) {
          if (typeof a.value === 'bigint') value = signed ? BigInt.asIntN(64, a.value) : a.value;
          else if (typeof a.value === 'number') value = BigInt(signed ? (signedConstant(a) ?? 0) : a.value);
        }
        t.enumerators.push({ name: child.string(DW_AT.name) ?? '?', value });
      }
      return t;
    }
    case DW_TAG.typedef: {
      const t: TypedefType = { kind: 'typedef', name: name ?? '?', target: VOID_TYPE, dieOffset };
      cache.set(dieOffset, t);
      t.target = typeOf(die);
      return t;
    }
    case DW_TAG.const_type:
    case DW_TAG.volatile_type:
    case DW_TAG.restrict_type:
    case DW_TAG.atomic_type: {
      const qualifier =
        die.tag === DW_TAG.const_type ? 'const' : die.tag === DW_TAG.volatile_type ? 'volatile' : die.tag === DW_TAG.restrict_type ? 'restrict' : 'atomic';
      const t: QualifiedType = { kind: 'qualified', qualifier, target: VOID_TYPE, dieOffset };
      cache.set(dieOffset, t);
      t.target = typeOf(die);
      return t;
    }
    case DW_TAG.subroutine_type: {
      const t: FunctionType = {
        kind: 'function',
        returnType: VOID_TYPE,
        params: [],
        variadic: false,
        prototyped: die.flag(DW_AT.prototyped),
        dieOffset,
      };
      cache.set(dieOffset, t);
      t.returnType = typeOf(die);
      for (const child of die.unit.dieAtOffset(die.offset)?.children ?? []) {
        if (child.tag === DW_TAG.formal_parameter) t.params.push(typeOf(child));
        else if (child.tag === DW_TAG.unspecified_parameters) (t as { variadic: boolean }).variadic = true;
      }
      return t;
    }
    default: {
      const t: UnknownType = { kind: 'unknown', name: name ?? `<${die.tag.toString(16)}>`, byteSize, dieOffset };
      cache.set(dieOffset, t);
      return t;
    }
  }
}

function readMember(die: Die, inUnion: boolean): Member {
  const name = die.string(DW_AT.name);
  let offset = 0;
  const loc = die.attr(DW_AT.data_member_location);
  if (loc && typeof loc.value === 'number') offset = loc.value;
  else if (loc && loc.value instanceof Uint8Array) offset = constantOffsetOf(loc.value) ?? 0;
  else if (inUnion) offset = 0;
  const member: Member = { name, type: VOID_TYPE, offset };
  const bitSize = die.unsigned(DW_AT.bit_size);
  if (bitSize !== undefined) {
    let bitOffset: number;
    const dataBitOffset = die.unsigned(DW_AT.data_bit_offset);
    if (dataBitOffset !== undefined) {
      bitOffset = dataBitOffset; // DWARF 4+: from the start of the containing aggregate
    } else {
      // DWARF 2/3 style (clang still emits it for DWARF 4): DW_AT_bit_offset counts from the MOST
      // significant bit of a storage unit of DW_AT_byte_size bytes at data_member_location.
      const storageBits = 8 * (die.unsigned(DW_AT.byte_size) ?? 4);
      bitOffset = offset * 8 + storageBits - (die.unsigned(DW_AT.bit_offset) ?? 0) - bitSize;
    }
    Object.assign(member, { bitSize, bitOffset });
  }
  member.type = typeOf(die);
  return member;
}

/** `DW_OP_plus_uconst N` (the DWARF 2 form of data_member_location) → N. */
function constantOffsetOf(expr: Uint8Array): number | undefined {
  if (expr.length >= 2 && expr[0] === 0x23) {
    let v = 0;
    let shift = 0;
    for (let i = 1; i < expr.length; i++) {
      v += (expr[i] & 0x7f) * 2 ** shift;
      shift += 7;
      if ((expr[i] & 0x80) === 0) return v;
    }
  }
  return undefined;
}

/** Strips typedefs and qualifiers. */
export function resolveType(t: DwarfType): DwarfType {
  let cur = t;
  for (let i = 0; i < 64 && (cur.kind === 'typedef' || cur.kind === 'qualified'); i++) cur = cur.target;
  return cur;
}

/** Size in bytes, looking through typedefs and qualifiers. */
export function sizeOf(t: DwarfType): number | undefined {
  const r = resolveType(t);
  switch (r.kind) {
    case 'void':
    case 'function':
      return undefined;
    default:
      return r.byteSize;
  }
}

/** C declarator syntax in llvm-dwarfdump's style (see the header). */
export function typeName(t: DwarfType): string {
  return declarator(t, '', 0);
}

function declarator(t: DwarfType, inner: string, depth: number): string {
  if (depth > 32) return '...';
  const named = (n: string) => (inner ? (inner[0] === '[' ? n + inner : `${n} ${inner}`) : n);
  switch (t.kind) {
    case 'base':
    case 'void':
    case 'typedef':
    case 'unknown':
      return named(t.name);
    case 'struct':
    case 'class':
    case 'union':
    case 'enum':
      return named(t.name ?? `(anonymous ${t.kind})`);
    case 'pointer': {
      const sigil = t.flavor === 'pointer' ? '*' : t.flavor === 'reference' ? '&' : '&&';
      return declarator(t.pointee, sigil + inner, depth + 1);
    }
    case 'qualified': {
      const target = t.target;
      if (target.kind === 'pointer') {
        const sigil = target.flavor === 'pointer' ? '*' : target.flavor === 'reference' ? '&' : '&&';
        const rest = inner ? (inner[0] === '[' ? inner : ' ' + inner) : '';
        return declarator(target.pointee, `${sigil}${t.qualifier}${rest}`, depth + 1);
      }
      return `${t.qualifier} ${declarator(target, inner, depth + 1)}`;
    }
    case 'array': {
      if (t.vector) return named(`${declarator(t.element, '', depth + 1)} __attribute__((vector_size(${sizeOf(t) ?? '?'})))`);
      const dims = t.counts.map((c) => `[${c ?? ''}]`).join('');
      const wrapped = inner && inner[0] !== '[' ? `(${inner})` : inner;
      return declarator(t.element, wrapped + dims, depth + 1);
    }
    case 'function': {
      const params = t.params.map((p) => declarator(p, '', depth + 1));
      if (t.variadic) params.push('...');
      const wrapped = inner ? `(${inner})` : '';
      return declarator(t.returnType, `${wrapped}(${params.join(', ')})`, depth + 1);
    }
  }
}
