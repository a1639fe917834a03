/**
 * The cost of the profiler (sampling at its default 1 ms interval) and of coverage against a
 * plain run, on a recursive fib and a memory loop in WAT and on the profiler's C fixture (hot.c,
 * WASI). `pnpm bench` (or: pnpm exec tsx bench/profileCost.ts [rounds]).
 *
 * Side by side, as attachCost.ts: every mode has its own instance (own Store), set up first (the
 * profiler and coverage start before the first call, so every function is compiled for them);
 * each round runs every mode once in a rotated order, and the ratio to the plain run of the SAME
 * round is recorded. Printed per mode: the median time, the median (25th-75th percentile) of the
 * per-round ratios. Times are the process's CPU time (process.cpuUsage): on a machine shared with
 * other work, wall time counts whatever else ran meanwhile, and the ratios drowned in it. 'none (A/A)'
 * and 'tier (A/A)' are the noise floors (two instances of the same thing). Coverage is measured
 * after a first warm-up run (its probes fire once, on first execution); 'tier+profiler' and
 * 'tier (A/A)' are against 'tier' (`auto`).
 * Node's own WebAssembly ('native') runs the same module for scale.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createWebAssembly } from '@lantern/runtime';
import { Wasi } from '@lantern/wasi';
import { watToWasm } from '@lantern/wat';
import { Coverage, Profiler } from '../src/index.ts';
import { fibAndLoopWat } from './workloads.ts';

const WAT = fibAndLoopWat();
const HOT = new Uint8Array(readFileSync(fileURLToPath(new URL('../test/fixtures/profile/hot.wasm', import.meta.url))));

type Mode = 'none' | 'none (A/A)' | 'profiler' | 'coverage' | 'tier' | 'tier (A/A)' | 'tier+profiler' | 'native';
const MODES: readonly Mode[] = ['none', 'none (A/A)', 'profiler', 'coverage', 'tier', 'tier (A/A)', 'tier+profiler', 'native'];
/** The modes compared with 'tier' rather than 'none'. */
const VS_TIER = new Set<Mode>(['tier (A/A)', 'tier+profiler']);
type Work = 'fib' | 'loop' | 'hot.c';
const WORKS: readonly Work[] = ['fib', 'loop', 'hot.c'];

function setup(mode: Mode, work: Work): () => void {
  const bytes = work === 'hot.c' ? HOT : watToWasm(WAT).binary;
  const engine = mode === 'native' ? WebAssembly : createWebAssembly({ tier: mode.startsWith('tier') ? 'auto' : 'interpreter' });
  const module = new engine.Module(bytes);
  const start = () => {
    if (mode.endsWith('profiler')) Profiler.start(engine);
    if (mode === 'coverage') Coverage.start(engine);
  };
  if (work === 'hot.c') {
    // WASI's _start runs once per instance: a fresh instance per run, on the same store.
    start();
    return () => {
      const wasi = new Wasi({ args: ['hot', '2'], env: {}, stdout: () => {} });
      wasi.start(new engine.Instance(module, wasi.getImportObject() as never) as never);
    };
  }
  const ex = new engine.Instance(module, {}).exports as Record<string, (n: number) => number>;
  start();
  return work === 'fib' ? () => void ex.fib(27) : () => void ex.loop(3_000_000);
}

const rounds = Number(process.argv[2] ?? 7);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
for (const work of WORKS) {
  const runs = MODES.map((mode) => ({ mode, run: setup(mode, work), times: [] as number[], ratios: [] as number[] }));
  for (const r of runs) r.run(); // warm-up: compiles, and coverage's probes fire once
  for (let round = 0; round < rounds; round++) {
    const order = runs.map((_, i) => runs[(i + round) % runs.length]);
    const t = new Map<Mode, number>();
    for (const r of order) {
      const t0 = cpuMs();
      r.run();
      const ms = cpuMs() - t0;
      r.times.push(ms);
      t.set(r.mode, ms);
    }
    for (const r of runs) r.ratios.push(t.get(r.mode)! / t.get(VS_TIER.has(r.mode) ? 'tier' : 'none')!);
  }
  console.log(`\n${work} (${rounds} rounds)`);
  for (const r of runs) {
    const base = VS_TIER.has(r.mode) ? ' vs tier' : r.mode === 'native' || r.mode === 'tier' ? ' vs none' : '';
    console.log(`  ${r.mode.padEnd(14)} ${pct(r.times, 0.5).toFixed(1).padStart(8)} ms cpu   x${pct(r.ratios, 0.5).toFixed(3)} (p25-p75 ${pct(r.ratios, 0.25).toFixed(3)}-${pct(r.ratios, 0.75).toFixed(3)})${base}`);
  }
}
