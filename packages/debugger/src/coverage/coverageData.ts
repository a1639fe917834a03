/**
 * Coverage data: per source file, which lines ran, which functions were entered and which branch
 * edges were taken — the one model the lcov and istanbul writers read and that merging adds up.
 * Counts are hits; a run of the collector gives 0 or 1 (one-shot probes), merged runs add.
 */
export interface FunctionHits {
  readonly name: string;
  readonly line: number;
  hits: number;
}

export interface BranchHits {
  readonly line: number;
  /** The branch instruction (lcov's block number: its module offset when collected by Lantern). */
  readonly block: number;
  readonly edge: number;
  hits: number;
}

export interface FileCoverage {
  readonly file: string;
  /** line → hits, for every line that has code. */
  readonly lines: Map<number, number>;
  /** By name. */
  readonly functions: Map<string, FunctionHits>;
  /** By `block:edge`. */
  readonly branches: Map<string, BranchHits>;
}

export type CoverageData = Map<string, FileCoverage>;

export function fileCoverage(data: CoverageData, file: string): FileCoverage {
  let f = data.get(file);
  if (f === undefined) data.set(file, (f = { file, lines: new Map(), functions: new Map(), branches: new Map() }));
  return f;
}

export function addLine(f: FileCoverage, line: number, hits: number): void {
  f.lines.set(line, (f.lines.get(line) ?? 0) + hits);
}

export function addFunction(f: FileCoverage, name: string, line: number, hits: number): void {
  const e = f.functions.get(name);
  if (e === undefined) f.functions.set(name, { name, line, hits });
  else e.hits += hits;
}

export function addBranch(f: FileCoverage, line: number, block: number, edge: number, hits: number): void {
  const key = `${block}:${edge}`;
  const e = f.branches.get(key);
  if (e === undefined) f.branches.set(key, { line, block, edge, hits });
  else e.hits += hits;
}

/** Adds `from` into `into` (merging runs). */
export function mergeCoverage(into: CoverageData, from: CoverageData): CoverageData {
  for (const f of from.values()) {
    const t = fileCoverage(into, f.file);
    for (const [line, hits] of f.lines) addLine(t, line, hits);
    for (const fn of f.functions.values()) addFunction(t, fn.name, fn.line, fn.hits);
    for (const b of f.branches.values()) addBranch(t, b.line, b.block, b.edge, b.hits);
  }
  return into;
}
