/**
 * Coverage data as istanbul's coverage JSON (`coverage-final.json`: nyc, c8 reports, Codecov):
 * per file, a statement per line with code, a function per function, a branch per branch
 * instruction with its edges. Lines span the whole line (column 0 to the end).
 */
import type { CoverageData } from './coverageData.ts';

interface Position { line: number; column: number }
interface Range { start: Position; end: Position }

export interface IstanbulFileCoverage {
  path: string;
  statementMap: Record<string, Range>;
  s: Record<string, number>;
  fnMap: Record<string, { name: string; decl: Range; loc: Range; line: number }>;
  f: Record<string, number>;
  branchMap: Record<string, { loc: Range; type: string; locations: Range[]; line: number }>;
  b: Record<string, number[]>;
}

/** Istanbul's reporters cut source lines by column; past the line's end means the whole line. */
const WHOLE_LINE = 1 << 20;
const lineRange = (line: number): Range => ({ start: { line, column: 0 }, end: { line, column: WHOLE_LINE } });

export function toIstanbul(data: CoverageData): Record<string, IstanbulFileCoverage> {
  const out: Record<string, IstanbulFileCoverage> = {};
  for (const f of [...data.values()].sort((a, b) => a.file.localeCompare(b.file))) {
    const c: IstanbulFileCoverage = { path: f.file, statementMap: {}, s: {}, fnMap: {}, f: {}, branchMap: {}, b: {} };
    [...f.lines].sort((a, b) => a[0] - b[0]).forEach(([line, hits], i) => {
      c.statementMap[i] = lineRange(line);
      c.s[i] = hits;
    });
    [...f.functions.values()].sort((a, b) => a.line - b.line).forEach((fn, i) => {
      c.fnMap[i] = { name: fn.name, decl: lineRange(fn.line), loc: lineRange(fn.line), line: fn.line };
      c.f[i] = fn.hits;
    });
    const blocks = new Map<number, { line: number; edges: number[] }>();
    for (const b of [...f.branches.values()].sort((x, y) => x.block - y.block || x.edge - y.edge)) {
      let e = blocks.get(b.block);
      if (e === undefined) blocks.set(b.block, (e = { line: b.line, edges: [] }));
      e.edges.push(b.hits);
    }
    [...blocks.values()].forEach((blk, i) => {
      c.branchMap[i] = { loc: lineRange(blk.line), type: blk.edges.length > 2 ? 'switch' : 'if', locations: blk.edges.map(() => lineRange(blk.line)), line: blk.line };
      c.b[i] = blk.edges;
    });
    out[f.file] = c;
  }
  return out;
}
