/**
 * Store (spec "store"): owns the thread (VM stack + CallThreadState), the internal code buffer
 * and every function by address. Tables, memories and globals are plain objects owned by their
 * instances or by the JS API (globals' values live in the GlobalArena).
 *
 * NB: functions of different stores must not be mixed (a function's address is per store).
 */
import { Thread, type ThreadOptions } from '../exec/thread.ts';
import { CodeBuffer } from '../compile/codeBuffer.ts';
import { compileFunction } from '../compile/compiler.ts';
import type { FuncInstance } from '../instances/func.ts';
import type { DebugState } from '../debug/debugState.ts';
import { type Tier, type TierPolicy, createTier } from '../tier/tier.ts';
import type { Meter } from '../exec/meter.ts';
import { DEFAULT_HOST_CALL_DEPTH, MemoryBudget, type ResourceLimits } from '../instances/resourceLimits.ts';
import type { InstructionCounter, StackSampler } from '../exec/sampling.ts';

export interface StoreOptions extends ThreadOptions {
  /**
   * Execution tier: 'interpreter' (the default), 'auto' (hot functions — a loop, or many calls —
   * are compiled to JavaScript) or 'eager' (every function the tier supports, at its first call).
   * Where code generation from strings is forbidden the interpreter runs alone. src/tier/.
   */
  tier?: TierPolicy;
  /**
   * Testing the tier: every this many polls (loop iterations and calls of compiled code) its
   * frames are materialized and the interpreter continues, and every trap there re-runs in the
   * interpreter (src/tier/tier.ts). 0 (the default): only where something observes.
   */
  deoptTorture?: number;
  /** Resource caps for untrusted code (instances/resourceLimits.ts); fuel and interruption are `fuel` and `interruptible`. */
  limits?: ResourceLimits;
}

export class Store {
  readonly thread: Thread;
  readonly code = new CodeBuffer();
  readonly funcs: FuncInstance[] = [];
  /**
   * Debugger state (breakpoint patch table, pending breakpoints, stepping, debug compile mode,
   * probes); null — and no cost anywhere — until src/debug/ attaches one (DebugHooks).
   */
  debug: DebugState | null = null;
  /** A sampling profiler's hook (exec/sampling.ts); null — and no Ticks in normal code — without one. */
  sampler: StackSampler | null = null;
  /** An exact profile's instruction counts (exec/sampling.ts); null — and no Count in code — without one. */
  counter: InstructionCounter | null = null;
  /** The JS-compiling tier; null when the interpreter runs alone. */
  readonly tier: Tier | null;
  /** StoreOptions.limits (empty: only the JS API's implementation limits). */
  readonly limits: ResourceLimits;
  /** What the store's memories hold against limits.memoryPages / memoryBytes; null when neither is set. */
  readonly memoryBudget: MemoryBudget | null;
  /** Instances created so far (limits.instances). */
  instances = 0;

  constructor(options?: StoreOptions) {
    this.thread = new Thread(options);
    this.tier = createTier(this, options?.tier, options?.deoptTorture);
    const limits = (this.limits = { ...options?.limits });
    for (const [name, value] of Object.entries(limits)) {
      if (value !== undefined && !(typeof value === 'number' && value >= 0)) throw new TypeError(`limits.${name}: expected a number >= 0, got ${String(value)}`);
    }
    this.memoryBudget = limits.memoryPages !== undefined || limits.memoryBytes !== undefined
      ? new MemoryBudget(limits.memoryPages ?? Infinity, limits.memoryBytes ?? Infinity)
      : null;
    this.thread.maxHostDepth = limits.hostCallDepth ?? DEFAULT_HOST_CALL_DEPTH;
  }

  // ---------------------------------------------------------------- limits (exec/meter.ts)

  /** Fuel left (Infinity: unlimited). */
  get fuel(): number {
    return this.thread.meter.fuel;
  }

  /** Sets the fuel left (Infinity: unlimited). Needs StoreOptions `fuel` (or `interruptible`). */
  setFuel(fuel: number): void {
    this.meter('setFuel').setFuel(fuel);
  }

  /** Adds fuel, e.g. in a trap handler for "out of fuel" before it retries. */
  addFuel(fuel: number): void {
    if (!(fuel >= 0)) throw new RangeError(`addFuel: expected a number >= 0, got ${String(fuel)}`);
    const m = this.meter('addFuel');
    m.setFuel(m.fuel + fuel);
  }

  /**
   * Interrupts the code running in this store at its next loop iteration or call (the trap
   * "interrupted"), or the next code to run; `clearInterrupt` lets code run again. From another
   * worker, write the `interruptible` Int32Array instead (Atomics.store(flag, 0, 1)).
   */
  interrupt(): void {
    this.meter('interrupt').raise();
  }

  clearInterrupt(): void {
    this.meter('clearInterrupt').clear();
  }

  /** Interrupts code still running `ms` milliseconds from now (Infinity: never). Needs `interruptible` or `fuel`. */
  setTimeout(ms: number): void {
    this.meter('setTimeout').setTimeout(ms);
  }

  private meter(what: string): Meter {
    if (!this.thread.metered) throw new Error(`${what}: this store was created without the \`fuel\` or \`interruptible\` option`);
    return this.thread.meter;
  }

  /** Registers a function, giving it its address. */
  addFunc(f: FuncInstance): void {
    f.addr = this.funcs.length;
    this.funcs.push(f);
  }

  /** Compiles a wasm function; false (error on the thread) if the compiler failed. Never throws. */
  compileFunc(f: FuncInstance): boolean {
    try {
      compileFunction(this, f);
      if (this.tier !== null) this.tier.onCompiled(f);
      // Pending breakpoints and probes bind as soon as the function has code (none is missed).
      if (this.debug !== null) this.debug.onCompiled(f);
      return true;
    } catch (e) {
      this.thread.exit.error = e;
      return false;
    }
  }
}
