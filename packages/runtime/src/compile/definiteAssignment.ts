/**
 * Definite assignment of locals, riding on the compile pass: wasm zero-initializes declared
 * locals, but the prologue zeroes only those some path reads before setting (`zeroRange`).
 *
 * The state is the set of locals set at the current point (parameters and reference locals
 * count as set: the caller wrote the former, the prologue nulls the latter). A block's end meets
 * (intersects) what holds on every path reaching it: the forward branches to it and its
 * fallthrough; an `if` without `else` also its condition's false path. A loop's back edges add
 * nothing (the loop was entered with at most what they carry). Dead code reads nothing.
 * Exception handlers are entered from anywhere in their try, which is not tracked: a function
 * with one zeroes every local (`giveUp`).
 */

/** What a block (compile/controlStack.ts Ctrl) records for the analysis. */
export interface LabelAssignments {
  /** The locals set when the block was entered. */
  setAtEntry: Uint8Array;
  /** The locals set on every forward branch to the block's end so far (null: no branch yet). */
  setAtBranches: Uint8Array | null;
}

export class DefiniteAssignment {
  /** Per local: set at this point (1) or not (0). */
  private setNow: Uint8Array;
  /** Per local: read at some point where it was not set. */
  private readonly readBeforeSet: Uint8Array;
  private gaveUp = false;

  constructor(localCats: readonly number[], numParams: number, refCat: number) {
    this.setNow = Uint8Array.from(localCats, (cat, i) => (i < numParams || cat === refCat ? 1 : 0));
    this.readBeforeSet = new Uint8Array(localCats.length);
  }

  read(local: number): void {
    if (this.setNow[local] === 0) this.readBeforeSet[local] = 1;
  }
  set(local: number): void {
    this.setNow[local] = 1;
  }
  /** Handlers are entered from anywhere in their try: every local is zeroed. */
  giveUp(): void {
    this.gaveUp = true;
  }

  /** The state a new block records (LabelAssignments.setAtEntry). */
  atEntry(): Uint8Array {
    return this.setNow.slice();
  }
  /** A forward branch to `label`'s end leaves with the locals set now. */
  branchTo(label: LabelAssignments): void {
    label.setAtBranches = meet(label.setAtBranches, this.setNow);
  }
  /** At `else`: the else-branch starts as the if did. */
  atElse(label: LabelAssignments): void {
    this.setNow = label.setAtEntry.slice();
  }
  /**
   * At a block's end: the locals set after it, on every path reaching it — its forward branches
   * (none for a loop: they go back to its start), its fallthrough when reachable, and the false
   * path of an `if` without `else`.
   */
  atEnd(label: LabelAssignments, isLoop: boolean, fallsThrough: boolean, isIfWithoutElse: boolean): void {
    let out = isLoop ? null : label.setAtBranches;
    if (fallsThrough) out = meet(out, this.setNow);
    if (isIfWithoutElse) out = meet(out, label.setAtEntry);
    // Nothing reaches the end: what follows is dead code, where nothing is read.
    this.setNow = out ?? this.setNow.fill(1);
  }

  /**
   * The locals [from, to) the prologue must zero: from the first to the last declared local some
   * path reads before setting (from === to when none), or all of them after `giveUp`.
   */
  zeroRange(numParams: number, numLocals: number): [from: number, to: number] {
    if (this.gaveUp) return [numParams, numLocals];
    let from = -1, to = -1;
    for (let i = numParams; i < numLocals; i++) {
      if (this.readBeforeSet[i] === 0) continue;
      if (from < 0) from = i;
      to = i + 1;
    }
    return from < 0 ? [numParams, numParams] : [from, to];
  }
}

/** Locals set on both of two paths (null: a path that does not exist yet). */
function meet(a: Uint8Array | null, b: Uint8Array): Uint8Array {
  if (a === null) return b.slice();
  for (let i = 0; i < a.length; i++) a[i] &= b[i];
  return a;
}
