/**
 * Watchpoint: a data breakpoint the user asked for — a linear-memory range or a global, watched
 * for writes (gdb's `watch`), reads (`rwatch`) or both (`awatch`) — and where it is bound: the
 * runtime's watchpoint (DebugState) on the memory or global of an instance. One set before the
 * program is instantiated is pending until an instance with that memory / global exists.
 *
 * A hit stops at the instruction after the one that touched the data (its old and new values
 * are in the event); `condition` is evaluated there, so it sees the new value.
 */
import type { WatchAccess } from '@lantern/runtime';
import type { WasmFrameInfo } from '../frames/frameInfo.ts';
import type { PauseContext } from '../pauseContext.ts';
import type { WasmValue } from '../frames/wasmValue.ts';

export type { WatchAccess };

export type WatchLocation =
  /** `length` bytes at `address` of memory `memory` (default 0). */
  | { readonly address: number; readonly length: number; readonly memory?: number }
  /** Global `global` (index, or a name from the name section). */
  | { readonly global: number | string };

export interface WatchOptions {
  /** Stop only when it returns true (errors count as true and are reported on `error`). */
  readonly condition?: (frame: WasmFrameInfo, context: PauseContext) => boolean;
  /** A disabled watchpoint stays bound but never stops. */
  readonly enabled?: boolean;
  /** Shown in messages (gdb shows the expression watched); default: the location. */
  readonly label?: string;
}

export class Watchpoint {
  /** Hits counted so far (condition true). */
  hits = 0;
  enabled: boolean;
  /** The runtime's watchpoint while bound (undefined: pending). */
  bound: unknown;

  constructor(
    readonly id: number,
    readonly access: WatchAccess,
    readonly location: WatchLocation,
    readonly options: WatchOptions = {},
  ) {
    this.enabled = options.enabled ?? true;
  }

  get pending(): boolean {
    return this.bound === undefined;
  }

  /** gdb's words: "Hardware watchpoint" (write), "Hardware read watchpoint", "Hardware access (read/write) watchpoint". */
  get kindName(): string {
    return this.access === 'write' ? 'Watchpoint' : this.access === 'read' ? 'Read watchpoint' : 'Access (read/write) watchpoint';
  }

  describe(): string {
    if (this.options.label !== undefined) return this.options.label;
    const l = this.location;
    if ('global' in l) return `global ${l.global}`;
    return `${l.length} byte(s) at 0x${l.address.toString(16)}${l.memory ? ` in memory ${l.memory}` : ''}`;
  }
}

/** One watchpoint touched by one instruction: what the `watchpoint` event reports per hit. */
export interface WatchHitInfo {
  readonly watchpoint: Watchpoint;
  /** What the instruction did. */
  readonly access: 'read' | 'write';
  /** The instruction that touched the data: its function and module byte offset. */
  readonly function: string;
  readonly funcIndex: number;
  readonly offset: number;
  /** Memory: the watched bytes before / after; global: its value. */
  readonly oldValue: Uint8Array | WasmValue;
  readonly newValue: Uint8Array | WasmValue;
  /**
   * Set when a host function wrote the data (a WASI call, JS writing the memory) or declared
   * reading it (a WASI call writing it out: runtime debug/hostReads.ts): its name; the
   * instruction is then the call, the stop right after it.
   */
  readonly host?: string;
}
