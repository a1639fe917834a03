/**
 * The GC bench (bench/gc/gcAlloc.wat): allocation-heavy binary trees and a struct field loop on
 * Lantern's interpreter, as time per allocation and per field access.
 *
 *   build   trees of depth 14 built and dropped: per struct.new (with its share of the
 *           recursive calls that build them);
 *   trees   the same trees built and walked (two struct.get per node): per node;
 *   fields  a loop of struct.get + struct.set on one struct, minus the same loop on a local,
 *           halved: per field access;
 *   dart_fmt  a real dart2wasm program (the Dart formatter from npm, test/exec/dartFormat.test.ts):
 *           compile + instantiate once, then one format of test/dartFormat/input.dart.
 *
 * Node's engine is tried on the same binary side by side; Node 20 (V8 11.3) implements only a
 * pre-standard GC encoding (behind --experimental-wasm-gc) and refuses it, so its column says
 * why it is missing rather than a number. Medians of --runs (default 5) after one warm-up run.
 *
 * Usage: tsx bench/gc.ts [--runs N]   (pnpm --filter @lantern/runtime bench:gc)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createWebAssembly } from '../src/index.ts';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const bytes = readFileSync(new URL('./gc/gcAlloc.wasm', import.meta.url));
const DEPTH = 14;
const TREES = 10;
const NODES = TREES * (2 ** (DEPTH + 1) - 1);
const LOOP = 2_000_000;

interface Exports {
  build(d: number, n: number): void;
  trees(d: number, n: number): number;
  fields(n: number): number;
  locals(n: number): number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function timed(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
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

const lantern = createWebAssembly();
const exports = new lantern.Instance(new lantern.Module(bytes)).exports as unknown as Exports;
const rows = measure(exports);
console.log(`GC bench: ${TREES} trees of depth ${DEPTH} (${NODES} nodes), ${LOOP} field-loop iterations; medians of ${RUNS} runs`);
for (const [what, ns] of Object.entries(rows)) console.log(`  lantern interpreter  ${what.padEnd(44)} ${ns.toFixed(1)} ns`);
console.log(`  node ${process.versions.node} (V8 ${process.versions.v8}): ${native}`);

/** The Dart formatter (dart2wasm): its start-up, then the median time of one format. */
async function dartFormat(): Promise<void> {
  const dir = createRequire(import.meta.url).resolve('@wasm-fmt/dart_fmt/package.json').replace(/package\.json$/, '');
  const glue = (await import(`${dir}dart_fmt.mjs`)) as {
    initSync(module: unknown): unknown;
    formatWrapper(app: unknown, source: string, filename: string, options: object): string;
  };
  const input = readFileSync(new URL('../test/dartFormat/input.dart', import.meta.url), 'utf8');
  const saved = globalThis.WebAssembly;
  let app: unknown;
  const startup = timed(() => {
    globalThis.WebAssembly = lantern as unknown as typeof WebAssembly; // the glue instantiates through the global
    try {
      app = glue.initSync(new lantern.Module(readFileSync(`${dir}dart_fmt.wasm`)));
    } finally {
      globalThis.WebAssembly = saved;
    }
  });
  const times: number[] = [];
  for (let r = 0; r <= RUNS; r++) {
    const t = timed(() => glue.formatWrapper(app, input, 'input.dart', {}));
    if (r > 0) times.push(t);
  }
  console.log(`  lantern interpreter  dart_fmt (dart2wasm): compile + instantiate ${startup.toFixed(0)} ms, one format of input.dart ${median(times).toFixed(0)} ms`);
}
await dartFormat();
