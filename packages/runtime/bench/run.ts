/**
 * `pnpm bench` (micro set): the programs of lib/programs.ts on every engine of lib/engines.ts —
 * Node's native WebAssembly, polywasm, Lantern — side by side in one run, as ratios to native and
 * a geometric mean per engine. Absolute times vary by machine; the ratios are what we track.
 *
 * Usage: tsx bench/run.ts [program ...] [--engines polywasm,lantern] [--rounds N] [--quick] [--no-control]
 *   [--tuned | --fresh]   only the 8 programs the superinstructions were tuned on / only the others
 *   --quick               every size divided by 10 (a smoke run)
 *   --no-control          skip the stack-switching/exception bench (control.ts) that follows
 *
 * Methodology: every (program, engine) measurement runs in a fresh worker thread (its own V8
 * isolate): running everything through one isolate lets each program's type feedback in the
 * interpreter's `run()` deoptimize it for the next program (V8 "insufficient type feedback"
 * deopts and a 50-130 ms re-optimization of run() on every switch), which measures the bench's
 * order, not the engine. Each round measures every engine once, the engines taking turns to go
 * first; a program's time on an engine is the median over rounds. Every engine's checksum must
 * equal native's: a wrong result from Lantern fails the run, a peer's is marked WRONG and left
 * out of its geomean. An engine that fails (say, a feature it lacks) prints n/a and the reason.
 */
import { ENGINES, selectEngines, type Engine } from './lib/engines.ts';
import type { ProgramTask } from './lib/measureProgram.ts';
import { PROGRAMS, type Program } from './lib/programs.ts';
import { CompileShares, RatioTable, measureRounds } from './lib/sideBySide.ts';
import { geomean, pad } from './lib/stats.ts';

const MEASURE = new URL('./lib/measureProgram.ts', import.meta.url).href;

interface Options {
  programs: Program[];
  engines: Engine[];
  rounds: number;
  quick: boolean;
}

function parseArgs(argv: string[]): Options {
  let engines: string | undefined;
  let rounds = 2;
  let quick = false;
  let subset: ((p: Program) => boolean) | undefined;
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--engines') engines = argv[++i];
    else if (a === '--rounds') rounds = Number(argv[++i]);
    else if (a === '--quick') quick = true;
    else if (a === '--no-control') continue;
    else if (a === '--tuned') subset = (p) => p.tuned;
    else if (a === '--fresh') subset = (p) => !p.tuned;
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else names.push(a);
  }
  const unknown = names.filter((n) => !PROGRAMS.some((p) => p.name === n));
  if (unknown.length) throw new Error(`unknown program(s) ${unknown.join(', ')}; known: ${PROGRAMS.map((p) => p.name).join(', ')}`);
  const programs = PROGRAMS.filter((p) => (names.length ? names.includes(p.name) : true) && (subset ? subset(p) : true));
  return { programs, engines: selectEngines(engines), rounds, quick };
}

function scaled(p: Program, quick: boolean): ProgramTask['size'] {
  if (!quick) return p.size;
  return p.name === 'fib' ? p.size - 5 : p.name === 'queens' ? p.size - 2 : Math.max(1, Math.floor(p.size / 10));
}

async function main(): Promise<void> {
  const { programs, engines, rounds, quick } = parseArgs(process.argv.slice(2));
  const others = engines.filter((e) => e.id !== 'native');
  const missing = ENGINES.length === engines.length ? '' : ` (of ${ENGINES.map((e) => e.id).join(', ')})`;
  console.log(`micro set: ${programs.length} programs x ${engines.map((e) => e.id).join(', ')}${missing}; ` +
    `a fresh worker per measurement, ${rounds} round(s), medians${quick ? '; --quick sizes' : ''}\n`);
  const header = `${pad('program', 9)}${pad('lang', 5)}${pad('size', 10, true)}${pad('native ms', 11, true)}${RatioTable.header(others)}  what`;
  console.log(header);
  console.log('-'.repeat(header.length + 20));
  const table = new RatioTable(others);
  const tuned = new Map<string, number[]>(others.map((e) => [e.id, []]));
  const fresh = new Map<string, number[]>(others.map((e) => [e.id, []]));
  const compileShares = new CompileShares();
  for (const p of programs) {
    const size = scaled(p, quick);
    const warmup = p.warmup === p.size ? size : Math.max(1, Math.min(size, quick ? Math.floor(p.warmup / 10) : p.warmup));
    const taskOf = (e: Engine): ProgramTask => ({ engine: e.id, program: p.name, size, warmup, iters: p.iters });
    const cells = await measureRounds(engines, rounds, MEASURE, 'measureProgram', taskOf);
    const native = cells.get('native')!;
    if ('error' in native) {
      console.log(`${pad(p.name, 9)} native failed: ${native.error}`);
      continue;
    }
    const row = table.row(p.name, cells, native, p.tuned ? tuned : fresh);
    console.log(`${pad(p.name, 9)}${pad(p.lang, 5)}${pad(String(size), 10, true)}${pad(native.ms.toFixed(1), 11, true)}${row}  ${p.what}`);
    compileShares.add(p.name, cells, others);
  }
  console.log('');
  for (const e of others) {
    const line = table.geomeanLine(e, 'programs');
    const t = tuned.get(e.id)!;
    const f = fresh.get(e.id)!;
    if (line) console.log(line + (t.length && f.length ? ` (the ${t.length} tuned on: ${geomean(t).toFixed(1)}x; the ${f.length} others: ${geomean(f).toFixed(1)}x)` : ''));
  }
  compileShares.print('one timed run');
  for (const n of table.notes) console.log(`note: ${n}`);
  if (table.oursWrong) {
    console.log(`${table.oursWrong} wrong result(s) from Lantern`);
    process.exitCode = 1;
  }
}

await main();
if (!process.argv.includes('--no-control')) (await import('./control.ts')).runControlBench();
