/**
 * Profile and Coverage runs in the worker: @lantern/debugger's Profiler or Coverage observing the
 * engine of a DebugSession's run (as the DAP server's `lantern/profile` does), started before
 * the program's code runs, and their results as the page shows them — the profiler's own tables,
 * flame graph and .cpuprofile, coverage's lines and lcov.
 */
import { Coverage, Profiler, summarize, toCpuProfile, toFlameGraphHtml, toLcov, type CoverageData, type Profile, type SymbolResolver } from '@lantern/debugger';
import type { CoverageReport, Measure, ProfileReport, WorkerMessage } from '../protocol.ts';

/** Rows of the profile's tables sent to the page. */
const TOP = 20;

export interface Measurement {
  /** Stops measuring; the message carrying the result. */
  finish(): WorkerMessage;
}

/** Starts measuring `engine` (a run's WebAssembly namespace) before its program's code runs. */
export function startMeasurement(measure: Measure, engine: object, symbols: SymbolResolver, programName: string): Measurement {
  if (measure.kind === 'coverage') {
    const coverage = Coverage.start(engine, { symbols });
    return { finish: () => ({ type: 'coverage', report: coverageReport(coverage.stop()) }) };
  }
  const profiler = Profiler.start(engine, { symbols, ...(measure.exact ? { mode: 'exact' as const } : {}) });
  return { finish: () => ({ type: 'profile', report: profileReport(profiler.stop(), programName) }) };
}

function profileReport(profile: Profile, programName: string): ProfileReport {
  const s = summarize(profile);
  const share = (weight: number) => weight / (s.total || 1);
  return {
    extent: profile.unit === 'instructions' ? `${s.total} instructions` : `${profile.samples.length} samples, ${(s.total / 1000).toFixed(1)} ms`,
    functions: s.functions.slice(0, TOP).map((f) => ({ name: f.function, ...(f.file !== undefined ? { file: f.file } : {}), self: share(f.self), total: share(f.total) })),
    lines: s.lines.slice(0, TOP).map((l) => ({ file: l.file, line: l.line, self: share(l.self) })),
    flameGraphHtml: toFlameGraphHtml(profile, `Lantern profile of ${programName}`),
    cpuprofile: JSON.stringify(toCpuProfile(profile)),
  };
}

function coverageReport(data: CoverageData): CoverageReport {
  return {
    files: [...data.values()].map((f) => ({ file: f.file, lines: [...f.lines].sort((a, b) => a[0] - b[0]).map(([line, hits]) => [line, hits > 0] as const) })),
    lcov: toLcov(data),
  };
}
