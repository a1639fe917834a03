/**
 * Stack sampling: the runtime side of a sampling profiler (packages/debugger's Profiler). A Store
 * with a `sampler` compiles every function with Ticks: a Tick at each loop header, and each
 * return a TickReturn (a Tick and the Return in one dispatch: a call costs no extra instruction);
 * debug-compiled code has its own Ticks, at the body's start and loop headers. Every so many
 * Ticks the loop exits with a Tick exit and the driver calls `sampler.onTick` with the frames
 * walkable (the exit record names the newest frame).
 * Compiled code (src/tier/) counts down the same way. At a function entry it calls the Tier's
 * `sample`, which points the exit record at the compiled frame for the call — no frame is
 * materialized; a loop's countdown does the same from its poll (Tier.poll), made from a loop
 * around the loop (tier/codegen.ts: a call the loop itself came back from would slow every
 * iteration). Compiled frames sit at the interpreter's FPs with its headers, except those of
 * quiet calls (tier/keepsViews.ts), of which compiled code writes only the return pc:
 * `sampleStack` first completes them (tier/sampledHeaders.ts), so the walker follows every
 * frame. A Store without a sampler compiles and runs as before: nothing here costs anything.
 */
import { type RawFrame, type WalkFrame, ExitKind, visitFrames } from '@lantern/traps';
import type { Store } from '../store/store.ts';
import { frameSource, toRawFrame } from '../exit/frames.ts';

export interface StackSampler {
  /**
   * The thread is at a Tick (interpreted) or a poll (compiled) with every frame walkable
   * (DebugHooks.frames / captureBacktrace). Returns how many Ticks to run before the next call
   * (at least 1): the sampler paces its clock reads with it.
   */
  onTick(store: Store): number;
}

/** Installs (or with null removes) the store's sampler; functions compiled from now on have Ticks. */
export function setSampler(store: Store, sampler: StackSampler | null): void {
  store.sampler = sampler;
  store.tier?.samplerChanged();
  store.thread.ticks = 1;
}

/**
 * The thread is at a Tick exit (exit record: the frame) and the store has a sampler: its turn.
 * The count it returns paces the interpreter's Ticks and compiled code's countdowns alike.
 */
export function sampleAtTick(store: Store, sampler: StackSampler): void {
  const ticks = sampler.onTick(store) | 0; // a small integer field, as the Tick's decrement wants
  store.thread.ticks = ticks;
  if (store.tier !== null) store.tier.ticks = ticks;
}

/**
 * The stack at a Tick as sites, newest first, written into `out` as pairs (function's store
 * address, internal pc) — a sampler's walk, allocating nothing per frame (`siteFrame` names a site
 * once). Returns the number of frames, or -1 when the stack has a host frame or a continuation
 * boundary: those need the full walk (DebugHooks.frames, which the headers written here serve
 * too), which names them from their neighbours.
 */
export function sampleStack(store: Store, out: number[]): number {
  store.tier?.writeSampledHeaders();
  let n = 0;
  const visited = visitFrames(store.thread.state, frameSource(store), (w: WalkFrame) => {
    if (w.kind !== 'wasm' || w.segmentBottom) return false;
    out[2 * n] = w.func;
    out[2 * n + 1] = w.pc;
    n++;
  });
  return visited === n ? n : -1;
}

/** The RawFrame of a wasm frame of function `func` (store address) at internal pc `pc` (a `sampleStack` site). */
export function siteFrame(store: Store, func: number, pc: number): RawFrame {
  return toRawFrame({ kind: 'wasm', fp: -1, func: store.funcs[func], pc, exitFrame: false, exitKind: ExitKind.None, host: null });
}

/**
 * An exact profile's instruction counts: a store with a counter compiles every function in debug
 * mode's layout (each wasm instruction an internal instruction of its own) with an Op.CountExec first
 * in each, which adds one to the instruction's slot. Branches to a block's `end` skip its count
 * (only falling into it counts). Interpreted code only: the profiler refuses a store with a tier.
 */
export class InstructionCounter {
  counts = new Float64Array(1024);
  /** Per slot: the function (store address) and the module offset of the wasm instruction. */
  readonly funcs: number[] = [];
  readonly offsets: number[] = [];

  /** A new slot for the instruction at module offset `offset` of function `func`. */
  slot(func: number, offset: number): number {
    const i = this.funcs.length;
    this.funcs.push(func);
    this.offsets.push(offset);
    if (i >= this.counts.length) {
      const grown = new Float64Array(this.counts.length * 2);
      grown.set(this.counts);
      this.counts = grown;
    }
    return i;
  }
}

/** Installs (or with null removes) the store's instruction counter; functions compiled from now on count. */
export function setInstructionCounter(store: Store, counter: InstructionCounter | null): void {
  store.counter = counter;
}
