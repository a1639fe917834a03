/**
 * GlobalArena: the storage of every global's value, one 64-bit cell per global (two for a v128) in one
 * process-wide Int32Array (+ a parallel JS array for reference values), so `global.get` is one
 * typed-array load at an address the compiler resolved (the C stack pointer global is read in
 * every function prologue).
 *
 * NB: growing replaces the typed arrays. The interpreter caches them when it enters its loop;
 * globals are only ever created outside the loop (instantiation, the JS API), and the loop is
 * always left before any host code runs, so a cached view is never stale.
 * Cells are never freed (8 bytes per global ever created, 16 per v128 global).
 */
export class GlobalArena {
  i32 = new Int32Array(256);
  refs: unknown[] = new Array(128).fill(null);
  private next = 0;

  /** Allocates `cells` consecutive cells (zeroed, ref null); returns the first's index. */
  alloc(cells = 1): number {
    const cell = this.next;
    this.next += cells;
    while (this.next * 2 > this.i32.length) {
      const bigger = new Int32Array(this.i32.length * 2);
      bigger.set(this.i32);
      this.i32 = bigger;
      const n = this.refs.length;
      for (let i = 0; i < n; i++) this.refs.push(null);
    }
    return cell;
  }
}

export const globalArena = new GlobalArena();
