/**
 * Wasi: a WASI preview1 (`wasi_snapshot_preview1`) host for one program run, backed by
 * node:fs and usable with ANY standard-shaped WebAssembly object (Node's own or Lantern's):
 * `wasiImport` is a plain object of JS functions, and the only thing read from the instance
 * is its exported `memory` and `_start` / `_initialize`.
 *
 * Every call is wrapped at the boundary: a WasiError becomes its errno, a Node fs error is
 * mapped by its code, any other failure becomes EIO — nothing but ExitStatus (proc_exit) ever
 * propagates into the engine.
 */
import { readSync, realpathSync, writeSync } from 'node:fs';
import { resolve as resolveHostPath } from 'node:path';
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
import { GuestMemory, type MemoryLike } from './guestMemory.ts';

export interface WasiOptions extends StdioHooks {
  /** argv, including argv[0] (the program name). */
  args?: string[];
  /** Environment variables. */
  env?: Record<string, string>;
  /** Guest directory name → host directory; each becomes a preopened fd (3, 4, ...). */
  preopens?: Record<string, string>;
  /**
   * true (default): `start` returns the exit code. false: `start` ends the host process
   * with it (process.exit), like a native command.
   */
  returnOnExit?: boolean;
  /** Called with host errors that were not expected (mapped to EIO). For debugging. */
  onUnexpectedError?: (err: unknown, call: string) => void;
}

/** What `start` / `initialize` need from an instance: any standard Instance fits. */
export interface InstanceLike {
  readonly exports: Record<string, unknown>;
}

function defaultStdin(maxBytes: number): Uint8Array | null {
  const buf = new Uint8Array(maxBytes);
  try {
    const n = readSync(0, buf, 0, maxBytes, null);
    return buf.subarray(0, n);
  } catch {
    return null;
  }
}

export class Wasi {
  /** The imports object for module `wasi_snapshot_preview1`. */
  readonly wasiImport: Record<string, (...args: never[]) => number | void>;
  private memory: MemoryLike | undefined;
  private readonly fds = new FdTable();
  private readonly returnOnExit: boolean;
  private started = false;

  constructor(options: WasiOptions = {}) {
    this.returnOnExit = options.returnOnExit ?? true;
    const mem = new GuestMemory(() => this.memory);
    const ctx: WasiContext = {
      mem,
      fds: this.fds,
      args: options.args ?? [],
      env: Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`),
      stdio: {
        stdout: options.stdout ?? ((data) => writeSync(1, data)),
        stderr: options.stderr ?? ((data) => writeSync(2, data)),
        stdin: options.stdin ?? defaultStdin,
      },
    };
    const base = { fdflags: 0, rightsBase: ALL_RIGHTS, rightsInheriting: ALL_RIGHTS };
    this.fds.add({ kind: 'stdio', stream: 0, ...base });
    this.fds.add({ kind: 'stdio', stream: 1, ...base });
    this.fds.add({ kind: 'stdio', stream: 2, ...base });
    for (const [guest, host] of Object.entries(options.preopens ?? {})) {
      const real = realpathSync(resolveHostPath(host));
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
    if (!this.returnOnExit) process.exit(code);
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
