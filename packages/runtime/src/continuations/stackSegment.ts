/**
 * Stack segments: each continuation runs on a region of its own inside the thread's ONE VM
 * stack buffer, so frame pointers of every segment are indices in the same space and the
 * interpreter never swaps typed-array views. The buffer is [main stack | segment pool]; the pool
 * is cut into equal segments (ThreadOptions.contStackCells each), handed out and taken back
 * through a free list.
 *
 * Linking (the prompt chain): while a continuation runs, the segment it started on is linked
 * below the segment of its resumer — `prev` — and holds the `resume` instruction's handler
 * clauses (where `handlerPc` points in the code). `thread.prompt` is the innermost running
 * segment; following `prev` visits every active `resume` from the innermost outwards, which is
 * the handler search of `suspend` and `switch`. The bottom frame of a running segment has, in
 * its FRAME_LAYOUT header, the resumer's FP, function and return pc (just after its `resume`)
 * and the flag SEGMENT_BOTTOM in the RETURN_PC cell's hi half: a walk of saved frame pointers
 * crosses from the continuation into its resumer without knowing segments exist, and `Return`
 * knows to hand the results over and release the segment.
 *
 * A suspended continuation spanning several segments (a `suspend` that passed inner `resume`s
 * without a matching clause) keeps their chain: `top.prev... === bottom`; only the bottom's
 * link is cut, and re-made by the next `resume` (or `switch`) — nothing is copied.
 *
 * NB: segments are never moved or grown: a frame that does not fit traps "call stack exhausted".
 * A host function called on a segment runs any re-entrant wasm on the rest of that segment.
 */
import type { Instance } from '../instances/instance.ts';

/** RETURN_PC hi value of a segment's bottom frame (0/1 mean same/other instance). */
export const SEGMENT_BOTTOM = 2;

export class StackSegment {
  /** int32 index of the segment's first cell (the bottom frame's FP). */
  readonly base: number;
  /** int32 index just past the segment. */
  readonly limit: number;
  /** The segment of the resumer while running; null when suspended/free or resumed from the main stack. */
  prev: StackSegment | null = null;
  /** Code position of the running `resume`'s clause list: [n, (kind, tagIdx, dst, target) * n]. */
  handlerPc = -1;
  /** Instance whose tags the clauses name. */
  handlerInst: Instance | null = null;
  /** The resumer: its FP (int32 index), function address and return pc. */
  resumerFp = -1;
  resumerFunc = -1;
  resumerPc = -1;
  /** Where the continuation's results go (absolute int32 index) and how many cells. */
  resultDst = 0;
  resultCount = 0;
  /** The resumer's call depth. */
  depthAtResume = 0;
  /** int32 index of the bottom frame's header (moves with a tail call in the bottom frame). */
  bottomHdr = -1;
  /** Debugger/backtrace information: the continuation currently owning this segment. */
  owner: unknown = null;
  /** Free-list link. */
  nextFree: StackSegment | null = null;

  constructor(
    readonly index: number,
    base: number,
    limit: number,
  ) {
    this.base = base;
    this.limit = limit;
  }
}

export class SegmentPool {
  private readonly segments: StackSegment[] = [];
  private free: StackSegment | null = null;
  /** Segments ever handed out; the pool's capacity. */
  private made = 0;
  live = 0;
  /**
   * Debugger seam: told about every Continuation made (cont.new, suspend, switch) while set —
   * a debugger's weak registry lists live continuations through it. null: nobody asked.
   */
  registry: { add(cont: object): void } | null = null;

  constructor(
    /** int32 index where the pool starts (= the main stack's limit). */
    readonly start: number,
    /** int32 size of one segment. */
    readonly segmentI32: number,
    readonly capacity: number,
    /** Called when a never-used segment is first handed out (to grow the refs array). */
    private readonly onFirstUse: (seg: StackSegment) => void,
  ) {}

  /** A free segment, or null when the pool is exhausted. */
  alloc(): StackSegment | null {
    let seg = this.free;
    if (seg !== null) {
      this.free = seg.nextFree;
      seg.nextFree = null;
    } else {
      if (this.made >= this.capacity) return null;
      const base = this.start + this.made * this.segmentI32;
      seg = new StackSegment(this.made, base, base + this.segmentI32);
      this.segments.push(seg);
      this.made++;
      this.onFirstUse(seg);
    }
    this.live++;
    return seg;
  }

  release(seg: StackSegment): void {
    seg.prev = null;
    seg.handlerInst = null;
    seg.owner = null;
    seg.bottomHdr = -1;
    seg.nextFree = this.free;
    this.free = seg;
    this.live--;
  }

  /** The segment holding int32 index `at`, or null (main stack). */
  segmentAt(at: number): StackSegment | null {
    if (at < this.start) return null;
    return this.segments[((at - this.start) / this.segmentI32) | 0] ?? null;
  }
}
