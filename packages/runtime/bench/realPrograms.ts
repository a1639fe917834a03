/**
 * `pnpm bench` (real-programs track): .wasm binaries shipped in npm packages, run through their
 * own JS glue, end to end (compile + instantiate + a realistic workload), with each engine of
 * lib/engines.ts installed as the worker's global `WebAssembly`. Ratios to native, geomean.
 *
 *   sqlite   SQLite (C, Emscripten) from sql.js: inserts, an index, GROUP BY, a join, an UPDATE
 *   brotli   Brotli (Rust, wasm-bindgen) from brotli-wasm: 256 KiB compressed at quality 9 and back
 *   quickjs  QuickJS (a JS engine in C, Emscripten) from quickjs-emscripten: objects, sort, JSON, regex
 *
 * Usage: tsx bench/realPrograms.ts [program ...] [--engines polywasm,lantern] [--rounds N]
 * Each (program, engine) run is a fresh worker; rounds interleave the engines; medians. A
 * package whose .wasm an engine cannot run (say, SIMD on Lantern today) prints n/a and the reason.
 */
import { ENGINES, selectEngines, type Engine } from './lib/engines.ts';
import type { RealTask } from './lib/measureReal.ts';
import { CompileShares, RatioTable, measureRounds } from './lib/sideBySide.ts';
import { pad } from './lib/stats.ts';

const REAL_PROGRAMS = [
  { name: 'sqlite', what: 'sql.js: SQLite (C, Emscripten)' },
  { name: 'brotli', what: 'brotli-wasm: Brotli (Rust, wasm-bindgen)' },
  { name: 'quickjs', what: 'quickjs-emscripten: QuickJS (C, Emscripten)' },
];
const MEASURE = new URL('./lib/measureReal.ts', import.meta.url).href;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let engineList: string | undefined;
  let rounds = 2;
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--engines') engineList = argv[++i];
    else if (argv[i] === '--rounds') rounds = Number(argv[++i]);
    else if (argv[i].startsWith('-')) throw new Error(`unknown option ${argv[i]}`);
    else names.push(argv[i]);
  }
  const programs = REAL_PROGRAMS.filter((p) => !names.length || names.includes(p.name));
  if (names.length > programs.length) throw new Error(`known real programs: ${REAL_PROGRAMS.map((p) => p.name).join(', ')}`);
  const engines = selectEngines(engineList);
  const others = engines.filter((e) => e.id !== 'native');
  const missing = ENGINES.length === engines.length ? '' : ` (of ${ENGINES.map((e) => e.id).join(', ')})`;
  console.log(`\nreal programs, end to end: ${programs.length} x ${engines.map((e) => e.id).join(', ')}${missing}; ` +
    `a fresh worker per run, ${rounds} round(s), medians\n`);
  const header = `${pad('program', 9)}${pad('native ms', 11, true)}${RatioTable.header(others)}  what`;
  console.log(header);
  console.log('-'.repeat(header.length + 30));
  const table = new RatioTable(others);
  const compileShares = new CompileShares();
  for (const p of programs) {
    const cells = await measureRounds(engines, rounds, MEASURE, 'measureReal', (e: Engine): RealTask => ({ engine: e.id, program: p.name }));
    const native = cells.get('native')!;
    if ('error' in native) {
      console.log(`${pad(p.name, 9)} native failed: ${native.error}`);
      continue;
    }
    console.log(`${pad(p.name, 9)}${pad(native.ms.toFixed(1), 11, true)}${table.row(p.name, cells, native)}  ${p.what}`);
    compileShares.add(p.name, cells, others);
  }
  console.log('');
  for (const e of others) {
    const line = table.geomeanLine(e, 'real programs');
    if (line) console.log(line);
  }
  compileShares.print('the end-to-end run');
  for (const n of table.notes) console.log(`note: ${n}`);
  if (table.oursWrong) {
    console.log(`${table.oursWrong} wrong result(s) from Lantern`);
    process.exitCode = 1;
  }
}

await main();
