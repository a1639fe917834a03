/**
 * Outlining for huge functions: which runs of a body's instructions the translator emits as
 * closures of their own (codegen.ts), so that no JS function is past V8's optimizing limit
 * (~60 KB of bytecode; beyond it a function runs baseline-compiled, several times slower).
 * The interpreter loops inside real programs (SQLite's VDBE, QuickJS's bytecode loop) are such
 * functions: one `loop` around hundreds of nested `block`s and a `br_table`, each opcode's code
 * a run of instructions between two `end`s.
 *
 * A region is a run of consecutive instructions of one instruction sequence (a block's body, an
 * `if`'s arm) — whole nested constructs included — of at most MAX_REGION body bytes. A construct
 * larger than that is not outlined itself; its arms are searched for regions instead. Regions
 * never nest. Nor is a construct a `br_table` inside it leaves (a dispatch: the innermost blocks
 * of such a loop): a branch out of a region is a return and a `switch` in the function, which
 * every iteration would pay on top of the `br_table`'s own; the cases' code is outlined.
 */
import { ByteReader } from '../binary/reader.ts';
import { readOpcodeImm, skipImmediates } from '../binary/immediates.ts';
import { MIN_REGION } from './policy.ts';

/** Body bytes a region may span: its JS stays well under V8's optimizing limit. */
const MAX_REGION = 3000;

interface Item {
  start: number;
  end: number;
  /** A construct's instruction sequences (an `if` with `else` has two), else empty. */
  arms: Item[][];
  /** A construct: a loop (a branch to it stays inside it). */
  loop: boolean;
  /** A construct a `br_table` inside it branches out of, or such a `br_table`: stays in the function. */
  dispatch: boolean;
}

/** The regions of the body [start, end) (its locals already read): region start offset → end offset. */
export function outlineRegions(bytes: Uint8Array, start: number, end: number): Map<number, number> {
  const r = new ByteReader(bytes, start, end);
  const top: Item[] = [];
  // The open constructs, innermost last, each with the sequence being filled.
  const open: { item: Item; seq: Item[] }[] = [];
  let seq = top;
  while (r.pos < end) {
    const at = r.pos;
    const op = bytes[at];
    const imm = readOpcodeImm(r);
    let dispatch = false;
    if (op === 0x0e) dispatch = markDispatch(open, maxLabel(r)); // br_table
    else skipImmediates(r, imm);
    if (op === 0x02 || op === 0x03 || op === 0x04 || op === 0x06 || op === 0x1f) { // block loop if try try_table
      const item: Item = { start: at, end: -1, arms: [[]], loop: op === 0x03, dispatch: false };
      seq.push(item);
      open.push({ item, seq });
      seq = item.arms[0];
    } else if (op === 0x05 || op === 0x07 || op === 0x19) { // else catch catch_all
      const o = open[open.length - 1];
      if (o === undefined) break;
      seq = [];
      o.item.arms.push(seq);
    } else if (op === 0x0b || op === 0x18) { // end delegate
      const o = open.pop();
      if (o === undefined) break; // the function's end
      o.item.end = r.pos;
      seq = o.seq;
    } else {
      seq.push({ start: at, end: r.pos, arms: [], loop: false, dispatch });
    }
  }
  const regions = new Map<number, number>();
  pack(top, regions);
  return regions;
}

/** A `br_table`'s labels (read past): the largest, the outermost construct it branches to. */
function maxLabel(r: ByteReader): number {
  let max = 0;
  for (let n = r.u32(); n >= 0; n--) max = Math.max(max, r.u32());
  return max;
}

/**
 * Marks the open constructs (innermost last) a `br_table` with labels up to `max` branches out
 * of; returns whether it leaves its own instruction sequence (a branch to the loop around it does not).
 */
function markDispatch(open: { item: Item }[], max: number): boolean {
  const target = open.length - 1 - max;
  const from = target >= 0 && open[target].item.loop ? target + 1 : Math.max(target, 0);
  for (let j = from; j < open.length; j++) open[j].item.dispatch = true;
  return from < open.length || target < 0;
}

/** Greedy: consecutive items into regions of at most MAX_REGION bytes; larger items are searched inside. */
function pack(items: Item[], regions: Map<number, number>): void {
  let first = -1, last = -1;
  const flush = () => {
    if (first >= 0 && items[last].end - items[first].start >= MIN_REGION) regions.set(items[first].start, items[last].end);
    first = -1;
  };
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const size = item.end - item.start;
    if (size > MAX_REGION || item.dispatch) {
      flush();
      for (const arm of item.arms) pack(arm, regions);
      continue;
    }
    if (first >= 0 && item.end - items[first].start > MAX_REGION) flush();
    if (first < 0) first = i;
    last = i;
  }
  flush();
}
