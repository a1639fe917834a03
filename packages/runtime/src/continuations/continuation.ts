/**
 * Continuations (WasmFX stack switching): `cont.new`, `cont.bind`, `resume`, `resume_throw`,
 * `resume_throw_ref`, `suspend`, `switch`, and a continuation's return to its resumer.
 *
 * A Continuation is a suspended computation: the segments it spans (`top` ... `bottom`, linked
 * by `prev`, see stackSegment.ts), the suspension point (fp, func, pc of the innermost frame)
 * and `argDst`, the cells where the values it is resumed with go — the result slots of the
 * `suspend`/`switch` that suspended it, or the parameters of the function of a fresh one.
 * `cont.bind` writes the bound values there and advances `argDst`: binding copies no frame.
 *
 * A contref VALUE is a ContRef handle; it is linear: the first `resume`/`switch`/`cont.bind`
 * clears `cont`, and any later use of that handle traps "continuation already consumed". The
 * next suspension makes a new handle. A Continuation whose last handle the JS GC collects gives
 * its segments back to the pool (FinalizationRegistry); resumed ones are unregistered.
 *
 * Switching is O(1) and copies only the values passed: `resume` links the bottom segment to the
 * resumer (prompt chain + the bottom frame's header), `suspend` finds the handler by walking the
 * prompt chain, cuts it there and continues in the resumer's frame at the clause's label.
 *
 * Depth accounting: thread.exit.depth counts frames of the whole chain; a Continuation remembers how
 * many it holds (`frames`) and the depth its bottom was resumed at (`baseDepth`), so the inner
 * segments' depthAtResume can be rebased on the next resume.
 */
import { TrapCode } from '@lantern/traps';
import type { FuncInstance } from '../instances/func.ts';
import type { Instance } from '../instances/instance.ts';
import type { Store } from '../store/store.ts';
import type { TagInstance } from '../instances/tag.ts';
import type { Thread } from '../exec/thread.ts';
import { SEGMENT_BOTTOM, type SegmentPool, type StackSegment } from './stackSegment.ts';
import { slotWords } from '../syntax/types.ts';

let nextId = 1;

export class Continuation {
  /** For debuggers and backtraces. */
  readonly id = nextId++;
  /** Suspension point: FP (int32 index), function address, pc to continue at. */
  fp = -1;
  func = -1;
  pc = -1;
  /** Absolute int32 index of the cells receiving the resume values. */
  argDst: number;
  /** Frames held, and the depth the bottom segment was resumed at when it was captured. */
  frames = 0;
  baseDepth = 0;
  /** The tag it was last suspended (or switched away) with; null when fresh. */
  tag: TagInstance | null = null;
  /** A handle to it is live (not consumed yet): it can be resumed. For debuggers. */
  resumable = false;

  constructor(
    /** Not started yet: the function it will call (the segment is `top`, empty). */
    public fresh: FuncInstance | null,
    public top: StackSegment,
    public bottom: StackSegment,
    readonly pool: SegmentPool,
  ) {
    this.argDst = top.base;
    pool.registry?.add(this);
  }
}

/** A continuation reference value (linear). */
export class ContRef {
  constructor(public cont: Continuation | null) {}
}

/** Releases every segment of a continuation nobody can resume any more. */
function releaseSegments(cont: Continuation): void {
  let s: StackSegment | null = cont.top;
  while (s !== null) {
    const next: StackSegment | null = s === cont.bottom ? null : s.prev;
    cont.pool.release(s);
    s = next;
  }
}

const collected = new FinalizationRegistry<Continuation>(releaseSegments);

function newRef(cont: Continuation): ContRef {
  const ref = new ContRef(cont);
  cont.resumable = true;
  collected.register(ref, cont, ref);
  return ref;
}

/** Takes the continuation out of a handle (the caller checked it is live). */
function consume(ref: ContRef): Continuation {
  const cont = ref.cont!;
  ref.cont = null;
  cont.resumable = false;
  collected.unregister(ref);
  return cont;
}

/** Result of an operation: 0 continue at the thread's state; > 0 a TrapCode at the current instruction. */
export const CONTINUE = 0;
/** The compiler failed (thread.exit.error). */
export const INTERNAL_ERROR = -2;

// ---------------------------------------------------------------- cont.new / cont.bind

export function contNew(store: Store, f: FuncInstance | null): ContRef | TrapCode {
  if (f === null) return TrapCode.NullFunctionReference;
  const seg = store.thread.pool.alloc();
  if (seg === null) return TrapCode.StackExhausted;
  const cont = new Continuation(f, seg, seg, store.thread.pool);
  seg.owner = cont;
  return newRef(cont);
}

/** Binds `n` cells at int32 index `src` as the first resume values; returns the new handle. */
export function contBind(thread: Thread, ref: ContRef | null, src: number, n: number): ContRef | TrapCode {
  if (ref === null) return TrapCode.NullContinuationReference;
  if (ref.cont === null) return TrapCode.ContinuationAlreadyConsumed;
  const cont = consume(ref);
  copy(thread, cont.argDst, src, n);
  cont.argDst += 2 * n;
  return newRef(cont);
}

function copy(thread: Thread, dst: number, src: number, n: number): void {
  const i32 = thread.i32, refs = thread.refs;
  for (let c = 0; c < n; c++) {
    const d = dst + 2 * c, s = src + 2 * c;
    i32[d] = i32[s];
    i32[d + 1] = i32[s + 1];
    refs[d >> 1] = refs[s >> 1];
  }
}

// ---------------------------------------------------------------- resume

/** Checks a handle before resuming/switching: 0 or a trap code. */
export function checkRef(ref: ContRef | null): TrapCode {
  if (ref === null) return TrapCode.NullContinuationReference;
  if (ref.cont === null) return TrapCode.ContinuationAlreadyConsumed;
  return TrapCode.None;
}

/**
 * Prepares a fresh continuation's bottom frame (compiling its function); 0, a trap code, or
 * INTERNAL_ERROR. Nothing is changed on failure.
 */
function prepareFresh(store: Store, cont: Continuation): number {
  const f = cont.fresh!;
  if (f.entryPc < 0) {
    if (f.host !== undefined) {
      store.thread.exit.error = new Error('a host function cannot be the body of a continuation yet');
      return INTERNAL_ERROR;
    }
    if (!store.compileFunc(f)) return INTERNAL_ERROR;
  }
  const seg = cont.top;
  if (seg.base + f.localsI32 + f.frameI32 > seg.limit) return TrapCode.StackExhausted;
  return CONTINUE;
}

/** Links `seg` as the bottom of a continuation run by the resumer (fp, func, return pc). */
function linkBottom(
  thread: Thread, seg: StackSegment, prev: StackSegment | null, handlerPc: number, handlerInst: Instance | null,
  fp: number, func: number, retPc: number, resultDst: number, resultCount: number, depth: number,
): void {
  seg.prev = prev;
  seg.handlerPc = handlerPc;
  seg.handlerInst = handlerInst;
  seg.resumerFp = fp;
  seg.resumerFunc = func;
  seg.resumerPc = retPc;
  seg.resultDst = resultDst;
  seg.resultCount = resultCount;
  seg.depthAtResume = depth;
  const h = seg.bottomHdr;
  if (h >= 0) {
    const i32 = thread.i32;
    i32[h] = fp >> 1;
    i32[h + 1] = func;
    i32[h + 2] = retPc;
    i32[h + 3] = SEGMENT_BOTTOM;
  }
}

/**
 * Enters `cont` (already consumed and linked): sets the thread to run it. For a fresh one writes
 * the bottom frame's header (its arguments are in place); `depth` is the resumer's.
 */
function enter(thread: Thread, cont: Continuation, depth: number): void {
  const bottom = cont.bottom;
  if (cont.fresh !== null) {
    const f = cont.fresh;
    cont.fresh = null;
    const fp = bottom.base;
    const h = fp + f.localsI32;
    const i32 = thread.i32;
    i32[h] = bottom.resumerFp >> 1;
    i32[h + 1] = bottom.resumerFunc;
    i32[h + 2] = bottom.resumerPc;
    i32[h + 3] = SEGMENT_BOTTOM;
    i32[h + 4] = f.addr;
    bottom.bottomHdr = h;
    thread.exit.fp = fp;
    thread.exit.resumePc = f.entryPc;
    thread.exit.func = f.addr;
    thread.exit.depth = depth + 1;
  } else {
    // Rebase the captured inner prompts' depths.
    const delta = depth - cont.baseDepth;
    if (delta !== 0) {
      for (let s: StackSegment | null = cont.top; s !== null && s !== bottom; s = s.prev) s.depthAtResume += delta;
    }
    thread.exit.fp = cont.fp;
    thread.exit.resumePc = cont.pc;
    thread.exit.func = cont.func;
    thread.exit.depth = depth + cont.frames;
  }
  bottom.owner = cont;
  thread.prompt = cont.top;
  thread.limit = cont.top.limit;
}

/**
 * `resume`: [op, argBase, contSlot, nArgs, nResults, nClauses, clauses...] at `pc`. Runs the
 * continuation with the nArgs values at argBase; its results will land at argBase.
 */
export function resume(store: Store, code: Int32Array, pc: number, len: number): number {
  const thread = store.thread;
  const fp = thread.exit.fp;
  const ref = thread.refs[(fp + code[pc + 2]) >> 1] as ContRef | null;
  const bad = checkRef(ref);
  if (bad !== TrapCode.None) return bad;
  const cont = ref!.cont!;
  if (cont.fresh !== null) {
    const r = prepareFresh(store, cont);
    if (r !== CONTINUE) return r;
  }
  consume(ref!);
  const argBase = fp + code[pc + 1];
  copy(thread, cont.argDst, argBase, code[pc + 3]);
  const func = thread.exit.func;
  thread.hooks?.resume?.(cont, fp, func, pc);
  linkBottom(thread, cont.bottom, thread.prompt, pc + 5, store.funcs[func].instance, fp, func, pc + len, argBase, code[pc + 4], thread.exit.depth);
  enter(thread, cont, thread.exit.depth);
  thread.hooks?.transferred?.('resume');
  return CONTINUE;
}

/**
 * `resume_throw` / `resume_throw_ref` after their checks: links the continuation like `resume`
 * and returns where the exception is to be thrown — the suspension point (the thread is set to
 * that frame; the site is pc - 1) — or null for a fresh continuation, which is simply dropped:
 * the exception is thrown at the resume instruction itself.
 */
export function resumeForThrow(store: Store, code: Int32Array, pc: number, len: number): Continuation | null {
  const thread = store.thread;
  const fp = thread.exit.fp;
  const ref = thread.refs[(fp + code[pc + 2]) >> 1] as ContRef;
  const cont = consume(ref);
  if (cont.fresh !== null) {
    releaseSegments(cont);
    return null;
  }
  const func = thread.exit.func;
  thread.hooks?.resume?.(cont, fp, func, pc);
  linkBottom(thread, cont.bottom, thread.prompt, pc + 5, store.funcs[func].instance, fp, func, pc + len, fp + code[pc + 1], code[pc + 4], thread.exit.depth);
  enter(thread, cont, thread.exit.depth);
  return cont;
}

// ---------------------------------------------------------------- returning from a continuation

/**
 * The bottom frame of the running segment returned (the interpreter's Return saw SEGMENT_BOTTOM):
 * hands its results (cells 0.. of the bottom frame, whose FP is always the segment's base) to the
 * resumer and releases the segment. The interpreter continues in the caller frame the header
 * names; thread.limit is updated.
 */
export function segmentReturn(thread: Thread): void {
  const seg = thread.prompt!;
  copy(thread, seg.resultDst, seg.base, seg.resultCount);
  thread.prompt = seg.prev;
  thread.limit = thread.limitAt(seg.resumerFp);
  thread.hooks?.returned?.(seg.resumerFp, seg.resumerFunc);
  thread.pool.release(seg);
}

/** The tail-called function of a segment's bottom frame has its header at `h`. */
export function bottomMoved(thread: Thread, fp: number, h: number): void {
  const seg = thread.pool.segmentAt(fp);
  if (seg !== null) seg.bottomHdr = h;
}

// ---------------------------------------------------------------- suspend and switch

const ON_LABEL = 0;
const ON_SWITCH = 1;

/** The innermost running segment with a clause of `kind` for `tag`, and the clause's code position. */
function findHandler(thread: Thread, code: Int32Array, tag: TagInstance, kind: number): [StackSegment, number] | null {
  for (let s = thread.prompt; s !== null; s = s.prev) {
    const hp = s.handlerPc;
    const n = code[hp];
    const tags = s.handlerInst!.tags;
    for (let i = 0; i < n; i++) {
      const c = hp + 1 + 4 * i;
      if (code[c] === kind && tags[code[c + 1]] === tag) return [s, c];
    }
  }
  return null;
}

/** Captures the running computation up to and including segment `e` as a continuation. */
function capture(thread: Thread, e: StackSegment, tag: TagInstance, pc: number, argBase: number): Continuation {
  const k = new Continuation(null, thread.prompt!, e, thread.pool);
  k.fp = thread.exit.fp;
  k.func = thread.exit.func;
  k.pc = pc;
  k.argDst = thread.exit.fp + argBase;
  k.baseDepth = e.depthAtResume;
  k.frames = thread.exit.depth - e.depthAtResume;
  k.tag = tag;
  return k;
}

/**
 * `suspend`: [op, tagIdx, argBase]. Finds the innermost `(on $tag $label)` among the running
 * resumes, captures everything up to it, and continues in that resumer's frame at the label
 * with the payload and the new continuation.
 */
export function suspend(store: Store, code: Int32Array, pc: number): number {
  const thread = store.thread;
  const inst = store.funcs[thread.exit.func].instance as Instance;
  const tag = inst.tags[code[pc + 1]];
  const found = findHandler(thread, code, tag, ON_LABEL);
  if (found === null) return TrapCode.UnhandledTag;
  const [e, c] = found;
  const argBase = code[pc + 2];
  const k = capture(thread, e, tag, pc + 3, argBase);
  thread.hooks?.suspend?.(k, tag, thread.exit.fp, thread.exit.func, pc);
  const dst = e.resumerFp + code[c + 2];
  const n = slotWords(tag.type.params) / 2;
  copy(thread, dst, thread.exit.fp + argBase, n);
  thread.refs[(dst + 2 * n) >> 1] = newRef(k);
  thread.prompt = e.prev;
  e.prev = null;
  thread.exit.fp = e.resumerFp;
  thread.exit.func = e.resumerFunc;
  thread.exit.resumePc = code[c + 3];
  thread.exit.depth = e.depthAtResume;
  thread.limit = thread.limitAt(e.resumerFp);
  thread.hooks?.transferred?.('suspend');
  return CONTINUE;
}

/**
 * `switch`: [op, argBase, contSlot, nArgs, tagIdx]. Finds the innermost `(on $tag switch)`,
 * captures the running computation up to it, and runs the target continuation INSIDE that same
 * prompt (it inherits the handlers and the resumer) with the nArgs values and the captured one.
 */
export function switchTo(store: Store, code: Int32Array, pc: number): number {
  const thread = store.thread;
  const fp = thread.exit.fp;
  const ref = thread.refs[(fp + code[pc + 2]) >> 1] as ContRef | null;
  const bad = checkRef(ref);
  if (bad !== TrapCode.None) return bad;
  const inst = store.funcs[thread.exit.func].instance as Instance;
  const tag = inst.tags[code[pc + 4]];
  const found = findHandler(thread, code, tag, ON_SWITCH);
  if (found === null) return TrapCode.UnhandledTag;
  const target = ref!.cont!;
  if (target.fresh !== null) {
    const r = prepareFresh(store, target);
    if (r !== CONTINUE) return r;
  }
  consume(ref!);
  const e = found[0];
  const argBase = code[pc + 1];
  const k = capture(thread, e, tag, pc + 5, argBase);
  thread.hooks?.switch?.(k, target, tag, fp, thread.exit.func, pc);
  const n = code[pc + 3];
  copy(thread, target.argDst, fp + argBase, n);
  thread.refs[(target.argDst + 2 * n) >> 1] = newRef(k);
  const prev = e.prev;
  e.prev = null;
  linkBottom(thread, target.bottom, prev, e.handlerPc, e.handlerInst, e.resumerFp, e.resumerFunc, e.resumerPc, e.resultDst, e.resultCount, e.depthAtResume);
  enter(thread, target, e.depthAtResume);
  thread.hooks?.transferred?.('switch');
  return CONTINUE;
}

/** Releases the running segments of an activation that a trap abandons (down to `until`). */
export function abandonSegments(thread: Thread, until: StackSegment | null): void {
  while (thread.prompt !== null && thread.prompt !== until) {
    const seg = thread.prompt;
    thread.prompt = seg.prev;
    thread.pool.release(seg);
  }
}
