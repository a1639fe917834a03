/**
 * Start-up costs of one engine in a fresh worker (lib/isolated.ts), as a short program meets them:
 * compile + instantiate, the first call of an export that returns at once (time to the first
 * instruction), and for a few programs the first run against the same run once warm (the fixed
 * warm-up a short run pays: V8 optimizing the engine's own JS, Lantern compiling functions).
 */
import { readFileSync } from 'node:fs';
import { engineById } from './engines.ts';
import { programPath } from './programs.ts';

export interface StartupTask {
  engine: string;
  /** Programs and sizes of the short runs, in order (the first one's warm-up is everyone's). */
  runs: { program: string; size: number }[];
}

export interface StartupResult {
  /** Compiling and instantiating fib.wasm: the first module this worker's engine sees. */
  instantiateMs: number;
  /** The first call of fib.wasm's run(1): the call goes in, one compare, returns. */
  firstCallMs: number;
  /** The same call once warm. */
  warmCallMs: number;
  runs: { program: string; size: number; firstMs: number; warmMs: number; result: string }[];
}

const WARM_RUNS = 5;

export async function measureStartup(task: StartupTask): Promise<StartupResult> {
  const ns = await engineById(task.engine).create();
  const instantiate = async (name: string) => {
    const { instance } = await ns.instantiate(new Uint8Array(readFileSync(programPath(name))), {});
    return instance.exports.run as (n: number) => unknown;
  };
  let t = performance.now();
  const fib = await instantiate('fib');
  const instantiateMs = performance.now() - t;
  t = performance.now();
  fib(1);
  const firstCallMs = performance.now() - t;
  let warmCallMs = Infinity;
  for (let i = 0; i < 1000; i++) {
    t = performance.now();
    fib(1);
    warmCallMs = Math.min(warmCallMs, performance.now() - t);
  }
  const runs: StartupResult['runs'] = [];
  for (const { program, size } of task.runs) {
    const run = await instantiate(program);
    t = performance.now();
    const result = String(run(size));
    const firstMs = performance.now() - t;
    let warmMs = Infinity;
    for (let i = 0; i < WARM_RUNS; i++) {
      t = performance.now();
      run(size);
      warmMs = Math.min(warmMs, performance.now() - t);
    }
    runs.push({ program, size, firstMs, warmMs, result });
  }
  return { instantiateMs, firstCallMs, warmCallMs, runs };
}
