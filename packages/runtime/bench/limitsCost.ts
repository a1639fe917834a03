/**
 * What fuel and interruption cost (exec/meter.ts): micro programs (lib/programs.ts) on the
 * interpreter and on the eager JS tier, each with no metering, with fuel (an unlimited budget, so
 * the program runs to its end) and interruptible with a deadline set (the flag polled at every
 * call and loop iteration, the clock read every SLICE instructions), beside Node's own engine.
 * Every configuration runs in a fresh worker (lib/isolated.ts: no shared JIT state), rounds
 * interleaved so machine load hits them alike; medians, and each metered median as a ratio to the
 * unmetered one of its tier. The target: below 1.05. (Unmetered stores compile no Meter: their
 * cost is the baseline itself.)
 *
 * Usage: tsx bench/limitsCost.ts [rounds] [program,...]   (pnpm --filter @lantern/runtime bench:limits)
 */
import { readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { inFreshWorker } from './lib/isolated.ts';
import { PROGRAMS, programPath } from './lib/programs.ts';
import { median } from './lib/stats.ts';
import { createWebAssembly, storeOf, type TierPolicy } from '../src/index.ts';

const ROUNDS = Number(process.argv[2] ?? 3);
const NAMES = process.argv[3]?.split(',') ?? ['fib', 'sieve', 'matmul', 'interp', 'sort'];
const TIERS: TierPolicy[] = ['interpreter', 'eager'];
const METERS = ['none', 'fuel', 'deadline'] as const;
type MeterKind = (typeof METERS)[number];

export interface CostTask {
  program: string;
  tier: TierPolicy | 'node';
  meter: MeterKind;
}

/** One timed run (after an untimed warm-up) in this worker; returns milliseconds and the checksum. */
export async function measure(task: CostTask): Promise<{ ms: number; result: string }> {
  const p = PROGRAMS.find((q) => q.name === task.program)!;
  const bytes = new Uint8Array(readFileSync(programPath(task.program)));
  let run: (n: number) => unknown;
  if (task.tier === 'node') {
    run = (await WebAssembly.instantiate(bytes, {})).instance.exports.run as (n: number) => unknown;
  } else {
    const options = task.meter === 'fuel' ? { fuel: Infinity } : task.meter === 'deadline' ? { interruptible: true } : {};
    const W = createWebAssembly({ tier: task.tier, ...options });
    if (task.meter === 'deadline') storeOf(W)!.setTimeout(3_600_000);
    run = (new W.Instance(new W.Module(bytes), {}).exports as { run: (n: number) => unknown }).run;
  }
  run(p.warmup);
  const times: number[] = [];
  let result: unknown;
  for (let i = 0; i < p.iters; i++) {
    const t = performance.now();
    result = run(p.size);
    times.push(performance.now() - t);
  }
  return { ms: median(times), result: String(result) };
}

async function main(): Promise<void> {
  const configs: CostTask[] = [];
  for (const program of NAMES) {
    configs.push({ program, tier: 'node', meter: 'none' });
    for (const tier of TIERS) for (const meter of METERS) configs.push({ program, tier, meter });
  }
  const samples = new Map<string, number[]>();
  const key = (c: CostTask) => `${c.program}/${c.tier}/${c.meter}`;
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of round % 2 === 0 ? configs : [...configs].reverse()) {
      const { ms, result } = await inFreshWorker<{ ms: number; result: string }>(import.meta.url, 'measure', c, 600_000);
      const reference = samples.get(`${c.program}/result`);
      if (reference !== undefined && String(reference[0]) !== result) throw new Error(`${key(c)}: checksum ${result}, expected ${reference[0]}`);
      if (reference === undefined) samples.set(`${c.program}/result`, [result as unknown as number]);
      samples.set(key(c), [...(samples.get(key(c)) ?? []), ms]);
    }
  }
  console.log(`fuel and interruption cost (medians of ${ROUNDS} fresh-worker runs; ratio = metered / unmetered, same tier)`);
  const head = ['program', 'node ms', ...TIERS.flatMap((t) => [`${t} ms`, 'fuel', 'deadline'])];
  const rows = NAMES.map((program) => {
    const m = (tier: string, meter: string) => median(samples.get(`${program}/${tier}/${meter}`)!);
    return [program, m('node', 'none').toFixed(1), ...TIERS.flatMap((t) => {
      const base = m(t, 'none');
      return [base.toFixed(1), (m(t, 'fuel') / base).toFixed(3), (m(t, 'deadline') / base).toFixed(3)];
    })];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [head, ...rows]) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

if (isMainThread) await main();
