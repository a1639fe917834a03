/**
 * .debug_line: the line-number program (DWARF 4 and 5 §6.2) — header (incl. the v5 directory/
 * file entry formats) and the state machine that turns opcodes into rows.
 *
 * Invariants:
 * - Row addresses here are DWARF addresses (code-section-relative); `lineTable.ts` converts them
 *   to module offsets. Keeping the program address-space-neutral lets tests compare it with
 *   llvm-dwarfdump directly.
 * - `files` is indexed by the number the program itself uses in DW_LNS_set_file and DIEs use in
 *   DW_AT_decl_file/call_file: v5 numbers from 0, v4 from 1 (v4's slot 0 is filled with the
 *   unit's primary file for robustness).
 * - Each emitted sequence ends with its end_sequence row (address one past the last
 *   instruction). Sequences at a linker tombstone (set_address 0xFFFFFFFF/0xFFFFFFFE) or at
 *   address 0 (the pre-tombstone convention) are dead: counted in `deadSequences`, not kept.
 */

import { ByteReader, cstringAt } from '../byteReader.ts';
import { joinPath } from '../paths.ts';
import type { DwarfSections } from '../wasmSections.ts';
import { DW_FORM, DW_LNCT, DW_LNE, DW_LNS } from './constants.ts';

export interface LineFile {
  /** Full path: comp_dir + directory + name, normalized. */
  readonly path: string;
  /** The name as written in the header. */
  readonly name: string;
  readonly dirIndex: number;
  readonly md5?: Uint8Array;
}

export interface LineRow {
  readonly address: number;
  readonly file: number;
  readonly line: number;
  readonly column: number;
  readonly isStmt: boolean;
  readonly basicBlock: boolean;
  readonly endSequence: boolean;
  readonly prologueEnd: boolean;
  readonly epilogueBegin: boolean;
  readonly isa: number;
  readonly discriminator: number;
}

export interface LineSequence {
  /** DWARF address of the first row. */
  readonly start: number;
  /** DWARF address of the end_sequence row (one past the last instruction). */
  readonly end: number;
  readonly rows: readonly LineRow[];
}

export interface LineProgramHeader {
  readonly offset: number;
  readonly unitLength: number;
  readonly version: number;
  readonly addressSize: number;
  readonly headerLength: number;
  readonly minimumInstructionLength: number;
  readonly maximumOperationsPerInstruction: number;
  readonly defaultIsStmt: boolean;
  readonly lineBase: number;
  readonly lineRange: number;
  readonly opcodeBase: number;
  readonly standardOpcodeLengths: readonly number[];
  readonly includeDirectories: readonly string[];
}

export interface LineProgram extends LineProgramHeader {
  readonly files: readonly (LineFile | undefined)[];
  readonly sequences: readonly LineSequence[];
  readonly deadSequences: number;
}

export interface LineProgramContext {
  /** DW_AT_comp_dir of the owning unit (v4 directory 0). */
  readonly compDir?: string;
  /** DW_AT_name of the owning unit (v4 file 0). */
  readonly unitName?: string;
  /** Address size when the header does not say (v4); 4 on wasm32. */
  readonly addressSize?: number;
}

export function parseLineProgram(sections: DwarfSections, offset: number, ctx: LineProgramContext = {}): LineProgram {
  const line = sections.line;
  if (!line) throw new RangeError('no .debug_line section');
  const r = new ByteReader(line, offset);
  const unitLength = r.u32();
  if (unitLength >= 0xfffffff0) throw new RangeError(`64-bit line program at ${offset} is not supported`);
  const end = r.pos + unitLength;
  if (end > line.length) throw new RangeError(`line program at ${offset} runs past .debug_line`);
  const version = r.u16();
  if (version < 2 || version > 5) throw new RangeError(`unsupported line program version ${version} at ${offset}`);
  let addressSize = ctx.addressSize ?? 4;
  if (version >= 5) {
    addressSize = r.u8();
    r.u8(); // segment_selector_size
  }
  const headerLength = r.u32();
  const programStart = r.pos + headerLength;
  const minimumInstructionLength = r.u8();
  const maximumOperationsPerInstruction = version >= 4 ? r.u8() : 1;
  const defaultIsStmt = r.u8() !== 0;
  const lineBase = r.i8();
  const lineRange = r.u8();
  const opcodeBase = r.u8();
  const standardOpcodeLengths: number[] = [];
  for (let i = 1; i < opcodeBase; i++) standardOpcodeLengths.push(r.u8());

  const includeDirectories: string[] = [];
  const files: (LineFile | undefined)[] = [];
  if (version >= 5) {
    const dirFormat = readEntryFormat(r);
    const dirCount = r.uleb();
    for (let i = 0; i < dirCount; i++) {
      const e = readEntry(r, dirFormat, sections);
      includeDirectories.push(e.path ?? '');
    }
    const fileFormat = readEntryFormat(r);
    const fileCount = r.uleb();
    const compDir = includeDirectories[0] ?? ctx.compDir;
    for (let i = 0; i < fileCount; i++) {
      const e = readEntry(r, fileFormat, sections);
      const name = e.path ?? '';
      const dirIndex = e.dirIndex ?? 0;
      const dir = includeDirectories[dirIndex];
      files.push({ name, dirIndex, path: joinPath(compDir, dir, name), ...(e.md5 ? { md5: e.md5 } : {}) });
    }
  } else {
    for (;;) {
      const dir = r.cstring();
      if (dir === '') break;
      includeDirectories.push(dir);
    }
    files.push(ctx.unitName !== undefined ? { name: ctx.unitName, dirIndex: 0, path: joinPath(ctx.compDir, ctx.unitName) } : undefined);
    for (;;) {
      const name = r.cstring();
      if (name === '') break;
      files.push(v4File(name, r.uleb(), includeDirectories, ctx.compDir));
      r.uleb(); // mtime
      r.uleb(); // length
    }
  }

  const header: LineProgramHeader = {
    offset,
    unitLength,
    version,
    addressSize,
    headerLength,
    minimumInstructionLength,
    maximumOperationsPerInstruction,
    defaultIsStmt,
    lineBase,
    lineRange,
    opcodeBase,
    standardOpcodeLengths,
    includeDirectories,
  };
  r.pos = programStart;
  const { sequences, deadSequences } = runProgram(new ByteReader(line, programStart, end), header, files, ctx.compDir);
  return { ...header, files, sequences, deadSequences };
}

function v4File(name: string, dirIndex: number, dirs: readonly string[], compDir: string | undefined): LineFile {
  const dir = dirIndex === 0 ? undefined : dirs[dirIndex - 1];
  return { name, dirIndex, path: joinPath(compDir, dir, name) };
}

interface EntryFormat {
  readonly type: number;
  readonly form: number;
}

function readEntryFormat(r: ByteReader): EntryFormat[] {
  const count = r.u8();
  const out: EntryFormat[] = [];
  for (let i = 0; i < count; i++) out.push({ type: r.uleb(), form: r.uleb() });
  return out;
}

interface Entry {
  path?: string;
  dirIndex?: number;
  md5?: Uint8Array;
}

function readEntry(r: ByteReader, format: readonly EntryFormat[], s: DwarfSections): Entry {
  const e: Entry = {};
  for (const f of format) {
    const v = readEntryForm(r, f.form, s);
    switch (f.type) {
      case DW_LNCT.path:
        if (typeof v === 'string') e.path = v;
        break;
      case DW_LNCT.directory_index:
        if (typeof v === 'number') e.dirIndex = v;
        break;
      case DW_LNCT.MD5:
        if (v instanceof Uint8Array) e.md5 = v;
        break;
      default:
        break; // timestamp, size, vendor types: read and ignored
    }
  }
  return e;
}

function readEntryForm(r: ByteReader, form: number, s: DwarfSections): string | number | bigint | Uint8Array | undefined {
  switch (form) {
    case DW_FORM.string:
      return r.cstring();
    case DW_FORM.line_strp:
      return cstringAt(s.lineStr, r.u32());
    case DW_FORM.strp:
      return cstringAt(s.str, r.u32());
    case DW_FORM.strx1:
    case DW_FORM.strx2:
    case DW_FORM.strx3:
    case DW_FORM.strx4:
    case DW_FORM.strx:
      // Needs a unit's str_offsets_base, which a line table does not know; not produced in practice.
      if (form === DW_FORM.strx) r.uleb();
      else r.skip(form - DW_FORM.strx1 + 1);
      return undefined;
    case DW_FORM.data1:
      return r.u8();
    case DW_FORM.data2:
      return r.u16();
    case DW_FORM.data4:
      return r.u32();
    case DW_FORM.data8:
      return r.u64();
    case DW_FORM.data16:
      return r.bytesView(16);
    case DW_FORM.udata:
      return r.uleb();
    case DW_FORM.block:
      return r.bytesView(r.uleb());
    default:
      throw new RangeError(`unsupported form 0x${form.toString(16)} in line table entry format`);
  }
}

function runProgram(
  r: ByteReader,
  h: LineProgramHeader,
  files: (LineFile | undefined)[],
  compDir: string | undefined,
): { sequences: LineSequence[]; deadSequences: number } {
  const sequences: LineSequence[] = [];
  let deadSequences = 0;
  let rows: LineRow[] = [];
  let address = 0;
  let opIndex = 0;
  let file = 1;
  let line = 1;
  let column = 0;
  let isStmt = h.defaultIsStmt;
  let basicBlock = false;
  let prologueEnd = false;
  let epilogueBegin = false;
  let isa = 0;
  let discriminator = 0;
  let tombstoned = false;
  const maxOps = h.maximumOperationsPerInstruction || 1;
  const minLen = h.minimumInstructionLength;

  const reset = () => {
    address = 0;
    opIndex = 0;
    file = 1;
    line = 1;
    column = 0;
    isStmt = h.defaultIsStmt;
    basicBlock = false;
    prologueEnd = false;
    epilogueBegin = false;
    isa = 0;
    discriminator = 0;
    tombstoned = false;
  };
  const advance = (operationAdvance: number) => {
    if (maxOps === 1) {
      address += minLen * operationAdvance;
    } else {
      address += minLen * Math.floor((opIndex + operationAdvance) / maxOps);
      opIndex = (opIndex + operationAdvance) % maxOps;
    }
  };
  const emit = (endSequence: boolean) => {
    rows.push({ address, file, line, column, isStmt, basicBlock, endSequence, prologueEnd, epilogueBegin, isa, discriminator });
    basicBlock = false;
    prologueEnd = false;
    epilogueBegin = false;
    discriminator = 0;
  };

  while (!r.atEnd) {
    const op = r.u8();
    if (op >= h.opcodeBase) {
      const adj = op - h.opcodeBase;
      advance(Math.floor(adj / h.lineRange));
      line += h.lineBase + (adj % h.lineRange);
      emit(false);
      continue;
    }
    switch (op) {
      case 0: {
        const len = r.uleb();
        const next = r.pos + len;
        if (len === 0) break;
        const sub = r.u8();
        switch (sub) {
          case DW_LNE.end_sequence: {
            emit(true);
            const first = rows[0];
            const dead = tombstoned || first.address === 0 || first.address >= 0xfffffffe;
            if (dead) deadSequences++;
            else sequences.push({ start: first.address, end: address, rows });
            rows = [];
            reset();
            break;
          }
          case DW_LNE.set_address:
            address = r.unsigned(len - 1 === 8 ? 8 : h.addressSize);
            opIndex = 0;
            if (address >= 0xfffffffe) tombstoned = true;
            break;
          case DW_LNE.define_file: {
            const name = r.cstring();
            const dirIndex = r.uleb();
            files.push(v4File(name, dirIndex, h.includeDirectories, compDir));
            break;
          }
          case DW_LNE.set_discriminator:
            discriminator = r.uleb();
            break;
          default:
            break;
        }
        r.pos = next;
        break;
      }
      case DW_LNS.copy:
        emit(false);
        break;
      case DW_LNS.advance_pc:
        advance(r.uleb());
        break;
      case DW_LNS.advance_line:
        line += r.sleb();
        break;
      case DW_LNS.set_file:
        file = r.uleb();
        break;
      case DW_LNS.set_column:
        column = r.uleb();
        break;
      case DW_LNS.negate_stmt:
        isStmt = !isStmt;
        break;
      case DW_LNS.set_basic_block:
        basicBlock = true;
        break;
      case DW_LNS.const_add_pc:
        advance(Math.floor((255 - h.opcodeBase) / h.lineRange));
        break;
      case DW_LNS.fixed_advance_pc:
        address += r.u16();
        opIndex = 0;
        break;
      case DW_LNS.set_prologue_end:
        prologueEnd = true;
        break;
      case DW_LNS.set_epilogue_begin:
        epilogueBegin = true;
        break;
      case DW_LNS.set_isa:
        isa = r.uleb();
        break;
      default: {
        // Unknown standard opcode: skip its declared number of ULEB operands.
        const n = h.standardOpcodeLengths[op - 1] ?? 0;
        for (let i = 0; i < n; i++) r.uleb();
        break;
      }
    }
  }
  if (rows.length > 0) deadSequences++; // a sequence without end_sequence is unusable
  return { sequences, deadSequences };
}
