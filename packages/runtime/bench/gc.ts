/**
 * The GC bench (bench/gc/gcAlloc.wat): allocation-heavy binary trees and a struct field loop,
 * as time per allocation and per field access, on Lantern's interpreter and its JS tier side by
 * side (`auto`: hot functions compiled; `eager`: every function at its first call).
 *
 *   build   trees of depth 14 built and dropped: per struct.new (with its share of the
 *           recursive calls that build them);
 *   trees   the same trees built and walked (two struct.get per node): per node;
 *   fields  a loop of struct.get + struct.set on one struct, minus the same loop on a local,
 *           halved: per field access;
 *   dart_fmt  a real dart2wasm program (the Dart formatter from npm, bench/real/dartFmt.ts):
 *           compile + instantiate once, the first format of test/dartFormat/input.dart (the tier
 *           compiles what it runs then), then the median of 2 * --runs formats after it.
 *
 * Node's engine is tried on the same binary; Node 20 (V8 11.3) implements only a pre-standard GC
 * encoding (behind --experimental-wasm-gc) and refuses it, so its line says why it is missing
 * rather than a number. Medians of --runs (default 5) after one warm-up run, in process CPU time.
 *
 * Usage: tsx bench/gc.ts [--runs N]   (pnpm --filter @lantern/runtime bench:gc)
 */
import { readFileSync } from 'node:fs';
import { createWebAssembly, storeOf } from '../src/index.ts';
import { median, pad } from './lib/stats.ts';
import { type DartFormatter, dartFormatter, dartGlue, formatInput } from './real/dartFmt.ts';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const bytes = readFileSync(new URL('./gc/gcAlloc.wasm', import.meta.url));
const DEPTH = 14;
const TREES = 10;
const NODES = TREES * (2 ** (DEPTH + 1) - 1);
const LOOP = 2_000_000;
/** Formats timed after the first (auto compiles what turns hot over the first few). */
const DART_RUNS = 2 * RUNS;
const TIERS = ['interpreter', 'auto', 'eager'] as const;
type TierName = (typeof TIERS)[number];

interface Exports {
  build(d: number, n: number): void;
  trees(d: number, n: number): number;
  fields(n: number): number;
  locals(n: number): number;
}

/**
 * Milliseconds of process CPU time `f` takes: on this shared machine (load far above its cores)
 * wall time mostly measures how long the process waited to be scheduled.
 */
function timed(f: () => unknown): number {
  const t0 = process.cpuUsage();
  f();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
}

function measure(exports: Exports): Record<string, number> {
  if (exports.trees(DEPTH, TREES) !== NODES) throw new Error('trees: wrong node count');
  const build: number[] = [], trees: number[] = [], fields: number[] = [], locals: number[] = [];
  for (let r = 0; r <= RUNS; r++) {
    const b = timed(() => exports.build(DEPTH, TREES));
    const t = timed(() => exports.trees(DEPTH, TREES));
    const f = timed(() => exports.fields(LOOP));
    const l = timed(() => exports.locals(LOOP));
    if (r === 0) continue; // warm-up
    build.push(b); trees.push(t); fields.push(f); locals.push(l);
  }
  return {
    'ns per struct.new (build)': (median(build) * 1e6) / NODES,
    'ns per node built and walked (trees)': (median(trees) * 1e6) / NODES,
    'ns per field access (fields - locals) / 2': ((median(fields) - median(locals)) * 1e6) / (2 * LOOP),
    'ns per loop iteration on a local (locals)': (median(locals) * 1e6) / LOOP,
  };
}

let native: string;
try {
  new WebAssembly.Module(bytes);
  native = 'compiles (a Node with the standard GC encoding: add it to this table)';
} catch (error) {
  native = `n/a: ${(error as Error).message}`;
}

/** One line per measure: its value per tier, and each tier's speed-up over the interpreter. */
function table(rows: Map<TierName, Record<string, number>>, unit: string, digits: number): void {
  const what = Object.keys(rows.get('interpreter')!);
  console.log(`  ${pad('', 46)}${TIERS.map((t) => pad(t, 13, true)).join('')}   tier speed-up (auto, eager)`);
  for (const w of what) {
    const values = TIERS.map((t) => rows.get(t)![w]);
    // A difference of two medians may come out at or below 0: the cost is below the noise.
    const shown = values.map((v) => (v > 0 ? `${v.toFixed(digits)} ${unit}` : `~0 ${unit}`));
    const ups = values.slice(1).map((v) => (v > 0 && values[0] > 0 ? `x${(values[0] / v).toFixed(1)}` : 'n/a')).join(', ');
    console.log(`  ${pad(w, 46)}${shown.map((v) => pad(v, 13, true)).join('')}   ${ups}`);
  }
}

console.log(`GC bench: ${TREES} trees of depth ${DEPTH} (${NODES} nodes), ${LOOP} field-loop iterations; medians of ${RUNS} runs`);
const micro = new Map<TierName, Record<string, number>>();
for (const tier of TIERS) {
  const lantern = createWebAssembly({ tier });
  micro.set(tier, measure(new lantern.Instance(new lantern.Module(bytes)).exports as unknown as Exports));
}
table(micro, 'ns', 1);
console.log(`  node ${process.versions.node} (V8 ${process.versions.v8}): ${native}`);

/** The Dart formatter (dart2wasm) on one tier: start-up, first format, median of the formats after it (ms). */
function dartFormat(tier: TierName): Record<string, number> {
  const lantern = createWebAssembly({ tier });
  let formatter: DartFormatter | undefined;
  const startup = timed(() => (formatter = dartFormatter(glue, lantern)));
  const times: number[] = [];
  for (let r = 0; r <= DART_RUNS; r++) times.push(timed(() => formatInput(formatter!)));
  const t = storeOf(lantern)?.tier;
  if (t) console.log(`  dart_fmt on ${tier}: ${t.compiled} functions compiled in ${t.compileMs.toFixed(0)} ms; interpreted: ${[...t.unsupported].map(([why, n]) => `${why} ${n}`).join(', ') || 'none'}`);
  return {
    'compile + instantiate (ms)': startup,
    'first format of input.dart (ms)': times[0],
    [`one format after it, median of ${DART_RUNS} (ms)`]: median(times.slice(1)),
  };
}

const glue = await dartGlue();
const dart = new Map<TierName, Record<string, number>>();
for (const tier of TIERS) dart.set(tier, dartFormat(tier));
console.log('dart_fmt (dart2wasm):');
table(dart, 'ms', 0);
