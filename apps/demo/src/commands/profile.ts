/**
 * `lantern profile [--interval ms] [--exact] [--format f] -o out <file> [args...]`: runs the
 * program as `lantern run` does under the Profiler (@lantern/debugger) and writes the profile:
 * cpuprofile (Chrome DevTools, VS Code), pprof (gzipped profile.proto: `go tool pprof`,
 * speedscope), folded (flamegraph.pl) or html (a self-contained flame graph). The format defaults
 * from the output's extension (.cpuprofile, .pb.gz / .pprof, .folded / .txt, .html), else
 * cpuprofile. The hottest functions and lines are printed on stderr.
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Profiler, summarize, toCpuProfile, toFlameGraphHtml, toFolded, toPprof, type Profile } from '@lantern/debugger';
import { CliError } from '../cliError.ts';
import { loadProgramSymbols } from '../programSymbols.ts';
import { type ProgramOptions } from './programOptions.ts';
import { runProgram } from './runProgram.ts';

export interface ProfileOptions extends ProgramOptions {
  output: string;
  interval?: string;
  format?: string;
  exact?: boolean;
}

const FORMATS = ['cpuprofile', 'pprof', 'folded', 'html'] as const;
type Format = (typeof FORMATS)[number];

function formatOf(options: ProfileOptions): Format {
  if (options.format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(options.format)) throw new CliError(`--format "${options.format}": expected ${FORMATS.join(', ')}`);
    return options.format as Format;
  }
  const out = options.output.toLowerCase();
  if (out.endsWith('.pb.gz') || out.endsWith('.pprof') || out.endsWith('.pb')) return 'pprof';
  if (out.endsWith('.folded') || out.endsWith('.txt')) return 'folded';
  if (out.endsWith('.html') || out.endsWith('.htm')) return 'html';
  return 'cpuprofile';
}

function intervalOf(options: ProfileOptions): number {
  if (options.interval === undefined) return 1;
  const ms = Number(options.interval);
  if (!(Number.isFinite(ms) && ms > 0)) throw new CliError(`--interval "${options.interval}": expected a positive number of milliseconds`);
  return ms;
}

function encode(profile: Profile, format: Format, title: string): string | Uint8Array {
  switch (format) {
    case 'cpuprofile':
      return JSON.stringify(toCpuProfile(profile));
    case 'pprof':
      return gzipSync(toPprof(profile));
    case 'folded':
      return toFolded(profile);
    case 'html':
      return toFlameGraphHtml(profile, title);
  }
}

/** The top of the profile for the terminal: functions by total share, lines by self share. */
export function profileReport(profile: Profile, top = 8): string {
  const s = summarize(profile);
  const pct = (v: number) => `${((100 * v) / (s.total || 1)).toFixed(1).padStart(5)}%`;
  const unit = profile.unit === 'instructions' ? `${s.total} instructions` : `${profile.samples.length} samples, ${(s.total / 1000).toFixed(1)} ms`;
  const lines = [`profile: ${unit}`, '  total   self  function'];
  for (const f of s.functions.slice(0, top)) lines.push(`  ${pct(f.total)} ${pct(f.self)}  ${f.function}`);
  if (s.lines.length > 0) lines.push('   self  line');
  for (const l of s.lines.slice(0, top)) lines.push(`  ${pct(l.self)}  ${l.file}:${l.line}`);
  return `${lines.join('\n')}\n`;
}

export function profileCommand(file: string, args: string[], options: ProfileOptions): void {
  const format = formatOf(options);
  const intervalMs = intervalOf(options);
  if (options.exact && options.tier !== undefined && options.tier !== 'interpreter') throw new CliError('--exact counts in the interpreter: drop --tier');
  const program = loadProgramSymbols(file);
  let profiler: Profiler | undefined;
  process.exitCode = runProgram(file, args, options, {
    program,
    beforeStart: (WebAssembly) => {
      profiler = Profiler.start(WebAssembly, { intervalMs, symbols: program.symbols, ...(options.exact ? { mode: 'exact' as const } : {}) });
    },
  });
  if (profiler === undefined) return;
  const profile = profiler.stop();
  writeFileSync(options.output, encode(profile, format, `lantern profile ${file}`));
  process.stderr.write(profileReport(profile));
}
