// Instructions: parses flat and folded instruction sequences into a flat Instr list (folded forms
// are unfolded in evaluation order), resolving labels, locals and module-level indices.

import { Tok } from './lexer.ts';
import type { SNode } from './sexpr.ts';
import { Cursor, isIndexAtom } from './cursor.ts';
import { fail } from './errors.ts';
import { Imm, OPS } from './opcodes.ts';
import type { OpDef } from './opcodes.ts';
import { parseIndex } from './context.ts';
import { hintAt, readBranchHint, BRANCH_HINT } from './annotations.ts';
import type { ModuleContext, Space } from './context.ts';
import { parseF32, parseF64, parseI32, parseI64, parseU64 } from './numbers.ts';
import { LANE_BYTES, parseLaneIndex, parseShape, parseV128Lanes } from './v128.ts';
import type { Lit } from './numbers.ts';
import { parseHeapType, parseRefType, parseResults, parseTypeUse, resolveTypeUse } from './typeParser.ts';
import type { BlockType, Catch, Handler, Instr, ValType } from './ast.ts';

const enum Ctrl {
  Block,
  If,
  Else,
  Try,
  Catch,
  CatchAll,
}

const CATCH_KINDS = new Map([
  ['catch', 0],
  ['catch_ref', 1],
  ['catch_all', 2],
  ['catch_all_ref', 3],
]);

function literal<T>(n: SNode, v: Lit<T>, what: string): T {
  if (v === null) fail(n, `unexpected token ${n.text}, expected ${what}`);
  if (v === 'range') fail(n, `constant out of range: ${n.text}`);
  return v;
}

export class InstrParser {
  readonly out: Instr[] = [];
  private readonly labels: (string | undefined)[] = [];
  private readonly ctrl: Ctrl[] = [];
  private readonly ctx: ModuleContext;
  private readonly locals: Space | null;
  /**
   * Set for function bodies: branch hint annotations taken from the text are added here (the
   * module parser rejects any it does not find here); elsewhere hints are not taken.
   */
  hints: Set<SNode> | null = null;

  constructor(ctx: ModuleContext, locals: Space | null) {
    this.ctx = ctx;
    this.locals = locals;
  }

  /** Parse the remaining items of `c` as an instruction sequence (blocks must balance). */
  parseSeq(c: Cursor): void {
    const depth = this.ctrl.length;
    const items = c.items;
    while (c.i < items.length) {
      const n = items[c.i]!;
      const hint = this.takeHint(c.list, c.i);
      if (n.items !== null) {
        c.i++;
        this.parseFolded(n, hint);
      } else {
        this.parsePlain(c, hint);
      }
    }
    if (this.ctrl.length !== depth) fail(c.pos(), 'unclosed block, expected end');
  }

  /** the branch hint annotated before item `i` of `list` (only in function bodies) */
  private takeHint(list: SNode, i: number): SNode | undefined {
    if (this.hints === null || list.annots === null) return undefined;
    const r = hintAt(list, i);
    if (r === undefined) return undefined;
    this.hints.add(r.node);
    return r.node;
  }

  private applyHint(ins: Instr, hint: SNode | undefined): void {
    if (hint === undefined) return;
    if (ins.op.name !== 'if' && ins.op.name !== 'br_if') fail(hint, `@${BRANCH_HINT} annotation: invalid target`);
    ins.hint = readBranchHint(hint);
  }

  private op(n: SNode): OpDef {
    if (n.kind !== Tok.Atom) fail(n, `unexpected token ${n.kind === Tok.Id ? '$' : ''}${n.text}, expected an instruction`);
    const op = OPS.get(n.text);
    if (op === undefined) fail(n, `unknown operator ${n.text}`);
    return op;
  }

  private label(n: SNode): number {
    if (n.kind === Tok.Id) {
      const l = this.labels;
      for (let i = l.length - 1; i >= 0; i--) if (l[i] === n.text) return l.length - 1 - i;
      fail(n, `unknown label $${n.text}`);
    }
    return parseIndex(n, 'label');
  }

  private blockType(c: Cursor): BlockType {
    const tu = parseTypeUse(c, this.ctx, false);
    if (tu.index === undefined && tu.params.length === 0) {
      if (tu.results.length === 0) return { kind: 'empty' };
      if (tu.results.length === 1) return { kind: 'val', type: tu.results[0]! };
    }
    const index = resolveTypeUse(tu, this.ctx);
    // like wabt and the reference encoder, a type whose shape fits a value type is written inline
    const ft = this.ctx.funcTypeOf(index);
    if (ft !== undefined && ft.params.length === 0 && ft.results.length <= 1) {
      return ft.results.length === 0 ? { kind: 'empty' } : { kind: 'val', type: ft.results[0]! };
    }
    return { kind: 'index', index };
  }

  /** label, block type and (try_table) catch clauses; pushes the label */
  private blockHeader(c: Cursor, ins: Instr, push = true): string | undefined {
    const id = c.eatId();
    ins.bt = this.blockType(c);
    if (ins.op.imm === Imm.TryTable) {
      const catches: Catch[] = [];
      for (;;) {
        const l = c.peek();
        if (l === undefined || l.items === null) break;
        const kind = CATCH_KINDS.get(l.head);
        if (kind === undefined) break;
        c.i++;
        const lc = new Cursor(l);
        const tag = kind < 2 ? this.ctx.tags.resolve(lc.next('tag')) : 0;
        const label = this.label(lc.next('label'));
        lc.expectEnd();
        catches.push({ kind, tag, label });
      }
      ins.catches = catches;
    }
    if (push) this.labels.push(id?.text);
    return id?.text;
  }

  private endLabel(c: Cursor, label: string | undefined): void {
    const id = c.eatId();
    if (id !== undefined && id.text !== label) fail(id, `mismatching label $${id.text}`);
  }

  private parsePlain(c: Cursor, hint?: SNode): void {
    const n = c.next('instruction');
    const op = this.op(n);
    const ins: Instr = { op, line: n.line, col: n.col };
    this.applyHint(ins, hint);
    const ctrl = this.ctrl;
    switch (op.imm) {
      case Imm.Block:
      case Imm.TryTable:
        this.blockHeader(c, ins);
        this.out.push(ins);
        ctrl.push(op.name === 'if' ? Ctrl.If : op.name === 'try' ? Ctrl.Try : Ctrl.Block);
        return;
      case Imm.Else:
        if (ctrl[ctrl.length - 1] !== Ctrl.If) fail(n, 'unexpected else');
        this.endLabel(c, this.labels[this.labels.length - 1]);
        ctrl[ctrl.length - 1] = Ctrl.Else;
        this.out.push(ins);
        return;
      case Imm.End:
        if (ctrl.length === 0) fail(n, 'unexpected end');
        ctrl.pop();
        this.endLabel(c, this.labels.pop());
        this.out.push(ins);
        return;
      case Imm.Catch: {
        const k = ctrl[ctrl.length - 1];
        if (k !== Ctrl.Try && k !== Ctrl.Catch) fail(n, 'unexpected catch');
        ins.a = this.ctx.tags.resolve(c.next('tag'));
        ctrl[ctrl.length - 1] = Ctrl.Catch;
        this.out.push(ins);
        return;
      }
      case Imm.CatchAll: {
        const k = ctrl[ctrl.length - 1];
        if (k !== Ctrl.Try && k !== Ctrl.Catch) fail(n, 'unexpected catch_all');
        ctrl[ctrl.length - 1] = Ctrl.CatchAll;
        this.out.push(ins);
        return;
      }
      case Imm.Delegate:
        if (ctrl[ctrl.length - 1] !== Ctrl.Try) fail(n, 'unexpected delegate');
        ctrl.pop();
        this.labels.pop();
        ins.a = this.label(c.next('label'));
        this.out.push(ins);
        return;
      default:
        this.immediates(c, ins);
        this.out.push(ins);
    }
  }

  /** Parse one folded instruction `(op ...)`. */
  parseFolded(list: SNode, hint?: SNode): void {
    const c = new Cursor(list, 0);
    const h = c.next('instruction');
    const op = this.op(h);
    const ins: Instr = { op, line: h.line, col: h.col };
    this.applyHint(ins, hint);
    const end = (): void => {
      this.out.push({ op: OPS.get('end')!, line: list.line, col: list.col });
    };
    switch (op.imm) {
      case Imm.Block:
      case Imm.TryTable: {
        if (op.name === 'if') return this.foldedIf(c, ins, end);
        if (op.name === 'try') return this.foldedTry(c, ins, end);
        this.blockHeader(c, ins);
        this.out.push(ins);
        this.ctrl.push(Ctrl.Block);
        this.parseSeq(c);
        this.ctrl.pop();
        this.labels.pop();
        end();
        return;
      }
      case Imm.Else:
      case Imm.End:
      case Imm.Catch:
      case Imm.CatchAll:
      case Imm.Delegate:
        fail(h, `unexpected ${op.name}`);
      // eslint-disable-next-line no-fallthrough
      default: {
        this.immediates(c, ins);
        while (!c.done) {
          const hint = this.takeHint(list, c.i);
          const n = c.next('instruction');
          if (n.items === null) fail(n, `unexpected token ${n.text}, expected a folded instruction`);
          this.parseFolded(n, hint);
        }
        this.out.push(ins);
      }
    }
  }

  private foldedIf(c: Cursor, ins: Instr, end: () => void): void {
    const label = this.blockHeader(c, ins, false);
    for (;;) {
      const n = c.peek();
      if (n === undefined || n.items === null) fail(c.pos(), 'expected (then ...)');
      if (n.head === 'then') break;
      const hint = this.takeHint(c.list, c.i);
      c.i++;
      this.parseFolded(n, hint);
    }
    this.out.push(ins);
    this.labels.push(label);
    // the arms are lists: a flat `else` inside `(then ...)` is not allowed
    this.ctrl.push(Ctrl.Block);
    const then = c.next('(then ...)');
    this.parseSeq(new Cursor(then));
    const els = c.peekList('else');
    if (els !== undefined) {
      c.i++;
      this.out.push({ op: OPS.get('else')!, line: els.line, col: els.col });
      this.parseSeq(new Cursor(els));
    }
    c.expectEnd();
    this.ctrl.pop();
    this.labels.pop();
    end();
  }

  private foldedTry(c: Cursor, ins: Instr, end: () => void): void {
    this.blockHeader(c, ins);
    this.out.push(ins);
    this.ctrl.push(Ctrl.Try);
    const body = c.peekList('do');
    if (body === undefined) fail(c.pos(), 'expected (do ...)');
    c.i++;
    this.parseSeq(new Cursor(body));
    for (let l = c.peekList('catch'); l !== undefined; l = c.peekList('catch')) {
      c.i++;
      const lc = new Cursor(l);
      this.out.push({ op: OPS.get('catch')!, line: l.line, col: l.col, a: this.ctx.tags.resolve(lc.next('tag')) });
      this.parseSeq(lc);
    }
    const all = c.peekList('catch_all');
    if (all !== undefined) {
      c.i++;
      this.out.push({ op: OPS.get('catch_all')!, line: all.line, col: all.col });
      this.parseSeq(new Cursor(all));
    }
    const del = c.peekList('delegate');
    this.ctrl.pop();
    this.labels.pop();
    if (del !== undefined) {
      if (all !== undefined || c.items[c.i - 1]!.head === 'catch') fail(del, 'unexpected delegate after catch');
      c.i++;
      const dc = new Cursor(del);
      this.out.push({ op: OPS.get('delegate')!, line: del.line, col: del.col, a: this.label(dc.next('label')) });
      dc.expectEnd();
    } else {
      end();
    }
    c.expectEnd();
  }

  private optIndex(c: Cursor, space: Space): number {
    return c.peekIsIndex() ? space.resolve(c.next('index')) : 0;
  }

  /** one or two indices: `x y` -> (x, y); `y` -> (0, y) */
  private pairIndex(c: Cursor, first: Space, second: Space, ins: Instr): void {
    const n1 = c.next(`${second.kind} index`);
    const n2 = c.peek();
    if (n2 !== undefined && isIndexAtom(n2)) {
      c.i++;
      ins.a = first.resolve(n1);
      ins.b = second.resolve(n2);
    } else {
      ins.a = 0;
      ins.b = second.resolve(n1);
    }
  }

  private handlers(c: Cursor): Handler[] {
    const hs: Handler[] = [];
    for (let l = c.peekList('on'); l !== undefined; l = c.peekList('on')) {
      c.i++;
      const lc = new Cursor(l);
      const tag = this.ctx.tags.resolve(lc.next('tag'));
      const target = lc.next('label or switch');
      const label = target.kind === Tok.Atom && target.text === 'switch' ? -1 : this.label(target);
      lc.expectEnd();
      hs.push({ tag, label });
    }
    return hs;
  }

  private immediates(c: Cursor, ins: Instr): void {
    const ctx = this.ctx;
    switch (ins.op.imm) {
      case Imm.None:
        return;
      case Imm.Label:
        ins.a = this.label(c.next('label'));
        return;
      case Imm.BrTable: {
        const labels: number[] = [];
        while (c.peekIsIndex()) labels.push(this.label(c.next('label')));
        if (labels.length === 0) fail(c.pos(), 'expected a label');
        ins.labels = labels;
        return;
      }
      case Imm.Func:
        ins.a = ctx.funcs.resolve(c.next('function index'));
        return;
      case Imm.Type:
        ins.a = ctx.types.resolve(c.next('type index'));
        return;
      case Imm.TypeType:
        ins.a = ctx.types.resolve(c.next('type index'));
        ins.b = ctx.types.resolve(c.next('type index'));
        return;
      case Imm.TypeField:
        ins.a = ctx.types.resolve(c.next('type index'));
        ins.b = ctx.resolveField(ins.a, c.next('field index'));
        return;
      case Imm.TypeU32:
        ins.a = ctx.types.resolve(c.next('type index'));
        ins.b = parseIndex(c.next('count'), 'count');
        return;
      case Imm.TypeData:
        ins.a = ctx.types.resolve(c.next('type index'));
        ins.b = ctx.datas.resolve(c.next('data index'));
        ctx.usesDataIndex = true;
        return;
      case Imm.TypeElem:
        ins.a = ctx.types.resolve(c.next('type index'));
        ins.b = ctx.elems.resolve(c.next('elem index'));
        return;
      case Imm.CallIndirect:
        ins.a = this.optIndex(c, ctx.tables);
        ins.b = resolveTypeUse(parseTypeUse(c, ctx, false), ctx);
        return;
      case Imm.Local:
        if (this.locals === null) fail(c.pos(), 'unknown local: no locals here');
        ins.a = this.locals.resolve(c.next('local index'));
        return;
      case Imm.Global:
        ins.a = ctx.globals.resolve(c.next('global index'));
        return;
      case Imm.Table:
        ins.a = this.optIndex(c, ctx.tables);
        return;
      case Imm.TableTable:
        if (c.peekIsIndex()) {
          ins.a = ctx.tables.resolve(c.next('table index'));
          ins.b = ctx.tables.resolve(c.next('table index'));
        } else {
          ins.a = ins.b = 0;
        }
        return;
      case Imm.TableElem:
        this.pairIndex(c, ctx.tables, ctx.elems, ins);
        return;
      case Imm.Elem:
        ins.a = ctx.elems.resolve(c.next('elem index'));
        return;
      case Imm.Data:
        ins.a = ctx.datas.resolve(c.next('data index'));
        ctx.usesDataIndex = true;
        return;
      case Imm.Mem:
        ins.a = this.optIndex(c, ctx.memories);
        return;
      case Imm.MemMem:
        if (c.peekIsIndex()) {
          ins.a = ctx.memories.resolve(c.next('memory index'));
          ins.b = ctx.memories.resolve(c.next('memory index'));
        } else {
          ins.a = ins.b = 0;
        }
        return;
      case Imm.MemData:
        this.pairIndex(c, ctx.memories, ctx.datas, ins);
        ctx.usesDataIndex = true;
        return;
      case Imm.MemArg:
        this.memarg(c, ins);
        return;
      case Imm.MemArgLane:
        this.memarg(c, ins, true);
        ins.lane = parseLaneIndex(c.next('lane index'));
        return;
      case Imm.Lane:
        ins.lane = parseLaneIndex(c.next('lane index'));
        return;
      case Imm.Shuffle: {
        const lanes = new Uint8Array(16);
        for (let i = 0; i < 16; i++) lanes[i] = parseLaneIndex(c.next('lane index (i8x16.shuffle takes 16)'));
        ins.v128 = lanes;
        return;
      }
      case Imm.V128: {
        const shape = parseShape(c.peek(), c.list);
        c.i++;
        const count = 16 / LANE_BYTES[shape];
        const start = c.i;
        while (c.i < c.items.length && c.items[c.i]!.items === null && c.i - start < count) c.i++;
        ins.v128 = parseV128Lanes(shape, c.items.slice(start, c.i), c.list);
        return;
      }
      case Imm.I32: {
        const n = c.next('i32 literal');
        ins.i32 = literal(n, n.kind === Tok.Atom ? parseI32(n.text) : null, 'i32 literal');
        return;
      }
      case Imm.I64: {
        const n = c.next('i64 literal');
        ins.i64 = literal(n, n.kind === Tok.Atom ? parseI64(n.text) : null, 'i64 literal');
        return;
      }
      case Imm.F32: {
        const n = c.next('f32 literal');
        ins.f32 = literal(n, n.kind === Tok.Atom ? parseF32(n.text) : null, 'f32 literal');
        return;
      }
      case Imm.F64: {
        const n = c.next('f64 literal');
        ins.f64 = literal(n, n.kind === Tok.Atom ? parseF64(n.text) : null, 'f64 literal');
        return;
      }
      case Imm.Select: {
        if (c.peekList('result') !== undefined) {
          const types: ValType[] = [];
          parseResults(c, ctx, types);
          ins.types = types;
        }
        return;
      }
      case Imm.HeapType:
        ins.heap = parseHeapType(c.next('heap type'), ctx);
        return;
      case Imm.RefCast:
        ins.ref = parseRefType(c.next('reference type'), ctx);
        return;
      case Imm.BrOnCast:
        ins.a = this.label(c.next('label'));
        ins.ref = parseRefType(c.next('reference type'), ctx);
        ins.ref2 = parseRefType(c.next('reference type'), ctx);
        return;
      case Imm.Tag:
        ins.a = ctx.tags.resolve(c.next('tag index'));
        return;
      case Imm.TypeTag:
        ins.a = ctx.types.resolve(c.next('type index'));
        ins.b = ctx.tags.resolve(c.next('tag index'));
        return;
      case Imm.Resume:
      case Imm.ResumeThrowRef:
        ins.a = ctx.types.resolve(c.next('type index'));
        ins.handlers = this.handlers(c);
        return;
      case Imm.ResumeThrow:
        ins.a = ctx.types.resolve(c.next('type index'));
        ins.b = ctx.tags.resolve(c.next('tag index'));
        ins.handlers = this.handlers(c);
        return;
      default:
        fail(ins, `unexpected ${ins.op.name}`);
    }
  }

  /**
   * `memidx? offset=? align=?`; with a lane index to follow, a lone number is that lane, not a
   * memory index (`v128.load8_lane 1` is lane 1 of memory 0; `v128.load8_lane 1 1`, memory 1).
   */
  private memarg(c: Cursor, ins: Instr, laneFollows = false): void {
    const next = c.items[c.i + 1];
    const memFollows = !laneFollows || c.peek()?.kind === Tok.Id || (next !== undefined && next.kind === Tok.Atom && (isIndexAtom(next) || /^(offset|align)=/.test(next.text)));
    ins.mem = memFollows ? this.optIndex(c, this.ctx.memories) : 0;
    ins.offset = 0n;
    ins.align = ins.op.natAlign;
    let n = c.peek();
    if (n !== undefined && n.kind === Tok.Atom && n.text.startsWith('offset=')) {
      c.i++;
      ins.offset = literal(n, parseU64(n.text.slice(7)), 'offset');
      n = c.peek();
    }
    if (n !== undefined && n.kind === Tok.Atom && n.text.startsWith('align=')) {
      c.i++;
      const a = literal(n, parseU64(n.text.slice(6)), 'alignment');
      if (a === 0n || (a & (a - 1n)) !== 0n) fail(n, `alignment must be a power of two: ${a}`);
      ins.align = a.toString(2).length - 1;
    }
  }
}
