// Module fields: a first pass binds ids in every index space (and checks import order), a second
// parses types, then every other field in text order (so implicit types append in text order).

import { Tok } from './lexer.ts';
import type { AnnotRef, SNode } from './sexpr.ts';
import { BRANCH_HINT, checkNested, nameOf, readBranchHint, readCustom, readName } from './annotations.ts';
import { Cursor } from './cursor.ts';
import { fail } from './errors.ts';
import type { Pos } from './errors.ts';
import { ModuleContext, Space } from './context.ts';
import type { Space as SpaceT } from './context.ts';
import { InstrParser } from './instrParser.ts';
import { parseU64 } from './numbers.ts';
import { decodeStringLiteral, utf8Decode } from './strings.ts';
import { OPS } from './opcodes.ts';
import {
  I32,
  I64,
  parseRefType,
  parseTypeDef,
  parseTypeUse,
  parseValType,
  resolveTypeUse,
  tryRefType,
} from './typeParser.ts';
import type {
  Data,
  Elem,
  Export,
  Expr,
  Func,
  Global,
  GlobalType,
  Import,
  Limits,
  Module,
  RefType,
  Table,
  ValType,
} from './ast.ts';

const EXTERN_KINDS = ['func', 'table', 'memory', 'global', 'tag'] as const;
type ExternKind = (typeof EXTERN_KINDS)[number];
const KIND_WORD: Record<ExternKind, string> = {
  func: 'function',
  table: 'table',
  memory: 'memory',
  global: 'global',
  tag: 'tag',
};

export function stringBytes(n: SNode): Uint8Array {
  if (n.kind !== Tok.String) fail(n, 'unexpected token, expected a string');
  return decodeStringLiteral(n.text, 0, n.text.length, n.line, n.col);
}

export function nameString(n: SNode): string {
  const s = utf8Decode(stringBytes(n));
  if (s === null) fail(n, 'malformed UTF-8 encoding');
  return s;
}

/** Parse `(module $id? field*)`. */
export function parseModuleNode(node: SNode): Module {
  const c = new Cursor(node);
  const id = c.eatId();
  // module-level annotations, indexed relative to the first field (before `$id`: < 0)
  const annots = node.annots?.map((r) => ({ at: r.at - c.i, node: r.node }));
  return parseModuleFields(node.items!.slice(c.i), node, id?.text, annots);
}

/**
 * Parse a list of module fields (for `(module ...)` bodies and inline modules); `annots` are the
 * interpreted annotations between the fields (`at` indexes `fields`).
 */
export function parseModuleFields(fields: SNode[], at: Pos, name?: string, annots?: AnnotRef[]): Module {
  return new ModuleParser(fields, at, name, annots).parse();
}

class ModuleParser {
  private readonly ctx = new ModuleContext();
  private readonly fields: SNode[];
  private readonly m: Module;
  /** phase-2 counters per index space */
  private next = { func: 0, table: 0, memory: 0, global: 0, tag: 0 };
  private readonly annots: AnnotRef[];
  /** branch hint annotations taken by function bodies */
  private readonly hints = new Set<SNode>();

  constructor(fields: SNode[], _at: Pos, name?: string, annots?: AnnotRef[]) {
    this.fields = fields;
    this.annots = annots ?? [];
    this.m = {
      types: this.ctx.recGroups,
      imports: [],
      funcs: [],
      tables: [],
      memories: [],
      globals: [],
      tags: [],
      exports: [],
      elems: [],
      datas: [],
      names: { types: [], funcs: [], tables: [], memories: [], globals: [], tags: [], elems: [], datas: [] },
      usesDataIndex: false,
    };
    if (name !== undefined) this.m.name = name;
  }

  private space(kind: ExternKind): SpaceT {
    const ctx = this.ctx;
    switch (kind) {
      case 'func':
        return ctx.funcs;
      case 'table':
        return ctx.tables;
      case 'memory':
        return ctx.memories;
      case 'global':
        return ctx.globals;
      case 'tag':
        return ctx.tags;
    }
  }

  /** module-level annotations: custom sections and the module name */
  private moduleAnnotations(): void {
    let named = false;
    for (const r of this.annots) {
      const a = r.node;
      if (a.text === 'custom') {
        (this.m.customs ??= []).push(readCustom(a));
      } else if (a.text === 'name') {
        const name = readName(a);
        if (r.at !== 0) fail(a, 'misplaced @name annotation');
        if (named) fail(a, '@name annotation: multiple module names');
        named = true;
        this.m.name = name;
      } else {
        readBranchHint(a);
        fail(a, `@${BRANCH_HINT} annotation: not in a function`);
      }
    }
  }

  parse(): Module {
    for (const f of this.fields) if (f.items === null) fail(f, `unexpected token ${f.text}, expected a module field`);
    this.moduleAnnotations();
    this.bindIds();
    // types first
    let typeIndex = 0;
    for (const f of this.fields) {
      if (f.head === 'type') {
        const t = parseTypeDef(f, this.ctx, typeIndex++);
        this.ctx.typeDefs.push(t);
        this.ctx.recGroups.push({ types: [t], rec: false });
      } else if (f.head === 'rec') {
        const types = [];
        const c = new Cursor(f);
        while (!c.done) {
          const t = c.next('type');
          if (t.head !== 'type') fail(t, 'expected (type ...) in rec group');
          const d = parseTypeDef(t, this.ctx, typeIndex++);
          this.ctx.typeDefs.push(d);
          types.push(d);
        }
        this.ctx.recGroups.push({ types, rec: true });
      }
    }
    this.ctx.indexExplicitTypes();
    for (const f of this.fields) {
      switch (f.head) {
        case 'type':
        case 'rec':
          break;
        case 'import':
          this.importField(f);
          break;
        case 'func':
          this.funcField(f);
          break;
        case 'table':
          this.tableField(f);
          break;
        case 'memory':
          this.memoryField(f);
          break;
        case 'global':
          this.globalField(f);
          break;
        case 'tag':
          this.tagField(f);
          break;
        case 'export':
          this.exportField(f);
          break;
        case 'start':
          this.startField(f);
          break;
        case 'elem':
          this.elemField(f);
          break;
        case 'data':
          this.dataField(f);
          break;
      }
    }
    for (const f of this.fields) checkNested(f, this.hints);
    const ctx = this.ctx;
    const names = this.m.names;
    names.types = ctx.typeDefs.map((t) => t.name);
    names.funcs = ctx.funcs.names;
    names.tables = ctx.tables.names;
    names.memories = ctx.memories.names;
    names.globals = ctx.globals.names;
    names.tags = ctx.tags.names;
    names.elems = ctx.elems.names;
    names.datas = ctx.datas.names;
    this.m.usesDataIndex = ctx.usesDataIndex;
    return this.m;
  }

  // ------------------------------------------------------------------ pass 1: ids

  private bindIds(): void {
    const ctx = this.ctx;
    let firstDef: string | undefined;
    for (const f of this.fields) {
      const items = f.items!;
      const id = items[1] !== undefined && items[1].kind === Tok.Id ? items[1] : undefined;
      const head = f.head;
      switch (head) {
        case 'type':
          ctx.types.add(id);
          break;
        case 'rec':
          for (let i = 1; i < items.length; i++) {
            const t = items[i]!;
            const tid = t.items !== null && t.items[1] !== undefined && t.items[1].kind === Tok.Id ? t.items[1] : undefined;
            ctx.types.add(tid);
          }
          break;
        case 'import': {
          const desc = items[3];
          if (desc === undefined || desc.items === null) fail(desc ?? f, 'expected an import description');
          const kind = desc.head as ExternKind;
          if (!EXTERN_KINDS.includes(kind)) fail(desc, `unexpected (${desc.head} ...) in import`);
          if (firstDef !== undefined) fail(f, `import after ${firstDef}`);
          const did = desc.items[1] !== undefined && desc.items[1].kind === Tok.Id ? desc.items[1] : undefined;
          this.space(kind).add(did);
          break;
        }
        case 'func':
        case 'table':
        case 'memory':
        case 'global':
        case 'tag': {
          let i = id !== undefined ? 2 : 1;
          while (items[i] !== undefined && items[i]!.head === 'export') i++;
          const imported = items[i] !== undefined && items[i]!.head === 'import';
          if (imported) {
            if (firstDef !== undefined) fail(f, `import after ${firstDef}`);
          } else if (firstDef === undefined) {
            firstDef = KIND_WORD[head];
          }
          this.space(head).add(id);
          if (!imported && head === 'table' && items.some((x) => x.head === 'elem')) ctx.elems.add(undefined);
          if (!imported && head === 'memory' && items.some((x) => x.head === 'data')) ctx.datas.add(undefined);
          break;
        }
        case 'elem':
          ctx.elems.add(id);
          break;
        case 'data':
          ctx.datas.add(id);
          break;
        case 'export':
        case 'start':
          break;
        default:
          fail(f, `unknown module field (${head} ...)`);
      }
    }
  }

  // ------------------------------------------------------------------ pass 2: fields

  /** inline `(export "name")*` then optional `(import "m" "n")`; returns the import names if any */
  private inlineExportsImport(c: Cursor, kind: ExternKind, index: number): [string, string] | undefined {
    for (let e = c.peekList('export'); e !== undefined; e = c.peekList('export')) {
      c.i++;
      const ec = new Cursor(e);
      this.m.exports.push({ name: nameString(ec.next('export name')), kind, index });
      ec.expectEnd();
    }
    const im = c.peekList('import');
    if (im === undefined) return undefined;
    c.i++;
    const ic = new Cursor(im);
    const names: [string, string] = [nameString(ic.next('module name')), nameString(ic.next('import name'))];
    ic.expectEnd();
    return names;
  }

  private importField(f: SNode): void {
    const c = new Cursor(f);
    const module = nameString(c.next('module name'));
    const name = nameString(c.next('import name'));
    const d = c.next('import description');
    c.expectEnd();
    const dc = new Cursor(d);
    dc.eatId();
    const kind = d.head as ExternKind;
    this.setName(kind, this.next[kind]++, d);
    const imp: Import = { module, name, desc: this.externDesc(kind, dc), line: f.line, col: f.col };
    dc.expectEnd();
    this.m.imports.push(imp);
  }

  /** a field's `(@name ...)` overrides its id in the name section */
  private setName(kind: ExternKind, index: number, f: SNode): void {
    const name = nameOf(f);
    if (name !== undefined) this.space(kind).names[index] = name;
  }

  private externDesc(kind: ExternKind, c: Cursor): Import['desc'] {
    switch (kind) {
      case 'func':
        return { kind, type: resolveTypeUse(parseTypeUse(c, this.ctx), this.ctx) };
      case 'tag':
        return { kind, type: resolveTypeUse(parseTypeUse(c, this.ctx), this.ctx) };
      case 'table': {
        const addr64 = this.addrType(c);
        const limits = this.limits(c, addr64);
        return { kind, type: { limits, elem: parseRefType(c.next('reference type'), this.ctx) } };
      }
      case 'memory': {
        const addr64 = this.addrType(c);
        return { kind, type: this.limits(c, addr64) };
      }
      case 'global':
        return { kind, type: this.globalType(c) };
    }
  }

  private addrType(c: Cursor): boolean {
    if (c.eatKeyword('i64')) return true;
    c.eatKeyword('i32');
    return false;
  }

  private limitValue(n: SNode, _addr64: boolean): bigint {
    if (n.kind !== Tok.Atom) fail(n, 'unexpected token, expected a limit');
    {
      const v = parseU64(n.text);
      if (v === null) fail(n, `unexpected token ${n.text}, expected a limit`);
      if (v === 'range') fail(n, `constant out of range: ${n.text}`);
      return v;
    }
  }

  private limits(c: Cursor, addr64: boolean): Limits {
    const min = this.limitValue(c.next('minimum size'), addr64);
    const lim: Limits = { addr64, min };
    const n = c.peek();
    if (n !== undefined && n.kind === Tok.Atom && /^[0-9]/.test(n.text)) {
      c.i++;
      lim.max = this.limitValue(n, addr64);
    }
    if (c.eatKeyword('shared')) lim.shared = true;
    return lim;
  }

  private globalType(c: Cursor): GlobalType {
    const n = c.next('global type');
    if (n.items !== null && n.head === 'mut') {
      const mc = new Cursor(n);
      const type = parseValType(mc.next('value type'), this.ctx);
      mc.expectEnd();
      return { type, mutable: true };
    }
    return { type: parseValType(n, this.ctx), mutable: false };
  }

  private expr(c: Cursor, locals: Space = new Space('local')): Expr {
    const p = new InstrParser(this.ctx, locals);
    p.parseSeq(c);
    return p.out;
  }

  /** `(offset instr*)` or a single folded instruction */
  private offsetExpr(n: SNode): Expr {
    if (n.head === 'offset') return this.expr(new Cursor(n));
    const p = new InstrParser(this.ctx, new Space('local'));
    p.parseFolded(n);
    return p.out;
  }

  private funcField(f: SNode): void {
    const c = new Cursor(f);
    c.eatId();
    const index = this.next.func++;
    this.setName('func', index, f);
    const imported = this.inlineExportsImport(c, 'func', index);
    const tu = parseTypeUse(c, this.ctx);
    const type = resolveTypeUse(tu, this.ctx);
    if (imported !== undefined) {
      c.expectEnd();
      this.m.imports.push({ module: imported[0], name: imported[1], desc: { kind: 'func', type }, line: f.line, col: f.col });
      return;
    }
    const locals = new Space('local');
    if (tu.inline || tu.index === undefined) {
      for (const id of tu.paramIds) locals.add(id);
    } else {
      const ft = this.ctx.funcTypeOf(type);
      const n = ft === undefined ? 0 : ft.params.length;
      for (let i = 0; i < n; i++) locals.add(undefined);
    }
    const localTypes: ValType[] = [];
    for (let l = c.peekList('local'); l !== undefined; l = c.peekList('local')) {
      c.i++;
      const lc = new Cursor(l);
      const id = lc.eatId();
      const name = nameOf(l);
      if (name !== undefined) locals.names[locals.count] = name;
      if (id !== undefined) {
        localTypes.push(parseValType(lc.next('value type'), this.ctx));
        locals.add(id);
        if (name !== undefined) locals.names[locals.count - 1] = name;
        lc.expectEnd();
      } else {
        while (!lc.done) {
          localTypes.push(parseValType(lc.next('value type'), this.ctx));
          locals.add(undefined);
        }
      }
    }
    const p = new InstrParser(this.ctx, locals);
    p.hints = this.hints;
    p.parseSeq(c);
    const body = p.out;
    const func: Func = {
      type,
      locals: localTypes,
      body,
      line: f.line,
      col: f.col,
      endLine: f.line,
      endCol: f.col,
      localNames: locals.names,
    };
    this.m.funcs.push(func);
  }

  private tableField(f: SNode): void {
    const c = new Cursor(f);
    c.eatId();
    const index = this.next.table++;
    this.setName('table', index, f);
    const imported = this.inlineExportsImport(c, 'table', index);
    const addr64 = this.addrType(c);
    if (imported !== undefined) {
      const limits = this.limits(c, addr64);
      const elem = parseRefType(c.next('reference type'), this.ctx);
      c.expectEnd();
      this.m.imports.push({
        module: imported[0],
        name: imported[1],
        desc: { kind: 'table', type: { limits, elem } },
        line: f.line,
        col: f.col,
      });
      return;
    }
    const first = c.peek();
    const inlineType = first !== undefined ? tryRefType(first, this.ctx) : undefined;
    if (inlineType !== undefined) {
      // (table reftype (elem ...))
      c.i++;
      const el = c.next('(elem ...)');
      if (el.head !== 'elem') fail(el, 'expected (elem ...)');
      c.expectEnd();
      const seg = this.elemList(new Cursor(el), inlineType, true);
      if (seg.funcs !== undefined && !(inlineType.nullable && inlineType.heap === 0x70 - 0x80)) {
        // The segment has the table's type (as the reference interpreter encodes it): indices
        // become `ref.func` expressions, since the index form means (ref func), which does not
        // match e.g. a (ref null $t) table.
        seg.exprs = seg.funcs.map((x) => [{ op: OPS.get('ref.func')!, a: x, line: el.line, col: el.col }]);
        seg.funcs = undefined;
      }
      const n = BigInt(seg.funcs !== undefined ? seg.funcs.length : seg.exprs!.length);
      seg.mode = 'active';
      seg.table = index;
      seg.offset = [this.constInstr(addr64, f)];
      this.m.elems.push(seg);
      this.m.tables.push({ type: { limits: { addr64, min: n, max: n }, elem: inlineType } });
      return;
    }
    const limits = this.limits(c, addr64);
    const elem = parseRefType(c.next('reference type'), this.ctx);
    const table: Table = { type: { limits, elem } };
    if (!c.done) table.init = this.expr(c);
    this.m.tables.push(table);
  }

  private constInstr(addr64: boolean, at: Pos): Expr[number] {
    return addr64
      ? { op: OPS.get('i64.const')!, i64: 0n, line: at.line, col: at.col }
      : { op: OPS.get('i32.const')!, i32: 0, line: at.line, col: at.col };
  }

  private memoryField(f: SNode): void {
    const c = new Cursor(f);
    c.eatId();
    const index = this.next.memory++;
    this.setName('memory', index, f);
    const imported = this.inlineExportsImport(c, 'memory', index);
    const addr64 = this.addrType(c);
    if (imported !== undefined) {
      const limits = this.limits(c, addr64);
      c.expectEnd();
      this.m.imports.push({ module: imported[0], name: imported[1], desc: { kind: 'memory', type: limits }, line: f.line, col: f.col });
      return;
    }
    const d = c.peekList('data');
    if (d !== undefined) {
      c.i++;
      c.expectEnd();
      const dc = new Cursor(d);
      const bytes = this.dataStrings(dc);
      const pages = BigInt(Math.ceil(bytes.length / 65536));
      this.m.memories.push({ addr64, min: pages, max: pages });
      this.m.datas.push({ mode: 'active', memory: index, offset: [this.constInstr(addr64, f)], bytes });
      return;
    }
    const limits = this.limits(c, addr64);
    c.expectEnd();
    this.m.memories.push(limits);
  }

  private dataStrings(c: Cursor): Uint8Array {
    const parts: Uint8Array[] = [];
    let len = 0;
    while (!c.done) {
      const b = stringBytes(c.next('string'));
      parts.push(b);
      len += b.length;
    }
    if (parts.length === 1) return parts[0]!;
    const out = new Uint8Array(len);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }

  private globalField(f: SNode): void {
    const c = new Cursor(f);
    c.eatId();
    const index = this.next.global++;
    this.setName('global', index, f);
    const imported = this.inlineExportsImport(c, 'global', index);
    const type = this.globalType(c);
    if (imported !== undefined) {
      c.expectEnd();
      this.m.imports.push({ module: imported[0], name: imported[1], desc: { kind: 'global', type }, line: f.line, col: f.col });
      return;
    }
    const g: Global = { type, init: this.expr(c) };
    this.m.globals.push(g);
  }

  private tagField(f: SNode): void {
    const c = new Cursor(f);
    c.eatId();
    const index = this.next.tag++;
    this.setName('tag', index, f);
    const imported = this.inlineExportsImport(c, 'tag', index);
    const type = resolveTypeUse(parseTypeUse(c, this.ctx), this.ctx);
    c.expectEnd();
    if (imported !== undefined) {
      this.m.imports.push({ module: imported[0], name: imported[1], desc: { kind: 'tag', type }, line: f.line, col: f.col });
      return;
    }
    this.m.tags.push({ type });
  }

  private exportField(f: SNode): void {
    const c = new Cursor(f);
    const name = nameString(c.next('export name'));
    const d = c.next('export description');
    c.expectEnd();
    const kind = d.head as ExternKind;
    if (d.items === null || !EXTERN_KINDS.includes(kind)) fail(d, 'expected (func|table|memory|global|tag index)');
    const dc = new Cursor(d);
    const index = this.space(kind).resolve(dc.next('index'));
    dc.expectEnd();
    const e: Export = { name, kind, index };
    this.m.exports.push(e);
  }

  private startField(f: SNode): void {
    if (this.m.start !== undefined) fail(f, 'multiple start sections');
    const c = new Cursor(f);
    this.m.start = this.ctx.funcs.resolve(c.next('function index'));
    c.expectEnd();
  }

  /**
   * Element list: `func x*`, `reftype item*`, or (when `legacyFuncs`) bare `x*`.
   * Items are `(item instr*)` or one folded instruction.
   */
  private elemList(c: Cursor, type: RefType | undefined, legacyFuncs: boolean): Elem {
    const FUNCREF: RefType = { nullable: true, heap: 0x70 - 0x80 };
    const seg: Elem = { mode: 'passive', table: 0, type: type ?? FUNCREF };
    const first = c.peek();
    let rt: RefType | undefined;
    if (first !== undefined && first.kind === Tok.Atom && first.text === 'func') {
      c.i++;
      seg.funcs = this.funcIndices(c);
      seg.type = { nullable: false, heap: 0x70 - 0x80 };
    } else if (first !== undefined && (rt = tryRefType(first, this.ctx)) !== undefined) {
      c.i++;
      seg.type = rt;
      seg.exprs = this.elemItems(c);
    } else if (type !== undefined) {
      // inline table elements: indices or expressions
      if (first !== undefined && first.items !== null) seg.exprs = this.elemItems(c);
      else seg.funcs = this.funcIndices(c);
    } else if (legacyFuncs) {
      seg.funcs = this.funcIndices(c);
    } else {
      fail(c.pos(), 'expected func or a reference type');
    }
    c.expectEnd();
    return seg;
  }

  private funcIndices(c: Cursor): number[] {
    const out: number[] = [];
    while (c.peekIsIndex()) out.push(this.ctx.funcs.resolve(c.next('function index')));
    return out;
  }

  private elemItems(c: Cursor): Expr[] {
    const out: Expr[] = [];
    while (!c.done) {
      const n = c.next('element item');
      if (n.items === null) fail(n, `unexpected token ${n.text}, expected (item ...)`);
      out.push(n.head === 'item' ? this.expr(new Cursor(n)) : this.offsetExpr(n));
    }
    return out;
  }

  private elemField(f: SNode): void {
    const c = new Cursor(f);
    c.eatId();
    if (c.eatKeyword('declare')) {
      const seg = this.elemList(c, undefined, false);
      seg.mode = 'declarative';
      this.m.elems.push(seg);
      return;
    }
    let table: number | undefined;
    const t = c.peekList('table');
    if (t !== undefined) {
      c.i++;
      const tc = new Cursor(t);
      table = this.ctx.tables.resolve(tc.next('table index'));
      tc.expectEnd();
    } else if (c.peekIsIndex() && c.items[c.i + 1]?.items != null) {
      table = this.ctx.tables.resolve(c.next('table index'));
    }
    const o = c.peek();
    const isOffset = o !== undefined && o.items !== null && (o.head === 'offset' || (o.head !== 'item' && o.head !== 'ref' && OPS.has(o.head)));
    if (!isOffset) {
      if (table !== undefined) fail(c.pos(), 'expected an offset expression');
      const seg = this.elemList(c, undefined, false);
      this.m.elems.push(seg);
      return;
    }
    c.i++;
    const offset = this.offsetExpr(o);
    const seg = this.elemList(c, undefined, true);
    seg.mode = 'active';
    seg.table = table ?? 0;
    seg.offset = offset;
    this.m.elems.push(seg);
  }

  private dataField(f: SNode): void {
    const c = new Cursor(f);
    c.eatId();
    let memory: number | undefined;
    const mm = c.peekList('memory');
    if (mm !== undefined) {
      c.i++;
      const mc = new Cursor(mm);
      memory = this.ctx.memories.resolve(mc.next('memory index'));
      mc.expectEnd();
    } else if (c.peekIsIndex()) {
      memory = this.ctx.memories.resolve(c.next('memory index'));
    }
    const o = c.peek();
    let seg: Data;
    if (o !== undefined && o.items !== null) {
      c.i++;
      seg = { mode: 'active', memory: memory ?? 0, offset: this.offsetExpr(o), bytes: new Uint8Array(0) };
    } else {
      if (memory !== undefined) fail(c.pos(), 'expected an offset expression');
      seg = { mode: 'passive', memory: 0, bytes: new Uint8Array(0) };
    }
    seg.bytes = this.dataStrings(c);
    this.m.datas.push(seg);
  }
}

