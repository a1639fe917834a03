/**
 * Force-return (a debugger's "return from this frame with these values", gdb's `return`): the
 * frame at cursor depth `depth` (0 = the paused frame; counting host frames, as the cursor does)
 * returns `values` to its caller, which continues right after its call instruction; the frames
 * above it are dropped without running any more of their code.
 *
 * Limits: every frame from the paused one down to the target must be a wasm frame of the paused
 * activation (a host frame's JS cannot be returned from), and no continuation boundary may lie
 * strictly above the target (returning from a continuation's bottom frame itself is fine: it
 * returns to its resumer, like `return` there). Not at hostcall/hostreturn probes.
 *
 * How: the results go where a Return leaves them (the target frame's slots 0..k-1, which are
 * its caller's argument/result area); then the thread continues as the interpreter's Return
 * would. A normal caller is re-entered at its return pc directly (no Return executes, so no
 * leave probe fires); the activation's entry frame and a continuation's bottom frame re-enter
 * at a Return instruction of their function (the one place that finishes an activation or a
 * segment), which a Break there does not stop.
 */
import { FRAME_LAYOUT } from '@lantern/traps';
import type { Store } from '../store/store.ts';
import type { FuncInstance } from '../instances/func.ts';
import { type RawValue, writeValues } from '../instances/values.ts';
import { Op } from '../isa/op.generated.ts';
import { type FrameRecord, frameRecords } from './frames.ts';
import { lengthAt } from '../isa/layout.ts';
import { originalOp } from './resumeValues.ts';

/** Checks a force-return request; returns the frames (newest first, down to the target). */
export function checkForceReturn(store: Store, depth: number, values: readonly RawValue[]): FrameRecord[] {
  if (!Number.isInteger(depth) || depth < 0) throw new RangeError(`forceReturn: bad frame ${depth}`);
  const records = frameRecords(store, depth + 1);
  if (depth >= records.length) throw new RangeError(`forceReturn: no frame ${depth}`);
  for (let i = 0; i <= depth; i++) {
    const r = records[i];
    if (r.kind !== 'wasm') throw new Error(`forceReturn: frame ${i} is a host frame; only frames of the paused activation can return`);
    if (i < depth && r.boundary !== undefined) throw new Error(`forceReturn: frame ${i} is the bottom of a continuation; cannot return across it`);
  }
  const f = records[depth].func!;
  const n = f.type.results.length;
  if (values.length !== n) throw new TypeError(`forceReturn: ${f.debugName ?? `function ${f.funcIndex}`} returns ${n} value(s), got ${values.length}`);
  return records;
}

/** A Return instruction of `f`'s code (the last one), or -1. */
function returnInstruction(store: Store, f: FuncInstance): number {
  const map = f.codeMap!;
  const buf = store.code.buf;
  let found = -1;
  for (let pc = map.start; pc < map.end; ) {
    const op = originalOp(store, pc);
    const len = lengthAt(buf, pc, op);
    if (len <= 0) break;
    if (op === Op.Return || op === Op.TickReturn) found = pc;
    pc += len;
  }
  return found;
}

/**
 * Carries out a force-return (see above) on the paused thread; the loop is then re-entered.
 * Returns the internal pc the caller continues at (-1 when the activation or segment ends).
 */
export function applyForceReturn(store: Store, depth: number, values: readonly RawValue[]): number {
  const records = checkForceReturn(store, depth, values);
  const thread = store.thread;
  const i32 = thread.i32;
  const target = records[depth];
  const f = target.func!;
  const fp = target.fp;
  const h = fp + f.localsI32;
  const callerFp = i32[h + 2 * FRAME_LAYOUT.SAVED_FP];
  const cross = i32[h + 3];
  const results = f.type.results;
  let returnPc = -1;
  if (callerFp >= 0 && cross === 0) {
    returnPc = i32[h + 2 * FRAME_LAYOUT.RETURN_PC];
    writeValues(i32, thread.refs, fp, results, values);
    thread.exit.fp = callerFp << 1;
    thread.exit.func = i32[h + 1];
    thread.exit.resumePc = returnPc;
    thread.exit.depth -= depth + 1;
    return returnPc;
  }
  // The entry frame of the activation, or a continuation's bottom frame: finish through a Return.
  const pc = returnInstruction(store, f);
  if (pc < 0) throw new Error(`forceReturn: ${f.debugName ?? `function ${f.funcIndex}`} has no return instruction to finish through`);
  writeValues(i32, thread.refs, fp, results, values);
  thread.exit.fp = fp;
  thread.exit.func = f.addr;
  thread.exit.resumePc = pc;
  thread.exit.depth -= depth;
  if (store.debug !== null && store.debug.patches.has(pc)) store.debug.runOriginalAt(pc);
  return callerFp >= 0 ? i32[h + 2 * FRAME_LAYOUT.RETURN_PC] : -1;
}
