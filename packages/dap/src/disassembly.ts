/**
 * The module's code as an editor shows it without sources: wasm instructions by module byte
 * offset (DAP `disassemble`, with `instructionPointerReference` = the offset in hex), and the
 * whole module printed as WAT (`printWat`; DAP `source` for frames that have no source file: one
 * instruction per line, so a frame's line is its instruction, and a breakpoint on a line is one
 * on its instruction).
 */
import { decodeModule, printWat, wasmInstructions, type ModuleInfo, type WasmInstruction } from '@lantern/runtime';

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
  /** Its line in `text` (1-based); undefined for a function's final `end` (its closing parenthesis). */
  readonly line: number | undefined;
}

export class Disassembly {
  private readonly info: ModuleInfo;
  private listing: { instructions: ListedInstruction[]; text: string; offsetsOfLine: (line: number) => readonly number[] } | undefined;

  constructor(bytes: Uint8Array) {
    this.info = decodeModule(bytes);
  }

  private build(): { instructions: ListedInstruction[]; text: string; offsetsOfLine: (line: number) => readonly number[] } {
    if (this.listing) return this.listing;
    const { info } = this;
    const wat = printWat(info, { customSections: 'omit' });
    const instructions: ListedInstruction[] = [];
    info.bodies.forEach((_, i) => {
      const funcIndex = info.importedFuncs + i;
      const functionName = info.names?.functions.get(funcIndex) ?? `func[${funcIndex}]`;
      for (const instruction of wasmInstructions(info, funcIndex)) instructions.push({ ...instruction, funcIndex, functionName, line: wat.lineOfOffset(instruction.offset) });
    });
    return (this.listing = { instructions, text: wat.text, offsetsOfLine: (line) => wat.offsetsOfLine(line) });
  }

  /** The whole module as WAT. */
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

  /** The module offset of the (first) instruction on line `line` of `text`, if any. */
  offsetAtLine(line: number): number | undefined {
    return this.build().offsetsOfLine(line)[0];
  }
}
