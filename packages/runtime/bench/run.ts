/**
 * `pnpm bench`: real programs (C compiled to wasm32, see programs/build.sh) run on Node's
 * native WebAssembly and on Lantern's JS-API object in the same process, interleaved, and
 * reported as ratios. Absolute times vary by machine; the ratio to native is what we track.
 *
 * Each program exports `run(n)` and returns a checksum; both engines must agree on it.
 * Usage: tsx bench/run.ts [program ...] [--iters N] [--quick]
 *   --quick divides every program's size by 10 (a smoke run).
 * NB: Lantern runs synchronously and cannot be interrupted, so sizes are chosen so that one
 * Lantern run stays well under 30 s; the table prints the per-run medians.
 *
 * Methodology: each program is measured in a fresh worker thread (its own V8 isolate), with both
 * engines in that worker, interleaved. A real program runs alone in its process; running all the
 * programs through one isolate instead lets each program's type feedback in the interpreter's
 * `run()` deoptimize it for the next program (V8 "insufficient type feedback" deopts and a
 * 50-130 ms re-optimization of run() on every switch), which measures the bench's order, not
 * the engine. `--in-process` restores the old single-isolate mode (all programs in sequence in
 * the main thread) to show that effect.
 */
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Program {
  name: string;
  /** The argument to `run`: native WebAssembly takes ~10-25 ms on it. */
  size: number;
  what: string;
}

const PROGRAMS: Program[] = [
  { name: 'fib', size: 34, what: 'recursive calls' },
  { name: 'sieve', size: 4_000_000, what: 'byte loads/stores' },
  { name: 'matmul', size: 256, what: 'f64 multiply-add' },
  { name: 'nbody', size: 500_000, what: 'f64 + sqrt' },
  { name: 'hash', size: 250, what: 'FNV-1a + 64-bit mixer' },
  { name: 'prng', size: 10_000_000, what: 'i64 xorshift/splitmix' },
  { name: 'interp', size: 1_000_000, what: 'switch-dispatch loop' },
  { name: 'memops', size: 80, what: 'memset/memcpy/memmove' },
];

/** The subset of the standard namespace the bench needs; Node's global and ours both fit. */
interface WasmNamespace {
  Module: new (bytes: BufferSource) => object;
  Instance: new (module: never, imports?: object) => { exports: Record<string, unknown> };
}

type RunFn = (n: number) => unknown;

function instantiateRun(ns: WasmNamespace, bytes: Uint8Array<ArrayBuffer>): RunFn {
  const module = new ns.Module(bytes);
  const instance = new ns.Instance(module as never, {});
  const run = instance.exports.run;
  if (typeof run !== 'function') throw new Error('program has no run export');
  return run as RunFn;
}

function time(fn: RunFn, n: number): { ms: number; result: unknown } {
  const start = performance.now();
  const result = fn(n);
  return { ms: performance.now() - start, result };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function loadLantern(): Promise<{ ns: WasmNamespace | undefined; why: string }> {
  try {
    const runtime = (await import('../src/index.ts')) as Record<string, unknown>;
    const ns = runtime.WebAssembly as WasmNamespace | undefined;
    if (!ns) return { ns: undefined, why: '@lantern/runtime does not export WebAssembly yet' };
    // Smoke test on the smallest program, so a half-built engine is reported, not crashed on.
    const here = dirname(fileURLToPath(import.meta.url));
    const fib = instantiateRun(ns, new Uint8Array(readFileSync(join(here, 'programs/fib/fib.wasm'))));
    if (fib(10) !== 55) return { ns: undefined, why: 'Lantern computed fib(10) wrongly' };
    return { ns, why: '' };
  } catch (err) {
    return { ns: undefined, why: `Lantern failed to load or run: ${(err as Error).message}` };
  }
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

interface Measured {
  nativeMs: number;
  lanternMs: number;
  mismatches: number;
  lines: string[];
}

/** Measures one program, both engines interleaved in this thread. */
async function measure(name: string, size: number, iters: number, lanternNs?: WasmNamespace): Promise<Measured> {
  const here = dirname(fileURLToPath(import.meta.url));
  const native = globalThis.WebAssembly as unknown as WasmNamespace;
  const lines: string[] = [];
  let ns = lanternNs;
  if (ns === undefined) {
    const lantern = await loadLantern();
    if (!lantern.ns) lines.push(`Lantern isn't available (${lantern.why}); native numbers only.`);
    ns = lantern.ns;
  }
  let mismatches = 0;
  const bytes = new Uint8Array(readFileSync(join(here, 'programs', name, `${name}.wasm`)));
  const nativeRun = instantiateRun(native, bytes);
  const lanternRun = ns ? instantiateRun(ns, bytes) : undefined;
  // Warm-up: lets V8 tier up the native code (and the interpreter's own JS).
  const expected = time(nativeRun, size).result;
  if (lanternRun) {
    const got = time(lanternRun, size).result;
    if (got !== expected) {
      mismatches++;
      lines.push(`${name}: MISMATCH native=${String(expected)} lantern=${String(got)}`);
    }
  }
  const nativeMs: number[] = [];
  const lanternMs: number[] = [];
  for (let i = 0; i < iters; i++) {
    nativeMs.push(time(nativeRun, size).ms);
    if (lanternRun) {
      const r = time(lanternRun, size);
      lanternMs.push(r.ms);
      if (r.result !== expected) mismatches++;
    }
  }
  return { nativeMs: median(nativeMs), lanternMs: lanternRun ? median(lanternMs) : NaN, mismatches, lines };
}

/** Runs `measure` in a fresh worker thread (this file, in worker mode). */
function measureInWorker(name: string, size: number, iters: number): Promise<Measured> {
  return new Promise((resolve, reject) => {
    // A worker does not inherit tsx's module hooks on Node 20: register them, then load this file.
    const tsx = import.meta.resolve('tsx/esm/api');
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: { name, size, iters } });
    let result: Measured | undefined;
    worker.on('message', (m: Measured) => { result = m; });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`bench worker for ${name} exited with code ${code} and no result`));
    });
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let iters = 3;
  let quick = false;
  let inProcess = false;
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--iters') iters = Number(argv[++i]);
    else if (argv[i] === '--quick') quick = true;
    else if (argv[i] === '--in-process') inProcess = true;
    else names.push(argv[i]);
  }
  const programs = names.length ? PROGRAMS.filter((p) => names.includes(p.name)) : PROGRAMS;
  let lanternNs: WasmNamespace | undefined;
  if (inProcess) {
    const lantern = await loadLantern();
    if (!lantern.ns) console.log(`Lantern isn't available (${lantern.why}); native numbers only.\n`);
    lanternNs = lantern.ns;
  }
  console.log(inProcess ? 'mode: in-process (all programs in one isolate)\n' : 'mode: one worker thread per program\n');

  const header = `${pad('program', 8)} ${pad('size', 10, true)} ${pad('native ms', 10, true)} ${pad('lantern ms', 11, true)} ${pad('ratio', 8, true)}  what`;
  console.log(header);
  console.log('-'.repeat(header.length + 16));
  const ratios: number[] = [];
  let mismatches = 0;
  for (const p of programs) {
    const size = quick ? Math.max(1, Math.floor(p.name === 'fib' ? p.size - 5 : p.size / 10)) : p.size;
    const m = inProcess ? await measure(p.name, size, iters, lanternNs) : await measureInWorker(p.name, size, iters);
    for (const line of m.lines) console.log(line);
    mismatches += m.mismatches;
    const n = m.nativeMs;
    const l = m.lanternMs;
    const has = !Number.isNaN(l);
    if (has) ratios.push(l / n);
    console.log(
      `${pad(p.name, 8)} ${pad(String(size), 10, true)} ${pad(n.toFixed(2), 10, true)} ` +
        `${pad(has ? l.toFixed(1) : '-', 11, true)} ${pad(has ? `${(l / n).toFixed(1)}x` : '-', 8, true)}  ${p.what}`,
    );
  }
  if (ratios.length) {
    const geo = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
    console.log(`\ngeometric mean slowdown (lantern / native): ${geo.toFixed(1)}x over ${ratios.length} programs`);
  }
  if (mismatches) {
    console.log(`${mismatches} result mismatch(es) between native and Lantern`);
    process.exitCode = 1;
  }
}

if (isMainThread) {
  await main();
  // Stack switching and exceptions against plain calls, as ratios (bench/control.ts).
  (await import('./control.ts')).runControlBench();
} else {
  const { name, size, iters } = workerData as { name: string; size: number; iters: number };
  parentPort!.postMessage(await measure(name, size, iters));
}
