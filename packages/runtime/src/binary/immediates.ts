/**
 * Reading instruction immediates, shared by the decoder (which only needs to step over
 * instructions, e.g. to find the end of a constant expression), the validator and the
 * compiler. Immediate kinds come from the opcode table (opcodes.ts); this file knows how each
 * kind is encoded and nothing about typing.
 *
 * Messages follow the reference decoder: an unknown opcode is "illegal opcode XX" (prefixed:
 * "illegal opcode fb XX"), a bad memarg flag word is "malformed memop flags", a bad catch
 * clause "malformed catch clause", a bad resume handler "ON opcode expected".
 */
import type { ByteReader } from './reader.ts';
import { Imm, PREFIX_GC, PREFIX_MISC, PREFIX_SIMD, SINGLE_IMM, opcodeInfo } from './opcodes.ts';
import type { ImmKind } from './opcodes.ts';
import { readBlockType, readHeapType, readValType } from './typeReader.ts';

/** A decoded memarg; reuse one object (the validator and compiler do) to avoid allocation. */
export interface MemArg {
  /** log2 of the alignment, as encoded (0..63). */
  align: number;
  memIndex: number;
  /** The offset (u64; exact below 2^53). */
  offset: number;
}

export function newMemArg(): MemArg {
  return { align: 0, memIndex: 0, offset: 0 };
}

export function readMemArg(r: ByteReader, out: MemArg): MemArg {
  readMemArgFlags(r, out);
  out.offset = r.u64AsNumber();
  return out;
}

/** A memarg with its offset exact (a memory64 offset may exceed 2^53), for the text printer. */
export function readMemArgExact(r: ByteReader): { align: number; memIndex: number; offset: bigint } {
  const m = readMemArgFlags(r, newMemArg());
  return { align: m.align, memIndex: m.memIndex, offset: r.u64() };
}

/** The flags word and memory index of a memarg, into `out` (offset not read). */
function readMemArgFlags(r: ByteReader, out: MemArg): MemArg {
  const at = r.pos;
  const flags = r.u32();
  if (flags >= 0x80) r.fail('malformed memop flags', at);
  out.memIndex = flags & 0x40 ? r.u32() : 0;
  out.align = flags & 0x3f;
  return out;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

export function illegalOpcode(r: ByteReader, at: number, prefix: number, code: number): never {
  if (prefix === 0) r.fail(`illegal opcode ${hex2(code)}`, at);
  return r.fail(`illegal opcode ${hex2(prefix)} ${hex2(code)}`, at);
}

/** Catch clause kinds of try_table (the leading byte). */
export const Catch = { Catch: 0, CatchRef: 1, CatchAll: 2, CatchAllRef: 3 } as const;
/** Resume handler kinds (the leading byte): `(on $tag $label)` / `(on $tag switch)`. */
export const OnClause = { Label: 0, Switch: 1 } as const;

/** Reads one try_table catch clause into `out` = [kind, tag (or -1), label]. */
export function readCatchClause(r: ByteReader, out: Int32Array | number[]): void {
  const at = r.pos;
  const kind = r.u8();
  switch (kind) {
    case Catch.Catch:
    case Catch.CatchRef:
      out[0] = kind;
      out[1] = r.u32();
      out[2] = r.u32();
      return;
    case Catch.CatchAll:
    case Catch.CatchAllRef:
      out[0] = kind;
      out[1] = -1;
      out[2] = r.u32();
      return;
  }
  r.fail('malformed catch clause', at);
}

/** Reads one resume handler into `out` = [kind, tag, label (or -1 for switch)]. */
export function readOnClause(r: ByteReader, out: Int32Array | number[]): void {
  const kind = r.u8();
  if (kind === OnClause.Label) {
    out[0] = kind;
    out[1] = r.u32();
    out[2] = r.u32();
  } else if (kind === OnClause.Switch) {
    out[0] = kind;
    out[1] = r.u32();
    out[2] = -1;
  } else {
    r.fail('ON opcode expected', r.pos);
  }
}

const scratch = [0, 0, 0];
const scratchMemArg = newMemArg();

/** Steps over the immediates of one instruction, checking their encoding only. */
export function skipImmediates(r: ByteReader, kind: ImmKind): void {
  switch (kind) {
    case Imm.None:
      return;
    case Imm.BlockType:
      readBlockType(r);
      return;
    case Imm.Label:
    case Imm.Func:
    case Imm.Type:
    case Imm.Local:
    case Imm.Global:
    case Imm.Table:
    case Imm.Memory:
    case Imm.Tag:
    case Imm.Data:
    case Imm.Elem:
      r.u32();
      return;
    case Imm.CallIndirect:
    case Imm.MemoryInit:
    case Imm.MemoryCopy:
    case Imm.TableInit:
    case Imm.TableCopy:
    case Imm.TypeField:
    case Imm.TypeCount:
    case Imm.TypeData:
    case Imm.TypeElem:
    case Imm.TypeType:
    case Imm.Switch:
      r.u32();
      r.u32();
      return;
    case Imm.BrTable: {
      const n = r.len32();
      for (let i = 0; i <= n; i++) r.u32();
      return;
    }
    case Imm.MemArg:
      readMemArg(r, scratchMemArg);
      return;
    case Imm.MemArgLane:
      readMemArg(r, scratchMemArg);
      r.u8();
      return;
    case Imm.I32:
      r.s32();
      return;
    case Imm.I64:
      r.skipS64();
      return;
    case Imm.F32:
      r.skip(4);
      return;
    case Imm.F64:
      r.skip(8);
      return;
    case Imm.V128:
    case Imm.Shuffle:
      r.skip(16);
      return;
    case Imm.Lane:
      r.u8();
      return;
    case Imm.SelectT: {
      const n = r.len32();
      for (let i = 0; i < n; i++) readValType(r);
      return;
    }
    case Imm.HeapType:
      readHeapType(r);
      return;
    case Imm.TryTable: {
      readBlockType(r);
      const n = r.len32();
      for (let i = 0; i < n; i++) readCatchClause(r, scratch);
      return;
    }
    case Imm.BrOnCast: {
      const at = r.pos;
      const flags = r.u8();
      if (flags & 0xfc) r.fail('malformed br_on_cast flags', at);
      r.u32();
      readHeapType(r);
      readHeapType(r);
      return;
    }
    case Imm.Resume:
    case Imm.ResumeThrow: {
      r.u32();
      if (kind === Imm.ResumeThrow) r.u32();
      const n = r.len32();
      for (let i = 0; i < n; i++) readOnClause(r, scratch);
      return;
    }
  }
}

/**
 * Reads an opcode (with its prefix) and returns its immediate kind, failing on illegal opcodes.
 * `r.pos` is left at the first immediate.
 */
export function readOpcodeImm(r: ByteReader): ImmKind {
  const at = r.pos;
  const b = r.u8();
  const imm = SINGLE_IMM[b];
  if (imm !== 0xff) return imm as ImmKind;
  if (b === PREFIX_GC || b === PREFIX_MISC || b === PREFIX_SIMD) {
    const sub = r.u32();
    const row = opcodeInfo(b, sub);
    if (row === undefined) illegalOpcode(r, at, b, sub);
    return row[2];
  }
  return illegalOpcode(r, at, 0, b);
}

/**
 * Steps over an instruction sequence up to and including the `end` that closes it (nested
 * blocks included). Used for constant expressions, whose typing the validator checks later.
 * Fails with "unexpected end" at the input's end.
 */
export function skipExpression(r: ByteReader): void {
  let depth = 0;
  for (;;) {
    const op = r.peek();
    if (op < 0) r.fail('unexpected end of section or function', r.end);
    const imm = readOpcodeImm(r);
    skipImmediates(r, imm);
    switch (op) {
      case 0x02: // block
      case 0x03: // loop
      case 0x04: // if
      case 0x06: // try
      case 0x1f: // try_table
        depth++;
        break;
      case 0x0b: // end
        if (depth === 0) return;
        depth--;
        break;
      case 0x18: // delegate ends a try
        if (depth > 0) depth--;
        break;
    }
  }
}
