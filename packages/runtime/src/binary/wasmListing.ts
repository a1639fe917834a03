/**
 * The wasm instructions of one function body with their module byte offsets, objdump-style
 * (`lantern inspect --disasm`): the offsets are those traps, backtraces, the debugger and the
 * internal code listing (store/codeListing.ts) report, so the two listings line up.
 *
 *      0x002e: 20 00            |   local.get 0
 *
 * Names come from the opcode table (binary/opcodes.ts), immediates are read as the decoder
 * reads them (binary/immediates.ts). Nested blocks are indented.
 */
import type { ModuleInfo } from '../syntax/moduleInfo.ts';
import { valTypeName } from '../syntax/types.ts';
import { Imm, type ImmKind, opcodeInfo, PREFIX_GC, PREFIX_MISC, PREFIX_SIMD } from './opcodes.ts';
import { newMemArg, readCatchClause, readMemArg, readOnClause, skipImmediates } from './immediates.ts';
import { ByteReader } from './reader.ts';
import { BLOCK_EMPTY, readBlockType, readHeapType, readValType } from './typeReader.ts';

const CATCH_NAMES = ['catch', 'catch_ref', 'catch_all', 'catch_all_ref'];

function blockTypeText(bt: number): string {
  if (bt === BLOCK_EMPTY) return '';
  return bt < 0 ? `(type ${-1 - bt})` : `(result ${valTypeName(bt)})`;
}

/** The text of an instruction's immediates (r at the first one; left after the last). */
function immediatesText(r: ByteReader, kind: ImmKind): string {
  switch (kind) {
    case Imm.None:
      return '';
    case Imm.BlockType:
      return blockTypeText(readBlockType(r));
    case Imm.I32:
      return String(r.s32());
    case Imm.I64:
      return r.s64().toString();
    case Imm.F32:
      return String(r.f32());
    case Imm.F64:
      return String(r.f64());
    case Imm.MemArg:
    case Imm.MemArgLane: {
      const m = readMemArg(r, newMemArg());
      const text = `${m.memIndex !== 0 ? `${m.memIndex} ` : ''}offset=${m.offset} align=${2 ** m.align}`;
      return kind === Imm.MemArgLane ? `${text} ${r.u8()}` : text;
    }
    case Imm.Lane:
      return String(r.u8());
    case Imm.Shuffle:
      return Array.from({ length: 16 }, () => r.u8()).join(' ');
    case Imm.V128: {
      // four i32 lanes in hex, as wabt prints a v128.const
      const lane = () => (r.u8() | (r.u8() << 8) | (r.u8() << 16) | (r.u8() << 24)) >>> 0;
      return `i32x4 ${Array.from({ length: 4 }, () => `0x${lane().toString(16).padStart(8, '0')}`).join(' ')}`;
    }
    case Imm.BrTable: {
      const n = r.len32();
      const labels: number[] = [];
      for (let i = 0; i <= n; i++) labels.push(r.u32());
      return labels.join(' ');
    }
    case Imm.SelectT: {
      const n = r.len32();
      const types: string[] = [];
      for (let i = 0; i < n; i++) types.push(valTypeName(readValType(r)));
      return `(result ${types.join(' ')})`;
    }
    case Imm.HeapType:
      readHeapType(r);
      return '';
    case Imm.TryTable: {
      const bt = blockTypeText(readBlockType(r));
      const n = r.len32();
      const clauses: string[] = [];
      const c = [0, 0, 0];
      for (let i = 0; i < n; i++) {
        readCatchClause(r, c);
        clauses.push(`(${CATCH_NAMES[c[0]]}${c[0] < 2 ? ` ${c[1]}` : ''} ${c[0] < 2 ? c[2] : c[1]})`);
      }
      return [bt, ...clauses].filter((s) => s !== '').join(' ');
    }
    case Imm.Resume:
    case Imm.ResumeThrow: {
      const parts = [String(r.u32())];
      if (kind === Imm.ResumeThrow) parts.push(String(r.u32()));
      const n = r.len32();
      const c = [0, 0, 0];
      for (let i = 0; i < n; i++) {
        readOnClause(r, c);
        parts.push(c[0] === 0 ? `(on ${c[1]} ${c[2]})` : `(on ${c[1]} switch)`);
      }
      return parts.join(' ');
    }
    case Imm.Label: case Imm.Func: case Imm.Type: case Imm.Local: case Imm.Global: case Imm.Table:
    case Imm.Memory: case Imm.Tag: case Imm.Data: case Imm.Elem:
      return String(r.u32());
    case Imm.CallIndirect: case Imm.MemoryInit: case Imm.MemoryCopy: case Imm.TableInit: case Imm.TableCopy:
    case Imm.TypeField: case Imm.TypeCount: case Imm.TypeData: case Imm.TypeElem: case Imm.TypeType: case Imm.Switch:
      return `${r.u32()} ${r.u32()}`;
    default: {
      // Casts: shown as their bytes only.
      skipImmediates(r, kind);
      return '';
    }
  }
}

/** One wasm instruction of a function body, as `wasmInstructions` reads it. */
export interface WasmInstruction {
  /** Module byte offset (what traps, backtraces and the debugger report). */
  readonly offset: number;
  /** Its encoding. */
  readonly bytes: Uint8Array;
  readonly mnemonic: string;
  /** The immediates as text ('' for none). */
  readonly immediates: string;
  /** Nesting depth inside the body (1 = the body's own level). */
  readonly depth: number;
}

/** The instructions of function `funcIndex` (imports count) of a decoded module, in order. */
export function wasmInstructions(info: ModuleInfo, funcIndex: number): WasmInstruction[] {
  const body = info.bodies[funcIndex - info.importedFuncs];
  if (body === undefined) throw new Error(funcIndex < info.importedFuncs ? `function ${funcIndex} is imported: it has no code` : `function ${funcIndex} does not exist`);
  const bytes = info.bytes;
  const out: WasmInstruction[] = [];
  const r = new ByteReader(bytes, body.codeStart, body.codeEnd);
  let depth = 1;
  while (r.pos < body.codeEnd) {
    const at = r.pos;
    let code = r.u8();
    const prefix = code === PREFIX_GC || code === PREFIX_MISC || code === PREFIX_SIMD ? code : 0;
    if (prefix !== 0) code = r.u32();
    const row = opcodeInfo(prefix, code);
    if (row === undefined) {
      out.push({ offset: at, bytes: bytes.subarray(at, at + 1), mnemonic: '<illegal opcode>', immediates: '', depth: Math.max(depth, 0) });
      break;
    }
    const mnemonic = row[1];
    if (mnemonic === 'end' || mnemonic === 'else' || mnemonic === 'catch' || mnemonic === 'catch_all' || mnemonic === 'delegate') depth--;
    const immediates = immediatesText(r, row[2]);
    out.push({ offset: at, bytes: bytes.subarray(at, r.pos), mnemonic, immediates, depth: Math.max(depth, 0) });
    if (['block', 'loop', 'if', 'else', 'try', 'try_table', 'catch', 'catch_all'].includes(mnemonic)) depth++;
  }
  return out;
}

/** The listing of function `funcIndex` (imports count) of a decoded module. */
export function wasmListing(info: ModuleInfo, funcIndex: number): string {
  const instructions = wasmInstructions(info, funcIndex);
  const body = info.bodies[funcIndex - info.importedFuncs]!;
  const name = info.names?.functions.get(funcIndex);
  const lines = [`func[${funcIndex}]${name !== undefined ? ` <${name}>` : ''}: code 0x${body.codeStart.toString(16)}..0x${body.codeEnd.toString(16)}, ${body.locals.length} locals`];
  for (const { offset, bytes, mnemonic, immediates, depth } of instructions) {
    const at = `  0x${offset.toString(16).padStart(6, '0')}: `;
    if (mnemonic === '<illegal opcode>') {
      lines.push(`${at}<illegal opcode>`);
      break;
    }
    const raw = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ') + (bytes.length > 8 ? ' …' : '');
    lines.push(`${at}${raw.padEnd(26)}| ${'  '.repeat(depth)}${mnemonic}${immediates !== '' ? ` ${immediates}` : ''}`);
  }
  return lines.join('\n');
}
