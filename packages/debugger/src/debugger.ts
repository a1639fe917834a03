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
 */

import { EventEmitter } from 'eventemitter3';
import { RETRY, UNWIND, registerHandler, resumeWith, trapMessage, type HandlerDecision } from '@lantern/traps';
import type { ModuleInfo, Store } from '@lantern/runtime';
import type { DebuggerEvents, PauseReason, ResumeAction, StepGranularity, StepKind } from './events.ts';
import { PauseContext, type PauseHost } from './pauseContext.ts';
import { Breakpoint, expandTemplate, type BreakpointLocation, type BreakpointOptions } from './breakpoints/breakpoint.ts';
import { CommandQueue } from './commandQueue.ts';
import { SymbolResolver } from './source/symbolResolver.ts';
import { WatSymbolProvider } from './source/watSymbolProvider.ts';
import type { EngineBreakpoint, EnginePause, EngineStep } from './engine.ts';
import { attachEngine, debugStoreOf, invokeAsyncRaw, type EngineDebug } from './engineLink.ts';
import { formatWasmValue, type WasmValueInput } from './frames/wasmValue.ts';
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
  readonly probes?: ProbeOptions;
}

export type DebugTarget = Store | object;

interface StepPlan {
  readonly kind: StepKind;
  readonly granularity: StepGranularity;
  readonly depth: number;
  readonly file: string | undefined;
  readonly line: number | undefined;
  /** Inlined-call depth at the start (DWARF inlined frames count as frames when stepping). */
  readonly inline: number;
}

export class Debugger extends EventEmitter<DebuggerEvents> implements PauseHost {
  readonly store: Store;
  readonly symbols: SymbolResolver;
  readonly commands = new CommandQueue();
  readonly defaultGranularity: StepGranularity | 'auto';
  private readonly engine: EngineDebug;
  private readonly unregister: () => void;
  private readonly bps = new Map<number, Breakpoint>();
  /** Engine breakpoints of each of ours (one per bound offset). */
  private readonly bound = new Map<Breakpoint, EngineBreakpoint[]>();
  private readonly knownModules = new Set<ModuleInfo>();
  private nextBpId = 1;
  private plan: StepPlan | null = null;
  private pauseRequested = false;
  private attached = true;
  /** The context of the pause in progress (a command issued now applies to it). */
  private current: PauseContext | null = null;
  private waiters: ((ctx: PauseContext | null) => void)[] = [];

  private constructor(store: Store, options: DebuggerOptions) {
    super();
    this.store = store;
    this.symbols = options.symbols ?? new SymbolResolver();
    this.defaultGranularity = options.stepGranularity ?? 'auto';
    this.engine = attachEngine(store, {
      debugCompile: options.debugCompile ?? false,
      onModule: (info) => this.onModule(info),
    });
    this.unregister = registerHandler<EnginePause & Parameters<Parameters<typeof registerHandler>[1]>[0]>(
      store.thread.state,
      (ctx) => this.onExit(ctx as unknown as EnginePause),
    );
    for (const info of this.engine.modules()) this.onModule(info);
    if (options.probes) this.setProbes(options.probes);
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
    this.unregister();
    this.engine.detach();
    this.bound.clear();
    for (const bp of this.bps.values()) {
      bp.sites.length = 0;
    }
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
      if (typeof m === 'string' && m !== symbols.label && m !== symbols.names.moduleName) return;
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
    switch (ectx.reason) {
      case 'trap':
        return this.stop(ectx, 'trap', (ctx) => {
          const message = ectx.trapCode ? trapMessageOf(ectx.trapCode) : 'trap';
          return this.dispatch('trap', { reason: 'trap', message, code: ectx.trapCode, context: ctx });
        });
      case 'breakpoint':
        return this.onBreakpoint(ectx);
      case 'step':
        return this.onStep(ectx);
      case 'probe':
        return this.onProbe(ectx);
    }
    return undefined;
  }

  private onBreakpoint(ectx: EnginePause): HandlerDecision | undefined | Promise<HandlerDecision | undefined> {
    const cursor = ectx.frames();
    const pc = cursor.internalPc;
    const here = [...this.bound].filter(([b, list]) => b.enabled && list.some((e) => e.pcs.includes(pc))).map(([b]) => b);
    const ctx = new PauseContext(this, ectx, 'breakpoint');
    const stopping: Breakpoint[] = [];
    for (const bp of here) {
      const frame = ctx.topFrame;
      let ok = true;
      if (bp.options.condition) {
        try {
          ok = !!bp.options.condition(frame);
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
      // Nothing stops here: a step in progress goes on (the runtime dropped its temps).
      if (this.plan) return this.continuePlan(ectx, this.plan);
      if (this.pauseRequested) return this.onStep(ectx);
      return undefined;
    }
    this.plan = null;
    return this.stop(ectx, 'breakpoint', (c) => this.dispatch('breakpoint', { reason: 'breakpoint', breakpoints: stopping, context: c }), ctx);
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
    if (!this.planStops(ectx, plan)) return this.continuePlan(ectx, plan);
    this.plan = null;
    return this.stop(ectx, 'step', (ctx) =>
      this.dispatch('step', { reason: 'step', step: plan.kind, granularity: plan.granularity, context: ctx }),
    );
  }

  /** Does a step plan stop here (the runtime stopped after one instruction step)? */
  private planStops(ectx: EnginePause, plan: StepPlan): boolean {
    const depth = this.store.thread.depth;
    if (plan.granularity === 'instruction') return true; // the runtime applied kind and depth
    if (depth < plan.depth) return true; // returned to a caller
    const pos = this.positionOf(ectx);
    const inline = pos?.inline ?? 0;
    if (plan.kind === 'out') return depth === plan.depth && inline < plan.inline;
    if (plan.kind === 'over' && (depth > plan.depth || inline > plan.inline)) return false;
    if (!pos) return false;
    if (!pos.statement) return false;
    return depth !== plan.depth || inline !== plan.inline || pos.line !== plan.line || pos.file !== plan.file;
  }

  /** Keep stepping: the runtime step kind that gets closer to where the plan stops. */
  private continuePlan(ectx: EnginePause, plan: StepPlan): undefined {
    this.plan = plan;
    const depth = this.store.thread.depth;
    let kind: EngineStep;
    if (plan.kind === 'out') kind = plan.inline > 0 && depth === plan.depth ? 'over' : 'out';
    else if (plan.kind === 'over') kind = depth > plan.depth ? 'out' : 'over';
    else kind = depth > plan.depth && !this.positionOf(ectx) ? 'out' : 'into';
    ectx.step(kind);
    return undefined;
  }

  private positionOf(ectx: EnginePause): { file: string; line: number; statement: boolean; inline: number } | undefined {
    const c = ectx.frames();
    if (c.kind !== 'wasm' || !c.instance) return undefined;
    const symbols = this.symbols.forModule(c.instance.info);
    const p = symbols.provider;
    const pos = p?.sourcePosition(c.pc);
    if (!pos || pos.line === 0) return undefined;
    const statement = p instanceof WatSymbolProvider ? p.isStatementOffset(c.pc) : true;
    return { file: pos.file, line: pos.line, statement, inline: pos.inlinedChain.length };
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
  ): HandlerDecision | undefined | Promise<HandlerDecision | undefined> {
    const ctx = existing ?? new PauseContext(this, ectx, reason);
    this.current = ctx;
    const promises = emitSpecific(ctx);
    promises.push(...this.dispatch('paused', { reason, expected: this.commands.expectedReason, context: ctx }));
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
          depth: this.store.thread.depth,
          file: top.source?.file,
          line: top.source?.line,
          inline: Math.max(0, top.sourceFrames.length - 1),
        };
        this.commands.applyNow(action.step === 'into' ? 'stepInto' : action.step === 'over' ? 'stepOver' : 'stepOut', 'step', () => undefined);
        ectx.step(action.step === 'out' && this.plan.inline > 0 ? 'over' : action.step);
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
    this.emit('resumed', { reason, action });
    return decision;
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
