/**
 * The disassembler of internal code: one line per instruction, read through the instruction
 * table (isa/instructions.ts), with the module byte offset of the wasm instruction it was
 * compiled from (the function's CodeMap) — what traps, backtraces and `lantern inspect --disasm`
 * report, so the two listings line up.
 *
 *     pc    offset  instruction
 *      7  0x00002e  BrIfGeSImm r0, 2, -> 21
 *
 * pcs and branch targets are relative to the function's first word. Slots print as r<cell> (slot
 * 2n is cell n: local n, then constant slots, the frame header and the operand stack); function
 * and global addresses and canonical type ids print as the instance's indices. A patched Break
 * shows the original instruction (a trailing `*`). store/codeListing.ts lists a whole function.
 */
import { opcodeInfo, PREFIX_SIMD } from '../binary/opcodes.ts';
import { CONCRETE_BASE, refType, valTypeName } from '../syntax/types.ts';
import { INSTRUCTIONS } from './instructions.ts';
import { lengthAt } from './layout.ts';
import { type Operand, type OperandItem, parseOperands, wordsOf } from './operands.ts';

export interface DisasmContext {
  /** pcs and targets print relative to this. */
  base: number;
  /** The module offset of the instruction at pc, or -1. */
  offsetAt(pc: number): number;
  /** The opcode at pc, the original one where a debugger patched a Break. */
  opAt(pc: number): number;
  /** How a store function address prints. */
  funcName(addr: number): string;
  /** How a global cell address prints. */
  globalName(cell: number): string;
  /** How a canonical type id prints. */
  typeName(canon: number): string;
}

let schemas: OperandItem[][] | null = null;
function schemaOf(op: number): OperandItem[] | undefined {
  schemas ??= INSTRUCTIONS.map((d) => parseOperands(d.operands, d.name));
  return schemas[op];
}

const hex = (n: number) => `0x${n.toString(16).padStart(6, '0')}`;
/** How a frame slot prints. */
export const slot = (v: number) => ((v & 1) === 0 ? `r${v >> 1}` : `s${v}`);

function operandText(o: Operand, code: Int32Array, at: number, ctx: DisasmContext): string {
  const v = code[at];
  switch (o.kind) {
    case 'out': case 'in': case 'slot': case 'args': case 'hdr':
      return slot(v);
    case 'imm64': {
      // Small values in decimal, bit patterns (hash constants, masks) in hex.
      const x = BigInt.asIntN(64, (BigInt(code[at + 1]) << 32n) | BigInt(v >>> 0));
      return x >= -(1n << 31n) && x < 1n << 31n ? x.toString() : `0x${BigInt.asUintN(64, x).toString(16)}`;
    }
    case 'offset':
      return `+${v >>> 0}`;
    case 'offset64':
      return `+${(code[at + 1] >>> 0) * 4294967296 + (v >>> 0)}`;
    case 'target':
      return `-> ${v - ctx.base}`;
    case 'func':
      return ctx.funcName(v);
    case 'global':
      return ctx.globalName(v);
    case 'op':
      return INSTRUCTIONS[v]?.name ?? `op#${v}`;
    case 'simd':
      return opcodeInfo(PREFIX_SIMD, v)?.[1] ?? `simd#${v}`;
    case 'site': {
      const off = ctx.offsetAt(at);
      return `${INSTRUCTIONS[v]?.name ?? `op#${v}`}${off >= 0 ? `@${hex(off)}` : ''}`;
    }
    case 'mem': case 'table': case 'data': case 'elem': case 'tag':
      return `${o.kind}[${v}]`;
    case 'type':
      return ctx.typeName(v);
    case 'heap':
      return v >= CONCRETE_BASE ? ctx.typeName(v - CONCRETE_BASE) : valTypeName(refType(v, false)).slice(5, -1);
    default: // imm, count, words
      return String(v);
  }
}

/** The text of the instruction at `pc` (without its pc and offset). */
export function instructionText(code: Int32Array, pc: number, ctx: DisasmContext): string {
  const op = ctx.opAt(pc);
  const items = schemaOf(op);
  if (items === undefined) return `<bad opcode ${op}>`;
  const parts: string[] = [];
  let at = pc + 1;
  const counts = new Map<string, number>();
  for (const it of items) {
    if ('kind' in it) {
      if (it.kind === 'count') counts.set(it.name, code[at]);
      parts.push(operandText(it, code, at, ctx));
      at += wordsOf(it.kind);
      continue;
    }
    const reps = (counts.get(it.count) ?? 0) + (it.plusOne ? 1 : 0);
    const each: string[] = [];
    for (let k = 0; k < reps; k++) {
      const fields = it.group.map((o) => {
        const text = operandText(o, code, at, ctx);
        at += wordsOf(o.kind);
        return text;
      });
      each.push(fields.length === 1 ? fields[0] : `(${fields.join(', ')})`);
    }
    parts.push(`[${each.join(', ')}]`);
  }
  const name = INSTRUCTIONS[op].name + (code[pc] !== op ? '*' : '');
  return parts.length === 0 ? name : `${name} ${parts.join(', ')}`;
}

/** Lines for the code in [start, end), one per instruction: pc, module offset, instruction. */
export function disassemble(code: Int32Array, start: number, end: number, ctx: DisasmContext): string[] {
  const lines: string[] = [];
  const width = Math.max(3, String(end - ctx.base).length);
  for (let pc = start; pc < end; ) {
    const op = ctx.opAt(pc);
    const len = lengthAt(code, pc, op);
    const off = ctx.offsetAt(pc);
    lines.push(`${String(pc - ctx.base).padStart(width)}  ${off >= 0 ? hex(off) : '       -'}  ${instructionText(code, pc, ctx)}`);
    if (len <= 0) {
      lines.push(`${String(pc + 1 - ctx.base).padStart(width)}  <undecodable from here>`);
      break;
    }
    pc += len;
  }
  return lines;
}
