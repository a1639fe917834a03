// Features: which post-MVP proposals a parsed module uses, detected from the AST (used to decide
// which engines can be expected to accept it).

import { Imm, RELAXED_SIMD_FIRST } from './opcodes.ts';
import { V128 } from './typeParser.ts';
import type { Expr, Module, RefType, ValType } from './ast.ts';

export type Feature =
  /** GC values and instructions: struct/array types, packed fields, 0xFB, any/eq/i31/struct/array/none. */
  | 'gc'
  /** The type-system part of GC: rec groups, declared subtypes, nofunc/noextern, const global.get of defined globals. */
  | 'gc-types'
  | 'function-references'
  | 'tail-call'
  | 'legacy-exceptions'
  | 'exceptions'
  | 'exnref'
  | 'memory64'
  | 'multi-memory'
  | 'extended-const'
  | 'stack-switching'
  | 'reference-types'
  | 'bulk-memory'
  | 'multi-value'
  | 'sign-ext'
  | 'sat-trunc'
  /** v128 values or 0xFD instructions (fixed-width SIMD, Wasm 2.0) */
  | 'simd'
  /** relaxed SIMD (0xFD 0x100-0x113, Wasm 3.0) */
  | 'relaxed-simd';

const GC_ABSTRACT = new Set([0x6e, 0x6d, 0x6c, 0x6b, 0x6a, 0x71].map((b) => b - 0x80));
const EXN_ABSTRACT = new Set([0x69, 0x74].map((b) => b - 0x80));
const CONT_ABSTRACT = new Set([0x68, 0x75].map((b) => b - 0x80));
const FUNC = 0x70 - 0x80;
const EXTERN = 0x6f - 0x80;
const NOFUNC = 0x73 - 0x80;
const NOEXTERN = 0x72 - 0x80;

export function detectFeatures(m: Module): Set<Feature> {
  const f = new Set<Feature>();
  const ref = (r: RefType): void => {
    const h = r.heap;
    if (h >= 0 || !r.nullable) f.add('function-references');
    if (GC_ABSTRACT.has(h)) f.add('gc');
    else if (h === NOFUNC || h === NOEXTERN) f.add('gc-types');
    if (EXN_ABSTRACT.has(h)) f.add('exnref');
    if (CONT_ABSTRACT.has(h)) f.add('stack-switching');
    if (h === EXTERN) f.add('reference-types');
  };
  const val = (t: ValType): void => {
    if (typeof t === 'number') {
      if (t === 0x78 || t === 0x77) f.add('gc');
      else if (t === V128) f.add('simd');
    } else ref(t);
  };
  for (const g of m.types) {
    if (g.rec) f.add('gc-types');
    for (const t of g.types) {
      if (!t.final || t.supers.length > 0) f.add('gc-types');
      const c = t.comp;
      if (c.kind === 'func') {
        c.params.forEach(val);
        c.results.forEach(val);
        if (c.results.length > 1) f.add('multi-value');
      } else if (c.kind === 'struct') {
        f.add('gc');
        for (const x of c.fields) val(x.type);
      } else if (c.kind === 'array') {
        f.add('gc');
        val(c.field.type);
      } else f.add('stack-switching');
    }
  }
  let memories = m.memories.length;
  let tables = m.tables.length;
  for (const im of m.imports) {
    const d = im.desc;
    if (d.kind === 'memory') {
      memories++;
      if (d.type.addr64) f.add('memory64');
    } else if (d.kind === 'table') {
      tables++;
      if (d.type.limits.addr64) f.add('memory64');
      ref(d.type.elem);
    } else if (d.kind === 'global') {
      val(d.type.type);
      if (d.type.mutable) f.add('reference-types');
    } else if (d.kind === 'tag') f.add('exceptions');
  }
  const ig = m.imports.filter((i) => i.desc.kind === 'global').length;
  if (memories > 1) f.add('multi-memory');
  if (tables > 1) f.add('reference-types');
  for (const mem of m.memories) if (mem.addr64) f.add('memory64');
  for (const t of m.tables) {
    if (t.type.limits.addr64) f.add('memory64');
    ref(t.type.elem);
    if (t.init !== undefined) {
      f.add('function-references');
      expr(t.init, f, val, true, ig);
    }
  }
  if (m.tags.length > 0) f.add('exceptions');
  for (const g of m.globals) {
    val(g.type.type);
    expr(g.init, f, val, true, ig);
  }
  for (const e of m.elems) {
    ref(e.type);
    if (e.mode !== 'active' || e.table !== 0 || e.exprs !== undefined) f.add('bulk-memory');
    if (e.offset) expr(e.offset, f, val, true, ig);
    if (e.exprs) for (const x of e.exprs) expr(x, f, val, true, ig);
  }
  for (const d of m.datas) {
    if (d.mode !== 'active' || d.memory !== 0) f.add('bulk-memory');
    if (d.offset) expr(d.offset, f, val, true, ig);
  }
  for (const fn of m.funcs) {
    fn.locals.forEach(val);
    expr(fn.body, f, val, false);
  }
  return f;
}

const EXTENDED = new Set(['i32.add', 'i32.sub', 'i32.mul', 'i64.add', 'i64.sub', 'i64.mul']);

function expr(e: Expr, f: Set<Feature>, val: (t: ValType) => void, isConst: boolean, importedGlobals = 0): void {
  for (const ins of e) {
    const op = ins.op;
    const name = op.name;
    if (isConst && EXTENDED.has(name)) f.add('extended-const');
    // constant expressions reading non-imported globals came with GC (Wasm 3.0)
    if (isConst && name === 'global.get') f.add(ins.a! >= importedGlobals ? 'gc-types' : 'reference-types');
    if (op.prefix === 0xfb) f.add('gc');
    if (op.prefix === 0xfc) f.add(op.code < 8 ? 'sat-trunc' : 'bulk-memory');
    if (op.code >= 0xc0 && op.code <= 0xc4 && op.prefix === 0) f.add('sign-ext');
    if (op.prefix === 0 && op.code >= 0xe0 && op.code <= 0xe6) f.add('stack-switching');
    if (op.prefix === 0xfd) f.add(op.code >= RELAXED_SIMD_FIRST ? 'relaxed-simd' : 'simd');
    switch (name) {
      case 'return_call':
      case 'return_call_indirect':
        f.add('tail-call');
        break;
      case 'return_call_ref':
        f.add('tail-call');
        f.add('function-references');
        break;
      case 'call_ref':
      case 'br_on_null':
      case 'br_on_non_null':
      case 'ref.as_non_null':
        f.add('function-references');
        break;
      case 'ref.eq':
        f.add('gc');
        break;
      case 'try':
      case 'catch':
      case 'catch_all':
      case 'delegate':
      case 'rethrow':
        f.add('legacy-exceptions');
        break;
      case 'throw':
        f.add('exceptions');
        break;
      case 'try_table':
      case 'throw_ref':
        f.add('exnref');
        break;
      case 'ref.null':
      case 'ref.is_null':
      case 'ref.func':
      case 'table.get':
      case 'table.set':
        f.add('reference-types');
        break;
    }
    if (ins.mem !== undefined && ins.mem !== 0) f.add('multi-memory');
    if ((op.imm === Imm.Mem || op.imm === Imm.MemMem || op.imm === Imm.MemData) && (ins.a !== 0 || (ins.b ?? 0) !== 0)) {
      if (op.imm !== Imm.MemData || ins.a !== 0) f.add('multi-memory');
    }
    if (ins.heap !== undefined) val({ nullable: true, heap: ins.heap });
    if (ins.ref !== undefined) val(ins.ref);
    if (ins.ref2 !== undefined) val(ins.ref2);
    if (ins.types !== undefined) ins.types.forEach(val);
    if (ins.bt !== undefined) {
      if (ins.bt.kind === 'val') val(ins.bt.type);
      else if (ins.bt.kind === 'index') f.add('multi-value');
    }
  }
}
