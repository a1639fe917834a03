/**
 * Instructions as text, read with the decoder's own readers (the opcode table, immediates.ts,
 * typeReader.ts): mnemonic and immediates, with indices written as `$id`s where the module names
 * them and branch targets as the labels of their blocks.
 *
 * Labels: every block (block, loop, if, try, try_table) is given a label, its name from the
 * name section's label names or `$B<n>` (n = the block's ordinal in the body), unique within
 * the function so that no label shadows another. A branch to the function's own level stays a
 * number. try_table's catch clauses are resolved outside the try_table, delegate's target after
 * its try is closed, as the text format says.
 */
import type { ModuleInfo } from '../syntax/moduleInfo.ts';
import type { ByteReader } from '../binary/reader.ts';
import { Imm, PREFIX_GC, PREFIX_MISC, PREFIX_SIMD, WasmOpFB, opcodeInfo } from '../binary/opcodes.ts';
import { Catch, OnClause, illegalOpcode, readCatchClause, readMemArgExact, readOnClause } from '../binary/immediates.ts';
import { readBlockType, readHeapType, readValType } from '../binary/typeReader.ts';
import { f32Text, f64Text } from './floats.ts';
import { identifier, type IdSpace, type ModuleNames } from './names.ts';
import type { TypeText } from './typeText.ts';

/** How an instruction changes the block structure. */
export const Shape = {
  Plain: 0,
  /** block, loop, if, try, try_table: opens a block */
  Open: 1,
  /** else, catch, catch_all: continues the innermost block */
  Middle: 2,
  /** end or delegate: closes the innermost block (or, at depth 0, the body) */
  Close: 3,
} as const;
export type Shape = (typeof Shape)[keyof typeof Shape];

export interface PrintedInstruction {
  text: string;
  shape: Shape;
}

const CATCH_KEYWORDS = ['catch', 'catch_ref', 'catch_all', 'catch_all_ref'];

/** Prints the instructions of one function body (or one constant expression). */
export class InstructionPrinter {
  /** The label id of each enclosing block, innermost last. */
  private readonly labels: string[] = [];
  private readonly usedLabels = new Set<string>();
  private blockOrdinal = 0;
  private readonly clause = [0, 0, 0];

  constructor(
    private readonly info: ModuleInfo,
    private readonly names: ModuleNames,
    private readonly types: TypeText,
    /** the function's parameters and locals; null in a constant expression */
    private readonly locals: IdSpace | null,
    private readonly labelNames: ReadonlyMap<number, string> | undefined,
  ) {}

  /** Blocks open at this point (0 at the body's own level). */
  get depth(): number {
    return this.labels.length;
  }

  /** Reads the instruction at `r.pos` (left after it). */
  read(r: ByteReader): PrintedInstruction {
    const at = r.pos;
    let code = r.u8();
    const prefix = code === PREFIX_GC || code === PREFIX_MISC || code === PREFIX_SIMD ? code : 0;
    if (prefix !== 0) code = r.u32();
    const row = opcodeInfo(prefix, code);
    if (row === undefined) illegalOpcode(r, at, prefix, code);
    const mnemonic = row[1];
    switch (row[2]) {
      case Imm.BlockType:
        if (mnemonic === 'block' || mnemonic === 'loop' || mnemonic === 'if' || mnemonic === 'try') {
          const bt = this.types.blockType(readBlockType(r));
          return { text: `${mnemonic} ${this.openLabel()}${bt}`, shape: Shape.Open };
        }
        break;
      case Imm.TryTable: {
        const bt = this.types.blockType(readBlockType(r));
        const n = r.len32();
        let clauses = '';
        const c = this.clause;
        for (let i = 0; i < n; i++) {
          readCatchClause(r, c);
          const tag = c[0] === Catch.Catch || c[0] === Catch.CatchRef ? ` ${this.names.tags.ref(c[1])}` : '';
          clauses += ` (${CATCH_KEYWORDS[c[0]]}${tag} ${this.label(c[2])})`;
        }
        return { text: `try_table ${this.openLabel()}${bt}${clauses}`, shape: Shape.Open };
      }
    }
    switch (mnemonic) {
      case 'else':
      case 'catch_all':
        return { text: mnemonic, shape: Shape.Middle };
      case 'catch':
        return { text: `catch ${this.names.tags.ref(r.u32())}`, shape: Shape.Middle };
      case 'end':
        this.labels.pop();
        return { text: 'end', shape: Shape.Close };
      case 'delegate':
        this.labels.pop();
        return { text: `delegate ${this.label(r.u32())}`, shape: Shape.Close };
    }
    const immediates = this.immediates(r, row[2], prefix, code, row[4]);
    return { text: immediates === '' ? mnemonic : `${mnemonic} ${immediates}`, shape: Shape.Plain };
  }

  /** A new block's label id, pushed on the label stack. */
  private openLabel(): string {
    const ordinal = this.blockOrdinal++;
    let name = this.labelNames?.get(ordinal);
    if (name === undefined || name === '' || this.usedLabels.has(name)) {
      name = `B${ordinal}`;
      while (this.usedLabels.has(name)) name += '_';
    }
    this.usedLabels.add(name);
    const id = identifier(name);
    this.labels.push(id);
    return id;
  }

  /** A branch target (relative depth): the block's label, or the number for the body's own level. */
  private label(depth: number): string {
    return this.labels[this.labels.length - 1 - depth] ?? String(depth);
  }

  private local(index: number): string {
    return this.locals?.ref(index) ?? String(index);
  }

  /** An optional table / memory immediate: left out when it is 0 and unnamed. */
  private optional(space: IdSpace, index: number): string {
    return index === 0 && space.id(0) === undefined ? '' : space.ref(index);
  }

  private immediates(r: ByteReader, kind: number, prefix: number, code: number, naturalAlign: number | undefined): string {
    const { names, types } = this;
    switch (kind) {
      case Imm.None:
        return '';
      case Imm.Label:
        return this.label(r.u32());
      case Imm.BrTable: {
        const n = r.len32();
        const targets: string[] = [];
        for (let i = 0; i <= n; i++) targets.push(this.label(r.u32()));
        return targets.join(' ');
      }
      case Imm.Func:
        return names.funcs.ref(r.u32());
      case Imm.CallIndirect: {
        const type = types.typeRef(r.u32());
        const table = this.optional(names.tables, r.u32());
        return `${table}${table !== '' ? ' ' : ''}(type ${type})`;
      }
      case Imm.Type:
        return types.typeRef(r.u32());
      case Imm.Local:
        return this.local(r.u32());
      case Imm.Global:
        return names.globals.ref(r.u32());
      case Imm.Table:
        return this.optional(names.tables, r.u32());
      case Imm.Memory:
        return this.optional(names.memories, r.u32());
      case Imm.Tag:
        return names.tags.ref(r.u32());
      case Imm.Data:
        return names.datas.ref(r.u32());
      case Imm.Elem:
        return names.elems.ref(r.u32());
      case Imm.MemArg:
      case Imm.MemArgLane: {
        const m = readMemArgExact(r);
        const parts: string[] = [];
        const mem = this.optional(names.memories, m.memIndex);
        if (mem !== '') parts.push(mem);
        if (m.offset !== 0n) parts.push(`offset=${m.offset}`);
        if (m.align !== naturalAlign) parts.push(`align=${1n << BigInt(m.align)}`);
        if (kind === Imm.MemArgLane) parts.push(String(r.u8()));
        return parts.join(' ');
      }
      case Imm.I32:
        return String(r.s32());
      case Imm.I64:
        return r.s64().toString();
      case Imm.F32: {
        const b = r.bytes;
        const p = r.pos;
        r.skip(4);
        return f32Text(b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24));
      }
      case Imm.F64: {
        const p = r.pos;
        r.skip(8);
        let bits = 0n;
        for (let i = 7; i >= 0; i--) bits = (bits << 8n) | BigInt(r.bytes[p + i]);
        return f64Text(bits);
      }
      case Imm.V128: {
        const lanes: string[] = [];
        for (let i = 0; i < 4; i++) {
          const lane = (r.u8() | (r.u8() << 8) | (r.u8() << 16) | (r.u8() << 24)) >>> 0;
          lanes.push(`0x${lane.toString(16).padStart(8, '0')}`);
        }
        return `i32x4 ${lanes.join(' ')}`;
      }
      case Imm.Shuffle: {
        const lanes: number[] = [];
        for (let i = 0; i < 16; i++) lanes.push(r.u8());
        return lanes.join(' ');
      }
      case Imm.Lane:
        return String(r.u8());
      case Imm.SelectT: {
        const n = r.len32();
        const ts: number[] = [];
        for (let i = 0; i < n; i++) ts.push(readValType(r));
        return `(result${ts.length > 0 ? ' ' : ''}${types.valTypes(ts)})`;
      }
      case Imm.HeapType: {
        const heap = readHeapType(r);
        if (prefix !== PREFIX_GC) return types.heap(heap); // ref.null
        // ref.test / ref.cast: the opcode says whether the target type is nullable.
        return types.refLong(heap, code === WasmOpFB.refTestNull || code === WasmOpFB.refCastNull);
      }
      case Imm.MemoryInit: {
        const data = names.datas.ref(r.u32());
        const mem = this.optional(names.memories, r.u32());
        return mem !== '' ? `${mem} ${data}` : data;
      }
      case Imm.TableInit: {
        const elem = names.elems.ref(r.u32());
        const table = this.optional(names.tables, r.u32());
        return table !== '' ? `${table} ${elem}` : elem;
      }
      case Imm.MemoryCopy:
      case Imm.TableCopy: {
        const space = kind === Imm.MemoryCopy ? names.memories : names.tables;
        const dst = r.u32();
        const src = r.u32();
        const both = `${space.ref(dst)} ${space.ref(src)}`;
        return dst === 0 && src === 0 && space.id(0) === undefined ? '' : both;
      }
      case Imm.TypeField: {
        const type = r.u32();
        return `${types.typeRef(type)} ${names.fields(type).ref(r.u32())}`;
      }
      case Imm.TypeCount:
        return `${types.typeRef(r.u32())} ${r.u32()}`;
      case Imm.TypeData:
        return `${types.typeRef(r.u32())} ${names.datas.ref(r.u32())}`;
      case Imm.TypeElem:
        return `${types.typeRef(r.u32())} ${names.elems.ref(r.u32())}`;
      case Imm.TypeType:
        return `${types.typeRef(r.u32())} ${types.typeRef(r.u32())}`;
      case Imm.BrOnCast: {
        const flags = r.u8();
        const target = this.label(r.u32());
        const from = types.refLong(readHeapType(r), (flags & 1) !== 0);
        const to = types.refLong(readHeapType(r), (flags & 2) !== 0);
        return `${target} ${from} ${to}`;
      }
      case Imm.Resume:
      case Imm.ResumeThrow: {
        let text = types.typeRef(r.u32());
        if (kind === Imm.ResumeThrow) text += ` ${names.tags.ref(r.u32())}`;
        const n = r.len32();
        const c = this.clause;
        for (let i = 0; i < n; i++) {
          readOnClause(r, c);
          text += ` (on ${names.tags.ref(c[1])} ${c[0] === OnClause.Switch ? 'switch' : this.label(c[2])})`;
        }
        return text;
      }
      case Imm.Switch:
        return `${types.typeRef(r.u32())} ${names.tags.ref(r.u32())}`;
    }
    return r.fail(`no text for immediate kind ${kind}`);
  }
}
