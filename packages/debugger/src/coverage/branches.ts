/**
 * The branch edges of a function body whose taking can be told from which instructions ran: an
 * edge of an `if`, `br_if` or `br_table` whose target instruction is reached by that edge alone
 * (one predecessor in the body's control-flow graph). Such a target ran exactly when the edge
 * was taken, so a one-shot probe on its code says so. Edges into a join (a block's `end`
 * reached by fall-through too, a loop header) cannot be told apart and are left out, as are
 * bodies with exception handling (a throw reaches handlers from anywhere).
 */
import type { WasmInstruction } from '@lantern/runtime';

export interface BranchEdge {
  /** Index of the branch instruction in the body's instruction list. */
  readonly branch: number;
  /** Which of its edges: if/br_if: 0 = taken (then / branch), 1 = not taken (else / fall-through); br_table: the label's position. */
  readonly edge: number;
  /** Index of the instruction the edge reaches. */
  readonly target: number;
}

export interface BranchAnalysis {
  /** Per branch instruction (index), its edge count. */
  readonly branches: ReadonlyMap<number, number>;
  /** The edges that can be told (see above). */
  readonly edges: readonly BranchEdge[];
  /** Per instruction, its predecessor edges (fall-through and branches) in the body. */
  readonly predecessors: readonly number[];
}

const NO_FALL_THROUGH = new Set(['br', 'br_table', 'return', 'unreachable', 'return_call', 'return_call_indirect', 'return_call_ref', 'throw', 'rethrow', 'throw_ref']);
const EXCEPTIONS = new Set(['try', 'try_table', 'catch', 'catch_all', 'delegate']);

/** Whether control goes on from instruction `mnemonic` to the next one in the body (an `else` jumps to its block's end). */
export function fallsThrough(mnemonic: string): boolean {
  return !NO_FALL_THROUGH.has(mnemonic) && mnemonic !== 'else';
}

export function analyzeBranches(code: readonly WasmInstruction[]): BranchAnalysis {
  const n = code.length;
  const predecessors = new Array<number>(n).fill(0);
  const branches = new Map<number, number>();
  if (code.some((i) => EXCEPTIONS.has(i.mnemonic))) return { branches, edges: [], predecessors };
  // Block structure: each block/loop/if's `end` (and an if's `else`).
  const endOf = new Map<number, number>();
  const elseOf = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < n; i++) {
    const m = code[i].mnemonic;
    if (m === 'block' || m === 'loop' || m === 'if') open.push(i);
    else if (m === 'else') elseOf.set(open[open.length - 1], i);
    else if (m === 'end' && open.length > 0) endOf.set(open.pop()!, i);
  }
  // Where a branch to label `depth` at instruction i goes: a loop's first instruction, else the block's end.
  const enclosing: number[] = [];
  const labelTarget = (depth: number): number => {
    const b = enclosing[enclosing.length - 1 - depth];
    if (b === undefined) return n - 1; // the function's own label: its final end
    return code[b].mnemonic === 'loop' ? b + 1 : endOf.get(b)!;
  };
  const successors: { target: number; branch: number; edge: number }[][] = [];
  for (let i = 0; i < n; i++) {
    const ins = code[i];
    const m = ins.mnemonic;
    const out: { target: number; branch: number; edge: number }[] = [];
    if (m === 'block' || m === 'loop' || m === 'if') enclosing.push(i);
    if (m === 'end' && enclosing.length > 0 && endOf.get(enclosing[enclosing.length - 1]) === i) enclosing.pop();
    if (m === 'if') {
      const b = i;
      const els = elseOf.get(b);
      out.push({ target: i + 1, branch: i, edge: 0 }, { target: els !== undefined ? els + 1 : endOf.get(b)!, branch: i, edge: 1 });
      branches.set(i, 2);
    } else if (m === 'else') {
      // The then arm's end: on to the block's end.
      const b = enclosing[enclosing.length - 1];
      out.push({ target: endOf.get(b)!, branch: -1, edge: 0 });
    } else if (m === 'br_if') {
      out.push({ target: labelTarget(Number(ins.immediates)), branch: i, edge: 0 }, { target: i + 1, branch: i, edge: 1 });
      branches.set(i, 2);
    } else if (m === 'br_table') {
      const labels = ins.immediates.trim().split(/\s+/).map(Number);
      const seen = new Set<number>();
      labels.forEach((l, k) => {
        const t = labelTarget(l);
        if (seen.has(t)) return;
        seen.add(t);
        out.push({ target: t, branch: i, edge: k });
      });
      branches.set(i, seen.size);
    } else if (m === 'br') {
      out.push({ target: labelTarget(Number(ins.immediates)), branch: -1, edge: 0 });
    } else if (!NO_FALL_THROUGH.has(m) && i + 1 < n) {
      out.push({ target: i + 1, branch: -1, edge: 0 });
    }
    successors.push(out);
    for (const s of out) if (s.target < n) predecessors[s.target]++;
  }
  const edges: BranchEdge[] = [];
  for (const out of successors) for (const s of out) if (s.branch >= 0 && s.target < n && predecessors[s.target] === 1) edges.push(s);
  return { branches, edges, predecessors };
}
