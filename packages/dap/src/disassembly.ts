/**
 * The module's code as an editor shows it without sources: wasm instructions by module byte
 * offset (DAP `disassemble`, with `instructionPointerReference` = the offset in hex), and a text
 * of every function body in WAT's instruction syntax (DAP `source` for frames that have no source
 * file: one instruction per line, so a frame's line is its instruction).
 */
import { decodeModule, wasmInstructions, type ModuleInfo, type WasmInstruction } from '@lantern/runtime';

/** A code address as DAP carries it (`memoryReference`, `instructionPointerReference`). */
export function instructionReference(offset: number): string {
  return `0x${offset.toString(16).padStart(6, '0')}`;
}

/** The offset an instruction reference names (a hex or decimal number). */
export function parseInstructionReference(reference: string): number | undefined {
  const m = /^(0x[0-9a-f]+|\d+)$/i.exec(reference.trim());
  return m ? Number(m[1]) : undefined;
}

export interface ListedInstruction extends WasmInstruction {
  readonly funcIndex: number;
  /** The function's name (name section), else `func[i]`. */
  readonly functionName: string;
  /** Its line in `text` (1-based). */
  readonly line: number;
}

export class Disassembly {
  private readonly info: ModuleInfo;
  private listing: { instructions: ListedInstruction[]; text: string } | undefined;

  constructor(bytes: Uint8Array) {
    this.info = decodeModule(bytes);
  }

  private build(): { instructions: ListedInstruction[]; text: string } {
    if (this.listing) return this.listing;
    const lines: string[] = [];
    const instructions: ListedInstruction[] = [];
    const { info } = this;
    info.bodies.forEach((_, i) => {
      const funcIndex = info.importedFuncs + i;
      const name = info.names?.functions.get(funcIndex);
      const functionName = name ?? `func[${funcIndex}]`;
      lines.push(`(func ${name !== undefined ? `$${name} ` : ''}(;${funcIndex};)`);
      for (const instruction of wasmInstructions(info, funcIndex)) {
        const text = `${instruction.mnemonic}${instruction.immediates !== '' ? ` ${instruction.immediates}` : ''}`;
        lines.push(`${'  '.repeat(instruction.depth)}${text.padEnd(40)} ;; ${instructionReference(instruction.offset)}`);
        instructions.push({ ...instruction, funcIndex, functionName, line: lines.length });
      }
      lines.push(')');
    });
    return (this.listing = { instructions, text: `${lines.join('\n')}\n` });
  }

  /** Every function body in WAT instruction syntax, each instruction with its offset. */
  get text(): string {
    return this.build().text;
  }

  /** The index in `instructions` of the instruction at or before `offset` (-1 before the first). */
  private indexAt(offset: number): number {
    const list = this.build().instructions;
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.offset <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The instruction at `offset` (the one containing it). */
  at(offset: number): ListedInstruction | undefined {
    const i = this.indexAt(offset);
    const instruction = this.build().instructions[i];
    return instruction && offset < instruction.offset + instruction.bytes.length ? instruction : undefined;
  }

  /**
   * `count` instructions starting `instructionOffset` instructions away from the one at `offset`;
   * positions before the first or after the last instruction are `undefined` (DAP wants exactly
   * `count` entries, invalid ones marked).
   */
  around(offset: number, instructionOffset: number, count: number): Array<ListedInstruction | undefined> {
    const list = this.build().instructions;
    const first = Math.max(this.indexAt(offset), 0) + instructionOffset;
    return Array.from({ length: count }, (_, k) => list[first + k]);
  }

  /** The instruction at line `line` of `text`. */
  atLine(line: number): ListedInstruction | undefined {
    return this.build().instructions.find((i) => i.line === line);
  }
}
