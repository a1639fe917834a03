/**
 * One measurement of one micro program on one engine, run in a fresh worker (lib/isolated.ts):
 * instantiate, one untimed warm-up run, then `iters` timed runs; the median is the measurement.
 */
import { readFileSync } from 'node:fs';
import { engineById } from './engines.ts';
import { programPath } from './programs.ts';
import { median } from './stats.ts';

export interface ProgramTask {
  engine: string;
  program: string;
  size: number;
  warmup: number;
  iters: number;
}

export interface ProgramResult {
  ms: number;
  instantiateMs: number;
  /** The checksum, as a string (an i64 result is a BigInt). */
  result: string;
  /** Lantern with a tier: milliseconds its tier spent compiling, over the whole measurement. */
  compileMs?: number;
}

export async function measureProgram(task: ProgramTask): Promise<ProgramResult> {
  const engine = engineById(task.engine);
  const ns = await engine.create();
  const bytes = new Uint8Array(readFileSync(programPath(task.program)));
  const start = performance.now();
  const { instance } = await ns.instantiate(bytes, {});
  const instantiateMs = performance.now() - start;
  const run = instance.exports.run as (n: number) => unknown;
  if (typeof run !== 'function') throw new Error(`${task.program} has no run export`);
  if (task.warmup > 0) run(task.warmup);
  const times: number[] = [];
  let result: unknown;
  for (let i = 0; i < task.iters; i++) {
    const t = performance.now();
    result = run(task.size);
    times.push(performance.now() - t);
  }
  return { ms: median(times), instantiateMs, result: String(result), compileMs: engine.tierCompileMs?.(ns) };
}
