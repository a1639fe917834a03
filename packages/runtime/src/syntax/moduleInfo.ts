/**
 * The decoded module: plain data produced by the decoder, checked by the validator, read by
 * the compiler and by instantiation. Byte offsets are offsets into `bytes`, the module binary,
 * so every error and every PC can name a place in the module. At the end: lookups of function
 * types every reader of a module needs.
 */
import type { ValType } from './types.ts';

export type ExternKind = 'func' | 'table' | 'memory' | 'global' | 'tag';

export interface FuncType {
  kind: 'func';
  params: ValType[];
  results: ValType[];
}
export interface FieldType {
  /** A ValType or PACKED_I8 / PACKED_I16. */
  storage: number;
  mutable: boolean;
}
export interface StructType {
  kind: 'struct';
  fields: FieldType[];
}
export interface ArrayType {
  kind: 'array';
  field: FieldType;
}
/** Stack switching: `cont $ft`. */
export interface ContType {
  kind: 'cont';
  funcTypeIndex: number;
}
export type CompositeType = FuncType | StructType | ArrayType | ContType;

export interface SubType {
  composite: CompositeType;
  final: boolean;
  /** Declared supertypes (type indices); at most one in Wasm 3.0. */
  supers: number[];
  /** Index of the first type of this type's recursion group, and the group's size. */
  recGroupStart: number;
  recGroupSize: number;
  /**
   * Canonical type id (iso-recursive equivalence): equal ids <=> equal types, also across
   * modules validated with the same TypeRegistry (by default one per process). -1 until
   * validateModule has run. The runtime compares these ids, as ids of TypeRegistry.shared.
   */
  canonicalId: number;
}

export interface Limits {
  min: bigint;
  max: bigint | undefined;
  /** memory64 / table64: the address type is i64. */
  is64: boolean;
  shared: boolean;
}
export interface TableType {
  elemType: ValType;
  limits: Limits;
}
export interface MemoryType {
  limits: Limits;
  /** log2 of the page size; 16 unless the custom-page-sizes proposal is used. */
  pageSizeLog2: number;
}
export interface GlobalType {
  valType: ValType;
  mutable: boolean;
}
export interface TagType {
  /** Attribute byte; 0 = exception. */
  attribute: number;
  typeIndex: number;
}

export type ImportDesc =
  | { kind: 'func'; typeIndex: number }
  | { kind: 'table'; type: TableType }
  | { kind: 'memory'; type: MemoryType }
  | { kind: 'global'; type: GlobalType }
  | { kind: 'tag'; type: TagType };

export interface Import {
  module: string;
  name: string;
  desc: ImportDesc;
  /** Byte offset of the import entry. */
  offset: number;
}

export interface Export {
  name: string;
  kind: ExternKind;
  index: number;
  offset: number;
}

/** A constant expression: the bytes [start, end) of `bytes`, including the final `end` opcode. */
export interface ConstExpr {
  start: number;
  end: number;
}

export interface Table {
  type: TableType;
  /** Table initializer expression (`table` with an init expr); undefined means null refs. */
  init: ConstExpr | undefined;
}

export interface Global {
  type: GlobalType;
  init: ConstExpr;
}

export interface ElemSegment {
  mode: 'active' | 'passive' | 'declarative';
  tableIndex: number;
  offset: ConstExpr | undefined;
  elemType: ValType;
  /** Items as function indices (encodings 0-3) ... */
  funcIndices: number[] | undefined;
  /** ... or as constant expressions (encodings 4-7). Exactly one of the two is set. */
  exprs: ConstExpr[] | undefined;
  offsetInModule: number;
}

export interface DataSegment {
  mode: 'active' | 'passive';
  memoryIndex: number;
  offset: ConstExpr | undefined;
  /** A view into the module bytes. */
  data: Uint8Array;
  offsetInModule: number;
}

export interface FunctionBody {
  /** Offset of the body's size field (the start of its code section entry). */
  entryOffset: number;
  /** Declared locals, expanded (parameters not included). */
  locals: ValType[];
  /** Offset of the first instruction. */
  codeStart: number;
  /** Offset just past the final `end` opcode. */
  codeEnd: number;
  /**
   * Maximum operand stack height (in values, locals not included) over the body, computed by
   * validation; -1 until the body has been validated.
   */
  maxStackHeight: number;
}

export interface CustomSection {
  name: string;
  /** Offset of the section's contents (after its name). */
  start: number;
  end: number;
}

export interface NameMap {
  module: string | undefined;
  functions: Map<number, string>;
  locals: Map<number, Map<number, string>>;
  /** Label names per function, by the ordinal of the block (block, loop, if, try, try_table) in the body. */
  labels: Map<number, Map<number, string>>;
  types: Map<number, string>;
  tables: Map<number, string>;
  memories: Map<number, string>;
  globals: Map<number, string>;
  elems: Map<number, string>;
  datas: Map<number, string>;
  /** Struct field names per type. */
  fields: Map<number, Map<number, string>>;
  tags: Map<number, string>;
}

export interface DefinitionOffsets {
  types: number[];
  /** each defined function's type index in the function section */
  funcs: number[];
  tables: number[];
  memories: number[];
  tags: number[];
  /** the start section's function index; -1 without one */
  start: number;
}

export interface ModuleInfo {
  bytes: Uint8Array;
  types: SubType[];
  imports: Import[];
  /** Type index of each function defined in this module (imports not included). */
  funcTypeIndices: number[];
  tables: Table[];
  memories: MemoryType[];
  tags: TagType[];
  globals: Global[];
  exports: Export[];
  start: number | undefined;
  elems: ElemSegment[];
  datas: DataSegment[];
  dataCount: number | undefined;
  bodies: FunctionBody[];
  customSections: CustomSection[];
  /** Offset of the code section's contents: DWARF addresses are relative to it. */
  codeSectionStart: number;
  names: NameMap | undefined;
  /** Where each defined type, function, table, memory and tag (and the start index) is in `bytes`: the offset its CompileError names. */
  definitionOffsets: DefinitionOffsets;

  // Counts of imports per kind, so index spaces are: imports first, then definitions.
  importedFuncs: number;
  importedTables: number;
  importedMemories: number;
  importedGlobals: number;
  importedTags: number;
}

/** The function type at type index `typeIndex` (which must be one). */
export function funcTypeOf(info: ModuleInfo, typeIndex: number): FuncType {
  const c = info.types[typeIndex].composite;
  if (c.kind !== 'func') throw new Error(`type ${typeIndex} is not a function type`);
  return c;
}

/** Type index of function `funcIndex` of a module (imports first). */
export function funcTypeIndex(info: ModuleInfo, funcIndex: number): number {
  if (funcIndex < info.importedFuncs) {
    let k = 0;
    for (const imp of info.imports) {
      if (imp.desc.kind !== 'func') continue;
      if (k++ === funcIndex) return imp.desc.typeIndex;
    }
    throw new Error(`function ${funcIndex} not found`);
  }
  return info.funcTypeIndices[funcIndex - info.importedFuncs];
}
