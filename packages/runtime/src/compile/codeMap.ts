/**
 * CodeMap: for one compiled function, the map from internal code positions (pcs in the
 * store's CodeBuffer) to the module byte offset of the wasm instruction each internal
 * instruction was compiled from. Entries are sorted by pc; consecutive internal instructions
 * compiled from the same wasm instruction share one entry.
 *
 * The PC rule (what traps, backtraces and the debugger report): a trapping frame's PC is the
 * offset of the trapping instruction (`offsetAt(exitPc)`); a caller frame's is the offset of its
 * call instruction (`offsetAt(returnPc - 1)`, the return pc being just past the call).
 *
 * NB: wasm instructions that compile to nothing (local.get, drop, nop, no-op conversions) have
 * no entry of their own; `pcsOf(offset)` finds the first internal instruction at or after one.
 */
export class CodeMap {
  constructor(
    /** Start pc of each entry, ascending. */
    readonly pcs: Int32Array,
    /** Module byte offset of each entry. */
    readonly offsets: Int32Array,
    /** The function's code range [start, end) in the CodeBuffer. */
    readonly start: number,
    readonly end: number,
  ) {}

  /** Module byte offset of the wasm instruction the internal instruction at `pc` belongs to. */
  offsetAt(pc: number): number {
    const pcs = this.pcs;
    let lo = 0;
    let hi = pcs.length - 1;
    if (hi < 0 || pc < pcs[0]) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (pcs[mid] <= pc) lo = mid;
      else hi = mid - 1;
    }
    return this.offsets[lo];
  }

  /** The first internal pc compiled from the instruction at `offset` or after it, or -1. */
  pcAtOrAfter(offset: number): number {
    let best = -1;
    let bestOffset = Infinity;
    for (let i = 0; i < this.offsets.length; i++) {
      const o = this.offsets[i];
      if (o >= offset && o < bestOffset) {
        bestOffset = o;
        best = this.pcs[i];
      }
    }
    return best;
  }
}
