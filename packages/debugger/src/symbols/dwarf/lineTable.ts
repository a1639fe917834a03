/**
 * LineTable: a unit's line program with addresses converted to MODULE offsets
 * (moduleOffset = codePayloadStart + DWARF address, WebAssembly tool-conventions, Debugging.md) and file numbers resolved
 * to paths, plus the address lookup a debugger needs.
 *
 * Invariants: sequences are sorted by start; within a sequence rows are in program order (address
 * non-decreasing); the last row of each sequence is its end_sequence row. `rowAt(a)` returns the
 * LAST row with row.address ≤ a inside the sequence with start ≤ a < end (the same choice as
 * llvm's DWARFDebugLine::lookupAddress), never an end_sequence row.
 */

import type { LineProgram } from './lineProgram.ts';

export interface LineTableRow {
  /** Module offset. */
  readonly address: number;
  /** Resolved path of the row's file ('' when the file number is unknown). */
  readonly file: string;
  readonly fileIndex: number;
  readonly line: number;
  readonly column: number;
  readonly isStmt: boolean;
  readonly endSequence: boolean;
  readonly prologueEnd: boolean;
  readonly epilogueBegin: boolean;
  readonly discriminator: number;
}

export interface LineTableSequence {
  readonly start: number;
  readonly end: number;
  readonly rows: readonly LineTableRow[];
}

export class LineTable {
  readonly sequences: readonly LineTableSequence[];

  constructor(
    readonly program: LineProgram,
    readonly codePayloadStart: number,
  ) {
    const base = codePayloadStart;
    const seqs: LineTableSequence[] = program.sequences.map((s) => ({
      start: s.start + base,
      end: s.end + base,
      rows: s.rows.map((row) => ({
        address: row.address + base,
        file: program.files[row.file]?.path ?? '',
        fileIndex: row.file,
        line: row.line,
        column: row.column,
        isStmt: row.isStmt,
        endSequence: row.endSequence,
        prologueEnd: row.prologueEnd,
        epilogueBegin: row.epilogueBegin,
        discriminator: row.discriminator,
      })),
    }));
    seqs.sort((a, b) => a.start - b.start);
    this.sequences = seqs;
  }

  /** All rows of all sequences, in sequence order. */
  *rows(): Iterable<LineTableRow> {
    for (const s of this.sequences) yield* s.rows;
  }

  sequenceAt(moduleOffset: number): LineTableSequence | undefined {
    const seqs = this.sequences;
    let lo = 0;
    let hi = seqs.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (seqs[mid].start <= moduleOffset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // Sequences rarely overlap; walk back over earlier starts in case one still covers the offset.
    for (let i = found; i >= 0; i--) {
      if (moduleOffset < seqs[i].end) return seqs[i];
    }
    return undefined;
  }

  rowAt(moduleOffset: number): LineTableRow | undefined {
    const seq = this.sequenceAt(moduleOffset);
    if (!seq) return undefined;
    const rows = seq.rows;
    let lo = 0;
    let hi = rows.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid].address <= moduleOffset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    let row = rows[found];
    // The end_sequence row only marks the end; the previous row covers addresses before it.
    while (row.endSequence && found > 0) row = rows[--found];
    return row.endSequence ? undefined : row;
  }
}
