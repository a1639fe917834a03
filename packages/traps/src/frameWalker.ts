/**
 * The frame walker (wasmtime's `Backtrace::trace_with_trap_state`), the only one: every
 * backtrace, Trap, debugger stack view and continuation listing is a walk made here.
 *
 * It follows the saved-FP chain of FRAME_LAYOUT headers, newest frame first. Two entries:
 *   visitFrames           from the thread's exit record through every activation: when one
 *                         activation's oldest frame (saved FP = ENTRY_FP) is reached, it reports the
 *                         host function that activation was entered through (a `host` frame) and
 *                         goes on with the previous activation from ITS exit position (saved in the
 *                         newer activation);
 *   visitSuspendedFrames  the frames of a suspended continuation, from its suspension point down
 *                         to its bottom frame (whose link is stale until it is resumed again).
 * The visitor returns false to stop early.
 *
 * The walker knows nothing of functions: a FrameSource (the runtime) says where a function's
 * header is (its local count). Frames of a running continuation need nothing special — the
 * bottom frame's header names the resumer — and are flagged `segmentBottom`.
 *
 * NB: pcs reported are internal code pcs INSIDE the frame's current instruction: the exit's site
 * pc for the newest frame of an activation, return pc - 1 for callers; `codeMap.offsetAt(pc)`
 * gives the module byte offset the PC rule asks for.
 */
import type { Activation, CallThreadState } from './callThreadState.ts';
import { ExitKind, framesAlive } from './exitRecord.ts';
import { FRAME_LAYOUT } from './frameLayout.ts';

/** What the walker needs from the runtime. */
export interface FrameSource {
  /** The VM stack viewed as int32 (FPs are int32 indices here: 2 * cell). */
  readonly stack: Int32Array;
  /** int32 offset from FP to the header of the function at store address `func`; -1 if not a compiled wasm function. */
  headerOffset(func: number): number;
}

/** One visited frame. NB: the object is reused between visits; copy what you keep. */
export interface WalkFrame {
  kind: 'wasm' | 'host';
  /** wasm: int32 FP index; host: -1. */
  fp: number;
  /** wasm: store address of the running function; host: -1 (see `host`). */
  func: number;
  /** wasm: internal pc inside the current instruction (see above); host: -1. */
  pc: number;
  /** wasm: the newest frame of its activation (its pc is the exit's site pc, not a return pc). */
  exitFrame: boolean;
  /** The exit kind of the activation's newest frame (Trap, Break, Hostcall, ...); None in a suspended continuation. */
  exitKind: ExitKind;
  /** wasm: the bottom frame of a continuation's stack segment (its caller is the resumer). */
  segmentBottom: boolean;
  /** host: the host function the newer activation was entered through (runtime FuncInstance). */
  host: unknown;
  /** The activation the frame belongs to (host frames: the newer one, which `host` entered); null in a suspended continuation. */
  activation: Activation | null;
}

const { SAVED_FP, RETURN_PC } = FRAME_LAYOUT;
const SEGMENT_BOTTOM_FLAG = 2;

function newWalkFrame(): WalkFrame {
  return { kind: 'wasm', fp: -1, func: -1, pc: -1, exitFrame: true, exitKind: ExitKind.None, segmentBottom: false, host: null, activation: null };
}

/**
 * Visits the wasm frames of one chain, from (fp, func, pc) to the chain's entry frame or to the
 * frame at `stopFp`. Returns the frames visited, negated when the visitor stopped the walk.
 */
function walkChain(
  source: FrameSource, fp: number, func: number, pc: number, stopFp: number,
  exitKind: ExitKind, act: Activation | null, f: WalkFrame, visit: (frame: WalkFrame) => boolean | void,
): number {
  const stack = source.stack;
  let n = 0;
  let first = exitKind !== ExitKind.None;
  for (;;) {
    const off = source.headerOffset(func);
    if (off < 0) return n;
    const h = fp + off;
    f.kind = 'wasm';
    f.fp = fp;
    f.func = func;
    f.pc = pc;
    f.exitFrame = first;
    f.exitKind = exitKind;
    f.segmentBottom = stack[h + 2 * RETURN_PC + 1] === SEGMENT_BOTTOM_FLAG;
    f.host = null;
    f.activation = act;
    n++;
    if (visit(f) === false) return -n;
    if (fp === stopFp) return n;
    const callerFp = stack[h + 2 * SAVED_FP];
    if (callerFp < 0) return n;
    func = stack[h + 2 * SAVED_FP + 1];
    pc = stack[h + 2 * RETURN_PC] - 1;
    fp = callerFp * 2;
    first = false;
  }
}

/**
 * Visits every frame of every activation, newest first; stops when `visit` returns false.
 * Returns the number of frames visited. An empty walk when no exit is recorded (wasm is running
 * or was never entered).
 */
export function visitFrames(state: CallThreadState, source: FrameSource, visit: (frame: WalkFrame) => boolean | void): number {
  const f = newWalkFrame();
  const exit = state.exit;
  let n = 0;
  let act = state.activation;
  let kind = exit.kind;
  let fp = exit.fp;
  let pc = exit.sitePc;
  let func = exit.func;
  while (act !== null) {
    if (framesAlive(kind) && func >= 0) {
      const k = walkChain(source, fp, func, pc, -1, kind, act, f, visit);
      if (k < 0) return n - k;
      n += k;
    }
    const prev = act.prev;
    if (prev === null) break;
    if (act.host !== null) {
      f.kind = 'host';
      f.fp = -1;
      f.func = -1;
      f.pc = -1;
      f.exitFrame = false;
      f.exitKind = ExitKind.Hostcall;
      f.segmentBottom = false;
      f.host = act.host;
      f.activation = act;
      n++;
      if (visit(f) === false) return n;
    }
    kind = act.savedKind;
    fp = act.savedFp;
    pc = act.savedSitePc;
    func = act.savedFunc;
    act = prev;
  }
  return n;
}

/**
 * Visits the frames of a suspended continuation, newest first: from the frame at `fp` (running
 * `func`, `pc` inside its suspend/switch) down to the frame at `bottomFp`, its outermost
 * segment's bottom frame. Returns the number of frames visited.
 */
export function visitSuspendedFrames(
  source: FrameSource, fp: number, func: number, pc: number, bottomFp: number, visit: (frame: WalkFrame) => boolean | void,
): number {
  return Math.abs(walkChain(source, fp, func, pc, bottomFp, ExitKind.None, null, newWalkFrame(), visit));
}
