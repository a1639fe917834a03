/**
 * The printed module and its position map: every instruction's module byte offset (the offset
 * traps, backtraces, breakpoints and `wasmListing` use) <-> the line and column where the
 * printer wrote it. Lines and columns count from 1.
 */

export interface WatPosition {
  readonly line: number;
  readonly column: number;
}

/** The lines of a function's definition, from `(func` to its closing `)`. */
export interface WatLineRange {
  readonly first: number;
  readonly last: number;
}

/** What `printWat` returns. */
export interface WatText {
  readonly text: string;
  /** The line of the instruction at module offset `offset` (an instruction's first byte), if one starts there. */
  lineOfOffset(offset: number): number | undefined;
  /** The line and column of the instruction at module offset `offset`. */
  positionOfOffset(offset: number): WatPosition | undefined;
  /** The module offsets of the instructions printed on `line`, in order (empty for none). */
  offsetsOfLine(line: number): readonly number[];
  /** The lines of function `funcIndex`'s definition (imports count; undefined for an import). */
  functionLines(funcIndex: number): WatLineRange | undefined;
}

/** Builds the text line by line, noting where each instruction goes. */
export class WatWriter {
  private readonly lines: string[] = [];
  private current = '';
  private readonly positions = new Map<number, WatPosition>();
  private readonly lineOffsets = new Map<number, number[]>();
  private readonly funcRanges = new Map<number, WatLineRange>();

  /** The line the text being appended is on (1-based). */
  get line(): number {
    return this.lines.length + 1;
  }

  append(text: string): this {
    this.current += text;
    return this;
  }

  /** Notes that the instruction at module offset `offset` is printed at the current column. */
  mark(offset: number): this {
    const line = this.line;
    this.positions.set(offset, { line, column: this.current.length + 1 });
    let list = this.lineOffsets.get(line);
    if (list === undefined) this.lineOffsets.set(line, (list = []));
    list.push(offset);
    return this;
  }

  /** Ends the current line. */
  newline(): this {
    this.lines.push(this.current);
    this.current = '';
    return this;
  }

  /** A whole line at `indent` levels (two spaces each). */
  lineAt(indent: number, text: string): this {
    return this.append('  '.repeat(indent) + text).newline();
  }

  functionRange(funcIndex: number, first: number, last: number): void {
    this.funcRanges.set(funcIndex, { first, last });
  }

  finish(): WatText {
    if (this.current !== '') this.newline();
    const text = this.lines.join('\n') + '\n';
    const { positions, lineOffsets, funcRanges } = this;
    return {
      text,
      lineOfOffset: (offset) => positions.get(offset)?.line,
      positionOfOffset: (offset) => positions.get(offset),
      offsetsOfLine: (line) => lineOffsets.get(line) ?? [],
      functionLines: (funcIndex) => funcRanges.get(funcIndex),
    };
  }
}
