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
import { exceptionOf, resultTypesAt, type Instance } from '@lantern/runtime';
import { ExitStatus } from '@lantern/wasi';
import type { Debugger } from '../debugger.ts';
import type { Breakpoint } from '../breakpoints/breakpoint.ts';
import type { PausedEvent } from '../events.ts';
import type { PauseContext } from '../pauseContext.ts';
import type { WasmFrameInfo } from '../frames/frameInfo.ts';
import type { WasmValueInput } from '../frames/wasmValue.ts';
import { HEAP_PAGE, type HeapPage } from '../frames/gcHeap.ts';
import { SymbolResolver } from '../source/symbolResolver.ts';
import { evaluate, type EvalEnv, type Evaluated } from '../expression/evaluator.ts';
import { frameEnv } from '../expression/frameEnv.ts';
import { assign } from '../expression/assign.ts';
import { UserError } from '../expression/userError.ts';
import { BreakpointManager } from './breakpointManager.ts';
import { WatchpointManager } from './watchpointManager.ts';
import { captureCoreDump, encodeCoreDump, type CoreStop } from '../coredump/coreDump.ts';
import { readCoreDump } from '../coredump/coreReader.ts';
import { openCoreDump } from '../coredump/postMortem.ts';
import type { WatchAccess } from '../breakpoints/watchpoint.ts';
import { FrameHandles } from './frameHandles.ts';
import { launch, type LanternWebAssembly } from './launch.ts';
import { ProgramIndex } from './programIndex.ts';
import { exceptionText, UncaughtWasmException } from './uncaughtWasmException.ts';
import type { ExceptionInfo } from '../control/controlInfo.ts';
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
  WatchHitReport,
  WatchpointState,
  WatchTargetSpec,
} from './types.ts';

interface Run {
  readonly dbg: Debugger;
  readonly WebAssembly: LanternWebAssembly;
  /** The program's instance: memory references name its memories. */
  readonly instance: Instance;
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
  readonly watchpoints: WatchpointManager;
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
  /** The breakpoint of a step into a chosen call (stepIntoTarget): a stop there is the step's. */
  private stepTarget: Breakpoint | undefined;
  /** An open core dump: where it came from, and the instance its memories were restored into. */
  private postMortem: { source: string; instance: Instance; stop: CoreStop | undefined } | undefined;

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
    this.watchpoints = new WatchpointManager(() => this.breakpoints.takeId(), {
      error: (event) => this.emit('warning', `watchpoint ${event.watchpoint.id}: error in condition: ${event.error instanceof Error ? event.error.message : String(event.error)}`),
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

  // ------------------------------------------------------------------ post-mortem

  /**
   * Opens a core dump of this program (post-mortem): a stop (reason 'trap') at the dump's newest
   * frame, inspected like any other — backtrace, scopes, variables, evaluate, memory — but
   * read-only: changes and resuming calls throw a UserError; so does `start` while it is open.
   */
  openCore(core: Uint8Array, source = 'the core dump'): Stop {
    if (this.run) throw new UserError('The program is running: kill it before opening a core dump.');
    const pm = openCoreDump(this.options.bytes, readCoreDump(core), this.symbols, source);
    const ctx = pm.context;
    const frames = ctx.frames();
    const top = ctx.wasmFrames()[0];
    const stop: Stop = {
      reason: 'trap',
      breakpointIds: [],
      watchpoints: [],
      trap: { message: `core dump of ${pm.dump.executable}`, code: undefined, offset: top?.pc ?? -1, function: top?.function ?? '?', resultCount: 0 },
      exception: undefined,
      predicted: undefined,
      description: `Core dump of ${pm.dump.executable} (${source})`,
      frames,
      context: ctx,
      nested: false,
    };
    this.postMortem = { source, instance: pm.instance, stop: pm.dump.stop };
    this.frameHandles.reset(frames);
    this.store.clear();
    this.paused = { stop, release: () => undefined };
    return stop;
  }

  /** Where the core dump being inspected came from (openCore); undefined for a live program. */
  get coreSource(): string | undefined {
    return this.postMortem?.source;
  }

  /** Why the program of the open core dump stopped, when the dump says (openCore). */
  get coreStop(): CoreStop | undefined {
    return this.postMortem?.stop;
  }

  /**
   * The state at the current stop as a core dump (the tool-conventions format; see
   * coredump/coreDump.ts), recording why it stopped: a trap's message, or the stop's reason.
   */
  coreDump(): Uint8Array {
    const p = this.requirePause();
    const stop: CoreStop | undefined = this.postMortem
      ? this.postMortem.stop
      : p.stop.trap
        ? { kind: 'trap', message: p.stop.trap.message }
        : { kind: 'pause', message: p.stop.reason };
    return encodeCoreDump(captureCoreDump(p.stop.context.engine.frames(), this.options.name, stop));
  }

  // ------------------------------------------------------------------ running

  /**
   * Starts the program from the beginning (ending a run in progress first, as `restart`).
   * Resolves at the first stop or the end; throws a LaunchError when it cannot start.
   */
  async start(): Promise<Outcome> {
    if (this.postMortem !== undefined) throw new UserError(`The program is a core dump (${this.postMortem.source}): it cannot be run.`);
    if (this.run) await this.terminate();
    this.lastEnd = undefined;
    let launched;
    try {
      launched = launch(this.options, this.symbols, this.stdio(), (d) => {
        this.breakpoints.attach(d);
        this.watchpoints.attach(d);
        d.setBreakOnExceptions(this.filters.exceptions);
        d.on('paused', (event) => this.onPaused(event));
        d.on('error', (error) => this.emit('warning', error instanceof Error ? error.message : String(error)));
      });
    } catch (error) {
      this.breakpoints.detach();
      this.watchpoints.detach();
      throw error;
    }
    const { WebAssembly, dbg, calls, instance } = launched;
    const run: Run = { dbg, WebAssembly, instance };
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

  /**
   * The functions the current line of frame `frameId` still calls directly (DAP stepInTargets):
   * `id` is the function index stepIntoTarget takes.
   */
  stepInTargets(frameId: number): { readonly id: number; readonly label: string }[] {
    const frame = this.frameHandles.wasm(frameId);
    return this.program.callsAhead(frame.pc).map((c) => ({ id: c.funcIndex, label: c.name }));
  }

  /**
   * Steps into the call of function `funcIndex` on the current line: stops at its body's start
   * (after the prologue) when the line calls it, else where stepping over the line stops.
   */
  async stepIntoTarget(funcIndex: number): Promise<Outcome> {
    const run = this.run;
    this.requirePause();
    if (!run || funcIndex < this.program.info.importedFuncs || funcIndex >= this.program.info.importedFuncs + this.program.info.bodies.length) {
      throw new UserError(`No wasm function ${funcIndex} to step into.`);
    }
    const target = run.dbg.setBreakpoint({ offset: this.program.functionBreakOffset(funcIndex) });
    this.stepTarget = target;
    try {
      return await this.resume((ctx) => ctx.step('over', 'line'));
    } finally {
      this.stepTarget = undefined;
      run.dbg.removeBreakpoint(target);
    }
  }

  /**
   * Where the newest frame can go to at `file:line` (DAP gotoTargets): the line's instructions
   * in the paused function where that is safe (PauseContext.goto); `id` is the module offset
   * goto takes. Throws a UserError saying why when there is none.
   */
  gotoTargets(file: string, line: number): { readonly id: number; readonly label: string; readonly line: number }[] {
    const ctx = this.requirePause().stop.context;
    const loc = this.program.resolveLine(file, line);
    const at = loc.line ?? line;
    const problems: string[] = [];
    const out: { id: number; label: string; line: number }[] = [];
    for (const offset of loc.offsets) {
      const problem = ctx.gotoProblem(offset);
      if (problem === undefined) out.push({ id: offset, label: `line ${at} (0x${offset.toString(16)})`, line: at });
      else problems.push(problem.replace(/^goto: /, ''));
    }
    if (out.length === 0) throw new UserError(`Cannot jump to line ${at}: ${problems[0] ?? 'no code there'}.`);
    return out;
  }

  /**
   * Continues the newest frame at module offset `offset` of its function (a gotoTargets id),
   * stopping there (reason 'goto'). Refused, before anything changes, where it is not safe.
   */
  goto(offset: number): Promise<Outcome> {
    const problem = this.requirePause().stop.context.gotoProblem(offset);
    if (problem !== undefined) throw new UserError(`Cannot jump to 0x${offset.toString(16)}: ${problem.replace(/^goto: /, '')}.`);
    return this.resume((ctx) => ctx.goto(offset));
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
    if (this.stepTarget && event.breakpoints?.includes(this.stepTarget)) reason = 'step';
    this.entryPending = false;
    const frames = ctx.frames();
    const trap = event.trap ? this.trapInfo(event.trap, ctx) : undefined;
    const watchpoints = this.watchpoints.reports(event.watchpoints);
    const stop: Stop = {
      reason,
      breakpointIds: this.breakpoints.idsOf(event.breakpoints),
      watchpoints,
      trap,
      exception: event.exception,
      predicted: event.predicted,
      description:
        watchpoints.length > 0
          ? `Paused on data breakpoint: ${watchpoints.map(describeWatchHit).join(', ')}`
          : describe(reason, trap, event.exception, event.predicted),
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
    this.watchpoints.detach();
    run.dbg.detach();
    this.run = undefined;
    this.paused = undefined;
    this.frameHandles.clear();
    this.store.clear();
    let end: RunEnd;
    if (this.terminating) end = { kind: 'terminated' };
    else if (error instanceof ExitStatus) end = { kind: 'exited', exitCode: error.code };
    else if (error instanceof run.WebAssembly.RuntimeError) end = { kind: 'trapped', error };
    else if (exceptionOf(error) !== undefined) end = { kind: 'failed', error: new UncaughtWasmException(run.dbg.control.exceptionInfo(exceptionOf(error)!)) };
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

  /** GC objects frame `frameId` reaches (locals, operands, globals, tables): objects `start` .. `start + count - 1` of the walk. */
  heap(frameId?: number, start = 0, count = HEAP_PAGE): HeapPage {
    const p = this.requirePause();
    return p.stop.context.heap(this.frameHandles.wasm(frameId), start, count);
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

  // ------------------------------------------------------------------ watchpoints

  /**
   * What `expression` names, to watch it: a C lvalue in memory (its address and size, as its
   * type), a wasm global (`$g`), or `*ADDRESS` (4 bytes, as gdb's `int`). Evaluated in `frame`
   * of the stop (default: the newest); a UserError in gdb's words when it is nothing that can be
   * watched.
   */
  watchTarget(expression: string, frame?: WasmFrameInfo): WatchTargetSpec {
    const address = /^\s*\*\s*(0x[0-9a-f]+|\d+)\s*$/i.exec(expression);
    if (address) return { kind: 'memory', expression, memory: 0, address: Number(address[1]), length: 4, type: 'int' };
    const value = evaluate(expression, this.env(frame));
    const place = value.kind === 'number' ? undefined : value.place;
    if (place?.kind === 'memory') return { kind: 'memory', expression, memory: 0, address: place.address, length: place.size, type: place.type };
    if (place?.kind === 'global') return { kind: 'global', expression, index: place.index };
    if (value.kind === 'source' && value.dv.address !== undefined && value.dv.children) {
      throw new UserError(`Cannot watch the whole of \`${expression}' (${value.dv.type}): watch one of its elements or members.`);
    }
    throw new UserError(`Cannot watch constant value \`${expression}'.`);
  }

  /** gdb's watch / rwatch / awatch: sets a watchpoint on what `expression` names (see watchTarget). */
  watch(expression: string, access: WatchAccess, options: { readonly condition?: string; readonly hitCondition?: string; readonly frame?: WasmFrameInfo } = {}): WatchpointState {
    const target = this.watchTarget(expression, options.frame);
    return this.watchpoints.add(target, { access, condition: options.condition, hitCondition: options.hitCondition });
  }

  /** The trap of the stop, when it is one (DAP exceptionInfo). */
  exceptionInfo(): TrapInfo | undefined {
    return this.requirePause().stop.trap;
  }

  /**
   * Bytes of a memory of the program (memoryReference as `variables` gives it, `memory<i>@<address>`
   * or a bare address in memory 0, plus `offset`), whichever frame is selected or newest.
   */
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
    const instance = this.postMortem?.instance ?? this.run!.instance;
    if (memory >= instance.memories.length) {
      throw new UserError(`The program has ${instance.memories.length} memor${instance.memories.length === 1 ? 'y' : 'ies'}; "${reference}" names memory ${memory}.`);
    }
    return { ctx: p.stop.context, memory, address, instance };
  }
}

/** A watchpoint hit in a stop's description: `x: 1 → 2`, `x = 2 (read)`; a host function's with its name, `(read by fd_write)`. */
function describeWatchHit(w: WatchHitReport): string {
  const by = w.host !== undefined ? ` (${w.access === 'write' ? 'written' : 'read'} by ${w.host})` : '';
  if (w.oldValue !== w.newValue) return `${w.expression}: ${w.oldValue} → ${w.newValue}${by}`;
  return `${w.expression} = ${w.newValue}${by || ` (${w.access})`}`;
}

function describe(reason: StopReason, trap: TrapInfo | undefined, exception: ExceptionInfo | undefined, predicted: Stop['predicted']): string {
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
      if (!exception) return 'Paused on a wasm exception';
      return `Paused on ${predicted === 'uncaught' ? 'an uncaught' : 'a'} wasm exception: ${exceptionText(exception)}`;
    default:
      return `Paused on ${reason}`;
  }
}
