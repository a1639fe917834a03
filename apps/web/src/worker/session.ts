/**
 * The worker's side of the debugger: one loaded program, and per run a `DebugSession` — the
 * debugger core `lantern debug` and the DAP server use (`@lantern/debugger`): its run/pause
 * state machine, breakpoint manager, variable references, expression conditions and logpoints.
 * This file only translates page messages into its calls and its events into views.
 *
 * While wasm runs, debug-compiled code yields to the worker's event loop every ~4 ms, so a
 * `pause` message is seen and stops it at the next instruction.
 */
import { DebugSession, LaunchError, memoryReference, parseInvokeArguments, parseLiteral, parseMemoryReference, type BreakpointState, type Stop } from '@lantern/debugger';
import { ExitStatus, MemoryFileSystem } from '@lantern/wasi';
import type { BoundBreakpoint, BreakpointSpec, Entry, FileEntry, Measure, PageMessage, ProgramFile, Scopes, StopOn, VariableView, WorkerMessage } from '../protocol.ts';
import { startMeasurement, type Measurement } from './measurement.ts';
import { loadProgram, ProgramError, type LoadedProgram } from './programLoader.ts';
import { frameViews } from './views.ts';

/** A row of a DebugSession scope (the package's `VariableInfo` name also means DWARF's). */
type SessionVariable = ReturnType<DebugSession['variables']>[number];

/** The in-memory files the program sees: kept across runs, so files the user adds stay. */
const FS_ROOT = '/';

export class Session {
  private program: LoadedProgram | undefined;
  private readonly breakpoints = new Map<string, readonly BreakpointSpec[]>();
  private session: DebugSession | undefined;
  private fs = new MemoryFileSystem();
  private stopOn: StopOn = { traps: true, exceptions: 'none' };

  constructor(private readonly post: (message: WorkerMessage) => void) {}

  handle(message: PageMessage): void {
    try {
      this.dispatch(message);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }

  /** Calls that resume report failures (a bad value for a trap) as errors; stops and ends come as events. */
  private resuming(outcome: () => Promise<unknown>): void {
    outcome().catch((error: unknown) => this.fail(error));
  }

  private dispatch(m: PageMessage): void {
    switch (m.type) {
      case 'load':
        return this.load(m.main, m.files);
      case 'setBreakpoints':
        return this.setBreakpoints(m.file, m.breakpoints);
      case 'run':
        return this.start(m.entry, m.stopAtEntry, m.measure);
      case 'pause':
        this.session?.pause();
        return;
      case 'continue':
        return this.resuming(() => this.requireSession().continue());
      case 'step':
        return this.resuming(() => this.requireSession().step({ kind: m.kind, granularity: m.granularity }));
      case 'trap':
        return this.trapAction(m.action, m.values ?? []);
      case 'stopOn':
        this.stopOn = m.stopOn;
        this.session?.setExceptionFilters(m.stopOn);
        return;
      case 'forceReturn':
        return this.resuming(() => this.requireSession().forceReturn(m.frame, m.values.map(parseLiteral)));
      case 'setVariable':
        this.requireSession().setVariable(m.container, m.name, m.value);
        return this.post({ type: 'scopes', scopes: this.scopes(m.frame) });
      case 'kill':
        return this.resuming(() => this.session?.terminate() ?? Promise.resolve());
      case 'scopes':
        return this.post({ type: 'scopes', scopes: this.scopes(m.frame) });
      case 'expand':
        return this.post({ type: 'children', ref: m.ref, children: this.requireSession().variables(m.ref).map((v) => variableView(v, m.ref)) });
      case 'evaluate':
        return this.evaluate(m.expression, m.frame);
      case 'memory':
        return this.readMemory(m.memory, m.address, m.length);
      case 'addFile':
        this.fs.writeFile(m.path, m.bytes);
        return this.listFiles();
      case 'readFile':
        return this.post({ type: 'file', path: m.path, bytes: this.fs.readFile(m.path) });
    }
  }

  private requireSession(): DebugSession {
    if (!this.session) throw new ProgramError('The program is not running.');
    return this.session;
  }

  private load(main: string, files: readonly ProgramFile[]): void {
    void this.session?.terminate();
    this.session = undefined;
    this.breakpoints.clear();
    this.fs = new MemoryFileSystem();
    this.program = undefined;
    this.program = loadProgram(main, files);
    this.post({ type: 'loaded', program: this.program.summary });
    this.listFiles();
  }

  private setBreakpoints(file: string, specs: readonly BreakpointSpec[]): void {
    this.breakpoints.set(file, specs);
    const session = this.session ?? (this.program && this.newSession(this.program, { kind: 'start', args: [] }, false));
    if (!session) return;
    const states = this.applyBreakpoints(session, file, specs);
    this.post({ type: 'breakpoints', file, breakpoints: states.map((s, i) => bound(specs[i]!.line, s)) });
  }

  private applyBreakpoints(session: DebugSession, file: string, specs: readonly BreakpointSpec[]): BreakpointState[] {
    return session.breakpoints.replace(
      'source',
      file,
      specs.map((s) => ({ target: { kind: 'source' as const, file, line: s.line }, ...(s.condition ? { condition: s.condition } : {}), ...(s.logMessage ? { logMessage: s.logMessage } : {}) })),
    );
  }

  /** A session for this program and entry, its events wired to the page, the breakpoints set. */
  private newSession(program: LoadedProgram, entry: Entry, stopOnEntry: boolean, measure?: Measure): DebugSession {
    const session = new DebugSession({
      // Counting instructions needs the interpreter alone.
      ...(measure?.kind === 'profile' && measure.exact ? { tier: 'interpreter' as const } : {}),
      bytes: program.bytes,
      name: program.name,
      symbols: program.symbols,
      args: entry.kind === 'start' ? entry.args : [],
      ...(entry.kind === 'invoke' ? { invoke: { name: entry.name, args: parseInvokeArguments(program.info, entry.name, entry.args) } } : {}),
      fs: this.fs,
      preopens: { [FS_ROOT]: FS_ROOT },
      stdout: 'events',
      stderr: 'events',
      stopOnEntry,
    });
    session.on('output', (e) => this.post({ type: 'output', stream: e.category === 'console' ? 'debugger' : e.category, text: e.text }));
    session.on('warning', (text) => this.post({ type: 'output', stream: 'debugger', text: `warning: ${text}\n` }));
    session.on('breakpointError', (e) =>
      this.post({ type: 'output', stream: 'debugger', text: `breakpoint at line ${e.breakpoint.line ?? '?'}: ${e.during} failed: ${e.error instanceof Error ? e.error.message : String(e.error)}\n` }),
    );
    session.on('continued', () => this.session === session && this.post({ type: 'running' }));
    session.on('stopped', (stop) => this.session === session && this.onStopped(session, stop));
    session.on('ended', (end) => {
      if (this.session !== session) return;
      if (end.kind === 'exited') this.post({ type: 'exited', code: end.exitCode, ...(end.result !== undefined ? { result: formatResult(end.result) } : {}) });
      else if (end.kind === 'terminated') return; // the page asked for it (Stop) and shows it already
      else if (end.kind === 'trapped') this.post({ type: 'exited', code: undefined, trap: end.error.message });
      else this.post({ type: 'exited', code: end.error instanceof ExitStatus ? end.error.code : undefined, trap: end.error instanceof Error ? end.error.message : String(end.error) });
      this.listFiles();
    });
    for (const [file, specs] of this.breakpoints) this.applyBreakpoints(session, file, specs);
    session.setExceptionFilters(this.stopOn);
    return session;
  }

  private start(entry: Entry, stopOnEntry: boolean, measure: Measure | undefined): void {
    const program = this.program;
    if (!program) throw new ProgramError('No program is loaded.');
    const previous = this.session;
    const session = this.newSession(program, entry, stopOnEntry, measure);
    this.session = session;
    if (measure) this.measure(session, measure, program);
    void (async () => {
      await previous?.terminate();
      this.post({ type: 'running' });
      try {
        await session.start();
      } catch (error) {
        if (this.session !== session) return;
        this.post({ type: 'exited', code: undefined, trap: error instanceof LaunchError ? error.message : String(error) });
      }
    })();
  }

  /**
   * Measures the session's run: from when its engine exists (the `process` event: instantiated,
   * no code of the program run yet) to its end, whichever way it ends.
   */
  private measure(session: DebugSession, measure: Measure, program: LoadedProgram): void {
    let measurement: Measurement | undefined;
    session.once('process', () => {
      measurement = startMeasurement(measure, session.engine!, program.symbols, program.name);
    });
    session.once('ended', () => {
      const result = measurement?.finish();
      if (result && this.session === session) this.post(result);
    });
  }

  private onStopped(session: DebugSession, stop: Stop): void {
    if (stop.nested) {
      this.post({ type: 'output', stream: 'debugger', text: `(a stop inside a nested synchronous call: ${stop.description}; continuing)\n` });
      return;
    }
    const { frames } = session.stackTrace();
    const top = frames.find((f) => f.frame.kind === 'wasm');
    this.post({
      type: 'paused',
      stop: {
        reason: stop.reason,
        description: stop.description,
        ...(stop.trap ? { trap: stop.trap.message, trapResults: stop.trap.resultCount } : {}),
        frames: frameViews(frames),
        scopes: this.scopes(top?.id ?? 0),
        memories: this.memories(session, top?.id),
      },
    });
  }

  /** The scopes of a frame with their variables (memory has a view of its own). */
  private scopes(frameId: number): Scopes {
    const session = this.requireSession();
    if (!session.stop) return { frame: frameId, scopes: [] };
    const handle = session.frame(frameId);
    if (handle.frame.kind !== 'wasm') return { frame: frameId, scopes: [] };
    return {
      frame: frameId,
      scopes: session
        .scopes(frameId)
        .filter((s) => s.kind !== 'memory')
        .map((s) => ({ name: s.name, variables: session.variables(s.variablesReference).map((v) => variableView(v, s.variablesReference)) })),
    };
  }

  /** The memories of the program (its Memory scope), as the memory view's chooser lists them. */
  private memories(session: DebugSession, frameId: number | undefined): string[] {
    if (frameId === undefined) return [];
    const scope = session.scopes(frameId).find((s) => s.kind === 'memory');
    return scope ? session.variables(scope.variablesReference).map((v) => `${v.name} — ${v.value}`) : [];
  }

  private trapAction(action: 'resume' | 'retry' | 'unwind', texts: readonly string[]): void {
    const session = this.requireSession();
    if (action === 'retry') return this.resuming(() => session.retry());
    if (action === 'unwind') return this.resuming(() => session.continue()); // a trap continued unwinds
    const values = texts.map(parseLiteral);
    return this.resuming(() => session.resumeTrap(values));
  }

  /** An expression in the selected frame (the core's evaluator: C over DWARF, wasm `$names`, memory). */
  private evaluate(expression: string, frame: number): void {
    try {
      const r = this.requireSession().evaluate(expression, frame, 'watch');
      this.post({ type: 'evaluated', expression, result: variableView({ name: expression, value: r.result, type: r.type, variablesReference: r.variablesReference, ...(r.memoryReference ? { memoryReference: r.memoryReference } : {}) }, 0) });
    } catch (error) {
      this.post({ type: 'evaluated', expression, result: undefined, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private readMemory(memory: number, address: number, length: number): void {
    try {
      const bytes = this.requireSession().readMemory(memoryReference(memory, address), 0, length);
      this.post({ type: 'memory', memory, address, bytes });
    } catch (error) {
      this.post({ type: 'memory', memory, address, bytes: undefined, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private listFiles(): void {
    const files: FileEntry[] = [];
    const walk = (dir: string): void => {
      for (const e of this.fs.readdir(dir)) {
        if (e.name === '.' || e.name === '..') continue;
        const path = dir === '/' ? `/${e.name}` : `${dir}/${e.name}`;
        if (e.kind === 'directory') walk(path);
        else if (e.kind === 'file') files.push({ path, size: Number(this.fs.stat(path).size) });
      }
    };
    walk(FS_ROOT);
    this.post({ type: 'files', files });
  }
}

function bound(line: number, state: BreakpointState): BoundBreakpoint {
  return { line, boundLine: state.verified ? state.line : undefined };
}

function variableView(v: SessionVariable, container: number): VariableView {
  return {
    name: v.name,
    type: v.type ?? '',
    value: v.value,
    ref: v.variablesReference,
    container,
    ...(v.memoryReference !== undefined ? { memory: parseMemoryReference(v.memoryReference).address } : {}),
  };
}

function formatResult(result: unknown): string {
  return Array.isArray(result) ? result.map(String).join(', ') : String(result);
}
