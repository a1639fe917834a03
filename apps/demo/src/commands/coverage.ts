/**
 * `lantern coverage [-o out] [--format lcov|istanbul] [--merge file]... <file> [args...]`: runs the
 * program as `lantern run` does while Coverage (@lantern/debugger) records which source lines,
 * functions and branch edges ran, and writes lcov (the default; genhtml, Codecov, VS Code) or
 * istanbul JSON (`--format istanbul`, or an output ending in .json). `--merge` adds earlier lcov
 * files to this run's (repeatable), so runs accumulate: `-o lcov.info --merge lcov.info`.
 * A one-line summary goes to stderr.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Coverage, mergeCoverage, parseLcov, toIstanbul, toLcov, type CoverageData } from '@lantern/debugger';
import { CliError } from '../cliError.ts';
import { loadProgramSymbols } from '../programSymbols.ts';
import type { ProgramOptions } from './programOptions.ts';
import { runProgram } from './runProgram.ts';

export interface CoverageCommandOptions extends ProgramOptions {
  output: string;
  format?: string;
  merge: string[];
}

function formatOf(options: CoverageCommandOptions): 'lcov' | 'istanbul' {
  const f = options.format ?? (options.output.toLowerCase().endsWith('.json') ? 'istanbul' : 'lcov');
  if (f !== 'lcov' && f !== 'istanbul') throw new CliError(`--format "${f}": expected lcov, istanbul`);
  return f;
}

function readLcov(file: string): CoverageData {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`--merge ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return parseLcov(text, file);
  } catch (error) {
    throw new CliError(`--merge ${(error as Error).message}`);
  }
}

/** `lines 19/24 (79.2%), functions 2/3, branches 8/12` over every file of the data. */
export function coverageSummary(data: CoverageData): string {
  let lf = 0, lh = 0, ff = 0, fh = 0, bf = 0, bh = 0;
  for (const f of data.values()) {
    for (const hits of f.lines.values()) { lf++; if (hits > 0) lh++; }
    for (const fn of f.functions.values()) { ff++; if (fn.hits > 0) fh++; }
    for (const b of f.branches.values()) { bf++; if (b.hits > 0) bh++; }
  }
  const pct = (h: number, n: number) => (n === 0 ? '' : ` (${((100 * h) / n).toFixed(1)}%)`);
  return `coverage: lines ${lh}/${lf}${pct(lh, lf)}, functions ${fh}/${ff}, branches ${bh}/${bf}, ${data.size} files\n`;
}

export function coverageCommand(file: string, args: string[], options: CoverageCommandOptions): void {
  const format = formatOf(options);
  // Read what is merged before the run: the output may be one of them.
  const earlier = options.merge.map(readLcov);
  const program = loadProgramSymbols(file);
  let coverage: Coverage | undefined;
  process.exitCode = runProgram(file, args, options, {
    program,
    beforeStart: (WebAssembly) => {
      coverage = Coverage.start(WebAssembly, { symbols: program.symbols });
    },
  });
  if (coverage === undefined) return;
  const data = earlier.reduce((into, from) => mergeCoverage(into, from), coverage.stop());
  writeFileSync(options.output, format === 'lcov' ? toLcov(data) : `${JSON.stringify(toIstanbul(data))}\n`);
  process.stderr.write(coverageSummary(data));
}
