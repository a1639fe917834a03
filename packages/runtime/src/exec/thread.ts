/**
 * Thread: one thread of execution — the VM stack and the state the interpreter leaves behind
 * when it returns (exit reason details), plus the CallThreadState that frame walkers, trap
 * handlers and the debugger read.
 *
 * The VM stack is ONE ArrayBuffer of 64-bit cells viewed as Int32Array/Float32Array/
 * Float64Array, and a parallel JS array `refs` (one entry per cell) for reference values, which
 * the JS GC owns. Indices used by the interpreter are int32 indices (2 * cell); the
 * CallThreadState and FRAME_LAYOUT speak in cells.
 *
 * NB: `pc` is an internal code pc (see CodeMap for module offsets). `sp` is the first free int32
 * index for a new activation (host -> wasm entry, possibly re-entrant from a host function).
 * Room for later: continuations will add further stack segments (a Thread per segment, or
 * segments inside one buffer); exception handlers will unwind frames via the same header chain.
 */
import { CallThreadState, TrapCode } from '@lantern/traps';

export interface ThreadOptions {
  /** VM stack size in 64-bit cells (default 1Mi cells = 8 MiB). */
  stackCells?: number;
  /** Maximum wasm call depth (default 1Mi, i.e. bounded by the stack). */
  maxCallDepth?: number;
}

export class Thread {
  readonly buffer: ArrayBuffer;
  readonly i32: Int32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  readonly refs: unknown[];
  /** End of the stack, as an int32 index. */
  readonly limit: number;
  readonly maxDepth: number;
  readonly state = new CallThreadState();

  // Loop state saved on exit (int32 indices / internal pcs).
  fp = 0;
  pc = 0;
  sp = 0;
  depth = 0;
  /** Store address of the function running in frame `fp`. */
  func = -1;
  // Exit details.
  trapCode: TrapCode = TrapCode.None;
  hostFunc = -1;
  hostArgs = 0;
  error: unknown = undefined;

  constructor(options: ThreadOptions = {}) {
    const cells = options.stackCells ?? 1 << 20;
    this.buffer = new ArrayBuffer(cells * 8);
    this.i32 = new Int32Array(this.buffer);
    this.f32 = new Float32Array(this.buffer);
    this.f64 = new Float64Array(this.buffer);
    this.refs = new Array<unknown>(cells).fill(null);
    this.limit = cells * 2;
    this.maxDepth = options.maxCallDepth ?? 1 << 20;
  }
}
