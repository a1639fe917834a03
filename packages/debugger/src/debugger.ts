/**
 * Debugger: attaches to a Store (or to an Instance / namespace made by Lantern's `WebAssembly`
 * object), turns the runtime's exits (traps, patched Break opcodes, step temporaries, probes)
 * into typed events with a PauseContext, and applies what the listeners chose.
 *
 * Layering (architecture.md): the runtime never imports this package. The debugger registers an
 * exit handler on the store's CallThreadState (@lantern/traps registerHandler) and drives the
 * store's DebugState (@lantern/runtime src/debug): breakpoints are patched Break opcodes,
 * stepping arms temporary Breaks at an instruction's successors (no per-instruction check), so
 * code that is not stopped in runs at full speed; `detach()` removes every patch and handler.
 *
 * Entries and what they support:
 *   - synchronous: exported functions called directly (glue code, `wasi.start`): listeners must
 *     decide synchronously (a returned promise is reported on `error`, the decision is taken when
 *     the listeners return).
 *   - async: `await debugger.run(fn, ...args)` (runtime `invokeAsync`): a listener may return a
 *     promise; execution stays paused — every VM frame kept on the VM stack — while the JS event
 *     loop runs, until it settles. Host functions re-entering wasm from inside start synchronous
 *     activations (their pauses are synchronous).
 *   A worker-based debuggee later needs only a different entry: listeners already get a context
 *   object and decide through it, never through the call stack.
 *
 * Stepping: by instruction the runtime's step temps are used directly; by line (the default where
 * the frame has line info) the debugger repeats instruction steps until the source line changes,
 * keeping calls run free with frame depth (over) and returning from code without line info with a
 * step out (into), so stepping over `printf` costs one step, not thousands.
 *
 * Exceptions and stack switching: events `exceptionThrown` / `exceptionCaught` /
 * `exceptionUncaught` and `resume` / `suspend` / `switch` come from the runtime's control hooks
 * (`thread.hooks`), installed only while a listener of one of them, `breakOnExceptions` or a step
 * in progress needs them (detach removes them). They fire mid-instruction: synchronous only.
 * Except a pause on a thrown exception: with `breakOnExceptions` on, every instruction that
 * throws (`throw`, `throw_ref`, `rethrow`, `resume_throw`, `resume_throw_ref`) carries a
 * breakpoint, and the runtime pauses at the call when a host function throws (`hostThrow`), so
 * the pause is a stop before anything unwinds (async entries can wait there); the `thrown` hook
 * of that throw then neither pauses nor reports it again (control/throwSites.ts).
 * `continuations()` lists live continuations through a weak registry the runtime fills only once
 * asked (`SegmentPool.registry`). Stepping across control transfers (the step started in frame F
 * at call depth D; the runtime's step temps cover fall-through and returns, the hooks the rest):
 *   - step over `resume`: the continuation runs free; the step stops at the next instruction of
 *     F that runs — after the `resume` when the continuation returns, at F's handler block when it
 *     suspends to F (a `switch` inside just hands over: the step goes on).
 *   - step into `resume`: stops at the first instruction inside the continuation (a fresh one's
 *     function entry, a suspended one's instruction after its `suspend`/`switch`).
 *   - step over / into `suspend` or `switch`: stops at the first instruction executed after it —
 *     the resumer's handler block, or the switched-to continuation; step out stops there only if
 *     it is a caller of F.
 *   - an exception caught while stepping: over stops at a handler in F or a caller, out in a
 *     caller, into anywhere.
 * By line, "stops at" means the first statement from there (a block's `end` is not one).
 */

import { EventEmitter } from 'eventemitter3';
import { ExitStatus } from '@lantern/wasi';
import { ExitKind, RETRY, UNWIND, registerHandler, resumeWith, trapMessage, type HandlerDecision } from '@lantern/traps';
import {
  collectFrames,
  jsTag,
  presentExit,
  WasmOp,
  type ControlHooks,
  type Instance,
  type ModuleInfo,
  type PauseContext as RuntimePauseContext,
  type Store,
} from '@lantern/runtime';
import type { DebuggerEvents, PauseDetail, PauseReason, ResumeAction, StepGranularity, StepKind } from './events.ts';
import {
  Continuation,
  ControlSupport,
  ExceptionInstance,
  clauseKind,
  type ContinuationInfo,
  type ContinuationState,
  type ExceptionInfo,
} from './control/controlInfo.ts';
import type { TraceFrame } from './format/stackTrace.ts';
import { PauseContext, type PauseHost } from './pauseContext.ts';
import { Breakpoint, expandTemplate, type BreakpointLocation, type BreakpointOptions } from './breakpoints/breakpoint.ts';
import { Watchpoint, type WatchAccess, type WatchHitInfo, type WatchLocation, type WatchOptions } from './breakpoints/watchpoint.ts';
import { CommandQueue } from './commandQueue.ts';
import { firstEngineStep, nextEngineStep, stepStops, type Here, type StepPlan } from './stepping/stepRules.ts';
import { bodyStart } from './stepping/prologue.ts';
import { SymbolResolver } from './source/symbolResolver.ts';
import { WatSymbolProvider } from './source/watSymbolProvider.ts';
import type { EngineBreakpoint, EngineCursor, EnginePause, EngineWatchpoint } from './engine.ts';
import { attachEngine, debugStoreOf, invokeAsyncRaw, type EngineDebug } from './engineLink.ts';
import { formatWasmValue, fromRaw, type WasmValueInput } from './frames/wasmValue.ts';
import { pendingThrow, throwSites } from './control/throwSites.ts';
import type { WasmFrameInfo } from './frames/frameInfo.ts';

export interface ProbeOptions {
  /** `hostcall` events around every call from wasm to a host function (synchronous only). */
  readonly hostcall?: boolean;
  /** `enter` / `leave` events for every wasm function. */
  readonly enter?: boolean;
  readonly leave?: boolean;
  /** `memoryGrow` events before each memory.grow. */
  readonly memoryGrow?: boolean;
}

export interface DebuggerOptions {
  /** Symbols (a shared resolver lets the caller register WAT texts and files first). */
  readonly symbols?: SymbolResolver;
  /** Compile functions in debug mode (operand stack materialised; ~1.7-1.8x slower code). Default false: zero cost. */
  readonly debugCompile?: boolean;
  /** Granularity of steps that do not say: 'auto' (default) = by line where there is line info. */
  readonly stepGranularity?: StepGranularity | 'auto';
  /** A line step into a call goes on past the callee's prologue (see stepping/prologue.ts). Default false. */
  readonly skipPrologue?: boolean;
  readonly probes?: ProbeOptions;
  /**
   * Pause when a wasm exception is thrown: 'uncaught' (no wasm handler on the stack will catch
   * it), 'all', or 'none' (default). The pause is at the throw point, before any unwinding
   * (reason 'exception', event `exceptionThrown` then `paused`); continue = let it propagate.
   */
  readonly breakOnExceptions?: BreakOnExceptions;
  /**
   * Keep a weak registry of continuations from attach on (Debugger.continuations()); otherwise
   * the registry starts at the first call of continuations(). Costs one WeakRef per cont.new /
   * suspend / switch while on.
   */
  readonly trackContinuations?: boolean;
}

export type BreakOnExceptions = 'none' | 'uncaught' | 'all';

/** Events whose listeners need the runtime's control hooks (thread.hooks). */
const CONTROL_EVENTS = ['exceptionThrown', 'exceptionCaught', 'exceptionUncaught', 'suspend', 'resume', 'switch'] as const;

type EventName = EventEmitter.EventNames<DebuggerEvents>;
type Listener<T extends EventName> = EventEmitter.EventListener<DebuggerEvents, T>;

export type DebugTarget = Store | object;

export class Debugger extends EventEmitter<DebuggerEvents> implements PauseHost {
  readonly store: Store;
  readonly symbols: SymbolResolver;
  readonly commands = new CommandQueue();
  readonly defaultGranularity: StepGranularity | 'auto';
  private readonly skipPrologue: boolean;
  private readonly engine: EngineDebug;
  private readonly unregister: () => void;
  private readonly bps = new Map<number, Breakpoint>();
  /** Engine breakpoints of each of ours (one per bound offset). */
  private readonly bound = new Map<Breakpoint, EngineBreakpoint[]>();
  private readonly knownModules = new Set<ModuleInfo>();
  /** Instances in the order they were made (watchpoints bind in the newest that has their memory / global). */
  private readonly instances: Instance[] = [];
  private readonly watches = new Map<number, Watchpoint>();
  private nextBpId = 1;
  private plan: StepPlan | null = null;
  private pauseRequested = false;
  private attached = true;
  /** The context of the pause in progress (a command issued now applies to it). */
  private current: PauseContext | null = null;
  private waiters: ((ctx: PauseContext | null) => void)[] = [];
  /** Exceptions and continuations (tag names, the continuation registry). */
  readonly control: ControlSupport;
  private breakOn: BreakOnExceptions;
  private readonly hooks: ControlHooks;
  /** The control op whose `transferred` hook comes next, and the call depth it ran at. */
  private pendingOp: { readonly op: 'resume' | 'suspend' | 'switch'; readonly depth: number } | null = null;
  /** The throw point's frames of the exception being unwound (for `exceptionUncaught`). */
  private thrownStack: TraceFrame[] | null = null;
  /** Engine breakpoints at the throw instructions of each module, while breakOnExceptions is on. */
  private readonly throwBreaks = new Map<ModuleInfo, EngineBreakpoint[]>();
  /**
   * The last stop was before a throw instruction: its `thrown` hook (next) does not pause again
   * ('stopped'), nor report `exceptionThrown` again when the stop did ('reported').
   */
  private heldThrow: 'stopped' | 'reported' | null = null;
  /** A goto was carried out: the runtime stops at its target next (reported as reason 'goto'). */
  private gotoPending = false;

  private constructor(store: Store, options: DebuggerOptions) {
    super();
    this.store = store;
    this.symbols = options.symbols ?? new SymbolResolver();
    this.defaultGranularity = options.stepGranularity ?? 'auto';
    this.skipPrologue = options.skipPrologue ?? false;
    this.engine = attachEngine(store, {
      debugCompile: options.debugCompile ?? false,
      onModule: (info) => this.onModule(info),
      onInstance: (inst) => this.onInstance(inst),
    });
    this.unregister = registerHandler<RuntimePauseContext>(store.thread.state, (ctx) => this.onExit(ctx));
    this.breakOn = options.breakOnExceptions ?? 'none';
    this.engine.setPauseOnHostThrow(this.breakOn !== 'none');
    for (const info of this.engine.modules()) this.onModule(info);
    for (const f of store.funcs) if (f.instance && !this.instances.includes(f.instance)) this.instances.push(f.instance);
    if (options.probes) this.setProbes(options.probes);
    this.control = new ControlSupport(store, this.symbols);
    this.hooks = this.makeHooks();
    if (options.trackContinuations) this.control.track(true);
    this.updateHooks();
  }

  /**
   * Attaches to a Store, or to anything made by a Lantern `WebAssembly` namespace (the namespace
   * itself, an Instance, a Module, an exported function, Memory/Table/Global).
   */
  static attach(target: DebugTarget, options: DebuggerOptions = {}): Debugger {
    const store = debugStoreOf(target);
    if (!store) throw new TypeError('Debugger.attach: not a Lantern Store or an object of a Lantern WebAssembly namespace');
    return new Debugger(store, options);
  }

  /** Removes every patch, probe and handler: the store runs at full speed again. */
  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    if (this.store.thread.hooks === this.hooks) this.store.thread.hooks = null;
    this.control.track(false);
    this.unregister();
    this.engine.detach();
    this.bound.clear();
    this.throwBreaks.clear();
    for (const bp of this.bps.values()) {
      bp.sites.length = 0;
    }
    for (const w of this.watches.values()) w.bound = undefined;
    this.plan = null;
    this.removeAllListeners();
  }

  get isAttached(): boolean {
    return this.attached;
  }

  /** Number of patched Break opcodes in the store's code now (0 after detach). */
  get patchCount(): number {
    return this.engine.patchCount();
  }

  setProbes(probes: ProbeOptions): void {
    this.engine.setProbes({ enter: !!probes.enter, leave: !!probes.leave, memoryGrow: !!probes.memoryGrow, hostcall: !!probes.hostcall });
  }

  // ------------------------------------------------------------------ entries

  /**
   * The async entry: calls an exported function (of this store's namespace) or a FuncInstance
   * with JS arguments; listeners may return promises while paused. Resolves with the result
   * (undefined / one value / an array for several), rejects with the RuntimeError of an unwound
   * trap.
   */
  async run(fn: unknown, ...args: unknown[]): Promise<unknown> {
    return invokeAsyncRaw(this.store, fn, args);
  }

  /** Stop at the next wasm instruction executed (reason 'pause'). */
  pause(): void {
    this.pauseRequested = true;
    this.engine.stepNext();
  }

  // ------------------------------------------------------------------ breakpoints

  /**
   * Sets a breakpoint by module offset or source line. Binds now in every module that resolves
   * it, and later in every module compiled afterwards (pending until then).
   */
  setBreakpoint(location: BreakpointLocation, options: BreakpointOptions = {}): Breakpoint {
    const bp = new Breakpoint(this.nextBpId++, location, options);
    this.bps.set(bp.id, bp);
    this.bound.set(bp, []);
    for (const info of this.knownModules) this.bindIn(bp, info);
    return bp;
  }

  /** `file:line` shorthand. */
  setBreakpointAtLine(file: string, line: number, options: BreakpointOptions = {}): Breakpoint {
    return this.setBreakpoint({ file, line }, options);
  }

  removeBreakpoint(bp: Breakpoint | number): boolean {
    const b = typeof bp === 'number' ? this.bps.get(bp) : bp;
    if (!b || !this.bps.delete(b.id)) return false;
    for (const e of this.bound.get(b) ?? []) this.engine.removeBreakpoint(e);
    this.bound.delete(b);
    b.sites.length = 0;
    return true;
  }

  breakpoints(): Breakpoint[] {
    return [...this.bps.values()];
  }

  /** A module became known (instantiated / compiled): pending breakpoints bind in it. */
  private onModule(info: ModuleInfo): void {
    if (this.knownModules.has(info)) return;
    this.knownModules.add(info);
    for (const bp of this.bps.values()) this.bindIn(bp, info);
    if (this.breakOn !== 'none') this.armThrowSites(info);
  }

  private armThrowSites(info: ModuleInfo): void {
    if (!this.throwBreaks.has(info)) this.throwBreaks.set(info, throwSites(info).map((offset) => this.engine.setBreakpoint(info, offset)));
  }

  private disarmThrowSites(): void {
    for (const list of this.throwBreaks.values()) for (const e of list) this.engine.removeBreakpoint(e);
    this.throwBreaks.clear();
  }

  private bindIn(bp: Breakpoint, info: ModuleInfo): void {
    const symbols = this.symbols.forModule(info);
    const loc = bp.location;
    let offsets: readonly number[] = [];
    if ('file' in loc) {
      const r = symbols.provider?.breakpointOffsets(loc.file, loc.line);
      if (!r || r.offsets.length === 0) return;
      offsets = r.offsets;
      bp.boundLine = r.line;
    } else {
      const m = loc.module;
      if (typeof m === 'string' && m !== symbols.label && m !== symbols.names.module) return;
      if (typeof m === 'function' && !m(symbols.label, info.bytes)) return;
      if (!info.bodies.some((b) => loc.offset >= b.codeStart && loc.offset < b.codeEnd)) return;
      offsets = [loc.offset];
    }
    const list = this.bound.get(bp)!;
    for (const offset of offsets) {
      list.push(this.engine.setBreakpoint(info, offset));
      bp.sites.push({ bytes: info.bytes, label: symbols.label, offset });
    }
    this.emit('breakpointChanged', bp);
  }

  // ------------------------------------------------------------------ watchpoints

  /**
   * Sets a data breakpoint (see breakpoints/watchpoint.ts): bound now in the newest instance that
   * has the memory / global, else pending until one is instantiated.
   */
  setWatchpoint(location: WatchLocation, access: WatchAccess = 'write', options: WatchOptions = {}): Watchpoint {
    const w = new Watchpoint(this.nextBpId++, access, location, options);
    this.watches.set(w.id, w);
    for (let i = this.instances.length - 1; i >= 0 && w.pending; i--) this.bindWatch(w, this.instances[i]);
    return w;
  }

  removeWatchpoint(w: Watchpoint | number): boolean {
    const x = typeof w === 'number' ? this.watches.get(w) : w;
    if (!x || !this.watches.delete(x.id)) return false;
    if (x.bound) this.engine.removeWatchpoint(x.bound as EngineWatchpoint);
    x.bound = undefined;
    return true;
  }

  watchpoints(): Watchpoint[] {
    return [...this.watches.values()];
  }

  private onInstance(inst: Instance): void {
    this.instances.push(inst);
    for (const w of this.watches.values()) if (w.pending) this.bindWatch(w, inst);
  }

  private bindWatch(w: Watchpoint, inst: Instance): void {
    const l = w.location;
    if ('global' in l) {
      const names = this.symbols.forModule(inst.info);
      const index = typeof l.global === 'number' ? l.global : inst.globals.findIndex((_, i) => names.globalName(i) === l.global);
      const global = inst.globals[index];
      if (global) w.bound = this.engine.setWatchpoint(w.access, { kind: 'global', global });
      return;
    }
    const memory = inst.memories[l.memory ?? 0];
    if (memory) w.bound = this.engine.setWatchpoint(w.access, { kind: 'memory', memory, address: l.address, length: l.length });
  }

  private onWatchpoint(ectx: EnginePause): HandlerDecision | undefined | Promise<HandlerDecision | undefined> {
    const ctx = new PauseContext(this, ectx, 'watchpoint');
    const hits: WatchHitInfo[] = [];
    for (const h of ectx.watchHits ?? []) {
      const w = [...this.watches.values()].find((x) => x.bound === h.watchpoint);
      if (!w || !w.enabled || hits.some((x) => x.watchpoint === w)) continue;
      let ok = true;
      if (w.options.condition) {
        try {
          ok = !!w.options.condition(ctx.topFrame, ctx);
        } catch (e) {
          this.emit('error', e);
        }
      }
      if (!ok) continue;
      w.hits++;
      const t = h.watchpoint.target;
      const value = (v: unknown) => (v instanceof Uint8Array ? v : fromRaw(v, t.kind === 'global' ? t.global.type.valType : 0x7f));
      const f = h.func;
      hits.push({
        watchpoint: w,
        access: h.access,
        function: f.instance ? this.symbols.forModule(f.instance.info).functionName(f.funcIndex) : `function[${f.funcIndex}]`,
        funcIndex: f.funcIndex,
        offset: h.offset,
        oldValue: value(h.oldValue),
        newValue: value(h.newValue),
        ...(h.host ? { host: h.host.hostName ?? h.host.debugName ?? `function[${h.host.addr}]` } : {}),
      });
    }
    if (hits.length === 0) {
      ctx.expire();
      if (this.plan) return this.continuePlan(ectx, this.plan);
      return undefined;
    }
    this.plan = null;
    return this.stop(ectx, 'watchpoint', (c) => this.dispatch('watchpoint', { reason: 'watchpoint', hits, context: c }), ctx, { watchpoints: hits });
  }

  // ------------------------------------------------------------------ exits

  private onExit(ectx: EnginePause): HandlerDecision | undefined | Promise<HandlerDecision | undefined> {
    if (!this.attached) return undefined;
    try {
      return this.handle(ectx);
    } catch (e) {
      this.emit('error', e);
      return undefined;
    }
  }

  private handle(ectx: EnginePause): HandlerDecision | undefined | Promise<HandlerDecision | undefined> {
    this.heldThrow = null;
    if (this.gotoPending) {
      this.gotoPending = false;
      if (ectx.reason === 'step' || ectx.reason === 'breakpoint') return this.stop(ectx, 'goto', () => []);
    }
    switch (ectx.reason) {
      case 'trap': {
        const trap = { message: ectx.trapCode ? trapMessageOf(ectx.trapCode) : 'trap', code: ectx.trapCode };
        return this.stop(ectx, 'trap', (ctx) => this.dispatch('trap', { reason: 'trap', ...trap, context: ctx }), undefined, { trap });
      }
      case 'breakpoint':
        return this.onBreakpoint(ectx);
      case 'watchpoint':
        return this.onWatchpoint(ectx);
      case 'step':
        return this.onStep(ectx);
      case 'probe':
        return this.onProbe(ectx);
      case 'hostThrow':
        return this.hostThrowStop(ectx);
    }
    return undefined;
  }

  private onBreakpoint(ectx: EnginePause): HandlerDecision | undefined | Promise<HandlerDecision | undefined> {
    // The runtime reports which of its breakpoints are patched at the paused instruction.
    const hit = new Set<EngineBreakpoint>(ectx.breakpoints ?? []);
    const here = [...this.bound].filter(([b, list]) => b.enabled && list.some((e) => hit.has(e))).map(([b]) => b);
    const ctx = new PauseContext(this, ectx, 'breakpoint');
    const stopping: Breakpoint[] = [];
    for (const bp of here) {
      const frame = ctx.topFrame;
      let ok = true;
      if (bp.options.condition) {
        try {
          ok = !!bp.options.condition(frame, ctx);
        } catch (e) {
          this.emit('error', e);
        }
      }
      if (!ok || !bp.countHit()) continue;
      if (bp.isLogpoint) {
        this.emit('log', { breakpoint: bp, message: this.logMessage(bp.options.logMessage!, frame) });
        continue;
      }
      stopping.push(bp);
    }
    if (stopping.length === 0) {
      ctx.expire();
      const thrown = this.breakOn !== 'none' ? this.throwStop(ectx) : null;
      if (thrown !== null) return thrown;
      // Nothing stops here: a step in progress goes on (the runtime dropped its temps).
      if (this.plan) return this.continuePlan(ectx, this.plan);
      if (this.pauseRequested) return this.onStep(ectx);
      return undefined;
    }
    this.plan = null;
    return this.stop(ectx, 'breakpoint', (c) => this.dispatch('breakpoint', { reason: 'breakpoint', breakpoints: stopping, context: c }), ctx, { breakpoints: stopping });
  }

  /**
   * Before an instruction that throws: the pause on a thrown exception when breakOnExceptions
   * wants this one (all, or uncaught and no wasm handler will catch it); null when it does not
   * stop here.
   */
  private throwStop(ectx: EnginePause): HandlerDecision | undefined | Promise<HandlerDecision | undefined> | null {
    const top = ectx.frames();
    const pending = pendingThrow(this.store, top);
    if (!pending) return null;
    // resume_throw: thrown at the continuation's suspension point, whose frames may catch it first.
    const cont = pending.continuation;
    const inside = cont !== undefined && cont.fresh === null ? this.predict(pending.tag, this.control.continuationCursor(cont)) : 'uncaught';
    const predicted = inside === 'caught' ? inside : this.predict(pending.tag, ectx.frames());
    return this.exceptionStop(ectx, this.control.thrownInfo(pending.tag, pending.payload, pending.exception, top.instance), predicted);
  }

  /**
   * A host function called from wasm threw (the runtime waits at the call before throwing it
   * into wasm): the same pause as before a throw instruction. A WASI `proc_exit` is the program
   * ending, not an exception: no stop.
   */
  private hostThrowStop(ectx: EnginePause): HandlerDecision | undefined | Promise<HandlerDecision | undefined> {
    const exn = ectx.thrown;
    // The `thrown` hook that follows reports the exception to listeners, but does not pause again.
    this.heldThrow = 'stopped';
    if (!exn || this.breakOn === 'none' || (exn.tag === jsTag() && exn.payload[0] instanceof ExitStatus)) return undefined;
    const predicted = this.predict(exn.tag, ectx.frames());
    const stops = this.exceptionStop(ectx, this.control.exceptionInfo(exn, ectx.frames().instance), predicted);
    return stops ?? undefined;
  }

  /** The pause on `exception` about to be thrown; null when breakOnExceptions does not want it. */
  private exceptionStop(ectx: EnginePause, exception: ExceptionInfo, predicted: 'caught' | 'uncaught'): HandlerDecision | undefined | Promise<HandlerDecision | undefined> | null {
    if (this.breakOn === 'uncaught' && predicted === 'caught') return null;
    this.plan = null;
    const result = this.stop(ectx, 'exception', (ctx) => this.dispatch('exceptionThrown', { reason: 'exception', exception, predicted, pausing: true, context: ctx }), undefined, { exception, predicted });
    this.heldThrow = 'reported';
    return result;
  }

  private logMessage(template: string, frame: WasmFrameInfo): string {
    return expandTemplate(template, (name) => {
      if (name === '$pc') return `0x${frame.pc.toString(16)}`;
      if (name === '$function') return frame.function;
      if (name === '$line') return frame.source ? String(frame.source.line) : undefined;
      const v = frame.variable(name);
      if (v) return v.value;
      const l = frame.local(name);
      return l ? formatWasmValue(l, false) : undefined;
    });
  }

  private onStep(ectx: EnginePause): HandlerDecision | undefined | Promise<HandlerDecision | undefined> {
    if (this.pauseRequested) {
      this.pauseRequested = false;
      this.plan = null;
      return this.stop(ectx, 'pause', (ctx) => this.dispatch('step', { reason: 'pause', step: 'pause', granularity: 'instruction', context: ctx }));
    }
    const plan = this.plan;
    if (!plan) return undefined; // a stale step temp
    const here = this.here(ectx, plan);
    if (!stepStops(plan, here)) return this.continuePlan(ectx, plan, here);
    this.plan = null;
    return this.stop(ectx, 'step', (ctx) =>
      this.dispatch('step', { reason: 'step', step: plan.kind, granularity: plan.granularity, context: ctx }),
    );
  }

  /** Where the thread is after an instruction step, as the step rules see it. */
  private here(ectx: EnginePause, plan: StepPlan): Here {
    const depth = this.store.thread.exit.depth;
    const c = ectx.frames();
    if (c.kind !== 'wasm' || !c.instance) return { depth, position: undefined, inPrologue: false };
    const info = c.instance.info;
    const p = this.symbols.forModule(info).provider;
    const pos = p?.sourcePosition(c.pc);
    if (!pos || pos.line === 0) return { depth, position: undefined, inPrologue: false };
    const statement = p instanceof WatSymbolProvider ? p.isStatementOffset(c.pc) : true;
    const inPrologue = plan.skipPrologue && depth > plan.depth && c.pc < bodyStart(info, c.funcIndex - info.importedFuncs, p);
    return { depth, position: { file: pos.file, line: pos.line, column: pos.column, statement, inline: pos.inlinedChain.length }, inPrologue };
  }

  /** Keep stepping: the runtime step kind that gets closer to where the plan stops. */
  private continuePlan(ectx: EnginePause, plan: StepPlan, here: Here = this.here(ectx, plan)): undefined {
    this.plan = plan;
    ectx.step(nextEngineStep(plan, here));
    return undefined;
  }

  private onProbe(ectx: EnginePause): HandlerDecision | undefined | Promise<HandlerDecision | undefined> {
    const probe = ectx.probe;
    if (probe === 'enter' || probe === 'leave') {
      return this.stop(ectx, probe, (ctx) => {
        const f = ctx.topFrame;
        return this.dispatch(probe, { reason: probe, funcIndex: f.funcIndex, function: f.function, context: ctx });
      });
    }
    if (probe === 'memoryGrow') {
      return this.stop(ectx, 'memoryGrow', (ctx) => {
        const m = ctx.memory(0);
        const delta = ctx.topFrame.operands.at(-1);
        return this.dispatch('memoryGrow', {
          reason: 'memoryGrow',
          memory: 0,
          oldPages: m.pages,
          deltaPages: delta && delta.type === 'i32' ? delta.value : -1,
          context: ctx,
        });
      });
    }
    if (probe === 'hostcall' || probe === 'hostreturn') {
      const info = this.engine.hostcallInfo();
      return this.stop(ectx, 'hostcall', (ctx) =>
        this.dispatch('hostcall', {
          reason: 'hostcall',
          phase: probe === 'hostcall' ? 'call' : 'return',
          importModule: info.importModule,
          importName: info.importName,
          name: info.name,
          values: info.values,
          context: ctx,
        }),
      );
    }
    return undefined;
  }

  // ------------------------------------------------------------------ stopping

  /**
   * A stop: runs the event's listeners then `paused`'s, and turns the chosen action into the
   * runtime's decision — now, or once the listeners' promises settle (async entries).
   */
  private stop(
    ectx: EnginePause,
    reason: PauseReason,
    emitSpecific: (ctx: PauseContext) => Promise<unknown>[],
    existing?: PauseContext,
    detail: PauseDetail = {},
  ): HandlerDecision | undefined | Promise<HandlerDecision | undefined> {
    const ctx = existing ?? new PauseContext(this, ectx, reason);
    this.current = ctx;
    if (this.breakOn !== 'none' && pendingThrow(this.store, ectx.frames())) this.heldThrow = 'stopped';
    const promises = emitSpecific(ctx);
    promises.push(...this.dispatch('paused', { reason, expected: this.commands.expectedReason, context: ctx, ...detail }));
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w(ctx);
    if (promises.length > 0) {
      if (ectx.canAwait) return Promise.all(promises).then(() => this.decide(ectx, ctx, reason));
      this.emit('error', new TypeError(`a '${reason}' listener returned a promise in a synchronous entry; use Debugger.run for async pauses`));
    }
    return this.decide(ectx, ctx, reason);
  }

  /** Calls the listeners of `event` with `payload`; returns the promises they returned. */
  private dispatch<E extends keyof DebuggerEvents>(event: E, payload: Parameters<DebuggerEvents[E]>[0]): Promise<unknown>[] {
    const out: Promise<unknown>[] = [];
    for (const l of this.listeners(event)) {
      try {
        const r = (l as (p: typeof payload) => unknown)(payload);
        if (r && typeof (r as Promise<unknown>).then === 'function') out.push((r as Promise<unknown>).catch((e) => this.emit('error', e)));
      } catch (e) {
        this.emit('error', e);
      }
    }
    return out;
  }

  private decide(ectx: EnginePause, ctx: PauseContext, reason: PauseReason): HandlerDecision | undefined {
    const action: ResumeAction = ctx.action ?? (reason === 'trap' ? { kind: 'unwind' } : { kind: 'continue' });
    let decision: HandlerDecision | undefined;
    this.plan = null;
    switch (action.kind) {
      case 'continue':
        decision = reason === 'trap' ? UNWIND : undefined;
        this.commands.applyNow('continue', undefined, () => undefined);
        break;
      case 'step': {
        const top = ctx.topFrame;
        this.plan = {
          kind: action.step,
          granularity: action.granularity,
          depth: this.store.thread.exit.depth,
          file: top.source?.file,
          line: top.source?.line,
          column: top.source?.column,
          inline: Math.max(0, top.sourceFrames.length - 1),
          skipPrologue: this.skipPrologue && action.step === 'into' && action.granularity !== 'instruction',
        };
        this.commands.applyNow(action.step === 'into' ? 'stepInto' : action.step === 'over' ? 'stepOver' : 'stepOut', 'step', () => undefined);
        ectx.step(firstEngineStep(this.plan));
        decision = reason === 'trap' ? RETRY : undefined;
        break;
      }
      case 'unwind':
        this.commands.applyNow('unwind', undefined, () => undefined);
        decision = UNWIND;
        break;
      case 'retry':
        this.commands.applyNow('retry', undefined, () => undefined);
        decision = RETRY;
        break;
      case 'resume':
        this.commands.applyNow('resume', undefined, () => undefined);
        decision = resumeWith(...this.engine.resultValues(ectx, action.values as WasmValueInput[]));
        break;
      case 'goto':
        this.commands.applyNow('goto', 'goto', () => undefined);
        try {
          ectx.goto!(action.offset);
          this.gotoPending = true;
        } catch (e) {
          this.emit('error', e);
        }
        decision = undefined;
        break;
      case 'forceReturn':
        this.commands.applyNow('forceReturn', undefined, () => undefined);
        try {
          this.engine.forceReturn(ectx, action.frame, action.values as WasmValueInput[]);
        } catch (e) {
          this.emit('error', e);
        }
        decision = undefined;
        break;
    }
    ctx.expire();
    if (this.current === ctx) this.current = null;
    this.updateHooks();
    this.emit('resumed', { reason, action });
    return decision;
  }

  // ------------------------------------------------------------------ exceptions and stack switching

  /** Pause on thrown exceptions: 'none' | 'uncaught' | 'all' (see DebuggerOptions). */
  setBreakOnExceptions(mode: BreakOnExceptions): void {
    this.breakOn = mode;
    if (this.attached) this.engine.setPauseOnHostThrow(mode !== 'none');
    if (mode === 'none') this.disarmThrowSites();
    else if (this.attached) for (const info of this.knownModules) this.armThrowSites(info);
    this.updateHooks();
  }

  get breakOnExceptions(): BreakOnExceptions {
    return this.breakOn;
  }

  /**
   * The live continuations (fresh or suspended, oldest first) that a handle can still resume,
   * each with its frames listed without resuming it. The first call starts tracking (a weak
   * registry the runtime fills): continuations made before that are not known, unless the
   * debugger was attached with `trackContinuations`. Frames are live views of the VM stack while
   * the continuation stays suspended; call this while wasm is paused or not running.
   */
  continuations(): ContinuationInfo[] {
    if (!this.control.registry) this.control.track(true);
    const ctx = this.current ?? this.detachedContext();
    return this.control.registry!.live().map((c) => this.continuationInfo(c, ctx));
  }

  private detachedContext(): PauseContext {
    const store = this.store;
    const empty = this.control.continuationCursor(null);
    return new PauseContext(this, { store, reason: 'control', trapCode: 0, canAwait: false, frames: () => empty, step: () => {} }, 'pause');
  }

  /** A ContinuationInfo read through `ctx` (its frames are valid while `ctx` is). */
  private continuationInfo(cont: Continuation, ctx: PauseContext, state?: ContinuationState): ContinuationInfo {
    const control = this.control;
    const st = state ?? control.stateOf(cont);
    const fresh = cont.fresh;
    const readable = fresh === null && (st === 'suspended' || state !== undefined);
    let frames: readonly import('./frames/frameInfo.ts').WasmFrameInfo[] | undefined;
    return {
      id: cont.id,
      state: st,
      tag: cont.tag ? control.tagName(cont.tag) : undefined,
      function: fresh ? control.funcName(fresh) : undefined,
      frames: () => (frames ??= readable ? ctx.framesOf(() => control.continuationCursor(cont, true)) : []),
      handle: cont,
    };
  }

  /** Installs thread.hooks while something needs them (listeners, break on exceptions, a step). */
  private updateHooks(): void {
    if (!this.attached) return;
    const t = this.store.thread;
    const want = this.breakOn !== 'none' || this.plan !== null || CONTROL_EVENTS.some((e) => this.listenerCount(e) > 0);
    if (want && t.hooks !== this.hooks) {
      if (t.hooks !== null) {
        this.emit('error', new Error('thread.hooks is already set by someone else: exception and stack-switching events are off'));
        return;
      }
      t.hooks = this.hooks;
    } else if (!want && t.hooks === this.hooks) {
      t.hooks = null;
    }
  }

  override on<T extends EventName>(event: T, fn: Listener<T>, context?: unknown): this {
    super.on(event, fn, context);
    this.updateHooks();
    return this;
  }
  override addListener<T extends EventName>(event: T, fn: Listener<T>, context?: unknown): this {
    super.addListener(event, fn, context);
    this.updateHooks();
    return this;
  }
  override once<T extends EventName>(event: T, fn: Listener<T>, context?: unknown): this {
    super.once(event, fn, context);
    this.updateHooks();
    return this;
  }
  override removeListener<T extends EventName>(event: T, fn?: Listener<T>, context?: unknown, once?: boolean): this {
    super.removeListener(event, fn, context, once);
    this.updateHooks();
    return this;
  }
  override off<T extends EventName>(event: T, fn?: Listener<T>, context?: unknown, once?: boolean): this {
    super.off(event, fn, context, once);
    this.updateHooks();
    return this;
  }
  override removeAllListeners(event?: EventName): this {
    super.removeAllListeners(event);
    this.updateHooks();
    return this;
  }

  private makeHooks(): ControlHooks {
    const guard =
      <A extends unknown[]>(f: (...args: A) => void) =>
      (...args: A): void => {
        if (!this.attached) return;
        try {
          f(...args);
        } catch (e) {
          this.emit('error', e);
        }
      };
    return {
      thrown: guard((exn, fp, func, site) => this.onThrown(exn, fp, func, site)),
      caught: guard((exn, fp, func, handlerPc, clause) => this.onCaught(exn, fp, func, handlerPc, clause)),
      uncaught: guard((exn) => this.onUncaught(exn)),
      resume: guard((cont, fp, func, pc) => this.onResume(cont as Continuation, fp, func, pc)),
      suspend: guard((cont, tag, fp, func, pc) => this.onSuspend(cont as Continuation, tag, fp, func, pc)),
      switch: guard((from, to, tag, fp, func, pc) => this.onSwitch(from as Continuation, to as Continuation, tag, fp, func, pc)),
      transferred: guard((op) => this.onTransferred(op)),
    };
  }

  /**
   * Runs `f` with a PauseContext over the stack as it is inside a control hook: the runtime
   * presents the stack as if wasm had stopped at (fp, func, pc) while `f` runs.
   */
  private inHook<T>(fp: number, func: number, pc: number, reason: PauseReason, f: (ctx: PauseContext) => T): T {
    const store = this.store;
    return presentExit(store, ExitKind.Break, fp, func, pc, () => {
      const ctx = new PauseContext(
        this,
        { store, reason: 'control', trapCode: 0, canAwait: false, frames: () => this.engine.frames(), step: () => {} },
        reason,
      );
      try {
        return f(ctx);
      } finally {
        ctx.expire();
      }
    });
  }

  /**
   * A control event: runs its listeners (and, when `pausing`, `paused`/`resumed`), then applies
   * what they chose: continue, or a step = stop after the transfer (see events.ts).
   */
  private controlStop(ctx: PauseContext, reason: PauseReason, emitSpecific: (ctx: PauseContext) => Promise<unknown>[], pausing: boolean, detail: PauseDetail = {}): void {
    const outer = this.current;
    this.current = ctx;
    const promises = emitSpecific(ctx);
    if (pausing) {
      promises.push(...this.dispatch('paused', { reason, expected: this.commands.expectedReason, context: ctx, ...detail }));
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w(ctx);
    }
    if (promises.length > 0) {
      this.emit('error', new TypeError(`a '${reason}' listener returned a promise: exception and stack-switching events are synchronous`));
    }
    const action: ResumeAction = ctx.action ?? { kind: 'continue' };
    if (action.kind === 'step') {
      this.plan = { ...this.blankPlan(action.step, action.granularity, this.store.thread.exit.depth), follow: true };
      this.commands.applyNow(action.step === 'into' ? 'stepInto' : action.step === 'over' ? 'stepOver' : 'stepOut', 'step', () => undefined);
    } else {
      if (action.kind !== 'continue') this.emit('error', new Error(`'${action.kind}' is not possible at a '${reason}' event (continue or step only)`));
      if (pausing) {
        this.plan = null;
        this.commands.applyNow('continue', undefined, () => undefined);
      }
    }
    this.current = outer;
    this.updateHooks();
    if (pausing) this.emit('resumed', { reason, action });
  }

  private wants(event: (typeof CONTROL_EVENTS)[number]): boolean {
    return this.listenerCount(event) > 0;
  }

  private funcAt(func: number) {
    return this.store.funcs[func];
  }

  private onThrown(exn: ExceptionInstance, fp: number, func: number, site: number): void {
    this.pendingOp = null;
    this.thrownStack = null;
    const held = this.heldThrow;
    this.heldThrow = null;
    const wantThrown = this.wants('exceptionThrown') && held !== 'reported';
    const wantUncaught = this.wants('exceptionUncaught');
    const breakOn = held !== null ? 'none' : this.breakOn;
    if (!wantThrown && !wantUncaught && breakOn === 'none') return;
    this.inHook(fp, func, site, 'exception', (ctx) => {
      if (wantUncaught) this.thrownStack = collectFrames(this.store);
      if (!wantThrown && breakOn === 'none') return;
      const predicted = this.predict(exn.tag, this.engine.frames());
      const pausing = breakOn === 'all' || (breakOn === 'uncaught' && predicted === 'uncaught');
      if (!wantThrown && !pausing) return;
      const exception = this.control.exceptionInfo(exn, this.funcAt(func)?.instance);
      this.controlStop(ctx, 'exception', (c) => this.dispatch('exceptionThrown', { reason: 'exception', exception, predicted, pausing, context: c }), pausing, { exception, predicted });
    });
  }

  /**
   * Will a wasm handler catch an exception of `tag` thrown at the top of `c`? The runtime's
   * handler search (exec/exceptions.ts) over the frames of every activation, without changing
   * anything; host frames are assumed to pass it on.
   */
  private predict(tag: unknown, c: EngineCursor): 'caught' | 'uncaught' {
    for (; !c.done; c.moveUp()) {
      if (c.kind !== 'wasm') continue;
      const f = c.record.func;
      const table = f?.handlers;
      if (!f || !table || !f.instance) continue;
      const tags = f.instance.tags;
      for (let e = table.innermost(c.record.pc); e >= 0; e = table.entries[e].parent) {
        for (const clause of table.entries[e].clauses) if (clause.tag === -1 || tags[clause.tag] === tag) return 'caught';
      }
    }
    return 'uncaught';
  }

  private onCaught(exn: ExceptionInstance, fp: number, func: number, handlerPc: number, clause: { readonly tag: number; readonly exnDst: number } | undefined): void {
    this.thrownStack = null;
    if (this.wants('exceptionCaught')) {
      const f = this.funcAt(func);
      this.inHook(fp, func, handlerPc, 'exception', (ctx) => {
        const handler = {
          function: f.instance ? this.control.funcName(f) : `function[${f.funcIndex}]`,
          funcIndex: f.funcIndex,
          pc: f.codeMap?.offsetAt(handlerPc) ?? -1,
          clause: clauseKind(clause),
        };
        const exception = this.control.exceptionInfo(exn, f.instance);
        this.controlStop(ctx, 'exception', (c) => this.dispatch('exceptionCaught', { reason: 'exceptionCaught', exception, handler, context: c }), false);
      });
    }
    const plan = this.plan;
    if (!plan) return;
    const post = this.store.thread.exit.depth;
    if (plan.follow || plan.kind === 'into' || (plan.kind === 'over' && post <= plan.depth) || (plan.kind === 'out' && post < plan.depth)) this.land();
  }

  private onUncaught(exn: ExceptionInstance): void {
    const stack = this.thrownStack ?? [];
    this.thrownStack = null;
    if (this.plan?.follow) this.plan = null;
    if (!this.wants('exceptionUncaught')) return;
    const exception = this.control.exceptionInfo(exn);
    this.dispatch('exceptionUncaught', { reason: 'exceptionUncaught', exception, stack });
  }

  private onResume(cont: Continuation, fp: number, func: number, pc: number): void {
    this.pendingOp = { op: 'resume', depth: this.store.thread.exit.depth };
    if (!this.wants('resume')) return;
    const f = this.funcAt(func);
    const offset = f.codeMap?.offsetAt(pc) ?? -1;
    const byte = f.instance?.info.bytes[offset];
    const op = byte === WasmOp.resumeThrow || byte === WasmOp.resumeThrowRef ? 'resume_throw' : 'resume';
    this.inHook(fp, func, pc, 'control', (ctx) => {
      const continuation = this.continuationInfo(cont, ctx, 'running');
      this.controlStop(ctx, 'control', (c) => this.dispatch('resume', { reason: 'resume', continuation, op, context: c }), false);
    });
  }

  private onSuspend(cont: Continuation, tag: unknown, fp: number, func: number, pc: number): void {
    this.pendingOp = { op: 'suspend', depth: this.store.thread.exit.depth };
    if (!this.wants('suspend')) return;
    this.inHook(fp, func, pc, 'control', (ctx) => {
      const continuation = this.continuationInfo(cont, ctx, 'suspended');
      const tagName = this.control.tagName(tag, this.funcAt(func).instance);
      this.controlStop(ctx, 'control', (c) => this.dispatch('suspend', { reason: 'suspend', continuation, tag: tagName, context: c }), false);
    });
  }

  private onSwitch(from: Continuation, to: Continuation, tag: unknown, fp: number, func: number, pc: number): void {
    this.pendingOp = { op: 'switch', depth: this.store.thread.exit.depth };
    if (!this.wants('switch')) return;
    this.inHook(fp, func, pc, 'control', (ctx) => {
      const a = this.continuationInfo(from, ctx, 'suspended');
      const b = this.continuationInfo(to, ctx, 'running');
      const tagName = this.control.tagName(tag, this.funcAt(func).instance);
      this.controlStop(ctx, 'control', (c) => this.dispatch('switch', { reason: 'switch', from: a, to: b, tag: tagName, context: c }), false);
    });
  }

  /**
   * Control moved (resume / suspend / switch): does the step in progress stop at the first
   * instruction where execution continues? The rule (the step started in frame F at depth D):
   *   - F's own `resume`: step into stops at the first instruction inside the continuation; step
   *     over runs it free (the runtime's step stops after it when the continuation returns; a
   *     suspension back to F lands here, at F's handler block).
   *   - F's own `suspend` / `switch`: step into/over stop at the first instruction executed after
   *     it (the resumer's handler block; the switched-to continuation); step out only when that
   *     is a caller (depth < D).
   *   - anybody else's transfer: step over stops when control lands in F or a caller (depth <= D),
   *     step out in a caller (depth < D), step into always.
   */
  private onTransferred(op: 'resume' | 'suspend' | 'switch'): void {
    const pre = this.pendingOp;
    this.pendingOp = null;
    const plan = this.plan;
    if (!plan) return;
    if (plan.follow) {
      this.land();
      return;
    }
    const post = this.store.thread.exit.depth;
    const self = pre !== null && pre.depth === plan.depth;
    let land: boolean;
    if (op === 'resume' && self) land = plan.kind === 'into';
    else if (self) land = plan.kind !== 'out' || post < plan.depth;
    else land = plan.kind === 'into' || (plan.kind === 'over' && post <= plan.depth) || (plan.kind === 'out' && post < plan.depth);
    if (land) this.land();
  }

  /**
   * Stop where the thread continues (a 'step' pause): by instruction, at the instruction itself;
   * by line, at the first statement from there (a block's `end` where a handler label lands, or a
   * function's `end` after a suspend, are not statements: the step goes on to the next one).
   */
  private land(): void {
    const depth = this.store.thread.exit.depth;
    const kind = this.plan?.kind ?? 'into';
    const granularity = this.plan?.granularity ?? 'instruction';
    this.plan = this.blankPlan(kind, granularity, depth);
    this.engine.stopHere();
  }


  /** A plan with no starting position (a step chosen at a control event, or landing after one). */
  private blankPlan(kind: StepKind, granularity: StepGranularity, depth: number): StepPlan {
    return { kind, granularity, depth, file: undefined, line: undefined, column: undefined, inline: 0, skipPrologue: false };
  }

  /** Resolves at the next pause (its context), or null if the run ends first (see `run`). */
  nextPause(): Promise<PauseContext | null> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

/** The spec's trap message for a code (through @lantern/traps). */
function trapMessageOf(code: number): string {
  return trapMessage(code as Parameters<typeof trapMessage>[0]);
}
