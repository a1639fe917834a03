/**
 * Trap parity: what a trap looked like while every frame was still alive — its code, and for
 * each frame (newest first) the function, the module offset and the locals. Recorded by an exit
 * handler on the store's thread (a trap handler, not a debugger), so compiled code keeps running
 * until the trap; `pnpm spec --traps-out` writes one per assert_trap of the interpreter's run and
 * `--traps-compare` fails a run (the tier, deopt torture) whose traps differ in any of these.
 */
import { DebugHooks, type PauseContext, type Store } from '@lantern/runtime';
import type { FileReport } from './wastRunner.ts';

/** Frames past this depth are counted, not described (assert_exhaustion's stacks are deep). */
const DESCRIBED_FRAMES = 40;

/** Watches a store's traps; `take()` returns the fingerprint of the newest one and forgets it. */
export class TrapRecorder {
  private last: string | undefined;

  constructor(store: Store) {
    DebugHooks.onExit(store, (ctx: PauseContext) => {
      if (ctx.reason === 'trap') this.last = describe(ctx);
      return undefined; // the default decision: unwind
    });
  }

  take(): string | undefined {
    const fingerprint = this.last;
    this.last = undefined;
    return fingerprint;
  }
}

function describe(ctx: PauseContext): string {
  const frames: string[] = [];
  let depth = 0;
  for (const c = ctx.frames(); !c.done; c.moveUp(), depth++) {
    if (depth >= DESCRIBED_FRAMES) continue;
    if (c.kind === 'host') {
      frames.push(`host ${c.funcName ?? '?'}`);
      continue;
    }
    const locals = c.localTypes.map((_, i) => describeValue(c.local(i)));
    frames.push(`f${c.funcIndex}@${c.pc}(${locals.join(',')})`);
  }
  return `trap ${ctx.trapCode}; ${depth} frames: ${frames.join(' < ')}`;
}

/** Numbers are raw bits (f32/f64/v128 included), so exact; references by kind only (identity is per run). */
function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return value === null ? 'null' : typeof value;
}

/** file -> line -> trap fingerprint, for the files run. */
export type TrapTable = Record<string, Record<number, string>>;

export function trapsOf(reports: FileReport[]): TrapTable {
  return Object.fromEntries(reports.map((r) => [r.file, r.traps]));
}

/** Every expected trap of a file both runs ran must look the same in both (code, frames, offsets, locals). */
export function compareTraps(baseline: TrapTable, now: TrapTable): { compared: number; lines: string[] } {
  const lines: string[] = [];
  let compared = 0;
  for (const [file, traps] of Object.entries(now)) {
    const before = baseline[file];
    if (before === undefined) continue;
    for (const line of new Set([...Object.keys(before), ...Object.keys(traps)])) {
      compared++;
      const [a, b] = [before[Number(line)], traps[Number(line)]];
      if (a !== b) lines.push(`${file}:${line}\n    baseline: ${a ?? '(no trap)'}\n    this run: ${b ?? '(no trap)'}`);
    }
  }
  return { compared, lines };
}
