/**
 * Coverage data as lcov tracefiles (genhtml, Codecov, VS Code's Coverage Gutters) and back, so
 * runs merge: `SF` per file, `FN`/`FNDA`/`FNF`/`FNH` functions, `BRDA`/`BRF`/`BRH` branch edges
 * (block = the branch instruction's module offset), `DA`/`LF`/`LH` lines, `end_of_record`.
 */
import { addBranch, addFunction, addLine, type CoverageData, fileCoverage } from './coverageData.ts';

export function toLcov(data: CoverageData, testName = ''): string {
  const out: string[] = [];
  for (const f of [...data.values()].sort((a, b) => a.file.localeCompare(b.file))) {
    out.push(`TN:${testName}`, `SF:${f.file}`);
    const fns = [...f.functions.values()].sort((a, b) => a.line - b.line);
    for (const fn of fns) out.push(`FN:${fn.line},${fn.name}`);
    for (const fn of fns) out.push(`FNDA:${fn.hits},${fn.name}`);
    out.push(`FNF:${fns.length}`, `FNH:${fns.filter((fn) => fn.hits > 0).length}`);
    const brs = [...f.branches.values()].sort((a, b) => a.line - b.line || a.block - b.block || a.edge - b.edge);
    for (const b of brs) out.push(`BRDA:${b.line},${b.block},${b.edge},${b.hits}`);
    out.push(`BRF:${brs.length}`, `BRH:${brs.filter((b) => b.hits > 0).length}`);
    const lines = [...f.lines].sort((a, b) => a[0] - b[0]);
    for (const [line, hits] of lines) out.push(`DA:${line},${hits}`);
    out.push(`LF:${lines.length}`, `LH:${lines.filter(([, h]) => h > 0).length}`, 'end_of_record');
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

/** Reads an lcov tracefile (`source` names it in errors). */
export function parseLcov(text: string, source = 'lcov'): CoverageData {
  const data: CoverageData = new Map();
  let file: ReturnType<typeof fileCoverage> | undefined;
  const fnLines = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('TN:')) return;
    const bad = () => new Error(`${source}:${i + 1}: not an lcov record: ${line}`);
    const colon = line.indexOf(':');
    const tag = colon < 0 ? line : line.slice(0, colon);
    const fields = colon < 0 ? [] : line.slice(colon + 1).split(',');
    if (tag === 'end_of_record') {
      file = undefined;
      return;
    }
    if (tag === 'SF') {
      file = fileCoverage(data, line.slice(3));
      fnLines.clear();
      return;
    }
    if (file === undefined) throw bad();
    const num = (s: string | undefined) => {
      const n = s === '-' ? 0 : Number(s);
      if (!Number.isFinite(n)) throw bad();
      return n;
    };
    switch (tag) {
      case 'DA':
        addLine(file, num(fields[0]), num(fields[1]));
        break;
      case 'FN':
        fnLines.set(fields.slice(1).join(','), num(fields[0]));
        break;
      case 'FNDA': {
        const name = fields.slice(1).join(',');
        addFunction(file, name, fnLines.get(name) ?? 0, num(fields[0]));
        break;
      }
      case 'BRDA':
        addBranch(file, num(fields[0]), num(fields[1]), num(fields[2]), num(fields[3]));
        break;
      case 'FNF': case 'FNH': case 'BRF': case 'BRH': case 'LF': case 'LH':
        break; // totals: recomputed when written
      default:
        throw bad();
    }
  });
  return data;
}
