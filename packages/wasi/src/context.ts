/**
 * WasiContext: the state every WASI call group works on (memory, fd table, program
 * arguments and the stdio hooks). One per Wasi object, i.e. per program run.
 */
import type { FdTable } from './fdTable.ts';
import type { GuestMemory } from './guestMemory.ts';

export interface StdioHooks {
  /** Receives each chunk the program writes to fd 1 (a copy). Default: the process's stdout. */
  stdout?: (data: Uint8Array) => void;
  /** Same for fd 2. Default: the process's stderr. */
  stderr?: (data: Uint8Array) => void;
  /** Returns up to `maxBytes` bytes for fd 0; empty or null means end of file. Default: the process's stdin. */
  stdin?: (maxBytes: number) => Uint8Array | null;
}

export interface WasiContext {
  readonly mem: GuestMemory;
  readonly fds: FdTable;
  readonly args: readonly string[];
  /** "KEY=VALUE" strings. */
  readonly env: readonly string[];
  readonly stdio: Required<StdioHooks>;
}

/** A WASI host function as the engine calls it: i32 → Number, i64 → BigInt. */
export type WasiFunction = (...args: never[]) => number | void;
export type WasiCalls = Record<string, WasiFunction>;
