// Encoder: AST -> binary module, section by section, recording the byte offset of every
// instruction (code and constant expressions) together with its text position.

import { Writer } from './writer.ts';
import { Imm, SELECT_T } from './opcodes.ts';
import { utf8Encode } from './strings.ts';
import { encodeNameSection } from './nameSection.ts';
import type {
  BlockType,
  CompType,
  Expr,
  FieldType,
  Instr,
  Limits,
  Module,
  RefType,
  SectionKind,
  SubType,
  TableType,
  ValType,
} from './ast.ts';

export interface EncodeOptions {
  /** emit the `name` custom section (default true) */
  names?: boolean;
}

export interface EncodeResult {
  binary: Uint8Array<ArrayBuffer>;
  /** flat triples offset, line, column in offset order */
  marks: number[];
}

export function writeValType(w: Writer, t: ValType): void {
  if (typeof t === 'number') w.byte(t);
  else writeRefType(w, t);
}

export function writeRefType(w: Writer, t: RefType): void {
  if (t.nullable && t.heap < 0) {
    w.byte(t.heap + 0x80);
    return;
  }
  w.byte(t.nullable ? 0x63 : 0x64);
  w.s32(t.heap);
}

function writeName(w: Writer, s: string): void {
  w.vecBytes(utf8Encode(s));
}

function writeLimits(w: Writer, l: Limits): void {
  w.byte((l.max !== undefined ? 1 : 0) | (l.shared ? 2 : 0) | (l.addr64 ? 4 : 0));
  w.u64(l.min);
  if (l.max !== undefined) w.u64(l.max);
}

function writeTableType(w: Writer, t: TableType): void {
  writeRefType(w, t.elem);
  writeLimits(w, t.limits);
}

function writeFieldType(w: Writer, f: FieldType): void {
  writeValType(w, f.type);
  w.byte(f.mutable ? 1 : 0);
}

function writeCompType(w: Writer, c: CompType): void {
  switch (c.kind) {
    case 'func':
      w.byte(0x60);
      w.u32(c.params.length);
      for (const p of c.params) writeValType(w, p);
      w.u32(c.results.length);
      for (const r of c.results) writeValType(w, r);
      return;
    case 'struct':
      w.byte(0x5f);
      w.u32(c.fields.length);
      for (const f of c.fields) writeFieldType(w, f);
      return;
    case 'array':
      w.byte(0x5e);
      writeFieldType(w, c.field);
      return;
    case 'cont':
      w.byte(0x5d);
      w.s32(c.index);
      return;
  }
}

function writeSubType(w: Writer, t: SubType): void {
  if (!t.final || t.supers.length > 0) {
    w.byte(t.final ? 0x4f : 0x50);
    w.u32(t.supers.length);
    for (const s of t.supers) w.u32(s);
  }
  writeCompType(w, t.comp);
}

function writeBlockType(w: Writer, bt: BlockType): void {
  if (bt.kind === 'empty') w.byte(0x40);
  else if (bt.kind === 'val') writeValType(w, bt.type);
  else w.s32(bt.index);
}

export function writeInstr(w: Writer, ins: Instr): void {
  w.mark(ins.line, ins.col);
  const op = ins.op;
  let code = op.code;
  if (op.imm === Imm.Select && ins.types !== undefined) code = SELECT_T;
  else if (op.imm === Imm.RefCast && ins.ref!.nullable) code++;
  if (op.prefix !== 0) {
    w.byte(op.prefix);
    w.u32(code);
  } else {
    w.byte(code);
  }
  switch (op.imm) {
    case Imm.None:
    case Imm.Else:
    case Imm.End:
    case Imm.CatchAll:
      return;
    case Imm.Block:
      writeBlockType(w, ins.bt!);
      return;
    case Imm.TryTable:
      writeBlockType(w, ins.bt!);
      w.u32(ins.catches!.length);
      for (const c of ins.catches!) {
        w.byte(c.kind);
        if (c.kind < 2) w.u32(c.tag);
        w.u32(c.label);
      }
      return;
    case Imm.BrTable: {
      const ls = ins.labels!;
      w.u32(ls.length - 1);
      for (const l of ls) w.u32(l);
      return;
    }
    case Imm.Label:
    case Imm.Delegate:
    case Imm.Catch:
    case Imm.Func:
    case Imm.Type:
    case Imm.Local:
    case Imm.Global:
    case Imm.Table:
    case Imm.Elem:
    case Imm.Data:
    case Imm.Mem:
    case Imm.Tag:
      w.u32(ins.a!);
      return;
    case Imm.TypeType:
    case Imm.TypeField:
    case Imm.TypeU32:
    case Imm.TypeData:
    case Imm.TypeElem:
    case Imm.TypeTag:
    case Imm.TableTable:
    case Imm.MemMem:
      w.u32(ins.a!);
      w.u32(ins.b!);
      return;
    case Imm.CallIndirect:
    case Imm.TableElem:
    case Imm.MemData:
      w.u32(ins.b!);
      w.u32(ins.a!);
      return;
    case Imm.MemArg:
    case Imm.MemArgLane: {
      const mem = ins.mem!;
      w.u32(ins.align! | (mem !== 0 ? 0x40 : 0));
      if (mem !== 0) w.u32(mem);
      w.u64(ins.offset!);
      if (op.imm === Imm.MemArgLane) w.byte(ins.lane!);
      return;
    }
    case Imm.I32:
      w.s32(ins.i32!);
      return;
    case Imm.I64:
      w.s64(ins.i64!);
      return;
    case Imm.F32:
      w.f32(ins.f32!);
      return;
    case Imm.F64:
      w.f64(ins.f64!);
      return;
    case Imm.V128:
    case Imm.Shuffle:
      w.bytes(ins.v128!);
      return;
    case Imm.Lane:
      w.byte(ins.lane!);
      return;
    case Imm.Select:
      if (ins.types !== undefined) {
        w.u32(ins.types.length);
        for (const t of ins.types) writeValType(w, t);
      }
      return;
    case Imm.HeapType:
      w.s32(ins.heap!);
      return;
    case Imm.RefCast:
      w.s32(ins.ref!.heap);
      return;
    case Imm.BrOnCast:
      w.byte((ins.ref!.nullable ? 1 : 0) | (ins.ref2!.nullable ? 2 : 0));
      w.u32(ins.a!);
      w.s32(ins.ref!.heap);
      w.s32(ins.ref2!.heap);
      return;
    case Imm.Resume:
    case Imm.ResumeThrow:
    case Imm.ResumeThrowRef: {
      w.u32(ins.a!);
      if (op.imm === Imm.ResumeThrow) w.u32(ins.b!);
      const hs = ins.handlers!;
      w.u32(hs.length);
      for (const h of hs) {
        if (h.label < 0) {
          w.byte(1);
          w.u32(h.tag);
        } else {
          w.byte(0);
          w.u32(h.tag);
          w.u32(h.label);
        }
      }
      return;
    }
  }
}

/**
 * Write an instruction sequence; an empty `else` arm is omitted (as the reference encoder does).
 * With `hints`, each hinted instruction appends its offset in `w` and its hint value.
 */
function writeInstrs(w: Writer, e: Expr, hints?: number[]): void {
  for (let i = 0; i < e.length; i++) {
    const ins = e[i]!;
    if (ins.op.imm === Imm.Else && e[i + 1]?.op.imm === Imm.End) continue;
    if (hints !== undefined && ins.hint !== undefined) hints.push(w.len, ins.hint);
    writeInstr(w, ins);
  }
}

function writeExpr(w: Writer, e: Expr): void {
  writeInstrs(w, e);
  w.byte(0x0b);
}

const KIND_BYTE = { func: 0, table: 1, memory: 2, global: 3, tag: 4 } as const;

export function encodeModule(m: Module, options: EncodeOptions = {}): EncodeResult {
  const out = new Writer(1024);
  out.bytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  const w = new Writer(1024);
  const customs = m.customs ?? [];
  const placeCustoms = (place: 'before' | 'after', kind: SectionKind): void => {
    for (const c of customs) if (c.place === place && c.section === kind) writeCustom(out, c.name, c.bytes);
  };
  /** one standard section (omitted when `count` is 0) with the custom sections placed around it */
  const section = (kind: SectionKind, id: number, count: number, body: (w: Writer) => void): void => {
    placeCustoms('before', kind);
    if (count !== 0) {
      w.reset();
      body(w);
      out.byte(id);
      out.u32(w.len);
      out.append(w);
    }
    placeCustoms('after', kind);
  };

  placeCustoms('before', 'first');
  section('type', 1, m.types.length, (w) => {
    w.u32(m.types.length);
    for (const g of m.types) {
      if (g.rec) {
        w.byte(0x4e);
        w.u32(g.types.length);
      }
      for (const t of g.types) writeSubType(w, t);
    }
  });
  section('import', 2, m.imports.length, (w) => {
    w.u32(m.imports.length);
    for (const im of m.imports) {
      writeName(w, im.module);
      writeName(w, im.name);
      const d = im.desc;
      w.byte(KIND_BYTE[d.kind]);
      switch (d.kind) {
        case 'func':
          w.u32(d.type);
          break;
        case 'tag':
          w.byte(0);
          w.u32(d.type);
          break;
        case 'table':
          writeTableType(w, d.type);
          break;
        case 'memory':
          writeLimits(w, d.type);
          break;
        case 'global':
          writeValType(w, d.type.type);
          w.byte(d.type.mutable ? 1 : 0);
          break;
      }
    }
  });
  section('func', 3, m.funcs.length, (w) => {
    w.u32(m.funcs.length);
    for (const f of m.funcs) w.u32(f.type);
  });
  section('table', 4, m.tables.length, (w) => {
    w.u32(m.tables.length);
    for (const t of m.tables) {
      if (t.init !== undefined) {
        w.byte(0x40);
        w.byte(0x00);
        writeTableType(w, t.type);
        writeExpr(w, t.init);
      } else {
        writeTableType(w, t.type);
      }
    }
  });
  section('memory', 5, m.memories.length, (w) => {
    w.u32(m.memories.length);
    for (const l of m.memories) writeLimits(w, l);
  });
  section('tag', 13, m.tags.length, (w) => {
    w.u32(m.tags.length);
    for (const t of m.tags) {
      w.byte(0);
      w.u32(t.type);
    }
  });
  section('global', 6, m.globals.length, (w) => {
    w.u32(m.globals.length);
    for (const g of m.globals) {
      writeValType(w, g.type.type);
      w.byte(g.type.mutable ? 1 : 0);
      writeExpr(w, g.init);
    }
  });
  section('export', 7, m.exports.length, (w) => {
    w.u32(m.exports.length);
    for (const e of m.exports) {
      writeName(w, e.name);
      w.byte(KIND_BYTE[e.kind]);
      w.u32(e.index);
    }
  });
  const start = m.start;
  section('start', 8, start !== undefined ? 1 : 0, (w) => w.u32(start!));
  section('elem', 9, m.elems.length, (w) => {
    w.u32(m.elems.length);
    for (const e of m.elems) writeElem(w, e);
  });
  section('datacount', 12, m.usesDataIndex ? 1 : 0, (w) => w.u32(m.datas.length));
  // the code section is encoded first: branch hints (which precede it) need its offsets
  const code = new Writer(1024);
  const hints: [number, number[]][] = [];
  const imported = m.imports.filter((i) => i.desc.kind === 'func').length;
  {
    const w = code;
    w.u32(m.funcs.length);
    const body = new Writer(256);
    for (let fi = 0; fi < m.funcs.length; fi++) {
      const f = m.funcs[fi]!;
      body.reset();
      // locals, run-length compressed
      let runs = 0;
      for (let i = 0; i < f.locals.length; i++) if (i === 0 || !sameType(f.locals[i]!, f.locals[i - 1]!)) runs++;
      body.u32(runs);
      for (let i = 0; i < f.locals.length; ) {
        let j = i + 1;
        while (j < f.locals.length && sameType(f.locals[j]!, f.locals[i]!)) j++;
        body.u32(j - i);
        writeValType(body, f.locals[i]!);
        i = j;
      }
      const fh: number[] = [];
      writeInstrs(body, f.body, fh);
      if (fh.length > 0) hints.push([imported + fi, fh]);
      body.mark(f.endLine, f.endCol);
      body.byte(0x0b);
      w.u32(body.len);
      w.append(body);
    }
  }
  placeCustoms('before', 'code');
  if (hints.length > 0) {
    const h = new Writer(256);
    h.u32(hints.length);
    for (const [func, list] of hints) {
      h.u32(func);
      h.u32(list.length / 2);
      for (let i = 0; i < list.length; i += 2) {
        h.u32(list[i]!);
        h.u32(1);
        h.byte(list[i + 1]!);
      }
    }
    writeCustom(out, 'metadata.code.branch_hint', h.toBytes());
  }
  if (m.funcs.length !== 0) {
    out.byte(10);
    out.u32(code.len);
    out.append(code);
  }
  placeCustoms('after', 'code');
  section('data', 11, m.datas.length, (w) => {
    w.u32(m.datas.length);
    for (const d of m.datas) {
      if (d.mode === 'passive') {
        w.byte(1);
      } else if (d.memory === 0) {
        w.byte(0);
        writeExpr(w, d.offset!);
      } else {
        w.byte(2);
        w.u32(d.memory);
        writeExpr(w, d.offset!);
      }
      w.vecBytes(d.bytes);
    }
  });
  if (options.names !== false) {
    const payload = encodeNameSection(m);
    if (payload !== null) writeCustom(out, 'name', payload);
  }
  placeCustoms('after', 'last');
  return { binary: out.toBytes(), marks: out.marks };
}

function writeCustom(out: Writer, name: string, payload: Uint8Array): void {
  const n = utf8Encode(name);
  const w = new Writer(n.length + 5);
  w.vecBytes(n);
  out.byte(0);
  out.u32(w.len + payload.length);
  out.append(w);
  out.bytes(payload);
}

function sameType(a: ValType, b: ValType): boolean {
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  return a.nullable === b.nullable && a.heap === b.heap;
}

function isFuncref(t: RefType): boolean {
  return t.nullable && t.heap === 0x70 - 0x80;
}

function writeElem(w: Writer, e: Module['elems'][number]): void {
  const funcs = e.funcs;
  if (funcs !== undefined) {
    // function-index forms: flags 0-3
    if (e.mode === 'active' && e.table === 0) {
      w.byte(0);
      writeExpr(w, e.offset!);
    } else if (e.mode === 'active') {
      w.byte(2);
      w.u32(e.table);
      writeExpr(w, e.offset!);
      w.byte(0);
    } else {
      w.byte(e.mode === 'passive' ? 1 : 3);
      w.byte(0);
    }
    w.u32(funcs.length);
    for (const f of funcs) w.u32(f);
    return;
  }
  const exprs = e.exprs!;
  if (e.mode === 'active' && e.table === 0 && isFuncref(e.type)) {
    w.byte(4);
    writeExpr(w, e.offset!);
  } else if (e.mode === 'active') {
    w.byte(6);
    w.u32(e.table);
    writeExpr(w, e.offset!);
    writeRefType(w, e.type);
  } else {
    w.byte(e.mode === 'passive' ? 5 : 7);
    writeRefType(w, e.type);
  }
  w.u32(exprs.length);
  for (const x of exprs) writeExpr(w, x);
}
