/**
 * `pnpm bench` (start-up): what a short program pays before it runs at speed, per engine of
 * lib/engines.ts, each engine in fresh workers (lib/measureStartup.ts):
 *   - compile + instantiate of a small module, and its first call (time to the first instruction
 *     after instantiation) against the same call once warm;
 *   - short runs (native ~1-10 ms): the first run against the best of 5 more in the same worker;
 *     first - warm is the fixed warm-up that a short program pays on that engine.
 * Medians over rounds (engines interleaved). Usage: tsx bench/startup.ts [--engines a,b] [--rounds N]
 */
import { selectEngines, type Engine } from './lib/engines.ts';
import { inFreshWorker } from './lib/isolated.ts';
import type { StartupResult, StartupTask } from './lib/measureStartup.ts';
import { median, pad, rotate } from './lib/stats.ts';

const MEASURE = new URL('./lib/measureStartup.ts', import.meta.url).href;
const SHORT_RUNS = [
  { program: 'fib', size: 25 },
  { program: 'sieve', size: 400_000 },
  { program: 'sha256', size: 10 },
  { program: 'json', size: 4 },
  { program: 'raytrace', size: 96 },
];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let engineList: string | undefined;
  let rounds = 3;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--engines') engineList = argv[++i];
    else if (argv[i] === '--rounds') rounds = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  const engines = selectEngines(engineList);
  const results = new Map<string, StartupResult[]>(engines.map((e) => [e.id, []]));
  const task = (e: Engine): StartupTask => ({ engine: e.id, runs: SHORT_RUNS });
  for (let round = 0; round < rounds; round++) {
    for (const e of rotate(engines, round)) results.get(e.id)!.push(await inFreshWorker<StartupResult>(MEASURE, 'measureStartup', task(e), 10 * 60_000));
  }
  const med = (id: string, f: (r: StartupResult) => number) => median(results.get(id)!.map(f));
  console.log(`\nstart-up: fresh worker per engine, ${rounds} rounds, medians (ms)\n`);
  console.log(`${pad('', 34)}${engines.map((e) => pad(e.label, 16, true)).join('')}`);
  const line = (label: string, f: (r: StartupResult) => number, digits = 2) =>
    console.log(`${pad(label, 34)}${engines.map((e) => pad(med(e.id, f).toFixed(digits), 16, true)).join('')}`);
  line('compile + instantiate fib.wasm', (r) => r.instantiateMs);
  line('first call fib(1) (to 1st instr.)', (r) => r.firstCallMs, 3);
  line('warm call fib(1)', (r) => r.warmCallMs, 3);
  SHORT_RUNS.forEach(({ program, size }, i) => {
    line(`${program}(${size}) first run`, (r) => r.runs[i].firstMs, 1);
    line(`${program}(${size}) warm run`, (r) => r.runs[i].warmMs, 1);
    line(`${program}(${size}) warm-up paid`, (r) => r.runs[i].firstMs - r.runs[i].warmMs, 1);
  });
  const total = (r: StartupResult) => r.runs.reduce((s, x) => s + x.firstMs - x.warmMs, 0);
  line('warm-up paid, all short runs', total, 1);
  const native = results.get('native')![0].runs.map((r) => r.result);
  for (const e of engines) {
    for (const r of results.get(e.id)!) {
      r.runs.forEach((x, i) => {
        if (x.result !== native[i]) {
          console.log(`note: ${x.program} on ${e.id}: result ${x.result}, native's ${native[i]}`);
          if (e.ours) process.exitCode = 1;
        }
      });
    }
  }
}

await main();
