/**
 * Resource caps of a store (StoreOptions.limits), for running modules one does not trust. Over a
 * cap nothing crashes: a grow returns -1, creating a memory, table or instance fails with a
 * RangeError naming the cap, compiling a module with a CompileError naming it (the JS API's
 * implementation limits, binary/limits.ts, lowered), a host-call nesting too deep traps
 * "call stack exhausted". The VM stack and call depth are ThreadOptions (stackCells, maxCallDepth).
 */
import type { ModuleLimits } from '../binary/limits.ts';

export interface ResourceLimits extends ModuleLimits {
  /** Pages one memory may have (grow past it returns -1). */
  readonly memoryPages?: number;
  /** Bytes all the memories of the store may hold together. */
  readonly memoryBytes?: number;
  /** Elements one table may have. */
  readonly tableElements?: number;
  /** Instances the store may create. */
  readonly instances?: number;
  /** Host functions called from wasm that may be active at once (host → wasm → host → ... re-entry); default 200. */
  readonly hostCallDepth?: number;
}

/** Host calls nested deeper than this trap: each level holds JS frames, and the JS stack must not overflow. */
export const DEFAULT_HOST_CALL_DEPTH = 200;

/** One memory's share of a MemoryBudget. */
export interface MemoryAccount {
  /** Accounts for the memory's new size before it allocates; returns the cap it would pass (nothing taken), or null. */
  resize(pages: number, bytes: number): 'memoryPages' | 'memoryBytes' | null;
}

/**
 * What the memories of one store hold against `memoryPages` and `memoryBytes`. Memories take
 * bytes as they are created and grow; a memory the GC collects gives its bytes back.
 */
export class MemoryBudget {
  private used = 0;
  private readonly released = new FinalizationRegistry<{ bytes: number }>((held) => {
    this.used -= held.bytes;
  });

  constructor(readonly maxPages: number, readonly maxBytes: number) {}

  /** The account of one memory (`owner`). */
  open(owner: object): MemoryAccount {
    const held = { bytes: 0 };
    this.released.register(owner, held);
    return {
      resize: (pages, bytes) => {
        if (pages > this.maxPages) return 'memoryPages';
        if (this.used + bytes - held.bytes > this.maxBytes) return 'memoryBytes';
        this.used += bytes - held.bytes;
        held.bytes = bytes;
        return null;
      },
    };
  }
}
