/**
 * decodeModule: module binary -> ModuleInfo, section by section.
 *
 * The decoder checks the binary ENCODING only (what the spec calls malformed): integer
 * encodings, section order and sizes, vector lengths, UTF-8 names, type/limits/segment
 * encodings, count agreement between sections. Everything that needs typing or index
 * checks (unknown type, type mismatch, ...) is left to the validator (valid/validator.ts).
 *
 * Function bodies are NOT decoded instruction by instruction here: only their locals are read
 * and their byte ranges recorded. The validator decodes each body exactly once (and raises the
 * decoding errors of instructions, with the reference decoder's messages). Constant expressions
 * (global/table initialisers, segment offsets and items) are stepped over with the shared
 * immediate reader so their extent is known; the validator types them.
 *
 * Section order follows the reference decoder: sections are tried in the required order, so a
 * section that comes out of order (or twice) leaves input behind, which is
 * "unexpected content after last section". Custom sections may appear anywhere.
 */
import { CompileError } from '../errors.ts';
import type {
  ArrayType,
  CompositeType,
  ContType,
  CustomSection,
  DataSegment,
  ElemSegment,
  Export,
  ExternKind,
  FieldType,
  FuncType,
  FunctionBody,
  Global,
  GlobalType,
  Import,
  ImportDesc,
  Limits,
  MemoryType,
  ModuleInfo,
  StructType,
  SubType,
  Table,
  TableType,
  TagType,
  ConstExpr,
} from '../syntax/moduleInfo.ts';
import { HeapType, refType } from '../syntax/types.ts';
import type { ValType } from '../syntax/types.ts';
import { ByteReader } from './reader.ts';
import { checkLimit, type JsApiLimit, type ModuleLimits } from './limits.ts';
import { readRefType, readStorageType, readValType, readHeapType } from './typeReader.ts';
import { skipExpression } from './immediates.ts';
import { parseNameSection } from './nameSection.ts';
import { scanFunctionBody } from './bodyScanner.ts';

/** Section ids. */
export const SectionId = {
  Custom: 0,
  Type: 1,
  Import: 2,
  Function: 3,
  Table: 4,
  Memory: 5,
  Global: 6,
  Export: 7,
  Start: 8,
  Element: 9,
  Code: 10,
  Data: 11,
  DataCount: 12,
  Tag: 13,
} as const;

/** Required position of each non-custom section id (tag sits between memory and global). */
const SECTION_RANK: readonly number[] = [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6];


const MAGIC = 0x6d736100;
const VERSION = 1;

/** Decodes a module; `limits` lowers the JS API's implementation limits (binary/limits.ts). */
export function decodeModule(bytes: Uint8Array, limits?: ModuleLimits): ModuleInfo {
  const r = new ByteReader(bytes);
  r.limits = limits ?? null;
  const info: ModuleInfo = {
    bytes,
    types: [],
    imports: [],
    funcTypeIndices: [],
    tables: [],
    memories: [],
    tags: [],
    globals: [],
    exports: [],
    start: undefined,
    elems: [],
    datas: [],
    dataCount: undefined,
    bodies: [],
    customSections: [],
    codeSectionStart: -1,
    names: undefined,
    importedFuncs: 0,
    importedTables: 0,
    importedMemories: 0,
    importedGlobals: 0,
    importedTags: 0,
    definitionOffsets: { types: [], funcs: [], tables: [], memories: [], tags: [], start: -1 },
  };

  checkLimit(r, 'moduleBytes', bytes.length, 0);
  if (r.u32Fixed() !== MAGIC) throw new CompileError('magic header not detected', 0);
  if (r.u32Fixed() !== VERSION) throw new CompileError('unknown binary version', 4);

  try {
    readSections(r, info);
  } catch (err) {
    // The reference decoder decodes each body's instructions while reading the code section,
    // so a malformed body is reported before anything that follows it.
    if (err instanceof CompileError) for (const body of info.bodies) scanFunctionBody(bytes, body);
    throw err;
  }
  return info;
}

function readSections(r: ByteReader, info: ModuleInfo): void {
  const bytes = r.bytes;
  let lastRank = 0;
  while (!r.eof) {
    const idAt = r.pos;
    const id = r.u8();
    if (id > 13) r.fail('malformed section id', idAt);
    if (id !== SectionId.Custom) {
      const rank = SECTION_RANK[id];
      if (rank <= lastRank) r.fail('unexpected content after last section', idAt);
      lastRank = rank;
    }
    const size = r.len32();
    const start = r.pos;
    const end = start + size;
    switch (id) {
      case SectionId.Custom:
        readCustomSection(r, info, end);
        break;
      case SectionId.Type:
        readTypeSection(r, info);
        break;
      case SectionId.Import:
        readImportSection(r, info);
        break;
      case SectionId.Function:
        readVec(r, () => info.funcTypeIndices.push(readAt(r, info.definitionOffsets.funcs, () => r.u32())), 'functions');
        break;
      case SectionId.Table:
        readVec(r, () => info.tables.push(readAt(r, info.definitionOffsets.tables, readTable)), 'tables', info.importedTables);
        break;
      case SectionId.Memory:
        readVec(r, () => info.memories.push(readAt(r, info.definitionOffsets.memories, readMemoryType)), 'memories', info.importedMemories);
        break;
      case SectionId.Tag:
        readVec(r, () => info.tags.push(readAt(r, info.definitionOffsets.tags, readTagType)), 'tags');
        break;
      case SectionId.Global:
        readVec(r, () => info.globals.push(readGlobal(r)), 'globals');
        break;
      case SectionId.Export:
        readVec(r, () => info.exports.push(readExport(r)), 'exports');
        break;
      case SectionId.Start:
        info.definitionOffsets.start = r.pos;
        info.start = r.u32();
        break;
      case SectionId.Element:
        readVec(r, () => info.elems.push(readElem(r)), 'elementSegments');
        break;
      case SectionId.DataCount:
        info.dataCount = r.u32();
        break;
      case SectionId.Code:
        info.codeSectionStart = start;
        readCodeSection(r, info);
        break;
      case SectionId.Data:
        readVec(r, () => info.datas.push(readData(r)), 'dataSegments');
        break;
    }
    if (r.pos !== end) r.fail('section size mismatch', start);
  }

  if (info.funcTypeIndices.length !== info.bodies.length) {
    r.fail('function and code section have inconsistent lengths', bytes.length);
  }
  if (info.dataCount !== undefined && info.dataCount !== info.datas.length) {
    r.fail('data count and data section have inconsistent lengths', bytes.length);
  }
}

/** `read(r)`, its start offset recorded in `offsets`. */
function readAt<T>(r: ByteReader, offsets: number[], read: (r: ByteReader) => T): T {
  offsets.push(r.pos);
  return read(r);
}

/** A vector of `item`s; with `limit`, its count (plus `already`, items of the same kind imported) is checked first. */
function readVec(r: ByteReader, item: () => void, limit?: JsApiLimit, already = 0): void {
  const at = r.pos;
  const n = r.len32();
  if (limit !== undefined) checkLimit(r, limit, already + n, at);
  for (let i = 0; i < n; i++) item();
}

// ---- custom sections ---------------------------------------------------------------------

function readCustomSection(r: ByteReader, info: ModuleInfo, end: number): void {
  const name = r.name();
  const start = r.pos;
  r.skip(end - start);
  const section: CustomSection = { name, start, end };
  info.customSections.push(section);
  if (name === 'name' && info.names === undefined) {
    // A broken name section never fails the module: it is dropped.
    info.names = parseNameSection(r.bytes, start, end);
  }
}

// ---- types -------------------------------------------------------------------------------

function readTypeSection(r: ByteReader, info: ModuleInfo): void {
  const countAt = r.pos;
  const n = r.len32();
  checkLimit(r, 'recGroups', n, countAt);
  checkLimit(r, 'types', n, countAt);
  for (let i = 0; i < n; i++) {
    if (r.peek() === 0x4e) {
      r.pos++;
      const groupStart = info.types.length;
      const sizeAt = r.pos;
      const size = r.len32();
      checkLimit(r, 'recGroupTypes', size, sizeAt);
      checkLimit(r, 'types', groupStart + size, sizeAt);
      for (let j = 0; j < size; j++) info.types.push(readAt(r, info.definitionOffsets.types, () => readSubType(r, groupStart, size)));
    } else {
      checkLimit(r, 'types', info.types.length + 1, r.pos);
      info.types.push(readAt(r, info.definitionOffsets.types, () => readSubType(r, info.types.length, 1)));
    }
  }
  checkSubtypeDepth(r, info, countAt);
}

/** The depth of each type's supertype chain (a type with no supertype has depth 0) within the limit. */
function checkSubtypeDepth(r: ByteReader, info: ModuleInfo, at: number): void {
  const depth = new Uint8Array(info.types.length);
  info.types.forEach((t, i) => {
    const parent = t.supers[0];
    // A supertype must be declared before its subtype; the validator reports any other case.
    if (parent === undefined || parent >= i) return;
    const d = depth[parent] + 1;
    checkLimit(r, 'subtypeDepth', d, at);
    depth[i] = d;
  });
}

export function readSubType(r: ByteReader, recGroupStart: number, recGroupSize: number): SubType {
  const b = r.peek();
  let final = true;
  const supers: number[] = [];
  if (b === 0x50 || b === 0x4f) {
    r.pos++;
    final = b === 0x4f;
    readVec(r, () => supers.push(r.u32()));
  }
  return { composite: readCompositeType(r), final, supers, recGroupStart, recGroupSize, canonicalId: -1 };
}

function readCompositeType(r: ByteReader): CompositeType {
  const at = r.pos;
  const form = r.s7() & 0x7f;
  switch (form) {
    case 0x60: {
      const params: ValType[] = [];
      const results: ValType[] = [];
      readVec(r, () => params.push(readValType(r)), 'params');
      readVec(r, () => results.push(readValType(r)), 'results');
      const t: FuncType = { kind: 'func', params, results };
      return t;
    }
    case 0x5f: {
      const fields: FieldType[] = [];
      readVec(r, () => fields.push(readFieldType(r)), 'structFields');
      const t: StructType = { kind: 'struct', fields };
      return t;
    }
    case 0x5e: {
      const t: ArrayType = { kind: 'array', field: readFieldType(r) };
      return t;
    }
    case 0x5d: {
      // NB: an abstract heap type here is kept as a negative index (-heapByte); the validator
      // rejects it.
      const ht = readHeapType(r);
      const t: ContType = { kind: 'cont', funcTypeIndex: ht >= 0x80 ? ht - 0x80 : -ht };
      return t;
    }
  }
  return r.fail('malformed definition type', at);
}

function readMutability(r: ByteReader): boolean {
  const at = r.pos;
  const b = r.u8();
  if (b === 0) return false;
  if (b === 1) return true;
  return r.fail('malformed mutability', at);
}

function readFieldType(r: ByteReader): FieldType {
  const storage = readStorageType(r);
  return { storage, mutable: readMutability(r) };
}

function readLimits(r: ByteReader, allowShared: boolean): Limits {
  const at = r.pos;
  const flags = r.u8();
  if ((flags & (allowShared ? 0xf8 : 0xfa)) !== 0) r.fail('malformed limits flags', at);
  const min = r.u64();
  const max = flags & 1 ? r.u64() : undefined;
  return { min, max, is64: (flags & 4) !== 0, shared: (flags & 2) !== 0 };
}

function readTableType(r: ByteReader): TableType {
  const elemType = readRefType(r);
  const at = r.pos;
  const limits = readLimits(r, false);
  checkLimit(r, 'tableSize', limits.min, at);
  return { elemType, limits };
}

function readMemoryType(r: ByteReader): MemoryType {
  return { limits: readLimits(r, true), pageSizeLog2: 16 };
}

function readTagType(r: ByteReader): TagType {
  r.expect(0x00, 'zero byte expected');
  return { attribute: 0, typeIndex: r.u32() };
}

function readGlobalType(r: ByteReader): GlobalType {
  const valType = readValType(r);
  return { valType, mutable: readMutability(r) };
}

function readConstExpr(r: ByteReader): ConstExpr {
  const start = r.pos;
  skipExpression(r);
  return { start, end: r.pos };
}

// ---- imports and exports -----------------------------------------------------------------

function readImportSection(r: ByteReader, info: ModuleInfo): void {
  const at = r.pos;
  readVec(r, () => {
    const offset = r.pos;
    const module = r.name();
    const name = r.name();
    const kindAt = r.pos;
    const kind = r.u8();
    let desc: ImportDesc;
    switch (kind) {
      case 0:
        desc = { kind: 'func', typeIndex: r.u32() };
        info.importedFuncs++;
        break;
      case 1:
        desc = { kind: 'table', type: readTableType(r) };
        info.importedTables++;
        break;
      case 2:
        desc = { kind: 'memory', type: readMemoryType(r) };
        info.importedMemories++;
        break;
      case 3:
        desc = { kind: 'global', type: readGlobalType(r) };
        info.importedGlobals++;
        break;
      case 4:
        desc = { kind: 'tag', type: readTagType(r) };
        info.importedTags++;
        break;
      default:
        return r.fail('malformed import kind', kindAt);
    }
    const imp: Import = { module, name, desc, offset };
    info.imports.push(imp);
  }, 'imports');
  checkLimit(r, 'tables', info.importedTables, at);
  checkLimit(r, 'memories', info.importedMemories, at);
}

const EXPORT_KINDS: readonly ExternKind[] = ['func', 'table', 'memory', 'global', 'tag'];

function readExport(r: ByteReader): Export {
  const offset = r.pos;
  const name = r.name();
  const kindAt = r.pos;
  const kind = EXPORT_KINDS[r.u8()];
  if (kind === undefined) r.fail('malformed export kind', kindAt);
  return { name, kind, index: r.u32(), offset };
}

// ---- tables, globals ---------------------------------------------------------------------

function readTable(r: ByteReader): Table {
  if (r.peek() === 0x40) {
    r.pos++;
    r.expect(0x00, 'zero byte expected');
    const type = readTableType(r);
    return { type, init: readConstExpr(r) };
  }
  return { type: readTableType(r), init: undefined };
}

function readGlobal(r: ByteReader): Global {
  const type = readGlobalType(r);
  return { type, init: readConstExpr(r) };
}

// ---- element and data segments -----------------------------------------------------------

const FUNCREF_NON_NULL = refType(HeapType.Func, false);
const FUNCREF_NULLABLE = refType(HeapType.Func, true);

function readElemKind(r: ByteReader): ValType {
  const at = r.pos;
  if (r.u8() !== 0x00) r.fail('malformed element kind', at);
  return FUNCREF_NON_NULL;
}

function readElem(r: ByteReader): ElemSegment {
  const offsetInModule = r.pos;
  const flags = r.u32();
  if (flags > 7) r.fail('malformed elements segment kind', offsetInModule);
  // Bit 0: passive/declarative; bit 1: explicit table index (active) or declarative;
  // bit 2: items are expressions (with an explicit reference type) instead of indices.
  const mode: ElemSegment['mode'] = (flags & 1) === 0 ? 'active' : (flags & 2) === 0 ? 'passive' : 'declarative';
  let tableIndex = 0;
  let offset: ConstExpr | undefined;
  if (mode === 'active') {
    if (flags & 2) tableIndex = r.u32();
    offset = readConstExpr(r);
  }
  const usesExprs = (flags & 4) !== 0;
  let elemType: ValType;
  if (flags === 0) elemType = FUNCREF_NON_NULL;
  else if (flags === 4) elemType = FUNCREF_NULLABLE;
  else elemType = usesExprs ? readRefType(r) : readElemKind(r);
  let funcIndices: number[] | undefined;
  let exprs: ConstExpr[] | undefined;
  if (usesExprs) {
    const list: ConstExpr[] = (exprs = []);
    readVec(r, () => list.push(readConstExpr(r)), 'tableInitEntries');
  } else {
    const list: number[] = (funcIndices = []);
    readVec(r, () => list.push(r.u32()), 'tableInitEntries');
  }
  return { mode, tableIndex, offset, elemType, funcIndices, exprs, offsetInModule };
}

function readData(r: ByteReader): DataSegment {
  const offsetInModule = r.pos;
  const flags = r.u32();
  let memoryIndex = 0;
  let offset: ConstExpr | undefined;
  let mode: DataSegment['mode'] = 'active';
  switch (flags) {
    case 0:
      offset = readConstExpr(r);
      break;
    case 1:
      mode = 'passive';
      break;
    case 2:
      memoryIndex = r.u32();
      offset = readConstExpr(r);
      break;
    default:
      r.fail('malformed data segment kind', offsetInModule);
  }
  return { mode, memoryIndex, offset, data: r.byteString(), offsetInModule };
}

// ---- code --------------------------------------------------------------------------------

function readCodeSection(r: ByteReader, info: ModuleInfo): void {
  readVec(r, () => {
    const entryOffset = r.pos;
    const size = r.len32();
    checkLimit(r, 'functionBodyBytes', size, entryOffset);
    const bodyStart = r.pos;
    const bodyEnd = bodyStart + size;
    const localsAt = r.pos;
    const groups = r.len32();
    const counts: number[] = [];
    const types: ValType[] = [];
    const type = info.types[info.funcTypeIndices[info.bodies.length]]?.composite;
    const params = type?.kind === 'func' ? type.params.length : 0;
    let total = 0;
    for (let i = 0; i < groups; i++) {
      const n = r.u32();
      total += n;
      checkLimit(r, 'locals', params + total, localsAt);
      counts.push(n);
      types.push(readValType(r));
    }
    const locals: ValType[] = new Array(total);
    let k = 0;
    for (let i = 0; i < groups; i++) {
      const t = types[i];
      for (let j = counts[i]; j > 0; j--) locals[k++] = t;
    }
    const codeStart = r.pos;
    // The instructions are decoded by the validator (or bodyScanner.ts), which also checks
    // that the body's final `end` sits exactly at its declared end.
    r.skip(bodyEnd - codeStart);
    const body: FunctionBody = { entryOffset, locals, codeStart, codeEnd: bodyEnd, maxStackHeight: -1 };
    info.bodies.push(body);
  });
}
