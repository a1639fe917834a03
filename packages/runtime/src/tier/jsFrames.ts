/**
 * Compiled frames read from the JS stack, for a sampling profiler: a compiled call of a quiet
 * callee (keepsViews.ts) writes no frame header, so the VM stack alone does not chain through
 * it. Before a sample walks the VM stack (exec/sampling.ts `sampleStack`), the tier writes the
 * missing headers from V8's structured stack trace (`writeQuietHeaders`); compiled code under a
 * profiler then costs no store per call.
 *
 * Each linked compiled function is a script of its own, with a unique source URL (tier.ts
 * `link`): its CodeUnit. Its frames on the JS stack are `fn` (the body; V8 reports inlined
 * frames too), `r<k>` (an outlined region, called by `fn`: its line is the frame's), `slow`
 * (out of budget: the `fn` below it is the same wasm frame again) and `entry` (the interpreter
 * or Tier.call entered the `fn` above it). The translator puts each call on a line of its own
 * and records, per line, the call's return pc and argument base (codegen.ts `callLines`): the
 * line of a caller's frame gives the caller's pc, and the caller's FP is the callee's FP minus
 * the argument base.
 *
 * Only quiet frames can lack a header, and everything a quiet function reaches is quiet (same
 * instance, direct calls, no host call): the frames lacking one are among the newest frames of
 * the newest activation, down to the first frame that is not quiet (whose header, and every
 * header below it, was written). The walk goes down from the newest frame: a compiled frame's
 * caller is the next compiled frame on the JS stack unless `entry` entered it; an interpreted
 * frame's caller is compiled when its header says RETURNS_TO_COMPILED (Tier.interpret ran it:
 * a thunk, `slow`, or Tier.call) and interpreted otherwise.
 */
import type { Store } from '../store/store.ts';
import { RETURNS_TO_COMPILED } from '../exec/thread.ts';

/** A call in compiled code: the interpreter's return pc after it, and the callee's FP less the caller's. */
export interface CallSiteInfo {
  readonly retPc: number;
  readonly argBase: number;
}

/** One linked compiled function: the function (store address) it runs, and its calls by source line. */
export interface CodeUnit {
  readonly func: number;
  /** Per line of the factory's source (1-based) holding a call: that call. */
  readonly calls: ReadonlyMap<number, CallSiteInfo>;
}

/** V8's structured stack frame (Error.prepareStackTrace's CallSite): what is read of it. */
interface V8CallSite {
  getScriptNameOrSourceURL(): string | null | undefined;
  getFunctionName(): string | null;
  getLineNumber(): number | null;
}

/** A compiled wasm frame on the JS stack: its code, the line it is at, whether `entry` entered it. */
interface JsActivation {
  readonly unit: CodeUnit;
  readonly line: number;
  entered: boolean;
}

/** Lines V8 counts before a `new Function` body's first (its `function anonymous(...) {` head), once known. */
let bodyLineBase: number | undefined;

/** A function a capture starts below (V8 matches it by identity). */
type Callee = (...args: never[]) => unknown;

/**
 * V8's structured stack below the newest call of `above` (its frame and those above it hold no
 * wasm frame, and each frame costs a capture ~1-2 µs), newest frame first, or null where there
 * is none (another engine).
 */
function captureCallSites(above: Callee): V8CallSite[] | null {
  if (typeof Error.captureStackTrace !== 'function') return null;
  const limit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  Error.stackTraceLimit = Infinity;
  Error.prepareStackTrace = (_error, sites) => sites;
  try {
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, above);
    const sites = holder.stack; // formatted on this read, with the preparer above
    return Array.isArray(sites) ? (sites as V8CallSite[]) : null;
  } finally {
    Error.stackTraceLimit = limit;
    Error.prepareStackTrace = prepare;
  }
}

/**
 * Whether this engine gives structured stacks with `new Function` line numbers (V8): learnt once
 * from a probe. Elsewhere compiled code writes every header while a profiler samples (Tier.headers).
 */
export function jsFramesReadable(): boolean {
  if (bodyLineBase === undefined) {
    try {
      const probe = new Function('capture', '\nreturn capture(capture);\n//# sourceURL=lantern-tier/probe') as (c: typeof captureCallSites) => V8CallSite[] | null;
      const sites = probe(captureCallSites);
      const line = sites?.find((s) => s.getScriptNameOrSourceURL() === 'lantern-tier/probe')?.getLineNumber();
      bodyLineBase = typeof line === 'number' ? line - 2 : -1;
    } catch {
      bodyLineBase = -1;
    }
  }
  return bodyLineBase >= 0;
}

/** The compiled wasm frames on the JS stack now, newest first. */
function jsActivations(units: ReadonlyMap<string, CodeUnit>, above: Callee): JsActivation[] {
  const out: JsActivation[] = [];
  const sites = captureCallSites(above) ?? [];
  const base = bodyLineBase ?? 0;
  let regionLine = 0;
  let repeated: CodeUnit | null = null;
  for (const s of sites) {
    const unit = units.get(s.getScriptNameOrSourceURL() ?? '');
    if (unit === undefined) continue;
    const name = s.getFunctionName();
    const line = (s.getLineNumber() ?? 0) - base;
    if (name === 'entry') {
      const last = out[out.length - 1];
      if (last !== undefined && last.unit === unit) last.entered = true;
    } else if (name === 'slow') {
      repeated = unit;
    } else if (name === 'fn') {
      if (repeated === unit) repeated = null;
      else out.push({ unit, line: regionLine > 0 ? regionLine : line, entered: false });
      regionLine = 0;
    } else {
      regionLine = line;
    }
  }
  return out;
}

/**
 * Writes the headers that compiled calls of quiet callees left unwritten, from the newest frame
 * (fp, func; `compiled`: a compiled frame sampled at its entry or loop poll) down to the first
 * frame that is not quiet. Headers are written as the interpreter's call writes them (a frame
 * Tier.interpret runs keeps its RETURNS_TO_COMPILED flag). A JS stack that does not match the
 * frames stops the walk: nothing is written that it cannot vouch for. `above`: the function the
 * sample was taken through (the JS frames from its call up are not read).
 */
export function writeQuietHeaders(
  store: Store, fp: number, func: number, compiled: boolean, units: ReadonlyMap<string, CodeUnit>, quiet: (func: number) => boolean,
  above: Callee,
): void {
  const V = store.thread.i32;
  const funcs = store.funcs;
  let acts: JsActivation[] | null = null;
  let next = 0;
  for (;;) {
    const f = funcs[func];
    if (f === undefined || !quiet(func)) return;
    const h = fp + f.localsI32;
    // The frame was entered by Tier.interpret (its header's only certain word), or by `entry`.
    let enteredRun = !compiled;
    if (compiled) {
      acts ??= jsActivations(units, above);
      const act = acts[next++];
      if (act === undefined || act.unit.func !== func) return;
      enteredRun = act.entered;
    }
    if (enteredRun && V[h + 3] !== RETURNS_TO_COMPILED) {
      // Called by the interpreter (or the driver, or Tier.call): its header was written.
      const callerFp = V[h] << 1;
      if (callerFp < 0 || callerFp >= fp) return;
      fp = callerFp;
      func = V[h + 1];
      compiled = false;
      continue;
    }
    // Called by the next compiled frame down the JS stack, at the call on its line.
    acts ??= jsActivations(units, above);
    const caller = acts[next];
    const site = caller?.unit.calls.get(caller.line);
    if (site === undefined || site.argBase <= 0 || site.argBase > fp) return;
    const callerFp = fp - site.argBase;
    V[h] = callerFp >> 1;
    V[h + 1] = caller.unit.func;
    V[h + 2] = site.retPc;
    if (!enteredRun) V[h + 3] = 0;
    V[h + 4] = func;
    fp = callerFp;
    func = caller.unit.func;
    compiled = true;
  }
}
