/**
 * WasiContext: the state every WASI call group works on (memory, fd table, file system,
 * program arguments and the stdio hooks). One per Wasi object, i.e. per program run.
 */
import type { FdTable } from './fdTable.ts';
import type { FileSystem } from './fs/fileSystem.ts';
import type { GuestMemory } from './guestMemory.ts';

export interface StdioHooks {
  /**
   * Receives each chunk the program writes to fd 1 (a copy). Default: the process's stdout,
   * or where there is no process, collected for Wasi.collectedOutput.
   */
  stdout?: (data: Uint8Array) => void;
  /** Same for fd 2. */
  stderr?: (data: Uint8Array) => void;
  /**
   * Returns up to `maxBytes` bytes for fd 0; empty or null means end of file. Default: the
   * process's stdin, or where there is no process, end of file at once.
   */
  stdin?: (maxBytes: number) => Uint8Array | null;
}

export interface WasiContext {
  readonly mem: GuestMemory;
  readonly fds: FdTable;
  readonly fs: FileSystem;
  readonly args: readonly string[];
  /** "KEY=VALUE" strings. */
  readonly env: readonly string[];
  readonly stdio: Required<StdioHooks>;
}

/** A WASI host function as the engine calls it: i32 → Number, i64 → BigInt. */
export type WasiFunction = (...args: never[]) => number | void;
export type WasiCalls = Record<string, WasiFunction>;
