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
import { inFreshWorker } from './lib/isolated.ts';
import type { ProgramResult, ProgramTask } from './lib/measureProgram.ts';
import { PROGRAMS, type Program } from './lib/programs.ts';
import { geomean, median, pad, rotate } from './lib/stats.ts';

const MEASURE = new URL('./lib/measureProgram.ts', import.meta.url).href;
/** Lantern cannot be interrupted from inside: a run longer than this is stopped and reported. */
const TIMEOUT_MS = 10 * 60_000;

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

type Cell = { ms: number; result: string } | { error: string };

async function measureAll(p: Program, engines: Engine[], rounds: number, quick: boolean): Promise<Map<string, Cell>> {
  const size = scaled(p, quick);
  const warmup = p.warmup === p.size ? size : Math.max(1, Math.min(size, quick ? Math.floor(p.warmup / 10) : p.warmup));
  const times = new Map<string, number[]>();
  const cells = new Map<string, Cell>();
  for (let round = 0; round < rounds; round++) {
    for (const engine of rotate(engines, round)) {
      if (cells.has(engine.id) && 'error' in cells.get(engine.id)!) continue;
      const task: ProgramTask = { engine: engine.id, program: p.name, size, warmup, iters: p.iters };
      try {
        const r = await inFreshWorker<ProgramResult>(MEASURE, 'measureProgram', task, TIMEOUT_MS);
        times.set(engine.id, [...(times.get(engine.id) ?? []), r.ms]);
        cells.set(engine.id, { ms: median(times.get(engine.id)!), result: r.result });
      } catch (err) {
        cells.set(engine.id, { error: (err as Error).message });
      }
    }
  }
  return cells;
}

async function main(): Promise<void> {
  const { programs, engines, rounds, quick } = parseArgs(process.argv.slice(2));
  const others = engines.filter((e) => e.id !== 'native');
  const missing = ENGINES.length === engines.length ? '' : ` (of ${ENGINES.map((e) => e.id).join(', ')})`;
  console.log(`micro set: ${programs.length} programs x ${engines.map((e) => e.id).join(', ')}${missing}; ` +
    `a fresh worker per measurement, ${rounds} round(s), medians${quick ? '; --quick sizes' : ''}\n`);
  const header = `${pad('program', 9)}${pad('lang', 5)}${pad('size', 10, true)}${pad('native ms', 11, true)}` +
    others.map((e) => pad(`${e.label} ms`, 19, true) + pad('x', 7, true)).join('') + '  what';
  console.log(header);
  console.log('-'.repeat(header.length + 20));
  const ratios = new Map<string, number[]>(others.map((e) => [e.id, []]));
  const tunedRatios = new Map<string, number[]>(others.map((e) => [e.id, []]));
  const freshRatios = new Map<string, number[]>(others.map((e) => [e.id, []]));
  const notes: string[] = [];
  let oursWrong = 0;
  for (const p of programs) {
    const cells = await measureAll(p, engines, rounds, quick);
    const native = cells.get('native')!;
    if ('error' in native) {
      notes.push(`${p.name}: native failed (${native.error})`);
      console.log(`${pad(p.name, 9)} native failed: ${native.error}`);
      continue;
    }
    let row = `${pad(p.name, 9)}${pad(p.lang, 5)}${pad(String(scaled(p, quick)), 10, true)}${pad(native.ms.toFixed(1), 11, true)}`;
    for (const e of others) {
      const c = cells.get(e.id)!;
      if ('error' in c) {
        row += pad('n/a', 19, true) + pad('', 7, true);
        notes.push(`${p.name} on ${e.id}: ${c.error}`);
        continue;
      }
      const ratio = c.ms / native.ms;
      const wrong = c.result !== native.result;
      row += pad(c.ms.toFixed(1), 19, true) + pad(wrong ? 'WRONG' : `${ratio.toFixed(1)}x`, 7, true);
      if (wrong) {
        notes.push(`${p.name} on ${e.id}: checksum ${c.result}, native ${native.result}`);
        if (e.ours) oursWrong++;
      } else {
        ratios.get(e.id)!.push(ratio);
        (p.tuned ? tunedRatios : freshRatios).get(e.id)!.push(ratio);
      }
    }
    console.log(`${row}  ${p.what}`);
  }
  console.log('');
  for (const e of others) {
    const all = ratios.get(e.id)!;
    const tuned = tunedRatios.get(e.id)!;
    const fresh = freshRatios.get(e.id)!;
    if (!all.length) continue;
    console.log(`geomean ${pad(e.label, 15)} ${geomean(all).toFixed(1)}x native over ${all.length} programs` +
      (tuned.length && fresh.length ? ` (the ${tuned.length} tuned on: ${geomean(tuned).toFixed(1)}x; the ${fresh.length} others: ${geomean(fresh).toFixed(1)}x)` : ''));
  }
  for (const n of notes) console.log(`note: ${n}`);
  if (oursWrong) {
    console.log(`${oursWrong} wrong result(s) from Lantern`);
    process.exitCode = 1;
  }
}

await main();
if (!process.argv.includes('--no-control')) (await import('./control.ts')).runControlBench();
