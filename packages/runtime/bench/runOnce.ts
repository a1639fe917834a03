/**
 * One micro program on one engine, run twice at a size (a warm-up, then the run) in this process,
 * for tools that count what a process does: under `valgrind --tool=cachegrind --cache-sim=no`
 * the instructions the runs took, which a loaded machine does not inflate as it does wall times
 * (V8's tiering timing still moves them, ±100M on fib 30). Run it at two sizes and subtract:
 * start-up and compilation cancel out.
 *
 * Usage: tsx bench/runOnce.ts <program> <size> [engine id = lantern-auto] (lib/engines.ts;
 *   LANTERN_BASELINES adds other checkouts' `auto` as lantern-auto@name)
 */
import { readFileSync } from 'node:fs';
import { engineById } from './lib/engines.ts';
import { PROGRAMS, programPath } from './lib/programs.ts';

const [name, sizeArg, engineId = 'lantern-auto'] = process.argv.slice(2);
if (!PROGRAMS.some((p) => p.name === name) || !(Number(sizeArg) >= 0)) {
  throw new Error(`usage: tsx bench/runOnce.ts <program> <size> [engine]; programs: ${PROGRAMS.map((p) => p.name).join(', ')}`);
}
const ns = await engineById(engineId).create();
const { instance } = await ns.instantiate(new Uint8Array(readFileSync(programPath(name))), {});
const run = instance.exports.run as (n: number) => unknown;
run(Number(sizeArg));
console.log(`${name} ${sizeArg} on ${engineId}: ${String(run(Number(sizeArg)))}`);
