/**
 * DebugSession: one program under the debugger, as a client drives it — the core shared by the
 * `lantern debug` CLI and the Debug Adapter Protocol server.
 *
 * It owns the run/pause state machine:
 *
 *   idle --start--> running <--continue/step/resume/retry/forceReturn-- paused
 *                    |  \--stop (breakpoint, step, trap, pause, entry)--> paused
 *                    \--end (exit, trap unwound, host error, terminate)--> ended --start--> running
 *
 * A run is a fresh engine with a Debugger attached (launch.ts), entered through `Debugger.run`
 * (the async entry): at each stop the session's `paused` listener returns a promise that keeps
 * wasm paused until a resuming call chooses the action and settles it. Resuming calls resolve
 * with the next Outcome (a stop, or the end); the same is emitted as `stopped` / `ended` events,
 * so an event-driven client (DAP) can ignore the promises.
 *
 * At a stop: frames get integer handles (FrameHandles), expandable values integer references
 * (VariableStore), both valid until the program runs again; expressions are evaluated in a frame
 * (expression/evaluator.ts) and assigned. Breakpoints (BreakpointManager) outlive runs.
 */
import { EventEmitter } from 'eventemitter3';
import { resultTypesAt, type Instance } from '@lantern/runtime';
import { ExitStatus } from '@lantern/wasi';
import type { Debugger } from '../debugger.ts';
import type { PausedEvent } from '../events.ts';
import type { PauseContext } from '../pauseContext.ts';
import type { WasmFrameInfo } from '../frames/frameInfo.ts';
import type { WasmValueInput } from '../frames/wasmValue.ts';
import { SymbolResolver } from '../source/symbolResolver.ts';
import { evaluate, type EvalEnv, type Evaluated } from '../expression/evaluator.ts';
import { frameEnv } from '../expression/frameEnv.ts';
import { assign } from '../expression/assign.ts';
import { UserError } from '../expression/userError.ts';
import { BreakpointManager } from './breakpointManager.ts';
import { FrameHandles } from './frameHandles.ts';
import { launch, type LanternWebAssembly } from './launch.ts';
import { ProgramIndex } from './programIndex.ts';
import { parseMemoryReference, VariableStore } from './variableStore.ts';
import type {
  DebugSessionEvents,
  EvaluateContext,
  ExceptionFilters,
  EvaluateResult,
  LaunchOptions,
  Outcome,
  RunEnd,
  ScopeInfo,
  SessionState,
  StackFrameHandle,
  StepRequest,
  Stop,
  StopReason,
  ThreadInfo,
  TrapInfo,
  VariableInfo,
} from './types.ts';

interface Run {
  readonly dbg: Debugger;
  readonly WebAssembly: LanternWebAssembly;
}

interface Pause {
  readonly stop: Stop;
  readonly release: () => void;
}

/** The one thread a session has (wasm threads are not supported). */
const THREAD: ThreadInfo = { id: 1, name: 'main' };

export class DebugSession extends EventEmitter<DebugSessionEvents> {
  readonly program: ProgramIndex;
  readonly symbols: SymbolResolver;
  readonly breakpoints: BreakpointManager;
  private readonly frameHandles = new FrameHandles();
  private readonly store: VariableStore;
  /** Values `$1`, `$2`, ... of the expressions evaluated in the repl (gdb's value history). */
  readonly history: Evaluated[] = [];
  private run: Run | undefined;
  private paused: Pause | undefined;
  private waiter: ((outcome: Outcome) => void) | undefined;
  private lastEnd: RunEnd | undefined;
  private terminating = false;
  private entryPending = false;
  private filters: ExceptionFilters = { traps: true, exceptions: 'none' };

  /** Throws the runtime's CompileError when the bytes are not a module. */
  constructor(readonly options: LaunchOptions) {
    super();
    this.symbols = options.symbols ?? new SymbolResolver();
    this.program = new ProgramIndex(options.bytes, this.symbols);
    this.store = new VariableStore(this.symbols);
    this.breakpoints = new BreakpointManager(this.program, {
      changed: (breakpoint) => this.emit('breakpoint', { reason: 'changed', breakpoint }),
      removed: (breakpoint) => this.emit('breakpoint', { reason: 'removed', breakpoint }),
      error: (event) => this.emit('breakpointError', event),
      log: (text) => this.emit('output', { category: 'console', text }),
    });
  }

  get state(): SessionState {
    if (this.paused) return 'paused';
    if (this.run) return 'running';
    return this.lastEnd ? 'ended' : 'idle';
  }

  /** The stop being inspected. */
  get stop(): Stop | undefined {
    return this.paused?.stop;
  }

  // ------------------------------------------------------------------ running

  /**
   * Starts the program from the beginning (ending a run in progress first, as `restart`).
   * Resolves at the first stop or the end; throws a LaunchError when it cannot start.
   */
  async start(): Promise<Outcome> {
    if (this.run) await this.terminate();
    this.lastEnd = undefined;
    let launched;
    try {
      launched = launch(this.options, this.symbols, this.stdio(), (d) => {
        this.breakpoints.attach(d);
        d.setBreakOnExceptions(this.filters.exceptions);
        d.on('paused', (event) => this.onPaused(event));
        d.on('error', (error) => this.emit('warning', error instanceof Error ? error.message : String(error)));
      });
    } catch (error) {
      this.breakpoints.detach();
      throw error;
    }
    const { WebAssembly, dbg, calls } = launched;
    const run: Run = { dbg, WebAssembly };
    this.run = run;
    this.emit('process', { name: this.options.name, invoke: this.options.invoke?.name, args: this.options.args ?? [] });
    const next = this.nextOutcome();
    if (this.options.stopOnEntry) {
      this.entryPending = true;
      dbg.pause();
    }
    void (async () => {
      let result: unknown;
      try {
        for (const call of calls) result = await dbg.run(call.fn, ...call.args);
      } catch (error) {
        return this.onEnd(run, undefined, error);
      }
      this.onEnd(run, result, undefined);
    })();
    return next;
  }

  /**
   * The running program's engine (its WebAssembly namespace), for tools that observe the run
   * beside the debugger (a Profiler); undefined before the first run.
   */
  get engine(): object | undefined {
    return this.run?.WebAssembly;
  }

  /** Which exceptional events stop, now and in later runs. */
  setExceptionFilters(filters: ExceptionFilters): void {
    this.filters = filters;
    this.run?.dbg.setBreakOnExceptions(filters.exceptions);
  }

  get exceptionFilters(): ExceptionFilters {
    return this.filters;
  }

  /** `start` again (the breakpoints and their hits stay). */
  restart(): Promise<Outcome> {
    return this.start();
  }

  /**
   * Asks the running program to stop at its next instruction (reason 'pause'); the `stopped`
   * event follows. False when it is not running (stopped, ended, not started).
   */
  pause(): boolean {
    if (!this.run || this.paused) return false;
    this.run.dbg.pause();
    return true;
  }

  continue(): Promise<Outcome> {
    return this.resume((ctx) => ctx.continue());
  }

  step(request: StepRequest): Promise<Outcome> {
    return this.resume((ctx) => ctx.step(request.kind, request.granularity));
  }

  /** At a trap: the trapping instruction produces `values` and the program goes on. */
  resumeTrap(values: readonly WasmValueInput[]): Promise<Outcome> {
    const trap = this.requireTrap();
    if (values.length !== trap.resultCount) {
      throw new UserError(`The trapping instruction produces ${trap.resultCount} value${trap.resultCount === 1 ? '' : 's'}; ${values.length} given.`);
    }
    return this.resume((ctx) => ctx.resume(...values));
  }

  /** At a trap: run the trapping instruction again (after changing what made it trap). */
  retry(): Promise<Outcome> {
    this.requireTrap();
    return this.resume((ctx) => ctx.retry());
  }

  /** Returns from wasm frame `frameId` with `values` (its function's results). */
  forceReturn(frameId: number, values: readonly WasmValueInput[]): Promise<Outcome> {
    const frame = this.frameHandles.wasm(frameId);
    const index = this.requirePause().stop.frames.filter((f) => f.kind === 'wasm').indexOf(frame);
    return this.resume((ctx) => ctx.forceReturn(index, ...values));
  }

  /** Ends the run (the program is unwound; the outcome is `{ kind: 'terminated' }`). */
  async terminate(): Promise<void> {
    const run = this.run;
    if (!run) return;
    this.terminating = true;
    const ended = this.nextOutcome();
    const p = this.paused;
    if (p) {
      this.leave(p, (ctx) => ctx.unwind());
    } else {
      run.dbg.pause(); // onPaused unwinds at the next instruction
    }
    await ended;
    this.terminating = false;
  }

  private stdio() {
    const route = (category: 'stdout' | 'stderr', option: LaunchOptions['stdout']) => {
      if (option !== 'events') return option;
      const decoder = new TextDecoder();
      return (data: Uint8Array) => this.emit('output', { category, text: decoder.decode(data, { stream: true }), data });
    };
    const stdout = route('stdout', this.options.stdout);
    const stderr = route('stderr', this.options.stderr);
    return { ...(stdout ? { stdout } : {}), ...(stderr ? { stderr } : {}), ...(this.options.stdin ? { stdin: this.options.stdin } : {}) };
  }

  private nextOutcome(): Promise<Outcome> {
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  private settle(outcome: Outcome): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.(outcome);
  }

  private onPaused(event: PausedEvent): Promise<void> | void {
    const ctx = event.context;
    if (this.terminating || (event.reason === 'trap' && !this.filters.traps)) {
      ctx.unwind();
      return;
    }
    let reason: StopReason = event.reason;
    if (reason === 'pause' && this.entryPending) reason = 'entry';
    this.entryPending = false;
    const frames = ctx.frames();
    const trap = event.trap ? this.trapInfo(event.trap, ctx) : undefined;
    const stop: Stop = {
      reason,
      breakpointIds: this.breakpoints.idsOf(event.breakpoints),
      trap,
      exception: event.exception,
      description: describe(reason, trap),
      frames,
      context: ctx,
      nested: !ctx.engine.canAwait,
    };
    this.frameHandles.reset(frames);
    this.store.clear();
    if (stop.nested) {
      // A stop inside a host function's nested synchronous call cannot wait: report it and go on.
      this.emit('stopped', stop);
      this.frameHandles.clear();
      this.store.clear();
      return;
    }
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.paused = { stop, release };
    this.emit('stopped', stop);
    this.settle({ kind: 'stopped', stop });
    return released;
  }

  private trapInfo(trap: { readonly message: string; readonly code: number | undefined }, ctx: PauseContext): TrapInfo {
    const top = ctx.wasmFrames()[0];
    return {
      message: trap.message,
      code: trap.code,
      offset: top?.pc ?? -1,
      function: top?.function ?? '?',
      resultCount: top ? resultTypesAt(top.instance as Instance, top.pc).length : 0,
    };
  }

  private onEnd(run: Run, result: unknown, error: unknown): void {
    this.breakpoints.detach();
    run.dbg.detach();
    this.run = undefined;
    this.paused = undefined;
    this.frameHandles.clear();
    this.store.clear();
    let end: RunEnd;
    if (this.terminating) end = { kind: 'terminated' };
    else if (error instanceof ExitStatus) end = { kind: 'exited', exitCode: error.code };
    else if (error instanceof run.WebAssembly.RuntimeError) end = { kind: 'trapped', error };
    else if (error !== undefined) end = { kind: 'failed', error };
    else end = { kind: 'exited', exitCode: 0, ...(this.options.invoke ? { result } : {}) };
    this.lastEnd = end;
    this.emit('ended', end);
    this.settle({ kind: 'ended', end });
  }

  private requirePause(): Pause {
    if (!this.paused) throw new UserError('The program is not being run.');
    return this.paused;
  }

  private requireTrap(): TrapInfo {
    const p = this.requirePause();
    if (!p.stop.trap) throw new UserError(`The program is stopped at a ${p.stop.reason}, not a trap.`);
    return p.stop.trap;
  }

  /** Chooses the action at the current stop and lets the program go on; resolves at the next stop or the end. */
  private resume(choose: (ctx: PauseContext) => void): Promise<Outcome> {
    const p = this.requirePause();
    const next = this.nextOutcome();
    this.leave(p, choose);
    this.emit('continued');
    return next;
  }

  private leave(p: Pause, choose: (ctx: PauseContext) => void): void {
    choose(p.stop.context);
    this.paused = undefined;
    this.frameHandles.clear();
    this.store.clear();
    p.release();
  }

  // ------------------------------------------------------------------ inspection (at a stop)

  threads(): ThreadInfo[] {
    return [THREAD];
  }

  /** Frames newest first (inlined calls as their own frames), `count` from `start`. */
  stackTrace(start = 0, count = 0): { readonly frames: readonly StackFrameHandle[]; readonly total: number } {
    this.requirePause();
    return this.frameHandles.page(start, count);
  }

  frame(frameId: number): StackFrameHandle {
    this.requirePause();
    return this.frameHandles.get(frameId);
  }

  scopes(frameId: number): ScopeInfo[] {
    const p = this.requirePause();
    const h = this.frameHandles.get(frameId);
    if (h.frame.kind !== 'wasm') return [];
    return this.store.scopes(h.frame, this.env(h.frame), p.stop.context);
  }

  variables(variablesReference: number, start = 0, count = 0): VariableInfo[] {
    this.requirePause();
    return this.store.variables(variablesReference, start, count);
  }

  setVariable(variablesReference: number, name: string, value: string): VariableInfo {
    this.requirePause();
    return this.store.set(variablesReference, name, value);
  }

  /** The environment expressions are evaluated in: a wasm frame of the stop (default: the newest). */
  env(frame: WasmFrameInfo = this.frameHandles.wasm(undefined)): EvalEnv {
    const p = this.requirePause();
    return frameEnv(p.stop.context, frame, (n) => this.history[n - 1]);
  }

  /** An expression's value in frame `frameId` (default: the newest wasm frame). */
  evaluateValue(expression: string, frameId?: number): Evaluated {
    this.requirePause();
    return evaluate(expression, this.env(this.frameHandles.wasm(frameId)));
  }

  /**
   * DAP evaluate: the value with a reference to expand it. In the 'repl' context the value joins
   * the history (`$N`). Errors are UserErrors with a message for the user.
   */
  evaluate(expression: string, frameId?: number, context: EvaluateContext = 'repl'): EvaluateResult {
    const env = this.env(this.frameHandles.wasm(frameId));
    const value = evaluate(expression, env);
    if (context === 'repl') this.history.push(value);
    const v = this.store.describe(expression, value, env, expression);
    return {
      result: v.value,
      type: v.type,
      variablesReference: v.variablesReference,
      ...(v.namedVariables !== undefined ? { namedVariables: v.namedVariables } : {}),
      ...(v.indexedVariables !== undefined ? { indexedVariables: v.indexedVariables } : {}),
      ...(v.memoryReference !== undefined ? { memoryReference: v.memoryReference } : {}),
    };
  }

  /** DAP setExpression: assigns `value` to what `expression` names. */
  setExpression(expression: string, value: string, frameId?: number): VariableInfo {
    const env = this.env(this.frameHandles.wasm(frameId));
    return this.store.describe(expression, assign(expression, value, env), env, expression);
  }

  /**
   * The names an expression may use in frame `frameId` (DAP completions): source variables,
   * wasm locals, operands and globals as the evaluator spells them.
   */
  names(frameId?: number): string[] {
    const p = this.requirePause();
    const frame = this.frameHandles.wasm(frameId);
    const globals = p.stop.context.globals(frame.instance as Instance);
    return [
      ...frame.variables.map((v) => v.name),
      ...frame.locals.map((l) => (l.name !== undefined ? `$${l.name}` : `$local${l.index}`)),
      ...frame.operands.map((_, i) => `$operand${i}`),
      ...globals.map((g) => (g.name !== undefined ? `$${g.name}` : `$global${g.index}`)),
    ];
  }

  /** The trap of the stop, when it is one (DAP exceptionInfo). */
  exceptionInfo(): TrapInfo | undefined {
    return this.requirePause().stop.trap;
  }

  /** Bytes of a memory (memoryReference as `variables` gives it, plus `offset`). */
  readMemory(memoryReference: string, offset: number, count: number): Uint8Array {
    const { ctx, memory, address, instance } = this.memoryAt(memoryReference);
    const m = ctx.memory(memory, instance);
    const from = Math.max(0, Math.min(address + offset, m.byteLength));
    return m.read(from, Math.max(0, Math.min(count, m.byteLength - from)));
  }

  writeMemory(memoryReference: string, offset: number, bytes: Uint8Array): void {
    const { ctx, memory, address, instance } = this.memoryAt(memoryReference);
    ctx.memory(memory, instance).write(address + offset, bytes);
  }

  private memoryAt(reference: string) {
    const p = this.requirePause();
    const { memory, address } = parseMemoryReference(reference);
    const frame = this.frameHandles.wasm(undefined);
    return { ctx: p.stop.context, memory, address, instance: frame.instance as Instance };
  }
}

function describe(reason: StopReason, trap: TrapInfo | undefined): string {
  switch (reason) {
    case 'trap':
      return `Paused on trap: ${trap?.message ?? 'trap'}`;
    case 'entry':
      return 'Paused on entry';
    case 'pause':
      return 'Paused';
    case 'step':
      return 'Paused after a step';
    case 'exception':
      return 'Paused on a wasm exception';
    default:
      return `Paused on ${reason}`;
  }
}
