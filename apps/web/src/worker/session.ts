/**
 * The debug session inside the worker: one loaded program, the user's breakpoints per source
 * file, the run in progress (a fresh engine with a Debugger attached each time it starts) and
 * the pause being inspected. Stepping, breakpoints and trap actions are the Debugger's own
 * (`@lantern/debugger`), the same as the CLI's; this file only translates page messages into
 * them and pauses into views.
 *
 * A stop's `paused` listener returns a promise that keeps wasm paused while the worker goes on
 * receiving messages; a resuming message chooses the action on the PauseContext and releases it.
 * While wasm runs, debug-compiled code yields to the worker's event loop every ~20 ms, so a
 * `pause` message is seen and stops it at the next instruction.
 */
import { Debugger, type Breakpoint, type FrameInfo, type PauseContext, type WasmFrameInfo } from '@lantern/debugger';
import { createWebAssembly, resultTypesAt, type Instance } from '@lantern/runtime';
import { ExitStatus, MemoryFileSystem, Wasi } from '@lantern/wasi';
import type { BoundBreakpoint, BreakpointSpec, Entry, FileEntry, PageMessage, ProgramFile, WorkerMessage } from '../protocol.ts';
import { compileCondition } from './conditions.ts';
import { parseArguments } from './entryArguments.ts';
import { loadProgram, ProgramError, type LoadedProgram } from './programLoader.ts';
import { frameViews, scopesOf, VariableRefs } from './views.ts';

type LanternWebAssembly = ReturnType<typeof createWebAssembly>;

interface Run {
  readonly dbg: Debugger;
  readonly WebAssembly: LanternWebAssembly;
  /** Per source file, the live breakpoints of this run. */
  readonly live: Map<string, Breakpoint[]>;
}

interface Pause {
  readonly ctx: PauseContext;
  readonly frames: readonly FrameInfo[];
  readonly reason: string;
  readonly release: () => void;
}

/** The in-memory files the program sees: kept across runs, so files the user adds stay. */
const FS_ROOT = '/';

export class Session {
  private program: LoadedProgram | undefined;
  private readonly breakpoints = new Map<string, readonly BreakpointSpec[]>();
  private run: Run | undefined;
  private pause: Pause | undefined;
  private readonly refs = new VariableRefs();
  private fs = new MemoryFileSystem();

  constructor(private readonly post: (message: WorkerMessage, transfer?: Transferable[]) => void) {}

  handle(message: PageMessage): void {
    try {
      this.dispatch(message);
    } catch (error) {
      this.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  private dispatch(m: PageMessage): void {
    switch (m.type) {
      case 'load':
        return this.load(m.main, m.files);
      case 'setBreakpoints':
        return this.setBreakpoints(m.file, m.breakpoints);
      case 'run':
        return this.start(m.entry, m.stopAtEntry);
      case 'pause':
        return this.run?.dbg.pause();
      case 'continue':
        return this.resume((ctx) => ctx.continue());
      case 'step':
        return this.resume((ctx) => (m.kind === 'out' ? ctx.stepOut() : ctx.step(m.kind, m.granularity)));
      case 'trap':
        return this.trapAction(m.action, m.values ?? []);
      case 'kill':
        return this.kill();
      case 'scopes': {
        const p = this.requirePause();
        return this.post({ type: 'scopes', scopes: scopesOf(p.ctx, p.frames, m.frame, this.refs) });
      }
      case 'expand':
        return this.post({ type: 'children', ref: m.ref, children: this.refs.expand(m.ref) ?? [] });
      case 'memory':
        return this.readMemory(m.address, m.length);
      case 'addFile':
        this.fs.writeFile(m.path, m.bytes);
        return this.listFiles();
      case 'readFile':
        return this.post({ type: 'file', path: m.path, bytes: this.fs.readFile(m.path) });
    }
  }

  private load(main: string, files: readonly ProgramFile[]): void {
    this.kill();
    this.breakpoints.clear();
    this.fs = new MemoryFileSystem();
    try {
      this.program = loadProgram(main, files);
    } catch (error) {
      this.program = undefined;
      throw error instanceof ProgramError ? error : new ProgramError(`${main}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.post({ type: 'loaded', program: this.program.summary });
    this.listFiles();
  }

  private setBreakpoints(file: string, specs: readonly BreakpointSpec[]): void {
    this.breakpoints.set(file, specs);
    const run = this.run;
    if (run) {
      for (const bp of run.live.get(file) ?? []) run.dbg.removeBreakpoint(bp);
      run.live.set(file, this.arm(run.dbg, file, specs));
    }
    this.reportBreakpoints(file);
  }

  private arm(dbg: Debugger, file: string, specs: readonly BreakpointSpec[]): Breakpoint[] {
    return specs.map((s) =>
      dbg.setBreakpoint(
        { file, line: s.line },
        {
          ...(s.condition ? { condition: compileCondition(s.condition) } : {}),
          ...(s.logMessage ? { logMessage: s.logMessage } : {}),
        },
      ),
    );
  }

  /** Where each breakpoint of `file` binds: asked of the symbols, so it is known before a run. */
  private reportBreakpoints(file: string): void {
    const provider = this.program?.provider;
    const breakpoints: BoundBreakpoint[] = (this.breakpoints.get(file) ?? []).map((s) => {
      const r = provider?.breakpointOffsets(file, s.line);
      return { line: s.line, boundLine: r && r.offsets.length > 0 ? r.line : undefined };
    });
    this.post({ type: 'breakpoints', file, breakpoints });
  }

  private start(entry: Entry, stopAtEntry: boolean): void {
    const program = this.program;
    if (!program) throw new ProgramError('No program is loaded.');
    this.kill();
    const WebAssembly = createWebAssembly();
    const dbg = Debugger.attach(WebAssembly, { symbols: program.symbols, debugCompile: true });
    const run: Run = { dbg, WebAssembly, live: new Map() };
    for (const [file, specs] of this.breakpoints) run.live.set(file, this.arm(dbg, file, specs));
    let trapMessage: string | undefined;
    dbg.on('trap', (event) => {
      trapMessage = event.message;
    });
    dbg.on('paused', (event) => {
      const message = trapMessage;
      trapMessage = undefined;
      return this.onPaused(run, event.reason, event.context, message);
    });
    dbg.on('log', (event) => this.post({ type: 'output', stream: 'debugger', text: `${event.message}\n` }));
    dbg.on('error', (error) => this.post({ type: 'output', stream: 'debugger', text: `warning: ${error instanceof Error ? error.message : String(error)}\n` }));

    const fail = (message: string): void => {
      dbg.detach();
      this.post({ type: 'exited', code: undefined, trap: message });
    };
    let instance: InstanceType<LanternWebAssembly['Instance']>;
    const wasi = new Wasi({
      args: [program.name, ...(entry.kind === 'start' ? entry.args : [])],
      env: {},
      fs: this.fs,
      preopens: { [FS_ROOT]: FS_ROOT },
      stdout: streamWriter((text) => this.post({ type: 'output', stream: 'stdout', text })),
      stderr: streamWriter((text) => this.post({ type: 'output', stream: 'stderr', text })),
    });
    try {
      const module = new WebAssembly.Module(program.bytes);
      instance = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wasi.wasiImport });
    } catch (error) {
      return fail(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    }
    const exports = instance.exports as Record<string, unknown>;
    if (exports.memory instanceof WebAssembly.Memory) wasi.setMemory(exports.memory);
    let fn: unknown;
    let values: unknown[] = [];
    if (entry.kind === 'start') {
      fn = exports._start;
      if (typeof fn !== 'function') return fail(`${program.name} has no _start export: choose an export to call`);
    } else {
      fn = exports[entry.name];
      if (typeof fn !== 'function') return fail(`${program.name} exports no function "${entry.name}"`);
      values = parseArguments(program.info, entry.name, entry.args);
    }
    this.run = run;
    this.post({ type: 'running' });
    if (stopAtEntry) dbg.pause();
    dbg.run(fn, ...values).then(
      (result) => this.onEnd(run, result, undefined),
      (error: unknown) => this.onEnd(run, undefined, error),
    );
  }

  private onPaused(run: Run, reason: string, ctx: PauseContext, trap: string | undefined): Promise<void> | void {
    if (run !== this.run) {
      ctx.unwind(); // a run that was stopped or restarted: its pause request ends it here
      return;
    }
    if (!ctx.engine.canAwait) return; // a stop inside a nested synchronous call cannot wait for the page
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const frames = ctx.frames();
    this.pause = { ctx, frames, reason, release };
    this.refs.clear();
    const top = frames.find((f): f is WasmFrameInfo => f.kind === 'wasm');
    const trapResults = reason === 'trap' && top ? resultTypesAt(top.instance as Instance, top.pc).length : undefined;
    this.post({
      type: 'paused',
      stop: {
        reason,
        ...(trap !== undefined ? { trap } : {}),
        ...(trapResults !== undefined ? { trapResults } : {}),
        frames: frameViews(frames),
        scopes: scopesOf(ctx, frames, top?.index ?? 0, this.refs),
      },
    });
    return released;
  }

  private onEnd(run: Run, result: unknown, error: unknown): void {
    run.dbg.detach();
    if (run !== this.run) return;
    this.run = undefined;
    this.pause = undefined;
    this.refs.clear();
    if (error === undefined) {
      this.post({ type: 'exited', code: 0, ...(result !== undefined ? { result: formatResult(result) } : {}) });
    } else if (error instanceof ExitStatus) {
      this.post({ type: 'exited', code: error.code });
    } else {
      this.post({ type: 'exited', code: undefined, trap: error instanceof Error ? error.message : String(error) });
    }
    this.listFiles();
  }

  private requirePause(): Pause {
    if (!this.pause) throw new ProgramError('The program is not paused.');
    return this.pause;
  }

  private resume(choose: (ctx: PauseContext) => void): void {
    const p = this.requirePause();
    choose(p.ctx);
    this.pause = undefined;
    this.refs.clear();
    this.post({ type: 'running' });
    p.release();
  }

  private trapAction(action: 'resume' | 'retry' | 'unwind', texts: readonly string[]): void {
    const p = this.requirePause();
    if (p.reason !== 'trap') throw new ProgramError(`The program is stopped at a ${p.reason}, not a trap.`);
    if (action === 'retry') return this.resume((ctx) => ctx.retry());
    if (action === 'unwind') return this.resume((ctx) => ctx.unwind());
    const values = texts.map((t) => {
      const v = t.trim();
      if (!/^[+-]?(\d+|0x[0-9a-f]+)$/i.test(v) && Number.isNaN(Number(v))) throw new ProgramError(`"${t}" is not a number`);
      return /^[+-]?(\d+|0x[0-9a-f]+)$/i.test(v) && !Number.isSafeInteger(Number(v)) ? BigInt(v) : Number(v);
    });
    return this.resume((ctx) => ctx.resume(...values));
  }

  private kill(): void {
    const run = this.run;
    if (!run) return;
    this.run = undefined;
    const p = this.pause;
    this.pause = undefined;
    // Unwinding ends the run; its end is no longer reported (run !== this.run). A running
    // program stops at its next instruction (debug-compiled code lets messages in) and unwinds.
    if (p) {
      p.ctx.unwind();
      p.release();
    } else {
      run.dbg.pause();
    }
  }

  private readMemory(address: number, length: number): void {
    const p = this.requirePause();
    try {
      const memory = p.ctx.memory(0);
      const start = Math.max(0, Math.min(address, memory.byteLength));
      this.post({ type: 'memory', address: start, bytes: memory.read(start, Math.min(length, memory.byteLength - start)) });
    } catch (error) {
      this.post({ type: 'memory', address, bytes: undefined, error: error instanceof Error ? error.message : String(error) });
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

/** A WASI output hook that decodes UTF-8 across writes. */
function streamWriter(emit: (text: string) => void): (data: Uint8Array) => void {
  const decoder = new TextDecoder();
  return (data) => {
    const text = decoder.decode(data, { stream: true });
    if (text !== '') emit(text);
  };
}

function formatResult(result: unknown): string {
  return Array.isArray(result) ? result.map(String).join(', ') : String(result);
}
