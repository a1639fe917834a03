/**
 * `pnpm spec`: runs the official suite on a pool of worker threads (one file at a time each, with
 * a per-file time limit so a hang cannot stall CI), prints per-file and total counts, writes a
 * JSON summary, and fails only on failures missing from expected-failures.json — a list that
 * must only shrink. The last line is "N passed, N failed, N skipped".
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { displayName, REPO_ROOT, type SuiteName, SUITES, suiteFiles } from './suiteFiles.ts';
import { compareTraps, type TrapTable, trapsOf } from './trapFingerprint.ts';
import type { FileReport } from './wastRunner.ts';

const { values: options, positionals: filters } = parseArgs({
  allowPositionals: true,
  options: {
    engine: { type: 'string', default: 'lantern' },
    tier: { type: 'string', default: 'interpreter' },
    'deopt-torture': { type: 'string', default: '0' },
    suite: { type: 'string', default: 'core,exceptions,stackSwitching,simd,relaxedSimd' },
    timeout: { type: 'string', default: '300' },
    json: { type: 'string', default: join(REPO_ROOT, 'spec-summary.json') },
    verbose: { type: 'boolean', short: 'v', default: false },
    'write-expected': { type: 'boolean', default: false },
    'traps-out': { type: 'string' },
    'traps-compare': { type: 'string' },
  },
});

const suites = options.suite.split(',') as SuiteName[];
for (const suite of suites) if (!(suite in SUITES)) throw new Error(`unknown suite ${suite}; known: ${Object.keys(SUITES).join(', ')}`);
const files = suiteFiles(suites).filter((file) => filters.length === 0 || filters.some((f) => displayName(file).includes(f)));
if (files.length === 0) {
  console.error(`no .wast file matches ${filters.map((f) => `"${f}"`).join(', ')} in suites ${suites.join(',')}`);
  process.exit(2);
}
const timeoutMs = Number(options.timeout) * 1000;
const deoptTorture = Number(options['deopt-torture']);
if (!Number.isSafeInteger(deoptTorture) || deoptTorture < 0) {
  console.error(`--deopt-torture: expected a whole number >= 0, got "${options['deopt-torture']}"`);
  process.exit(2);
}
const recordTraps = options['traps-out'] !== undefined || options['traps-compare'] !== undefined;
const expectedFailures: Record<string, string> = JSON.parse(
  readFileSync(new URL('../expected-failures.json', import.meta.url), 'utf8'),
);

function crashReport(file: string, message: string): FileReport {
  return { file: displayName(file), passed: 0, failed: 1, skipped: 0, failures: [{ line: 0, command: 'file', message }], skipReasons: {}, traps: {} };
}

/** Runs every file on `workers` threads; resolves with the reports in file order. */
function runPool(workers: number): Promise<FileReport[]> {
  const reports = new Map<string, FileReport>();
  const queue = [...files];
  return new Promise((resolve) => {
    let running = 0;
    const startWorker = () => {
      const file = queue.shift();
      if (file === undefined) {
        if (running === 0) resolve(files.map((f) => reports.get(f)!));
        return;
      }
      running++;
      const worker = new Worker(new URL('./workerEntry.mjs', import.meta.url), {
        workerData: { engine: options.engine, tier: options.tier, deoptTorture, recordTraps },
      });
      let current = file;
      let timer: NodeJS.Timeout;
      const finish = (report: FileReport) => {
        clearTimeout(timer);
        reports.set(current, report);
        printReport(report);
        const next = queue.shift();
        if (next === undefined) {
          running--;
          void worker.terminate();
          if (running === 0) resolve(files.map((f) => reports.get(f)!));
          return;
        }
        current = next;
        send();
      };
      const send = () => {
        timer = setTimeout(() => {
          reports.set(current, crashReport(current, `timed out after ${options.timeout}s`));
          printReport(reports.get(current)!);
          running--;
          void worker.terminate();
          startWorker();
        }, timeoutMs);
        worker.postMessage(current);
      };
      worker.on('message', (message: { file: string; report?: FileReport; crash?: string }) => {
        finish(message.report ?? crashReport(message.file, `runner crashed: ${message.crash}`));
      });
      worker.on('error', (error) => {
        clearTimeout(timer);
        reports.set(current, crashReport(current, `worker died: ${error.message}`));
        printReport(reports.get(current)!);
        running--;
        startWorker();
      });
      send();
    };
    const count = Math.max(1, Math.min(workers, files.length));
    for (let i = 0; i < count; i++) startWorker();
  });
}

function printReport(report: FileReport): void {
  const skips = Object.entries(report.skipReasons).map(([reason, n]) => `${n} ${reason}`).join(', ');
  console.log(`${report.file}: ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped${skips ? ` (${skips})` : ''}`);
  const shown = options.verbose ? report.failures : report.failures.filter((f) => !(failureKey(report, f.line) in expectedFailures)).slice(0, 10);
  for (const failure of shown) console.log(`    line ${failure.line} ${failure.command}: ${failure.message.slice(0, 300)}`);
}

function failureKey(report: FileReport, line: number): string {
  return `${report.file}:${line}`;
}

const reports = await runPool(availableParallelism());
const totals = { passed: 0, failed: 0, skipped: 0 };
const skipReasons: Record<string, number> = {};
const unexpected: string[] = [];
const seenKeys = new Set<string>();
for (const report of reports) {
  totals.passed += report.passed;
  totals.failed += report.failed;
  totals.skipped += report.skipped;
  for (const [reason, n] of Object.entries(report.skipReasons)) skipReasons[reason] = (skipReasons[reason] ?? 0) + n;
  for (const failure of report.failures) {
    const key = failureKey(report, failure.line);
    seenKeys.add(key);
    if (!(key in expectedFailures)) unexpected.push(`${key} ${failure.command}: ${failure.message.slice(0, 200)}`);
  }
}
const ranFiles = new Set(reports.map((r) => r.file));
const nowPassing = Object.keys(expectedFailures).filter((key) => ranFiles.has(key.slice(0, key.lastIndexOf(':'))) && !seenKeys.has(key));
const counted = totals.passed + totals.failed;
const summary = {
  engine: options.engine,
  suites,
  files: reports.length,
  ...totals,
  passRate: counted === 0 ? 0 : totals.passed / counted,
  skipReasons,
  unexpectedFailures: unexpected,
  reports,
};
writeFileSync(options.json, JSON.stringify(summary, null, 2));

console.log('');
console.log(`engine ${options.engine}, suites ${suites.join(',')}: ${reports.length} files`);
console.log(`pass rate of counted assertions: ${(summary.passRate * 100).toFixed(2)}%`);
for (const [reason, n] of Object.entries(skipReasons).sort((a, b) => b[1] - a[1])) console.log(`skipped (${reason}): ${n}`);
if (nowPassing.length > 0) {
  const shown = nowPassing.slice(0, 10).join(', ');
  console.log(`${nowPassing.length} listed failures now pass (rerun with --write-expected to drop them): ${shown}${nowPassing.length > 10 ? ', ...' : ''}`);
}
if (options['write-expected']) {
  // Records today's failures of the files run as the expected ones (keeping other files' entries).
  const kept = Object.fromEntries(Object.entries(expectedFailures).filter(([key]) => !ranFiles.has(key.slice(0, key.lastIndexOf(':')))));
  for (const report of reports) for (const f of report.failures) kept[failureKey(report, f.line)] = `${f.command}: ${f.message.slice(0, 160)}`;
  const sorted = Object.fromEntries(Object.entries(kept).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
  writeFileSync(new URL('../expected-failures.json', import.meta.url), JSON.stringify(sorted, null, 2) + '\n');
  console.log(`wrote ${Object.keys(sorted).length} expected failures`);
} else if (unexpected.length > 0) {
  console.log(`${unexpected.length} failures not in expected-failures.json:`);
  for (const line of unexpected.slice(0, 50)) console.log(`  ${line}`);
  process.exitCode = 1;
}
if (options['traps-out'] !== undefined) writeFileSync(options['traps-out'], JSON.stringify(trapsOf(reports)));
if (options['traps-compare'] !== undefined) {
  const mismatches = compareTraps(JSON.parse(readFileSync(options['traps-compare'], 'utf8')) as TrapTable, trapsOf(reports));
  console.log(`trap parity with ${options['traps-compare']}: ${mismatches.compared} traps compared, ${mismatches.lines.length} differ`);
  for (const line of mismatches.lines.slice(0, 20)) console.log(`  ${line}`);
  if (mismatches.lines.length > 0) process.exitCode = 1;
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
