/**
 * The driver: entering wasm from the host (`invoke`), running host functions the interpreter
 * asks for, and turning traps into Trap errors. The loop never recurses per wasm call; this
 * driver recurses only when a host function re-enters wasm (a new Activation on the same VM
 * stack, above the calling frame's arguments).
 *
 * Protocol with the loop (interpreter.ts):
 *   - Hostcall: the callee's arguments are at thread.hostArgs (int32 index); the driver reads
 *     them, calls the host function, writes the results at the same place, re-enters at thread.pc.
 *   - Trap: thread.trapCode, thread.pc (the trapping instruction), thread.fp / thread.func; the
 *     driver records the frames (walking the header chain) into the Trap and unwinds.
 *   - A JS exception thrown by a host function propagates unchanged (same object) after the
 *     activation is unwound (`finally`).
 */
import { FRAME_LAYOUT, Trap, TrapCode, type RawFrame } from '@lantern/traps';
import type { Store } from '../runtime/store.ts';
import type { FuncInstance } from '../runtime/func.ts';
import { type RawValue, readRaw, writeRaw } from '../runtime/values.ts';
import { ExitReason, run } from './interpreter.ts';
import type { Thread } from './thread.ts';
import { indirectFailure } from './tableAccess.ts';

const HEADER_I32 = FRAME_LAYOUT.HEADER_CELLS * 2;

/** Calls `func` with `args` (RawValues); returns its results. Throws Trap on a trap. */
export function invoke(store: Store, func: FuncInstance, args: RawValue[]): RawValue[] {
  if (func.host !== undefined) return func.host(args);
  const thread = store.thread;
  const saved = saveState(thread);
  const base = thread.sp;
  if (func.entryPc < 0 && !store.compileFunc(func)) throw thread.error;
  const type = func.type;
  if (base + func.localsI32 + func.frameI32 > thread.limit || thread.depth >= thread.maxDepth) {
    throw new Trap(TrapCode.StackExhausted);
  }
  const i32 = thread.i32, refs = thread.refs;
  for (let i = 0; i < type.params.length; i++) writeRaw(i32, refs, base + 2 * i, type.params[i], args[i]);
  const h = base + func.localsI32;
  i32[h] = FRAME_LAYOUT.ENTRY_FP;
  i32[h + 1] = FRAME_LAYOUT.ENTRY_FP;
  i32[h + 2] = -1;
  i32[h + 3] = 0;
  i32[h + 4] = func.addr;
  thread.fp = base;
  thread.pc = func.entryPc;
  thread.func = func.addr;
  thread.depth = saved.depth + 1;
  thread.state.enter(base >> 1, base >> 1);
  try {
    for (;;) {
      const reason = run(store);
      if (reason === ExitReason.Done) {
        const results: RawValue[] = [];
        for (let i = 0; i < type.results.length; i++) results.push(readRaw(i32, refs, base + 2 * i, type.results[i]));
        return results;
      }
      if (reason === ExitReason.Hostcall) {
        callHost(store, thread);
        continue;
      }
      if (reason === ExitReason.Trap) {
        const code = thread.trapCode;
        const detail =
          code === TrapCode.UndefinedElement || code === TrapCode.UninitializedElement ? String(indirectFailure.index) : undefined;
        const trap = new Trap(code, detail);
        trap.frames = walkFrames(store, thread.fp, thread.func, thread.pc);
        throw trap;
      }
      throw thread.error;
    }
  } finally {
    thread.state.leave();
    restoreState(thread, saved);
  }
}

function callHost(store: Store, thread: Thread): void {
  const hf = store.funcs[thread.hostFunc];
  const at = thread.hostArgs;
  const { params, results } = hf.type;
  const i32 = thread.i32, refs = thread.refs;
  const args: RawValue[] = [];
  for (let i = 0; i < params.length; i++) args.push(readRaw(i32, refs, at + 2 * i, params[i]));
  // A re-entrant invoke builds its frames above this call's arguments and results.
  const fp = thread.fp, pc = thread.pc, depth = thread.depth, cur = thread.func, sp = thread.sp;
  thread.sp = at + 2 * Math.max(params.length, results.length) + HEADER_I32;
  let out: RawValue[];
  try {
    out = hf.host!(args);
  } finally {
    thread.fp = fp;
    thread.pc = pc;
    thread.depth = depth;
    thread.func = cur;
    thread.sp = sp;
  }
  for (let i = 0; i < results.length; i++) writeRaw(i32, refs, at + 2 * i, results[i], out[i]);
}

interface SavedState {
  fp: number;
  pc: number;
  sp: number;
  depth: number;
  func: number;
}
function saveState(t: Thread): SavedState {
  return { fp: t.fp, pc: t.pc, sp: t.sp, depth: t.depth, func: t.func };
}
function restoreState(t: Thread, s: SavedState): void {
  t.fp = s.fp;
  t.pc = s.pc;
  t.sp = s.sp;
  t.depth = s.depth;
  t.func = s.func;
}

/**
 * The frames of the current activation, newest first, from a frame (int32 FP), its function's
 * address and its internal pc. The newest frame's offset is its instruction's; callers' are
 * their call instructions' (return pc - 1 lies inside the call).
 */
export function walkFrames(store: Store, fp: number, func: number, pc: number): RawFrame[] {
  const i32 = store.thread.i32;
  const frames: RawFrame[] = [];
  let first = true;
  for (;;) {
    const f = store.funcs[func];
    if (f === undefined || f.codeMap === null) break;
    frames.push({ funcIndex: f.funcIndex, offset: f.codeMap.offsetAt(first ? pc : pc - 1), instance: f.instance });
    const h = fp + f.localsI32;
    const callerFp = i32[h];
    if (callerFp < 0) break;
    func = i32[h + 1];
    pc = i32[h + 2];
    fp = callerFp << 1;
    first = false;
  }
  return frames;
}
