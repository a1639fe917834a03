/**
 * LanternDebugSession: one DAP client's session. Each request is one call on the debugger core's
 * DebugSession (`@lantern/debugger`): this file only translates — ids, paths, 1-based lines,
 * base64 memory, protocol events. The wire format is `@vscode/debugadapter`'s.
 *
 * Life cycle: `initialize` → `launch` (the program is loaded and checked, then `initialized`
 * asks for the breakpoints) → `configurationDone` (the program starts; `launch` answers) → stops
 * and output as events → `exited` + `terminated` when the run ends.
 */
import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import {
  Breakpoint as DapBreakpoint,
  DebugSession,
  Event,
  ExitedEvent,
  InitializedEvent,
  OutputEvent,
  Scope,
  Source,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  boundaryLine,
  DebugSession as CoreSession,
  exceptionText,
  formatStackTrace,
  LaunchError,
  parseInvokeArguments,
  Profiler,
  ProgramFileError,
  summarize,
  toCpuProfile,
  UserError,
  type BreakpointState,
  type CpuProfile,
  type ExceptionFilters,
  type RunEnd,
  type StackFrameHandle,
  type Stop,
  type TraceFrame,
  UncaughtWasmException,
  type WatchTargetSpec,
} from '@lantern/debugger';
import { decodeModule } from '@lantern/runtime';
import { capabilities } from './capabilities.ts';
import { Disassembly, instructionReference, parseInstructionReference } from './disassembly.ts';
import { LaunchArgumentError, parseLaunchArguments, type LaunchConfig } from './launchSchema.ts';
import { openProgramFile, type ProgramFile } from './programFile.ts';
import { ReplCommands } from './replCommands.ts';
import { stdinReader } from './stdin.ts';

/** The exit code of a run a trap ended (as `lantern run`'s). */
const TRAP_EXIT_CODE = 134;
/** The `source` reference of the whole module as WAT (frames without a source file show it). */
const WAT_SOURCE = 1;
/** Ids of the label frames shown at continuation boundaries (the core's frame ids stay below). */
const LABEL_FRAME_BASE = 1_000_000_000;

export class LanternDebugSession extends DebugSession {
  private readonly closedListeners: Array<() => void> = [];
  private config: LaunchConfig | undefined;
  private program: ProgramFile | undefined;
  private core: CoreSession | undefined;
  /** A `lantern/profile` in progress. */
  private profiler: Profiler | undefined;
  private disassembly: Disassembly | undefined;
  /** The last setInstructionBreakpoints, and the last setBreakpoints on the module's WAT (replaceInstructionBreakpoints). */
  private instructionBreakpoints: DebugProtocol.InstructionBreakpoint[] = [];
  private watBreakpoints: DebugProtocol.SourceBreakpoint[] = [];
  private configurationDone!: () => void;
  private readonly configured = new Promise<void>((resolve) => {
    this.configurationDone = resolve;
  });
  private filters: ExceptionFilters = { traps: true, exceptions: 'none' };
  private readonly repl = new ReplCommands(() => this.requireCore());
  private labelFrames = 0;
  private restarting = false;

  /** Called once the client has disconnected (the transport may close). */
  onClosed(listener: () => void): void {
    this.closedListeners.push(listener);
  }

  /** Ends the program (the transport went away). */
  override dispose(): void {
    super.dispose();
    void this.core?.terminate();
  }

  private requireCore(): CoreSession {
    if (!this.core) throw new UserError('No program has been launched.');
    return this.core;
  }

  /**
   * Runs a request's body; a UserError (or a launch/argument error) becomes an error response
   * with its message, anything else is reported as a failure of the adapter.
   */
  private async answer<R extends DebugProtocol.Response>(response: R, body: () => R['body'] | Promise<R['body']>): Promise<void> {
    try {
      response.body = await body();
      this.sendResponse(response);
    } catch (error) {
      const expected = error instanceof UserError || error instanceof LaunchError || error instanceof LaunchArgumentError || error instanceof ProgramFileError;
      const message = error instanceof Error ? error.message : String(error);
      this.sendErrorResponse(response, expected ? 1 : 2, expected ? message : `internal error: ${message}`);
    }
  }

  // ------------------------------------------------------------------ life cycle

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = { ...capabilities };
    this.sendResponse(response);
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse, args: DebugProtocol.LaunchRequestArguments): Promise<void> {
    return this.answer(response, async () => {
      const config = parseLaunchArguments(args as Record<string, unknown>);
      this.load(config);
      this.sendEvent(new InitializedEvent());
      await this.configured;
      await this.startProgram();
      return undefined;
    });
  }

  private load(config: LaunchConfig): void {
    const program = openProgramFile(config.program);
    const core = new CoreSession({
      bytes: program.bytes,
      name: config.program,
      symbols: program.symbols,
      args: config.args,
      env: config.env,
      preopens: config.preopens,
      ...(config.invoke !== undefined ? { invoke: { name: config.invoke, args: parseInvokeArguments(decodeModule(program.bytes), config.invoke, config.args) } } : {}),
      stdout: 'events',
      stderr: 'events',
      stdin: stdinReader(config.stdin),
      stopOnEntry: config.stopOnEntry,
      ...(config.stackSize !== undefined ? { stackCells: config.stackSize } : {}),
      ...(config.tier !== undefined ? { tier: config.tier } : {}),
      debugCompile: config.debugCompile,
    });
    const previous = this.core;
    this.config = config;
    this.program = program;
    this.core = core;
    this.disassembly = new Disassembly(program.bytes);
    // Breakpoints set before a restart with new arguments carry over to the new program.
    if (previous) for (const state of previous.breakpoints.all()) core.breakpoints.add(state.target, state);
    core.setExceptionFilters(this.filters);
    core.on('stopped', (stop) => this.onStopped(stop));
    core.on('output', (event) => this.sendEvent(new OutputEvent(event.text, event.category)));
    core.on('warning', (message) => this.sendEvent(new OutputEvent(`${message}\n`, 'console')));
    core.on('breakpointError', (event) => {
      const message = event.error instanceof Error ? event.error.message : String(event.error);
      const effect = event.during === 'condition' ? 'the condition is taken as true' : 'nothing is logged';
      this.sendEvent(new OutputEvent(`breakpoint ${event.breakpoint.id}: ${message} (${effect})\n`, 'console'));
    });
    // A bound (or moved) breakpoint is news to the client; a removal is the client's own doing.
    core.on('breakpoint', (event) => {
      if (event.reason === 'changed') this.sendEvent(new Event('breakpoint', { reason: 'changed', breakpoint: this.toDapBreakpoint(event.breakpoint) }));
    });
    core.on('ended', (end) => this.onEnded(end));
  }

  /**
   * Starts the program; resolves once it runs (its stops and end come as events), or rejects
   * with the LaunchError that kept it from running.
   */
  private async startProgram(): Promise<void> {
    const core = this.requireCore();
    let running = false;
    core.once('process', () => {
      running = true;
      this.sendEvent(new Event('process', { name: basename(core.options.name), startMethod: 'launch', isLocalProcess: true }));
    });
    const outcome = core.start();
    // 'process' is emitted synchronously once the program is instantiated; without it, start failed.
    if (!running) await outcome;
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configurationDone();
    this.sendResponse(response);
  }

  protected override restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): Promise<void> {
    return this.answer(response, async () => {
      const changed = args?.arguments as Record<string, unknown> | undefined;
      const previous = this.requireCore();
      // The run ends to start again: that end is not the session's (no exited/terminated).
      this.restarting = true;
      try {
        if (changed !== undefined) this.load(parseLaunchArguments(changed));
        await previous.terminate();
      } finally {
        this.restarting = false;
      }
      await this.startProgram();
      return undefined;
    });
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    return this.answer(response, async () => {
      await this.core?.terminate();
      return undefined;
    });
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    return this.answer(response, async () => {
      await this.core?.terminate();
      return undefined;
    }).then(() => {
      for (const listener of this.closedListeners) listener();
    });
  }

  private onEnded(end: RunEnd): void {
    if (end.kind === 'terminated' && this.restarting) return;
    switch (end.kind) {
      case 'exited':
        if (end.result !== undefined) this.sendEvent(new OutputEvent(`${this.config?.invoke} returned ${String(end.result)}\n`, 'console'));
        this.sendEvent(new ExitedEvent(end.exitCode));
        break;
      case 'trapped': {
        // As `lantern run` reports it: the message and the source-level backtrace.
        const frames = (end.error as { frames?: readonly TraceFrame[] }).frames ?? [];
        const trace = this.program ? formatStackTrace(frames, this.program.symbols, { fileName: (file) => basename(file) }) : '';
        this.sendEvent(new OutputEvent(`trap: ${end.error.message}\n${trace}${trace ? '\n' : ''}`, 'stderr'));
        this.sendEvent(new ExitedEvent(TRAP_EXIT_CODE));
        break;
      }
      case 'failed':
        // An uncaught wasm exception is the program's doing: its message says it all (no JS stack).
        this.sendEvent(new OutputEvent(`${end.error instanceof UncaughtWasmException ? end.error.message : end.error instanceof Error ? (end.error.stack ?? end.error.message) : String(end.error)}\n`, 'stderr'));
        this.sendEvent(new ExitedEvent(1));
        break;
      case 'terminated':
        break;
    }
    this.sendEvent(new TerminatedEvent());
  }

  // ------------------------------------------------------------------ stops

  private onStopped(stop: Stop): void {
    this.labelFrames = 0;
    if (stop.nested) {
      // A stop inside a host function's synchronous call into wasm cannot wait: say so and go on.
      this.sendEvent(new OutputEvent(`${stop.description} (inside a host call; not stopping)\n`, 'console'));
      return;
    }
    const reason = stop.reason === 'trap' ? 'exception' : stop.reason === 'watchpoint' ? 'data breakpoint' : stop.reason;
    const text = stop.trap?.message ?? (stop.exception ? exceptionText(stop.exception) : undefined);
    const event = new StoppedEvent(reason, 1, text) as DebugProtocol.StoppedEvent;
    event.body.description = stop.description;
    event.body.allThreadsStopped = true;
    const hit = [...stop.breakpointIds, ...stop.watchpoints.map((w) => w.id)];
    if (hit.length > 0) event.body.hitBreakpointIds = hit;
    this.sendEvent(event);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): Promise<void> {
    return this.answer(response, () => {
      const core = this.requireCore();
      const frames = core.stackTrace().frames.map((h) => `  at ${h.name}${h.source ? ` (${basename(h.source.file)}:${h.source.line}:${h.source.column})` : h.pc !== undefined ? ` (${instructionReference(h.pc)})` : ''}`);
      const stop = core.stop;
      if (stop?.exception) {
        const text = exceptionText(stop.exception);
        const top = stop.context.wasmFrames()[0];
        const where = top ? ` before ${instructionReference(top.pc)} in ${top.function}` : '';
        // A host function's throw (the JS tag) waits at the call, before wasm sees it.
        const js = stop.exception.tag === 'js';
        const what = js ? `JS exception ${text}, thrown by a host function called${where.replace(' before', ' at')}` : `wasm exception ${text}, about to be thrown${where}`;
        return {
          exceptionId: stop.exception.tag,
          description: `${what}${stop.predicted === 'uncaught' ? '; no wasm handler on the stack catches it' : ''} (continue lets it propagate)`,
          breakMode: stop.predicted === 'uncaught' ? ('unhandled' as const) : ('always' as const),
          details: { message: text, typeName: js ? 'JS exception' : 'wasm exception', stackTrace: frames.join('\n') },
        };
      }
      const trap = core.exceptionInfo();
      if (!trap) throw new UserError('The program is not stopped at a trap or a wasm exception.');
      return {
        exceptionId: 'trap',
        description: `${trap.message} (at ${instructionReference(trap.offset)} in ${trap.function}; \`resume <value>\` in the debug console makes the instruction produce a value, \`retry\` runs it again)`,
        breakMode: 'always' as const,
        details: {
          message: trap.message,
          typeName: 'trap',
          evaluateName: trap.function,
          stackTrace: frames.join('\n'),
        },
      };
    });
  }

  // ------------------------------------------------------------------ breakpoints

  private toDapBreakpoint(state: BreakpointState): DebugProtocol.Breakpoint {
    const bp = new DapBreakpoint(state.verified) as DebugProtocol.Breakpoint;
    bp.id = state.id;
    if (state.line !== undefined) bp.line = state.line;
    if (state.file !== undefined) bp.source = this.sourceOf(state.file);
    if (state.offsets.length > 0) bp.instructionReference = instructionReference(state.offsets[0]!);
    if (state.message !== undefined) bp.message = state.message;
    return bp;
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): Promise<void> {
    return this.answer(response, () => {
      if (args.source.sourceReference === WAT_SOURCE) {
        this.watBreakpoints = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
        return { breakpoints: this.replaceInstructionBreakpoints().wat };
      }
      const path = args.source.path ?? args.source.name;
      if (path === undefined) throw new UserError('setBreakpoints: the source has neither a path nor a name');
      const file = this.program?.symbolFile(path) ?? path;
      const wanted: DebugProtocol.SourceBreakpoint[] = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
      const states = this.requireCore().breakpoints.replace(
        'source',
        file,
        wanted.map((b) => ({ target: { kind: 'source', file, line: b.line }, ...requestOf(b) })),
      );
      return { breakpoints: states.map((s) => this.toDapBreakpoint(s)) };
    });
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): Promise<void> {
    return this.answer(response, () => {
      const states = this.requireCore().breakpoints.replace(
        'function',
        undefined,
        args.breakpoints.map((b) => ({ target: { kind: 'function', name: b.name }, ...requestOf(b) })),
      );
      return { breakpoints: states.map((s) => this.toDapBreakpoint(s)) };
    });
  }

  protected override setInstructionBreakpointsRequest(response: DebugProtocol.SetInstructionBreakpointsResponse, args: DebugProtocol.SetInstructionBreakpointsArguments): Promise<void> {
    return this.answer(response, () => {
      for (const b of args.breakpoints) {
        if (parseInstructionReference(b.instructionReference) === undefined) {
          throw new UserError(`setInstructionBreakpoints: "${b.instructionReference}" is not an instruction reference (a module offset such as 0x0356)`);
        }
      }
      this.instructionBreakpoints = args.breakpoints;
      return { breakpoints: this.replaceInstructionBreakpoints().instructions };
    });
  }

  /**
   * Instruction breakpoints and breakpoints on lines of the module's WAT (the source of frames
   * without one: a line is its instruction) are one kind in the core: both lists are set
   * together, and the states split back.
   */
  private replaceInstructionBreakpoints(): { instructions: DebugProtocol.Breakpoint[]; wat: DebugProtocol.Breakpoint[] } {
    const wat = this.watBreakpoints.map((b) => ({ b, offset: this.disassembly?.offsetAtLine(b.line) }));
    const placed = wat.filter((w): w is { b: DebugProtocol.SourceBreakpoint; offset: number } => w.offset !== undefined);
    const states = this.requireCore().breakpoints.replace('instruction', undefined, [
      ...this.instructionBreakpoints.map((b) => ({ target: { kind: 'instruction' as const, offset: parseInstructionReference(b.instructionReference)! + (b.offset ?? 0) }, ...requestOf(b) })),
      ...placed.map(({ b, offset }) => ({ target: { kind: 'instruction' as const, offset }, ...requestOf(b) })),
    ]);
    const onLines = states.slice(this.instructionBreakpoints.length);
    return {
      instructions: states.slice(0, this.instructionBreakpoints.length).map((st) => this.toDapBreakpoint(st)),
      wat: wat.map((w) => {
        if (w.offset === undefined) {
          const none = new DapBreakpoint(false, w.b.line) as DebugProtocol.Breakpoint;
          none.message = `No instruction on line ${w.b.line} of the module's WAT.`;
          return none;
        }
        const bp = this.toDapBreakpoint(onLines.shift()!);
        bp.source = this.watSource();
        bp.line = w.b.line;
        return bp;
      }),
    };
  }

  /**
   * What a variable (a child of `variablesReference`, or an expression with no reference) would
   * be watched as: its dataId is the resolved target (WatchTargetSpec as JSON), valid across runs.
   */
  protected override dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): Promise<void> {
    return this.answer(response, () => {
      const core = this.requireCore();
      const child = args.variablesReference !== undefined ? core.variables(args.variablesReference).find((v) => v.name === args.name) : undefined;
      const expression = child?.evaluateName ?? args.name;
      const frameId = args.frameId !== undefined && args.frameId < LABEL_FRAME_BASE ? args.frameId : undefined;
      const frame = frameId !== undefined ? core.frame(frameId).frame : undefined;
      let target;
      try {
        target = core.watchTarget(expression, frame?.kind === 'wasm' ? frame : undefined);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        return { dataId: null, description: error.message };
      }
      const where = target.kind === 'memory' ? `${target.length} byte(s) at ${instructionReference(target.address)}` : `global ${target.index}`;
      return { dataId: JSON.stringify(target), description: `${expression} (${where})`, accessTypes: ['read', 'write', 'readWrite'] as DebugProtocol.DataBreakpointAccessType[], canPersist: true };
    });
  }

  protected override setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): Promise<void> {
    return this.answer(response, () => {
      const access = { read: 'read', write: 'write', readWrite: 'access' } as const;
      const states = this.requireCore().watchpoints.replace(
        args.breakpoints.map((b) => {
          let target: WatchTargetSpec;
          try {
            target = JSON.parse(b.dataId) as WatchTargetSpec;
          } catch {
            throw new UserError(`setDataBreakpoints: "${b.dataId}" is not a dataId from dataBreakpointInfo`);
          }
          return { target, request: { access: access[b.accessType ?? 'write'], condition: b.condition, hitCondition: b.hitCondition } };
        }),
      );
      return { breakpoints: states.map((s) => ({ id: s.id, verified: true, description: s.target.expression }) as DebugProtocol.Breakpoint) };
    });
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): Promise<void> {
    return this.answer(response, () => {
      const on = new Set([...args.filters, ...(args.filterOptions ?? []).map((o) => o.filterId)]);
      this.filters = { traps: on.has('traps'), exceptions: on.has('wasm-all') ? 'all' : on.has('wasm-uncaught') ? 'uncaught' : 'none' };
      this.core?.setExceptionFilters(this.filters);
      return { breakpoints: [...on].map(() => ({ verified: true })) };
    });
  }

  protected override breakpointLocationsRequest(response: DebugProtocol.BreakpointLocationsResponse, args: DebugProtocol.BreakpointLocationsArguments): Promise<void> {
    return this.answer(response, () => {
      if (args.source.sourceReference === WAT_SOURCE) {
        const lines = Array.from({ length: (args.endLine ?? args.line) - args.line + 1 }, (_, k) => args.line + k);
        return { breakpoints: lines.filter((line) => this.disassembly?.offsetAtLine(line) !== undefined).map((line) => ({ line })) };
      }
      const path = args.source.path ?? args.source.name;
      if (path === undefined || !this.program) return { breakpoints: [] };
      const locations = this.requireCore().program.lineLocations(this.program.symbolFile(path), args.line, args.endLine ?? args.line);
      return { breakpoints: locations.map(({ line, column }) => ({ line, ...(column > 0 ? { column } : {}) })) };
    });
  }

  // ------------------------------------------------------------------ stack, scopes, variables

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: (this.core?.threads() ?? [{ id: 1, name: 'main' }]).map((t) => new Thread(t.id, t.name)) };
    this.sendResponse(response);
  }

  /** A source for a symbol file name: the file on disk when there is one. */
  private sourceOf(file: string): Source {
    const disk = this.program?.diskPath(file);
    return new Source(basename(file), disk ?? file);
  }

  private watSource(): Source {
    const name = `${basename(this.config?.program ?? 'module')} (WAT)`;
    const source = new Source(name, undefined, WAT_SOURCE);
    (source as DebugProtocol.Source).presentationHint = 'deemphasize';
    return source;
  }

  private toDapFrames(handles: readonly StackFrameHandle[]): DebugProtocol.StackFrame[] {
    const frames: DebugProtocol.StackFrame[] = [];
    for (const h of handles) {
      if (h.frame.kind === 'host') {
        const frame = new StackFrame(h.id, h.name) as DebugProtocol.StackFrame;
        frame.presentationHint = 'label';
        frames.push(frame);
        continue;
      }
      let frame: DebugProtocol.StackFrame;
      if (h.source) {
        frame = new StackFrame(h.id, h.name, this.sourceOf(h.source.file), h.source.line, Math.max(h.source.column, 1));
      } else {
        const line = h.pc !== undefined ? this.disassembly?.at(h.pc)?.line : undefined;
        frame = new StackFrame(h.id, h.name, line !== undefined ? this.watSource() : undefined, line ?? 0, 1);
        if (line === undefined) frame.presentationHint = 'subtle';
      }
      if (h.pc !== undefined) frame.instructionPointerReference = instructionReference(h.pc);
      if (this.program) frame.moduleId = 1;
      frames.push(frame);
      // The bottom frame of a running continuation: the next frame is its resumer's.
      const boundary = h.frame.boundary;
      if (boundary !== undefined && h.inlined === 0) {
        const label = new StackFrame(LABEL_FRAME_BASE + this.labelFrames++, boundaryLine(boundary.continuation, boundary.tag)) as DebugProtocol.StackFrame;
        label.presentationHint = 'label';
        frames.push(label);
      }
    }
    return frames;
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): Promise<void> {
    return this.answer(response, () => {
      const { frames } = this.requireCore().stackTrace();
      const all = this.toDapFrames(frames);
      const start = args.startFrame ?? 0;
      const levels = args.levels ?? 0;
      return { stackFrames: all.slice(start, levels > 0 ? start + levels : undefined), totalFrames: all.length };
    });
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): Promise<void> {
    return this.answer(response, () => {
      if (args.frameId >= LABEL_FRAME_BASE) return { scopes: [] };
      return {
        scopes: this.requireCore().scopes(args.frameId).map((s) => {
          const scope = new Scope(s.name, s.variablesReference, s.expensive) as DebugProtocol.Scope;
          if (s.kind === 'locals' || s.kind === 'parameters') scope.presentationHint = s.kind === 'locals' ? 'locals' : 'arguments';
          if (s.namedVariables !== undefined) scope.namedVariables = s.namedVariables;
          if (s.indexedVariables !== undefined) scope.indexedVariables = s.indexedVariables;
          return scope;
        }),
      };
    });
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): Promise<void> {
    return this.answer(response, () => ({
      variables: this.requireCore()
        .variables(args.variablesReference, args.start ?? 0, args.count ?? 0)
        .map((v) => ({ ...v, type: v.type ?? '' })),
    }));
  }

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): Promise<void> {
    return this.answer(response, () => {
      const v = this.requireCore().setVariable(args.variablesReference, args.name, args.value);
      return { value: v.value, ...(v.type !== undefined ? { type: v.type } : {}), variablesReference: v.variablesReference };
    });
  }

  protected override setExpressionRequest(response: DebugProtocol.SetExpressionResponse, args: DebugProtocol.SetExpressionArguments): Promise<void> {
    return this.answer(response, () => {
      const v = this.requireCore().setExpression(args.expression, args.value, args.frameId);
      return { value: v.value, ...(v.type !== undefined ? { type: v.type } : {}), variablesReference: v.variablesReference };
    });
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): Promise<void> {
    return this.answer(response, async () => {
      const frameId = args.frameId !== undefined && args.frameId < LABEL_FRAME_BASE ? args.frameId : undefined;
      if (args.context === 'repl') {
        const command = await this.repl.run(args.expression, frameId);
        if (command !== undefined) return { result: command, variablesReference: 0 };
      }
      const context = args.context === 'watch' || args.context === 'hover' || args.context === 'clipboard' || args.context === 'variables' ? args.context : 'repl';
      const r = this.requireCore().evaluate(args.expression, frameId, context);
      return { ...r, type: r.type ?? '' };
    });
  }

  protected override completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): Promise<void> {
    return this.answer(response, () => {
      const core = this.requireCore();
      const before = args.text.slice(0, args.column - 1);
      const prefix = /[$\w]*$/.exec(before)![0];
      const frameId = args.frameId !== undefined && args.frameId < LABEL_FRAME_BASE ? args.frameId : undefined;
      const names = new Set<string>([...this.repl.commandNames(), ...(core.state === 'paused' ? core.names(frameId) : [])]);
      return {
        targets: [...names].filter((n) => n.startsWith(prefix)).sort().map((label) => ({ label, start: before.length - prefix.length, length: prefix.length })),
      };
    });
  }

  // ------------------------------------------------------------------ execution

  private resumeWith(response: DebugProtocol.Response, action: (core: CoreSession) => Promise<unknown>, body?: DebugProtocol.Response['body']): Promise<void> {
    return this.answer(response, () => {
      // The outcome (the next stop, or the end) arrives as an event.
      void action(this.requireCore()).catch((error: unknown) => this.sendEvent(new OutputEvent(`${error instanceof Error ? error.message : String(error)}\n`, 'console')));
      return body;
    });
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): Promise<void> {
    return this.resumeWith(response, (core) => core.continue(), { allThreadsContinued: true });
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): Promise<void> {
    return this.resumeWith(response, (core) => core.step({ kind: 'over', granularity: args.granularity ?? 'line' }));
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): Promise<void> {
    if (args.targetId !== undefined) {
      const target = args.targetId;
      return this.resumeWith(response, (core) => core.stepIntoTarget(target));
    }
    return this.resumeWith(response, (core) => core.step({ kind: 'into', granularity: args.granularity ?? 'line' }));
  }

  protected override stepInTargetsRequest(response: DebugProtocol.StepInTargetsResponse, args: DebugProtocol.StepInTargetsArguments): Promise<void> {
    return this.answer(response, () => {
      if (args.frameId >= LABEL_FRAME_BASE) return { targets: [] };
      return { targets: this.requireCore().stepInTargets(args.frameId).map((t) => ({ id: t.id, label: t.label })) };
    });
  }

  protected override gotoTargetsRequest(response: DebugProtocol.GotoTargetsResponse, args: DebugProtocol.GotoTargetsArguments): Promise<void> {
    return this.answer(response, () => {
      const path = args.source.path ?? args.source.name;
      if (path === undefined) throw new UserError('gotoTargets: the source has neither a path nor a name');
      return { targets: this.requireCore().gotoTargets(this.program?.symbolFile(path) ?? path, args.line) };
    });
  }

  protected override gotoRequest(response: DebugProtocol.GotoResponse, args: DebugProtocol.GotoArguments): Promise<void> {
    return this.resumeWith(response, (core) => core.goto(args.targetId));
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): Promise<void> {
    return this.resumeWith(response, (core) => core.step({ kind: 'out', granularity: args.granularity ?? 'line' }));
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): Promise<void> {
    return this.answer(response, () => {
      if (!this.requireCore().pause()) throw new UserError('The program is not running.');
      return undefined;
    });
  }

  /**
   * The resumable-trap actions as custom requests (the debug console's `resume`, `retry` and
   * `return` commands do the same): `lantern/resumeTrap { values: string[] }`,
   * `lantern/retryTrap`, `lantern/forceReturn { frameId, values: string[] }`.
   */
  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    const a = (args ?? {}) as { values?: unknown; frameId?: unknown };
    const values = Array.isArray(a.values) ? a.values.map(String) : [];
    switch (command) {
      case 'lantern/resumeTrap':
        void this.answer(response, () => this.repl.resumeTrap(values).then(() => undefined));
        return;
      case 'lantern/retryTrap':
        void this.answer(response, () => this.repl.retry().then(() => undefined));
        return;
      case 'lantern/forceReturn':
        void this.answer(response, () => this.repl.forceReturn(typeof a.frameId === 'number' ? a.frameId : undefined, values).then(() => undefined));
        return;
      case 'modules':
        void this.modulesRequest(response as DebugProtocol.ModulesResponse);
        return;
      case 'lantern/profile':
        void this.answer(response, () => this.profileRequest(args));
        return;
      default:
        super.customRequest(command, response, args);
    }
  }

  /**
   * `lantern/profile { action: 'start', intervalMs?, exact? }` profiles the running program from
   * now on (@lantern/debugger's Profiler); `{ action: 'stop' }` answers `{ cpuprofile }` (V8's
   * `.cpuprofile`, which VS Code opens) and the hottest functions as `{ functions: [{ name, self, total }] }` (shares).
   */
  private profileRequest(args: unknown): { cpuprofile: CpuProfile; functions: { name: string; self: number; total: number }[] } | undefined {
    const a = (args ?? {}) as { action?: unknown; intervalMs?: unknown; exact?: unknown };
    if (a.action === 'start') {
      const engine = this.requireCore().engine;
      if (engine === undefined) throw new UserError('lantern/profile: no program is running');
      this.profiler?.stop();
      this.profiler = Profiler.start(engine, { ...(typeof a.intervalMs === 'number' ? { intervalMs: a.intervalMs } : {}), ...(a.exact === true ? { mode: 'exact' as const } : {}) });
      return undefined;
    }
    if (a.action === 'stop') {
      if (this.profiler === undefined) throw new UserError('lantern/profile: not profiling');
      const profile = this.profiler.stop();
      this.profiler = undefined;
      const s = summarize(profile);
      const functions = s.functions.slice(0, 20).map((f) => ({ name: f.function, self: f.self / (s.total || 1), total: f.total / (s.total || 1) }));
      return { cpuprofile: toCpuProfile(profile), functions };
    }
    throw new UserError("lantern/profile: action must be 'start' or 'stop'");
  }

  // ------------------------------------------------------------------ code, memory, sources

  protected override disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): Promise<void> {
    return this.answer(response, () => {
      const disassembly = this.disassembly;
      const base = parseInstructionReference(args.memoryReference);
      if (!disassembly || base === undefined) throw new UserError(`disassemble: "${args.memoryReference}" is not an instruction reference`);
      const provider = this.program?.symbols.forModule(this.program.bytes).provider;
      let lastLocation: string | undefined;
      return {
        instructions: disassembly.around(base + (args.offset ?? 0), args.instructionOffset ?? 0, args.instructionCount).map((i) => {
          if (!i) return { address: '-1', instruction: '', presentationHint: 'invalid' as const };
          const position = provider?.sourcePosition(i.offset);
          const where = position ? `${position.file}:${position.line}` : undefined;
          const out: DebugProtocol.DisassembledInstruction = {
            address: instructionReference(i.offset),
            instructionBytes: Array.from(i.bytes, (b) => b.toString(16).padStart(2, '0')).join(' '),
            instruction: `${i.mnemonic}${i.immediates !== '' ? ` ${i.immediates}` : ''}`,
            symbol: i.functionName,
          };
          // DAP: a location only where it changes.
          if (position && where !== lastLocation) {
            out.location = this.sourceOf(position.file);
            out.line = position.line;
            if (position.column !== undefined) out.column = position.column;
          }
          lastLocation = where;
          return out;
        }),
      };
    });
  }

  protected override readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): Promise<void> {
    return this.answer(response, () => {
      const bytes = this.requireCore().readMemory(args.memoryReference, args.offset ?? 0, args.count);
      return { address: args.memoryReference, data: Buffer.from(bytes).toString('base64'), ...(bytes.length < args.count ? { unreadableBytes: args.count - bytes.length } : {}) };
    });
  }

  protected override writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): Promise<void> {
    return this.answer(response, () => {
      const bytes = new Uint8Array(Buffer.from(args.data, 'base64'));
      this.requireCore().writeMemory(args.memoryReference, args.offset ?? 0, bytes);
      return { bytesWritten: bytes.length };
    });
  }

  protected override loadedSourcesRequest(response: DebugProtocol.LoadedSourcesResponse): Promise<void> {
    return this.answer(response, () => {
      const program = this.program;
      if (!program) return { sources: [] };
      const files = /\.wat$/i.test(program.path) ? [basename(program.path)] : this.requireCore().program.sourceFiles();
      return { sources: [...files.map((f) => this.sourceOf(f)), this.watSource()] };
    });
  }

  protected override sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): Promise<void> {
    return this.answer(response, () => {
      const reference = args.source?.sourceReference ?? args.sourceReference;
      if (reference === WAT_SOURCE && this.disassembly) return { content: this.disassembly.text, mimeType: 'text/x-wasm' };
      const path = args.source?.path;
      const disk = path !== undefined ? this.program?.diskPath(path) : undefined;
      if (disk === undefined) throw new UserError(`source: no source ${path ?? reference}`);
      return { content: readFileSync(disk, 'utf8') };
    });
  }

  private modulesRequest(response: DebugProtocol.ModulesResponse): Promise<void> {
    return this.answer(response, () => {
      const program = this.program;
      if (!program) return { modules: [], totalModules: 0 };
      const module: DebugProtocol.Module = {
        id: 1,
        name: basename(program.path),
        path: program.path,
        symbolStatus: program.hasSymbols ? 'Symbols loaded.' : 'No symbols (functions by name, positions by module offset).',
      };
      return { modules: [module], totalModules: 1 };
    });
  }
}

/** The condition, hit condition and log message of a DAP breakpoint, as the core takes them. */
function requestOf(b: { condition?: string; hitCondition?: string; logMessage?: string }) {
  return {
    ...(b.condition !== undefined && b.condition.trim() !== '' ? { condition: b.condition } : {}),
    ...(b.hitCondition !== undefined && b.hitCondition.trim() !== '' ? { hitCondition: b.hitCondition } : {}),
    ...(b.logMessage !== undefined ? { logMessage: b.logMessage } : {}),
  };
}
