// Source map: sorted parallel arrays binary offset -> line:column, with a lookup helper that
// finds the instruction covering any byte offset.

export interface SourceMap {
  /** byte offsets of instructions in the module, ascending */
  offsets: Uint32Array;
  lines: Uint32Array;
  columns: Uint32Array;
}

export function buildSourceMap(marks: number[]): SourceMap {
  const n = marks.length / 3;
  const order = new Uint32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (i > 0 && marks[i * 3]! < marks[(i - 1) * 3]!) sorted = false;
  }
  if (!sorted) order.sort((a, b) => marks[a * 3]! - marks[b * 3]!);
  const offsets = new Uint32Array(n);
  const lines = new Uint32Array(n);
  const columns = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const j = order[i]! * 3;
    offsets[i] = marks[j]!;
    lines[i] = marks[j + 1]!;
    columns[i] = marks[j + 2]!;
  }
  return { offsets, lines, columns };
}

/**
 * Text position of the instruction starting at or most recently before `offset`
 * (undefined before the first instruction).
 */
export function lookupSourcePosition(map: SourceMap, offset: number): { line: number; column: number; offset: number } | undefined {
  const o = map.offsets;
  let lo = 0;
  let hi = o.length - 1;
  if (hi < 0 || offset < o[0]!) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (o[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: map.lines[lo]!, column: map.columns[lo]!, offset: o[lo]! };
}

/** Byte offsets of the instructions written on a given line (ascending). */
export function offsetsForLine(map: SourceMap, line: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < map.offsets.length; i++) if (map.lines[i] === line) out.push(map.offsets[i]!);
  return out;
}
