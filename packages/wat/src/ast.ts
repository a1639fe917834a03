// AST: the parsed module with every symbolic reference already resolved to an index; each
// instruction keeps the line:column of its text so the encoder can build a source map.

import type { OpDef } from './opcodes.ts';

/**
 * Heap type as its signed-LEB value: >= 0 is a type index, negative is an abstract heap type
 * (e.g. -0x10 = func, the byte 0x70), so encoding is just `s33(heap)`.
 */
export type HeapType = number;

export interface RefType {
  nullable: boolean;
  heap: HeapType;
}

/** Number/vector types are their type byte (0x7f i32, 0x7e i64, 0x7d f32, 0x7c f64, 0x7b v128). */
export type ValType = number | RefType;
/** Storage types add packed 0x78 (i8) and 0x77 (i16). */
export type StorageType = ValType;

export interface FieldType {
  type: StorageType;
  mutable: boolean;
}

export type CompType =
  | { kind: 'func'; params: ValType[]; results: ValType[] }
  | { kind: 'struct'; fields: FieldType[] }
  | { kind: 'array'; field: FieldType }
  | { kind: 'cont'; index: number };

export interface SubType {
  /** `true` unless written `(sub ...)` without `final` */
  final: boolean;
  supers: number[];
  comp: CompType;
  name?: string;
  fieldNames?: (string | undefined)[];
  line: number;
  col: number;
}

export interface RecGroup {
  types: SubType[];
  /** written as `(rec ...)` (a single-type group is then still encoded with the rec prefix) */
  rec: boolean;
}

export interface Limits {
  addr64: boolean;
  min: bigint;
  max?: bigint;
  shared?: boolean;
}

export interface TableType {
  limits: Limits;
  elem: RefType;
}

export interface GlobalType {
  type: ValType;
  mutable: boolean;
}

export type ExternDesc =
  | { kind: 'func'; type: number }
  | { kind: 'table'; type: TableType }
  | { kind: 'memory'; type: Limits }
  | { kind: 'global'; type: GlobalType }
  | { kind: 'tag'; type: number };

export interface Import {
  module: string;
  name: string;
  desc: ExternDesc;
  line: number;
  col: number;
}

export type BlockType = { kind: 'empty' } | { kind: 'val'; type: ValType } | { kind: 'index'; index: number };

export interface Catch {
  /** 0 catch, 1 catch_ref, 2 catch_all, 3 catch_all_ref */
  kind: number;
  tag: number;
  label: number;
}

export interface Handler {
  tag: number;
  /** label index, or -1 for `(on $tag switch)` */
  label: number;
}

/** One instruction; which optional fields are set depends on `op.imm`. */
export interface Instr {
  op: OpDef;
  line: number;
  col: number;
  /** first index immediate (label, func, type, local, global, table, memory, tag, data, elem) */
  a?: number;
  /** second index immediate (field, second table/memory/type, tag, count) */
  b?: number;
  labels?: number[];
  bt?: BlockType;
  /** memarg: log2 alignment, memory index, offset */
  align?: number;
  mem?: number;
  offset?: bigint;
  i32?: number;
  i64?: bigint;
  /** f32 bit pattern */
  f32?: number;
  /** f64 bit pattern */
  f64?: bigint;
  /** v128.const: the value's 16 bytes (little-endian); i8x16.shuffle: its 16 lane indices */
  v128?: Uint8Array;
  /** lane index of extract/replace_lane and the memory lane instructions */
  lane?: number;
  types?: ValType[];
  heap?: HeapType;
  ref?: RefType;
  ref2?: RefType;
  catches?: Catch[];
  handlers?: Handler[];
  /** branch hint from `(@metadata.code.branch_hint "\\00"|"\\01")` (if / br_if only) */
  hint?: number;
}

export type Expr = Instr[];

export interface Func {
  type: number;
  locals: ValType[];
  body: Instr[];
  /** position of the `end` that closes the body (the encoder's final 0x0b) */
  endLine: number;
  endCol: number;
  line: number;
  col: number;
  /** local names by index (params first) */
  localNames: (string | undefined)[];
}

export interface Table {
  type: TableType;
  init?: Expr;
}

export interface Global {
  type: GlobalType;
  init: Expr;
}

export interface Tag {
  type: number;
}

export interface Export {
  name: string;
  kind: 'func' | 'table' | 'memory' | 'global' | 'tag';
  index: number;
}

export interface Elem {
  mode: 'active' | 'passive' | 'declarative';
  table: number;
  offset?: Expr;
  type: RefType;
  /** function-index form (`func $f ...` / legacy `$f ...`) */
  funcs?: number[];
  /** expression form */
  exprs?: Expr[];
}

export interface Data {
  mode: 'active' | 'passive';
  memory: number;
  offset?: Expr;
  bytes: Uint8Array;
}

/** Binary sections a custom section can be placed relative to (`first`/`last`: the very ends). */
export type SectionKind =
  | 'first'
  | 'type'
  | 'import'
  | 'func'
  | 'table'
  | 'memory'
  | 'tag'
  | 'global'
  | 'export'
  | 'start'
  | 'elem'
  | 'datacount'
  | 'code'
  | 'data'
  | 'last';

/** A custom section from `(@custom "name" (before|after sec)? "bytes"*)`. */
export interface CustomSection {
  name: string;
  bytes: Uint8Array;
  place: 'before' | 'after';
  section: SectionKind;
}

/** Names per index space, for the `name` custom section. */
export interface NameMaps {
  types: (string | undefined)[];
  funcs: (string | undefined)[];
  tables: (string | undefined)[];
  memories: (string | undefined)[];
  globals: (string | undefined)[];
  tags: (string | undefined)[];
  elems: (string | undefined)[];
  datas: (string | undefined)[];
}

export interface Module {
  name?: string;
  types: RecGroup[];
  imports: Import[];
  funcs: Func[];
  tables: Table[];
  memories: Limits[];
  globals: Global[];
  tags: Tag[];
  exports: Export[];
  start?: number;
  elems: Elem[];
  datas: Data[];
  names: NameMaps;
  /** custom sections from `@custom` annotations, in text order */
  customs?: CustomSection[];
  /** set when any instruction refers to a data segment (memory.init, data.drop, array.*_data) */
  usesDataIndex: boolean;
}
