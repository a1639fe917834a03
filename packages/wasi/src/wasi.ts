/**
 * Wasi: a WASI preview1 (`wasi_snapshot_preview1`) host for one program run, backed by a
 * FileSystem (the host's disk through node:fs, or a MemoryFileSystem where there is none) and
 * usable with ANY standard-shaped WebAssembly object (Node's own or Lantern's): `wasiImport` is
 * a plain object of JS functions, and the only thing read from the instance is its exported
 * `memory` and `_start` / `_initialize`.
 *
 * Every call is wrapped at the boundary: a WasiError becomes its errno, a FileSystem error is
 * mapped by its code, any other failure becomes EIO — nothing but ExitStatus (proc_exit) ever
 * propagates into the engine.
 */
import { ALL_RIGHTS } from './abi.ts';
import { argsEnvCalls } from './calls/argsEnvCalls.ts';
import { clockCalls } from './calls/clockCalls.ts';
import { fdCalls } from './calls/fdCalls.ts';
import { pathCalls } from './calls/pathCalls.ts';
import { procCalls } from './calls/procCalls.ts';
import type { StdioHooks, WasiCalls, WasiContext, WasiFunction } from './context.ts';
import { Errno, WasiError, errnoFromHost } from './errno.ts';
import { ExitStatus } from './exitStatus.ts';
import { FdTable } from './fdTable.ts';
import type { FileSystem } from './fs/fileSystem.ts';
import { MemoryFileSystem } from './fs/memoryFileSystem.ts';
import { NodeFileSystem } from './fs/nodeFileSystem.ts';
import { nodeFs } from './fs/nodeFs.ts';
import { GuestMemory, type MemoryLike, type MemoryReadHook } from './guestMemory.ts';
import { stdioHooks, textOf, type CollectedOutput } from './stdio.ts';

export interface WasiOptions extends StdioHooks {
  /** argv, including argv[0] (the program name). */
  args?: string[];
  /** Environment variables. */
  env?: Record<string, string>;
  /**
   * Where files live. Default: the host's disk (NodeFileSystem) where node:fs exists, else a
   * fresh, empty MemoryFileSystem.
   */
  fs?: FileSystem;
  /** Guest directory name → directory in `fs`; each becomes a preopened fd (3, 4, ...). */
  preopens?: Record<string, string>;
  /**
   * true (default): `start` returns the exit code. false: `start` ends the host process
   * with it (process.exit), like a native command; where there is no process, it returns.
   */
  returnOnExit?: boolean;
  /** Called with host errors that were not expected (mapped to EIO). For debugging. */
  onUnexpectedError?: (err: unknown, call: string) => void;
  /**
   * Called with each range of guest memory a call reads (iovec tables, the buffers fd_write and
   * fd_pwrite write out, path strings, poll_oneoff's subscriptions), before it reads it: how a
   * debugger's read watchpoints see WASI's reads (with Lantern: @lantern/runtime's declareHostRead).
   */
  onMemoryRead?: MemoryReadHook;
}

/** What `start` / `initialize` need from an instance: any standard Instance fits. */
export interface InstanceLike {
  readonly exports: Record<string, unknown>;
}

export class Wasi {
  /** The imports object for module `wasi_snapshot_preview1`. */
  readonly wasiImport: Record<string, (...args: never[]) => number | void>;
  /** The files the program sees (options.fs or the default). */
  readonly fs: FileSystem;
  private memory: MemoryLike | undefined;
  private readonly fds: FdTable;
  private readonly collected: CollectedOutput = { stdout: [], stderr: [] };
  private readonly returnOnExit: boolean;
  private started = false;

  constructor(options: WasiOptions = {}) {
    this.returnOnExit = options.returnOnExit ?? true;
    this.fs = options.fs ?? (nodeFs ? new NodeFileSystem() : new MemoryFileSystem());
    this.fds = new FdTable(this.fs);
    const mem = new GuestMemory(() => this.memory, options.onMemoryRead);
    const ctx: WasiContext = {
      mem,
      fds: this.fds,
      fs: this.fs,
      args: options.args ?? [],
      env: Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`),
      stdio: stdioHooks(options, this.collected),
    };
    const base = { fdflags: 0, rightsBase: ALL_RIGHTS, rightsInheriting: ALL_RIGHTS };
    this.fds.add({ kind: 'stdio', stream: 0, ...base });
    this.fds.add({ kind: 'stdio', stream: 1, ...base });
    this.fds.add({ kind: 'stdio', stream: 2, ...base });
    for (const [guest, host] of Object.entries(options.preopens ?? {})) {
      const real = this.fs.realpath(host);
      this.fds.add({ kind: 'dir', hostPath: real, root: { hostPath: real }, preopenName: guest, ...base });
    }
    const calls: WasiCalls = {
      ...argsEnvCalls(ctx),
      ...clockCalls(ctx),
      ...fdCalls(ctx),
      ...pathCalls(ctx),
      ...procCalls(ctx),
    };
    const imports: Record<string, (...args: never[]) => number | void> = {};
    for (const [name, fn] of Object.entries(calls)) imports[name] = guard(name, fn, options.onUnexpectedError);
    this.wasiImport = imports;
  }

  /** `{ wasi_snapshot_preview1: wasiImport }`, to spread into an import object. */
  getImportObject(): { wasi_snapshot_preview1: Record<string, (...args: never[]) => number | void> } {
    return { wasi_snapshot_preview1: this.wasiImport };
  }

  /**
   * What the program wrote to fd 1 or 2 that went to no hook and no process stream (hosts
   * without a process, e.g. browsers), as UTF-8 text.
   */
  collectedOutput(stream: 'stdout' | 'stderr'): string {
    return textOf(this.collected[stream]);
  }

  /** Uses `memory` for guest pointers (when the instance does not export it as "memory"). */
  setMemory(memory: MemoryLike): void {
    this.memory = memory;
  }

  /**
   * Runs a command: calls `_start` and returns the exit code (0 when `_start` returns,
   * otherwise the code given to proc_exit). Traps and host errors propagate.
   */
  start(instance: InstanceLike): number {
    const entry = this.attach(instance, '_start');
    try {
      entry();
      return this.exit(0);
    } catch (err) {
      if (err instanceof ExitStatus) return this.exit(err.code);
      throw err;
    } finally {
      this.fds.closeAll();
    }
  }

  /** Prepares a reactor: calls `_initialize` if exported; the instance stays usable. */
  initialize(instance: InstanceLike): void {
    if (typeof instance.exports._start === 'function') throw new Error('initialize() on a command module (it exports _start); use start()');
    const init = instance.exports._initialize;
    this.attach(instance, undefined);
    if (typeof init === 'function') (init as () => void)();
  }

  private attach(instance: InstanceLike, entryName: string | undefined): () => void {
    if (this.started) throw new Error('this Wasi object already started a program');
    const memory = instance.exports.memory as MemoryLike | undefined;
    if (!memory && !this.memory) throw new TypeError('the instance does not export "memory"');
    if (memory) {
      if (typeof (memory.buffer as ArrayBuffer | undefined)?.byteLength !== 'number') throw new TypeError('export "memory" is not a memory');
      this.memory = memory;
    }
    let entry: () => void = () => {};
    if (entryName !== undefined) {
      const fn = instance.exports[entryName];
      if (typeof fn !== 'function') throw new TypeError(`the instance does not export a "${entryName}" function`);
      entry = fn as () => void;
    }
    this.started = true;
    return entry;
  }

  private exit(code: number): number {
    if (!this.returnOnExit) (globalThis.process as NodeJS.Process | undefined)?.exit(code);
    return code;
  }
}

/** Wraps a call so only its errno (or ExitStatus) ever leaves it. */
function guard(name: string, fn: WasiFunction, onUnexpected: WasiOptions['onUnexpectedError']): (...args: never[]) => number | void {
  const wrapped = (...args: never[]): number | void => {
    try {
      return fn(...args);
    } catch (err) {
      if (err instanceof ExitStatus) throw err;
      if (err instanceof WasiError) return err.errno;
      const code = (err as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && code.startsWith('E')) return errnoFromHost(code);
      onUnexpected?.(err, name);
      return Errno.IO;
    }
  };
  Object.defineProperty(wrapped, 'name', { value: name });
  return wrapped;
}
