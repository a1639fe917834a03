/**
 * The meter: fuel and interruption, for running code one does not trust (StoreOptions `fuel`,
 * `interruptible`). A metered store compiles a Meter instruction (isa/instructions.ts) at the
 * end of every function's prologue and at every loop header; the JS tier charges at the same
 * points (tier/codegen.ts). Unmetered stores compile none: nothing is paid.
 *
 * Fuel unit: one wasm instruction. A Meter charges, each time control passes it, the number of
 * wasm instructions directly in its function body or loop body (nested loops have their own Meter:
 * compile/meterCosts.ts) — what one pass through that code can execute at most, charged up front
 * (per-region accounting, coarser than per instruction; a branch skipping code has paid for it).
 * So a loop iteration costs its body's length, a call its callee's straight-line length.
 *
 * Interruption: `flag` is an Int32Array (on a SharedArrayBuffer for another worker to write with
 * Atomics.store); non-zero stops the code with the trap "interrupted". A Meter's hot path tests
 * only the counter: the flag is read on its slow path, which runs whenever the counter runs out
 * (the counter the hot path decrements holds at most `slice` units, the rest of the budget waits
 * in `reserve`; refilling it is when the flag and a same-thread deadline, `deadline`, are read).
 * The slice adapts to the code's speed so that the slow path runs about every LOOK_MS
 * milliseconds: a fixed count would be read ~10x more often by the JS tier than by the
 * interpreter, and each clock read costs ~0.4 µs. Raising the flag on this thread (`raise`:
 * Store.interrupt, the deadline) also turns the counter negative, so the next Meter stops;
 * another worker's write is seen within a few LOOK_MS. So interruption costs nothing per
 * instruction beyond the fuel counter both already pay.
 *
 * Out of fuel and interrupted are traps like any other (TrapCode.OutOfFuel, Interrupted): recorded
 * at the Meter with the frames alive, raised to the exit handlers (a handler may add fuel or clear
 * the flag and `retry`: the Meter charges again), else unwound as a RuntimeError with the
 * backtrace. The charge of a Meter that traps is refunded first, so a retry charges it once.
 */
import { TrapCode } from '@lantern/traps';

/** Milliseconds the hot counter should last while watched (a deadline set, or a flag another worker may raise). */
export const LOOK_MS = 1;
/** The watched counter's size at first (it then doubles or halves towards LOOK_MS), and its least. */
const FIRST_SLICE = 1 << 16;
const LEAST_SLICE = 1 << 10;
/**
 * What it holds at most otherwise (a small integer still): the slow path, a call at the head of a
 * loop around each loop of compiled code (tier/codegen.ts), then runs so rarely that V8 compiles
 * that call in only after its first run (which deoptimizes the function: no feedback there yet)
 * — once compiled in, the call costs the loops around it their variables in registers.
 */
const UNWATCHED = 1 << 29;

export class Meter {
  /** Fuel the hot path may still charge before its slow path (a small integer: <= `capacity`). */
  left = FIRST_SLICE;
  /** What `left` holds at most while watched: about LOOK_MS of the running code (`look`). */
  slice = FIRST_SLICE;
  /** performance.now() at the last `look`. */
  looked = 0;
  /** Fuel beyond `left` (Infinity: unlimited). */
  reserve = Infinity;
  /** performance.now() time at which running code is interrupted (Infinity: none). */
  deadline = Infinity;
  /** Element 0 non-zero: interrupt at the next Meter. */
  readonly flag: Int32Array;
  /**
   * The JS tier's polls ride on the slow path (tier.ts `meterPoll`: metered compiled code has no
   * poll of its own): 'sliced' while they are due (an async entry, a profiler), 'each' charge
   * under its deoptimization torture.
   */
  polls: 'off' | 'sliced' | 'each' = 'off';

  constructor(flag?: Int32Array) {
    if (flag !== undefined && !(flag instanceof Int32Array && flag.length >= 1)) {
      throw new TypeError('interruptible: expected true or an Int32Array of at least one element (its element 0 is the flag)');
    }
    this.flag = flag ?? new Int32Array(1);
    this.shared = flag !== undefined;
  }

  /** The flag came from the embedder: another worker may raise it. */
  private readonly shared: boolean;

  /** Whether something outside this thread's calls must be looked at often (a deadline, a shared flag). */
  watched(): boolean {
    return this.shared || this.deadline !== Infinity || this.polls !== 'off';
  }

  /** What `left` may hold. */
  capacity(): number {
    if (this.polls === 'each') return 0;
    return this.watched() ? this.slice : UNWATCHED;
  }

  /** Moves what `left` holds beyond `capacity()` to the reserve: the slow path runs within it. */
  private clamp(): void {
    const most = this.capacity();
    if (this.left > most) {
      this.reserve += this.left - most;
      this.left = most;
    }
  }

  /** Sets when the slow path must run for the JS tier's polls (`polls`). */
  setPolls(polls: Meter['polls']): void {
    this.polls = polls;
    this.clamp();
  }

  /**
   * The slow path of a watched meter: reads the clock and sizes the next slice so that it lasts
   * about LOOK_MS (halving or doubling: a call or pause between two looks is no measure of speed,
   * and one such slice must not swing the next far). Returns the time read.
   */
  look(): number {
    const now = performance.now();
    const took = now - this.looked;
    this.looked = now;
    if (took < LOOK_MS / 2) this.slice = Math.min(this.slice * 2, UNWATCHED);
    else if (took > LOOK_MS * 2) this.slice = Math.max(this.slice >> 1, LEAST_SLICE);
    return now;
  }

  /** Fuel left in all (Infinity when unlimited). */
  get fuel(): number {
    return this.left + this.reserve;
  }

  /** Sets the fuel budget (Infinity: unlimited). */
  setFuel(fuel: number): void {
    if (!(fuel >= 0)) throw new RangeError(`fuel: expected a number >= 0, got ${String(fuel)}`);
    const hot = Math.min(Math.floor(fuel), this.capacity());
    this.left = hot;
    this.reserve = fuel === Infinity ? Infinity : Math.floor(fuel) - hot;
    if (this.flag[0] !== 0) this.divert();
  }

  /** Raises the flag: the next Meter stops with "interrupted" (until `clear`). */
  raise(): void {
    Atomics.store(this.flag, 0, 1);
    this.divert();
  }

  clear(): void {
    Atomics.store(this.flag, 0, 0);
  }

  /**
   * Sends the next Meter to its slow path, where the flag is read: the counter's fuel moves to
   * the reserve (the total, `fuel`, is unchanged; the slow path moves it back once the flag is clear).
   */
  divert(): void {
    if (this.left < 0) return;
    this.reserve += this.left + 1;
    this.left = -1;
  }

  /** Sets the deadline `ms` milliseconds from now (Infinity: none). */
  setTimeout(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`timeout: expected milliseconds >= 0, got ${String(ms)}`);
    this.looked = performance.now();
    this.deadline = this.looked + ms;
    // The clock is read when the counter runs out: at most a slice from now.
    this.clamp();
  }
}

/**
 * The slow path of a Meter that charged `cost`: the counter went negative or the flag is set.
 * Refills the counter from the reserve (reading the clock when a deadline is set) and returns
 * TrapCode.None to go on; or refunds the charge and returns the trap (Interrupted, OutOfFuel).
 */
export function meterSlowPath(m: Meter, cost: number): TrapCode {
  if (m.flag[0] !== 0) {
    m.left += cost;
    m.divert(); // raised by another worker: every Meter from here on looks at it, until cleared
    return TrapCode.Interrupted;
  }
  const now = m.watched() ? m.look() : 0;
  if (m.left < 0 && m.reserve > 0) {
    const take = Math.min(m.reserve, m.capacity() - m.left);
    m.left += take;
    m.reserve -= take;
  }
  if (now >= m.deadline) {
    // The deadline raises the flag, as an interrupt() would: whoever looks next (the interpreter
    // after the tier deoptimizes here, the next call) sees it, until clearInterrupt().
    m.deadline = Infinity;
    m.left += cost;
    m.raise();
    return TrapCode.Interrupted;
  }
  if (m.left < 0) {
    m.left += cost;
    return TrapCode.OutOfFuel;
  }
  return TrapCode.None;
}
