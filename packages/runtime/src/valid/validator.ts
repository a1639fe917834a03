/**
 * validateModule: the module-level validation rules, in the reference interpreter's order
 * (types, imports, functions, tags, tables, memories, globals, element and data segments,
 * then function bodies, start function and exports), so that a module with several problems
 * reports the same one the spec suite expects.
 *
 * Also computes what later phases need: canonical type ids (SubType.canonicalId, via a
 * TypeRegistry.shared, the ids the runtime compares) and each body's maximum operand stack height
 * (FunctionBody.maxStackHeight).
 *
 * `ref.func` in a function body must name a function "declared" elsewhere in the module: in
 * an element segment, a global or table initialiser, or an export. Those are all gathered
 * before the bodies are checked.
 */
import { CompileError } from '../errors.ts';
import type { Limits, ModuleInfo, SubType } from '../syntax/moduleInfo.ts';
import type { ValType } from '../syntax/types.ts';
import { CONCRETE_BASE, I32, I64, REF_BASE } from '../syntax/types.ts';
import { TypeRegistry, canonicalizeGroup } from './canonicalTypes.ts';
import { Subtyping, typeName } from './subtyping.ts';
import type { ValidationContext } from './context.ts';
import { FuncValidator } from './funcValidator.ts';
import { scanFunctionBody } from '../binary/bodyScanner.ts';

export interface ValidateOptions {
  /**
   * Stack switching lets tags have results (for `suspend`); without it a tag's type must have
   * empty results ("non-empty tag result type"), as in the exception-handling proposal alone.
   * Default true.
   */
  stackSwitching?: boolean;
}

function fail(reason: string, offset = -1): never {
  throw new CompileError(reason, offset);
}

/** The context each validated module was checked in (kept for operandTypeTrace). */
const contexts = new WeakMap<ModuleInfo, ValidationContext>();

/**
 * Re-validates one function body of a module that validateModule accepted, calling `onInstr`
 * before each instruction with its offset and the exact operand types (see FuncValidator.onInstr).
 * False when the module was not validated here (no context kept).
 */
export function operandTypeTrace(
  info: ModuleInfo,
  funcIndex: number,
  onInstr: (offset: number, vals: Int32Array, sp: number) => void,
): boolean {
  const ctx = contexts.get(info);
  if (ctx === undefined) return false;
  const fv = new FuncValidator(ctx);
  fv.onInstr = onInstr;
  fv.validateFunction(funcIndex, info.bodies[funcIndex - info.importedFuncs]);
  return true;
}

export function validateModule(info: ModuleInfo, options: ValidateOptions = {}): void {
  try {
    contexts.set(info, validate(info, options));
  } catch (err) {
    // A malformed body takes precedence over any validation error (the spec decodes the
    // whole module first): report the first malformation if there is one.
    if (err instanceof CompileError) for (const body of info.bodies) scanFunctionBody(info.bytes, body);
    throw err;
  }
}

function validate(info: ModuleInfo, options: ValidateOptions): ValidationContext {
  const types = info.types;
  const canon = new Int32Array(types.length);
  const sub = new Subtyping(types, canon);
  validateTypes(info.types, info.definitionOffsets.types, canon, sub, TypeRegistry.shared);

  const numFuncs = info.importedFuncs + info.funcTypeIndices.length;
  const numTables = info.importedTables + info.tables.length;
  const numMemories = info.importedMemories + info.memories.length;
  const numGlobals = info.importedGlobals + info.globals.length;
  const numTags = info.importedTags + info.tags.length;
  const ctx: ValidationContext = {
    info,
    types,
    sub,
    funcTypes: new Int32Array(numFuncs),
    numFuncs: 0,
    tableTypes: new Int32Array(numTables),
    tableIs64: new Uint8Array(numTables),
    numTables: 0,
    memIs64: new Uint8Array(numMemories),
    numMemories: 0,
    globalTypes: new Int32Array(numGlobals),
    globalMutable: new Uint8Array(numGlobals),
    numGlobals: 0,
    tagTypes: new Int32Array(numTags),
    numTags: 0,
    elemTypes: new Int32Array(info.elems.length),
    numElems: 0,
    numDatas: info.datas.length,
    hasDataCount: info.dataCount !== undefined,
    declaredFuncs: new Uint8Array(numFuncs),
    stackSwitching: options.stackSwitching ?? true,
  };

  const checkValType = (t: ValType, offset: number): void => {
    if (t >= REF_BASE) {
      const h = (t - REF_BASE) >> 1;
      if (h >= CONCRETE_BASE && h - CONCRETE_BASE >= types.length) fail(`unknown type ${h - CONCRETE_BASE}`, offset);
    }
  };
  const funcTypeIndex = (x: number, offset: number): number => {
    if (x >= types.length) fail(`unknown type ${x}`, offset);
    if (types[x].composite.kind !== 'func') fail(`non-function type ${x}`, offset);
    return x;
  };
  const tagType = (x: number, offset: number): number => {
    funcTypeIndex(x, offset);
    const ft = types[x].composite;
    if (!ctx.stackSwitching && ft.kind === 'func' && ft.results.length > 0) fail('non-empty tag result type', offset);
    return x;
  };

  // Imports.
  for (const imp of info.imports) {
    const d = imp.desc;
    switch (d.kind) {
      case 'func':
        ctx.funcTypes[ctx.numFuncs++] = funcTypeIndex(d.typeIndex, imp.offset);
        break;
      case 'table':
        checkValType(d.type.elemType, imp.offset);
        checkTableLimits(d.type.limits, imp.offset);
        ctx.tableIs64[ctx.numTables] = d.type.limits.is64 ? 1 : 0;
        ctx.tableTypes[ctx.numTables++] = d.type.elemType;
        break;
      case 'memory':
        checkMemoryLimits(d.type.limits, imp.offset);
        ctx.memIs64[ctx.numMemories++] = d.type.limits.is64 ? 1 : 0;
        break;
      case 'global':
        checkValType(d.type.valType, imp.offset);
        ctx.globalMutable[ctx.numGlobals] = d.type.mutable ? 1 : 0;
        ctx.globalTypes[ctx.numGlobals++] = d.type.valType;
        break;
      case 'tag':
        ctx.tagTypes[ctx.numTags++] = tagType(d.type.typeIndex, imp.offset);
        break;
    }
  }

  // Functions.
  info.funcTypeIndices.forEach((x, i) => { ctx.funcTypes[ctx.numFuncs++] = funcTypeIndex(x, info.definitionOffsets.funcs[i]); });

  // Tags.
  info.tags.forEach((tag, i) => { ctx.tagTypes[ctx.numTags++] = tagType(tag.typeIndex, info.definitionOffsets.tags[i]); });

  // Exports declare function references (checked in full below).
  for (const ex of info.exports) if (ex.kind === 'func' && ex.index < numFuncs) ctx.declaredFuncs[ex.index] = 1;

  const fv = new FuncValidator(ctx);

  // Tables (initialisers see imported globals only).
  info.tables.forEach((table, i) => {
    const at = info.definitionOffsets.tables[i];
    checkValType(table.type.elemType, at);
    checkTableLimits(table.type.limits, at);
    if (table.init !== undefined) fv.validateConstExpr(table.init, table.type.elemType, ctx.numGlobals);
    else if ((table.type.elemType & 1) === 0) fail('type mismatch: non-defaultable table type requires an initializer', at);
    ctx.tableIs64[ctx.numTables] = table.type.limits.is64 ? 1 : 0;
    ctx.tableTypes[ctx.numTables++] = table.type.elemType;
  });

  // Memories.
  info.memories.forEach((mem, i) => {
    checkMemoryLimits(mem.limits, info.definitionOffsets.memories[i]);
    ctx.memIs64[ctx.numMemories++] = mem.limits.is64 ? 1 : 0;
  });

  // Globals: each initialiser sees the imported and the earlier defined globals.
  for (const g of info.globals) {
    checkValType(g.type.valType, g.init.start);
    fv.validateConstExpr(g.init, g.type.valType, ctx.numGlobals);
    ctx.globalMutable[ctx.numGlobals] = g.type.mutable ? 1 : 0;
    ctx.globalTypes[ctx.numGlobals++] = g.type.valType;
  }

  // Element segments.
  for (const seg of info.elems) {
    const at = seg.offsetInModule;
    checkValType(seg.elemType, at);
    if (seg.funcIndices !== undefined) {
      for (const f of seg.funcIndices) {
        if (f >= numFuncs) fail(`unknown function ${f}`, at);
        ctx.declaredFuncs[f] = 1;
      }
    } else {
      for (const e of seg.exprs!) fv.validateConstExpr(e, seg.elemType, numGlobals);
    }
    if (seg.mode === 'active') {
      if (seg.tableIndex >= numTables) fail(`unknown table ${seg.tableIndex}`, at);
      const tt = ctx.tableTypes[seg.tableIndex];
      if (!sub.isSubtype(seg.elemType, tt)) {
        fail(
          `type mismatch: element segment's type ${typeName(seg.elemType)} does not match table's element type ${typeName(tt)}`,
          at,
        );
      }
      fv.validateConstExpr(seg.offset!, ctx.tableIs64[seg.tableIndex] ? I64 : I32, numGlobals);
    }
    ctx.elemTypes[ctx.numElems++] = seg.elemType;
  }

  // Data segments.
  for (const seg of info.datas) {
    if (seg.mode === 'active') {
      if (seg.memoryIndex >= numMemories) fail(`unknown memory ${seg.memoryIndex}`, seg.offsetInModule);
      fv.validateConstExpr(seg.offset!, ctx.memIs64[seg.memoryIndex] ? I64 : I32, numGlobals);
    }
  }

  // Function bodies.
  for (let i = 0; i < info.bodies.length; i++) fv.validateFunction(info.importedFuncs + i, info.bodies[i]);

  // Start function.
  if (info.start !== undefined) {
    const x = info.start;
    const at = info.definitionOffsets.start;
    if (x >= numFuncs) fail(`unknown function ${x}`, at);
    const ft = types[ctx.funcTypes[x]].composite;
    if (ft.kind !== 'func' || ft.params.length !== 0 || ft.results.length !== 0) {
      fail('start function must not have parameters or results', at);
    }
  }

  // Exports.
  const names = new Set<string>();
  for (const ex of info.exports) {
    const limit =
      ex.kind === 'func'
        ? numFuncs
        : ex.kind === 'table'
          ? numTables
          : ex.kind === 'memory'
            ? numMemories
            : ex.kind === 'global'
              ? numGlobals
              : numTags;
    if (ex.index >= limit) fail(`unknown ${ex.kind === 'func' ? 'function' : ex.kind} ${ex.index}`, ex.offset);
    if (names.has(ex.name)) fail('duplicate export name', ex.offset);
    names.add(ex.name);
  }

  for (let i = 0; i < types.length; i++) types[i].canonicalId = canon[i];
  return ctx;
}

function checkLimits(l: Limits, range: bigint, msg: string, offset: number): void {
  if (l.min > range) fail(msg, offset);
  if (l.max !== undefined) {
    if (l.max > range) fail(msg, offset);
    if (l.min > l.max) fail('size minimum must not be greater than maximum', offset);
  }
}

function checkTableLimits(l: Limits, offset: number): void {
  if (l.is64) checkLimits(l, 0xffff_ffff_ffff_ffffn, 'table size must be at most 2^64-1 for i64', offset);
  else checkLimits(l, 0xffff_ffffn, 'table size must be at most 2^32-1 for i32', offset);
}

function checkMemoryLimits(l: Limits, offset: number): void {
  if (l.is64) checkLimits(l, 0x1_0000_0000_0000n, 'memory size must be at most 2^48 pages (256 TiB) for i64', offset);
  else checkLimits(l, 0x1_0000n, 'memory size must be at most 2^16 pages (4 GiB) for i32', offset);
  if (l.shared && l.max === undefined) fail('shared memory must have maximum', offset);
}

/** Type section: indices, canonical ids, declared supertypes. */
function validateTypes(types: readonly SubType[], offsets: readonly number[], canon: Int32Array, sub: Subtyping, registry: TypeRegistry): void {
  let i = 0;
  while (i < types.length) {
    const start = types[i].recGroupStart;
    const size = types[i].recGroupSize;
    const end = start + size;
    // A group may refer to itself and to earlier types only.
    for (let k = start; k < end; k++) {
      const at = offsets[k];
      const checkVal = (t: number): void => {
        if (t >= REF_BASE) {
          const h = (t - REF_BASE) >> 1;
          if (h >= CONCRETE_BASE && h - CONCRETE_BASE >= end) fail(`unknown type ${h - CONCRETE_BASE}`, at);
        }
      };
      const c = types[k].composite;
      switch (c.kind) {
        case 'func':
          c.params.forEach(checkVal);
          c.results.forEach(checkVal);
          break;
        case 'struct':
          for (const f of c.fields) checkVal(f.storage);
          break;
        case 'array':
          checkVal(c.field.storage);
          break;
        case 'cont':
          if (c.funcTypeIndex < 0) fail('non-function type', at);
          if (c.funcTypeIndex >= end) fail(`unknown type ${c.funcTypeIndex}`, at);
          if (types[c.funcTypeIndex].composite.kind !== 'func') fail(`non-function type ${c.funcTypeIndex}`, at);
          break;
      }
      for (const s of types[k].supers) if (s >= end) fail(`unknown type ${s}`, at);
    }
    canonicalizeGroup(types, canon, start, size, registry);
    for (let k = start; k < end; k++) {
      const t = types[k];
      const at = offsets[k];
      if (t.supers.length > 1) fail(`sub type ${k} has too many super types`, at);
      for (const s of t.supers) {
        if (s >= k) fail(`forward use of type ${s} in sub type definition`, at);
        if (types[s].final) fail(`sub type ${k} has final super type ${s}`, at);
        if (!sub.compositeSubtype(t.composite, types[s].composite)) fail(`sub type ${k} does not match super type ${s}`, at);
      }
    }
    i = end;
  }
}
