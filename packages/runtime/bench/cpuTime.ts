/**
 * One micro program (lib/programs.ts) on one engine, in this process: a warm-up run at size - 4,
 * then N runs at `size`, each timed in process CPU time (user + system), so a loaded shared
 * machine's other processes count less than in wall time. Prints every time and the fastest.
 * For A/B of one change (say the tier's calls); `pnpm bench` stays the side-by-side reference.
 *
 * Usage: tsx bench/cpuTime.ts <engine> <program> <size> [runs = 5]   e.g. lantern-auto fib 32 7
 */
import { readFileSync } from 'node:fs';
import { ENGINES } from './lib/engines.ts';
import { programPath } from './lib/programs.ts';

const [engineId, program, sizeArg, runsArg] = process.argv.slice(2);
const engine = ENGINES.find((e) => e.id === engineId);
if (engine === undefined || program === undefined || sizeArg === undefined) {
  throw new Error(`usage: tsx bench/cpuTime.ts <engine> <program> <size> [runs]; engines: ${ENGINES.map((e) => e.id).join(', ')}`);
}
const ns = await engine.create();
const { instance } = await ns.instantiate(readFileSync(programPath(program)), {});
const run = instance.exports.run as (n: number) => number;
const size = Number(sizeArg);
run(size - 4);
const times: number[] = [];
for (let i = 0; i < Number(runsArg ?? 5); i++) {
  const start = process.cpuUsage();
  run(size);
  const used = process.cpuUsage(start);
  times.push((used.user + used.system) / 1000);
}
times.sort((a, b) => a - b);
console.log(`${engineId} ${program}(${size}): ${times.map((t) => t.toFixed(1)).join(' ')} ms CPU; fastest ${times[0].toFixed(1)}`);
