/**
 * What fuel and interruption cost (exec/meter.ts): micro programs (lib/programs.ts) on the
 * interpreter and on the eager JS tier, each with no metering, with fuel (an unlimited budget, so
 * the program runs to its end) and interruptible with a deadline set (the counter charged at every
 * call and loop iteration, the clock read about every LOOK_MS), beside Node's own engine.
 * Per program and tier one fresh worker (lib/isolated.ts) holds the stores and runs them in
 * turn, ROUNDS times, after a warm-up each: on a loaded machine the alternation puts load spikes
 * on all alike, and the fastest run of each (min) is the least disturbed measurement. A run's time
 * is the process's CPU time (the main thread waits meanwhile): time the machine's other work takes
 * from it does not count.
 * Ratios: metered / unmetered of the same tier; the target is below 1.05. A second unmetered store
 * ('none again') is the control: its ratio is what V8's compile history alone varies (each store
 * has its own JS functions, optimized at their own moments: OSR or not, a double boxed or not).
 * (Unmetered stores compile no Meter: their cost is the baseline itself.)
 *
 * Usage: tsx bench/limitsCost.ts [rounds] [program,...]   (pnpm --filter @lantern/runtime bench:limits)
 */
import { readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { inFreshWorker } from './lib/isolated.ts';
import { programPath } from './lib/programs.ts';
import { median } from './lib/stats.ts';
import { createWebAssembly, storeOf, type TierPolicy } from '../src/index.ts';

const ROUNDS = Number(process.argv[2] ?? 9);
/** Programs and their sizes here: each run a fraction of a second on the interpreter. */
const SIZES: Record<string, number> = { fib: 30, sieve: 2_000_000, matmul: 160, interp: 400_000, sort: 80_000 };
const NAMES = process.argv[3]?.split(',') ?? Object.keys(SIZES);
const TIERS: TierPolicy[] = ['interpreter', 'eager'];
const METERS = ['none', 'none again', 'fuel', 'deadline'] as const;
type MeterKind = (typeof METERS)[number];

export interface CostTask {
  program: string;
  tier: TierPolicy | 'node';
  rounds: number;
}

type Run = (n: number) => unknown;

/** In this worker: the program's stores, in turn, `rounds` times; milliseconds per meter kind, and the checksum. */
export async function measure(task: CostTask): Promise<{ ms: Record<string, number[]>; result: string }> {
  const bytes = new Uint8Array(readFileSync(programPath(task.program)));
  const size = SIZES[task.program]!;
  const runs = new Map<string, Run>();
  if (task.tier === 'node') {
    runs.set('none', (await WebAssembly.instantiate(bytes, {})).instance.exports.run as Run);
  } else {
    for (const meter of METERS) {
      const options = meter === 'fuel' ? { fuel: Infinity } : meter === 'deadline' ? { interruptible: true } : {};
      const W = createWebAssembly({ tier: task.tier, ...options });
      if (meter === 'deadline') storeOf(W)!.setTimeout(3_600_000);
      runs.set(meter, (new W.Instance(new W.Module(bytes), {}).exports as { run: Run }).run);
    }
  }
  const results = new Set<string>();
  for (const run of runs.values()) results.add(String(run(size)));
  if (results.size !== 1) throw new Error(`${task.program}: the stores disagree: ${[...results].join(', ')}`);
  const ms: Record<string, number[]> = {};
  for (let r = 0; r < task.rounds; r++) {
    const order = [...runs];
    if (r % 2 === 1) order.reverse();
    for (const [meter, run] of order) {
      const t = process.cpuUsage();
      run(size);
      const used = process.cpuUsage(t);
      (ms[meter] ??= []).push((used.user + used.system) / 1000);
    }
  }
  return { ms, result: [...results][0]! };
}

async function main(): Promise<void> {
  console.log(`fuel and interruption cost (one fresh worker per program and tier, the stores in turn ${ROUNDS} times; CPU ms, fastest run of each, medians in brackets; ratio = metered / unmetered, same tier; 'none again': a second unmetered store, the noise floor)`);
  const head = ['program', 'node ms', ...TIERS.flatMap((t) => [`${t} ms`, 'none again', 'fuel', 'deadline'])];
  const rows: string[][] = [];
  for (const program of NAMES) {
    const row = [program];
    const node = await inFreshWorker<{ ms: Record<string, number[]> }>(import.meta.url, 'measure', { program, tier: 'node', rounds: ROUNDS }, 600_000);
    row.push(Math.min(...node.ms.none!).toFixed(1));
    for (const tier of TIERS) {
      const { ms } = await inFreshWorker<{ ms: Record<string, number[]> }>(import.meta.url, 'measure', { program, tier, rounds: ROUNDS }, 1_800_000);
      const base = Math.min(...ms.none!);
      const ratio = (k: MeterKind) => `${(Math.min(...ms[k]!) / base).toFixed(3)} (${(median(ms[k]!) / median(ms.none!)).toFixed(2)})`;
      row.push(base.toFixed(1), ratio('none again'), ratio('fuel'), ratio('deadline'));
    }
    rows.push(row);
    console.log(row.join('  '));
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  console.log('');
  for (const r of [head, ...rows]) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

if (isMainThread) await main();
