/**
 * Thread: one thread of execution — the VM stack, the exit record the interpreter writes when it
 * leaves its loop (@lantern/traps exitRecord.ts: why, where, and the loop's registers), and the
 * CallThreadState over it that frame walkers, exit handlers and the debugger read.
 *
 * The VM stack is ONE ArrayBuffer of 64-bit cells viewed as Int32Array/Float32Array/
 * Float64Array, and a parallel JS array `refs` (one entry per cell) for reference values, which
 * the JS GC owns. Indices used by the interpreter and the exit record are int32
 * indices (2 * cell); FRAME_LAYOUT headers and Activations speak in cells.
 *
 * NB: `sp` is the first free int32 index for a new activation (host -> wasm entry, possibly
 * re-entrant from a host function). Continuations run on segments of the same buffer after the
 * main stack (continuations/stackSegment.ts): `limit` is the running segment's end; exceptions
 * unwind frames via the header chain (exec/exceptions.ts).
 */
import { CallThreadState, ExitRecord } from '@lantern/traps';
import { SegmentPool, type StackSegment } from '../continuations/stackSegment.ts';
import type { ControlHooks } from './controlHooks.ts';
import { Meter } from './meter.ts';

/**
 * Ticks between Tick exits: rare enough to cost nothing measurable (a tight loop passes ~10^8
 * Ticks a second), frequent enough that the driver looks at the clock every ~0.1 ms.
 */
export const TICKS_PER_EXIT = 10_000;

/**
 * Frame-header flag (the RETURN_PC cell's high half, beside SEGMENT_BOTTOM = 2): this frame's
 * caller is a function running as compiled JS (src/tier/), whose JS frame is still live — a
 * return ends the interpreter's run there and an exception unwinding reaches compiled code.
 */
export const RETURNS_TO_COMPILED = 4;

export interface ThreadOptions {
  /** VM stack size in 64-bit cells (default 1Mi cells = 8 MiB). */
  stackCells?: number;
  /** Maximum wasm call depth (default 1Mi, i.e. bounded by the stack). */
  maxCallDepth?: number;
  /** Stack size of one continuation's segment in cells (default 8Ki cells = 64 KiB). */
  contStackCells?: number;
  /** How many continuation segments may be live at once (default 256). */
  contSegments?: number;
  /**
   * Fuel metering (exec/meter.ts): the budget of wasm instructions this store may run (see
   * Store.setFuel/addFuel); running out is the trap "out of fuel". Unset: no metering, no cost.
   */
  fuel?: number;
  /**
   * Interruption (exec/meter.ts): true, or the Int32Array whose element 0, once non-zero, stops
   * running code with the trap "interrupted" (on a SharedArrayBuffer another worker may set it
   * with Atomics.store). Also what Store.setTimeout needs. Unset: no polling, no cost.
   */
  interruptible?: boolean | Int32Array;
}

export class Thread {
  readonly buffer: ArrayBuffer;
  readonly i32: Int32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  readonly refs: unknown[];
  /** End of the stack segment running now (main stack or a continuation's), int32 index. */
  limit: number;
  /** End of the main stack; the continuation segment pool follows it (stackSegment.ts). */
  readonly mainLimit: number;
  readonly maxDepth: number;
  /** Written in place by the interpreter at every exit; preallocated, so a host call allocates nothing. */
  readonly exit = new ExitRecord();
  readonly state = new CallThreadState(this.exit);
  readonly pool: SegmentPool;
  /** Innermost running continuation segment of this activation (null: none / activation barrier). */
  prompt: StackSegment | null = null;
  /**
   * Debugger hook point for exception and stack-switching events; null (no cost beyond a null
   * check on those rare paths) unless a debugger installs one. See exec/controlHooks.ts.
   */
  hooks: ControlHooks | null = null;

  /** First free int32 index for a new activation. */
  sp = 0;
  /** Fuel and interruption: read by the Meter instructions metered code has (exec/meter.ts). */
  readonly meter: Meter;
  /** Whether code compiles with Meter instructions (`fuel` or `interruptible` was given). */
  readonly metered: boolean;
  /** Host functions called from wasm active now, and how many may be (StoreOptions.limits.hostCallDepth). */
  hostDepth = 0;
  maxHostDepth = Infinity;
  /** Ticks left before the next Tick exit (debug-compiled code, or any with a sampler: interpreter.ts Op.Tick, exec/sampling.ts). */
  ticks = TICKS_PER_EXIT;

  constructor(options: ThreadOptions = {}) {
    const cells = options.stackCells ?? 1 << 20;
    const segCells = options.contStackCells ?? 1 << 13;
    const segments = options.contSegments ?? 256;
    // The pool's pages are untouched (hence not resident) until a continuation uses them.
    this.buffer = new ArrayBuffer((cells + segCells * segments) * 8);
    this.i32 = new Int32Array(this.buffer);
    this.f32 = new Float32Array(this.buffer);
    this.f64 = new Float64Array(this.buffer);
    const refs = (this.refs = new Array<unknown>(cells).fill(null));
    this.limit = this.mainLimit = cells * 2;
    this.maxDepth = options.maxCallDepth ?? 1 << 20;
    const interruptible = options.interruptible;
    this.meter = new Meter(interruptible instanceof Int32Array ? interruptible : undefined);
    if (options.fuel !== undefined) this.meter.setFuel(options.fuel);
    this.metered = options.fuel !== undefined || (interruptible !== undefined && interruptible !== false);
    this.pool = new SegmentPool(cells * 2, segCells * 2, segments, (seg) => {
      // Grow the refs array to cover the segment (pushes keep it a packed array).
      for (let c = refs.length, end = seg.limit >> 1; c < end; c++) refs.push(null);
    });
  }

  /** The limit of the stack holding int32 index `at` (main stack or a segment). */
  limitAt(at: number): number {
    return at < this.mainLimit ? this.mainLimit : (this.pool.segmentAt(at)?.limit ?? this.mainLimit);
  }
}
