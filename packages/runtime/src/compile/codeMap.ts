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
 *
 * The prologue (constant slots' ConstFill, locals zeroed; [start, bodyPc)) is an entry of its
 * own mapped to the body's first offset (a pause there, e.g. an enter probe, reports the
 * function's first instruction), but it is not that instruction's code: calls may skip it
 * (entryPc), it runs before the locals are zeroed. `pcsOf`, `pcAtOrAfter` and `entryAt` — where
 * breakpoints are patched and steps stop — only see the body's entries.
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
    /** Where the body's code starts, after the prologue (= start when there is none). */
    readonly bodyPc: number = start,
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

  /**
   * Debug compile mode only (else null): per entry, the wasm operand stack height before the
   * instruction, and where its operands' value categories start in `stackCats` (one byte per
   * operand, bottom first: 0 = 32-bit (i32/f32), 1 = 64-bit (i64/f64), 2 = reference). At an
   * entry's pc every operand i lives in its own slot, FRAME_LAYOUT operand area cell i.
   */
  heights: Int32Array | null = null;
  stackStarts: Int32Array | null = null;
  stackCats: Uint8Array | null = null;
  /**
   * Debug compile mode only, filled when the function compiles with a debugger attached
   * (debug/operandTypes.ts): the exact ValType of each operand, parallel to `stackCats` (i32 vs
   * f32, i64 vs f64, the reference type; concrete reference types by the module's type index).
   */
  stackTypes: Int32Array | null = null;

  /** Internal pcs of the entries compiled from the instruction at exactly `offset` (often one). */
  pcsOf(offset: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.offsets.length; i++) if (this.offsets[i] === offset && this.pcs[i] >= this.bodyPc) out.push(this.pcs[i]);
    return out;
  }

  /**
   * The entry index whose pc is exactly `pc` (the first internal instruction of a wasm
   * instruction), or -1 (also for the prologue).
   */
  entryAt(pc: number): number {
    const pcs = this.pcs;
    if (pc < this.bodyPc) return -1;
    let lo = 0;
    let hi = pcs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (pcs[mid] === pc) return mid;
      if (pcs[mid] < pc) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The first internal pc compiled from the instruction at `offset` or after it, or -1. */
  pcAtOrAfter(offset: number): number {
    let best = -1;
    let bestOffset = Infinity;
    for (let i = 0; i < this.offsets.length; i++) {
      const o = this.offsets[i];
      if (o >= offset && o < bestOffset && this.pcs[i] >= this.bodyPc) {
        bestOffset = o;
        best = this.pcs[i];
      }
    }
    return best;
  }
}
