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

/**
 * Builds the text line by line, noting where each instruction goes. The notes are three
 * parallel lists in printing order, which is line order (a big module has hundreds of thousands
 * of instructions: no object or map entry per instruction); lookups by offset go through an
 * index sorted by offset, built once.
 */
export class WatWriter {
  private readonly lines: string[] = [];
  private current = '';
  private readonly markOffsets: number[] = [];
  private readonly markLines: number[] = [];
  private readonly markColumns: number[] = [];
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
    this.markOffsets.push(offset);
    this.markLines.push(this.lines.length + 1);
    this.markColumns.push(this.current.length + 1);
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
    const { markOffsets: offsets, markLines: lines, markColumns: columns, funcRanges } = this;
    const byOffset = Int32Array.from(offsets.keys()).sort((a, b) => offsets[a] - offsets[b]);
    /** The mark of the instruction at `offset`, or -1. */
    const find = (offset: number): number => {
      let lo = 0;
      let hi = byOffset.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (offsets[byOffset[mid]] < offset) lo = mid + 1;
        else hi = mid;
      }
      return lo < byOffset.length && offsets[byOffset[lo]] === offset ? byOffset[lo] : -1;
    };
    /** The first mark on `line` or after it (marks are in line order). */
    const firstOnOrAfter = (line: number): number => {
      let lo = 0;
      let hi = lines.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (lines[mid] < line) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    return {
      text,
      lineOfOffset: (offset) => {
        const i = find(offset);
        return i < 0 ? undefined : lines[i];
      },
      positionOfOffset: (offset) => {
        const i = find(offset);
        return i < 0 ? undefined : { line: lines[i], column: columns[i] };
      },
      offsetsOfLine: (line) => {
        const out: number[] = [];
        for (let i = firstOnOrAfter(line); i < lines.length && lines[i] === line; i++) out.push(offsets[i]);
        return out;
      },
      functionLines: (funcIndex) => funcRanges.get(funcIndex),
    };
  }
}
