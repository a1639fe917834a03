/**
 * Memory growth one page at a time, from 64 KiB to 256 MiB (4,095 grows), on Lantern and on
 * Node's engine, side by side:
 *
 *   1. from wasm: bench/memoryGrowth/growAll.wasm loops `memory.grow 1` until it fails at the
 *      maximum (so the loop also shows that failure ends it);
 *   2. from JS: `WebAssembly.Memory.grow(1)` until 4,096 pages, reading `buffer` only at the end.
 *
 * Runs alternate between the engines; the medians and Lantern/Node ratios are printed.
 *
 * Usage: tsx bench/memoryGrowth.ts [--runs N]   (pnpm --filter @lantern/runtime bench:memory)
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWebAssembly } from '../src/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const MAX_PAGES = 4096;
const bytes = readFileSync(join(here, 'memoryGrowth/growAll.wasm'));

type Namespace = typeof WebAssembly;
const ENGINES: [string, Namespace][] = [
  ['node', globalThis.WebAssembly],
  ['lantern', createWebAssembly() as unknown as Namespace],
];

function fromWasm(WA: Namespace): number {
  const exports = new WA.Instance(new WA.Module(bytes), {}).exports as { growAll(): number; memory: WebAssembly.Memory };
  const t0 = performance.now();
  const grows = exports.growAll();
  const ms = performance.now() - t0;
  if (grows !== MAX_PAGES - 1 || exports.memory.buffer.byteLength !== MAX_PAGES * 65536) throw new Error(`growAll: ${grows} grows`);
  return ms;
}

function fromJs(WA: Namespace): number {
  const memory = new WA.Memory({ initial: 1, maximum: MAX_PAGES });
  const t0 = performance.now();
  for (let pages = 1; pages < MAX_PAGES; pages++) memory.grow(1);
  const ms = performance.now() - t0;
  if (memory.buffer.byteLength !== MAX_PAGES * 65536) throw new Error(`grow(1): ${memory.buffer.byteLength} bytes`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

console.log(`memory growth by 1 page to ${MAX_PAGES * 64 / 1024} MiB, ${RUNS} alternating runs each, medians:`);
for (const [what, run] of [['from wasm (memory.grow loop)', fromWasm], ['from JS (Memory.grow(1))', fromJs]] as const) {
  const times = new Map<string, number[]>(ENGINES.map(([name]) => [name, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [name, WA] of i % 2 === 0 ? ENGINES : [...ENGINES].reverse()) times.get(name)!.push(run(WA));
  }
  const node = median(times.get('node')!);
  const lantern = median(times.get('lantern')!);
  console.log(`  ${what}: node ${node.toFixed(1)} ms, lantern ${lantern.toFixed(1)} ms, lantern/node ${(lantern / node).toFixed(2)}`);
}
