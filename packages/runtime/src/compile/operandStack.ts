/**
 * The compile-time model of the wasm operand stack. Each entry is a *location*:
 *   - a frame slot: its own stack slot (materialized), or a local's slot (after `local.get`:
 *     "virtual" — no copy is emitted, consumers read the local directly);
 *   - a constant (after `i32.const` etc.): nothing emitted until a consumer needs it, so
 *     `x + 1`, `x < n`-style operations pick immediate forms (I32AddImm, BrIfLtSImm, ...);
 *   - a pending `x + c` (K_ADDR, see below).
 * Invariants that keep this sound:
 *   - before a local is written, entries that read it virtually are materialized (copied to
 *     their own slot) — straight-line code only, because
 *   - at every block/loop/if entry all virtual-local entries are materialized, so every label
 *     sees one layout whatever path reaches it (constants stay virtual: they never change);
 *   - branch values are moved into the target's slots before jumping; block results sit in
 *     their own slots at `end`.
 *
 * Frame (see FRAME_LAYOUT): the locals one after another, each one cell (a v128 two: catWidth);
 * then the constant slots; header at `hdr` = max(locals' words + constant slots' words, results'
 * words) (results are returned in slots 0.., so they must not overlap the header); the operand
 * entries one after another from hdr + 2*HEADER_CELLS. Every label sees the same layout below it
 * (validation fixes the types there), so an entry's slot depends only on the entries under it.
 */
import type { FuncType } from '../syntax/moduleInfo.ts';
import { Op } from '../isa/op.generated.ts';
import type { Emitter } from './emitter.ts';
import { emitCopy, pairWithLast } from './peephole.ts';
import { C32, catWidth, categoryOf } from './valueCategory.ts';

/** Entry kinds. */
const K_SLOT = 0, K_CONST32 = 1, K_CONST64 = 2;
/**
 * An i32 `x + c` not yet emitted (loc = x's slot: a local, a constant slot or the entry's own
 * slot; cv0 = c): a memory access folds it into its address operands, anything else
 * materializes it with one I32AddImm. Like a virtual local, it is materialized before its
 * local is written and at block entries.
 */
const K_ADDR = 3;

export class OperandStack {
  /** Per entry: its kind (K_*), location (a frame slot, -1 for constants), category, constant (low, high halves). */
  kind: number[] = [];
  loc: number[] = [];
  readonly cat: number[] = [];
  readonly cv0: number[] = [];
  readonly cv1: number[] = [];
  /** Per entry: its slot's int32 offset from operand 0 (the widths of the entries below it). */
  private readonly rel: number[] = [];
  /** The greatest int32 extent of the operand area reached: the frame's operand area. */
  maxWords = 0;
  /** Constant slots in use, by value ("hi,lo"; hi is 0 for 32-bit constants) -> slot. */
  readonly constSlots = new Map<string, number>();

  constructor(
    private readonly em: Emitter,
    /** int32 offset of the frame header from FP. */
    readonly hdr: number,
    /** int32 offset of operand 0 from FP. */
    private readonly opBase: number,
    /** int32 offset of the first constant slot (after the locals). */
    private readonly constBase: number,
    /** Constant slots reserved after the locals (see MAX_CONST_SLOTS in compiler.ts). */
    private readonly constCap: number,
  ) {}

  get h(): number {
    return this.kind.length;
  }
  /** The frame slot of operand height `h` (at most the current height: the next entry's). */
  slotOf(h: number): number {
    return this.opBase + (h < this.rel.length ? this.rel[h] : this.end());
  }
  /** The int32 extent of the entries: where the next one goes. */
  private end(): number {
    const n = this.rel.length;
    return n === 0 ? 0 : this.rel[n - 1] + catWidth(this.cat[n - 1]);
  }
  /** The slot of value j of a label whose values `cats` start at height `base`. */
  labelSlot(base: number, cats: readonly number[], j: number): number {
    let s = this.slotOf(base);
    for (let k = 0; k < j; k++) s += catWidth(cats[k]);
    return s;
  }
  private pushEntry(kind: number, loc: number, cat: number, lo: number, hi: number): void {
    const at = this.end();
    this.kind.push(kind);
    this.loc.push(loc);
    this.cat.push(cat);
    this.cv0.push(lo);
    this.cv1.push(hi);
    this.rel.push(at);
    if (at + catWidth(cat) > this.maxWords) this.maxWords = at + catWidth(cat);
  }
  pushSlot(cat: number, loc: number): void {
    this.pushEntry(K_SLOT, loc, cat, 0, 0);
  }
  /** Pushes a result in its own slot; returns that slot. */
  pushResult(cat: number): number {
    const s = this.slotOf(this.h);
    this.pushSlot(cat, s);
    return s;
  }
  pushConst(cat: number, lo: number, hi: number): void {
    this.pushEntry(cat === C32 ? K_CONST32 : K_CONST64, -1, cat, lo | 0, hi | 0);
  }
  pop(): void {
    this.rel.pop();
    this.kind.pop();
    this.loc.pop();
    this.cat.pop();
    this.cv0.pop();
    this.cv1.pop();
  }
  popN(n: number): void {
    for (let i = 0; i < n; i++) this.pop();
  }
  /** Pops down to height `h`. */
  popTo(h: number): void {
    while (this.h > h) this.pop();
  }

  /** Does entry i live in its own slot (a computed temporary)? */
  inOwnSlot(i: number): boolean {
    return this.inSlot(i, this.slotOf(i));
  }
  /** Does entry i live in slot `s` (not a constant or a pending add)? */
  inSlot(i: number, s: number): boolean {
    return this.kind[i] === K_SLOT && this.loc[i] === s;
  }
  /** Is entry i a pending `x + c` (K_ADDR)? */
  isPendingAdd(i: number): boolean {
    return this.kind[i] === K_ADDR;
  }
  /** Is entry i a constant the operation of category `cat` can take as an immediate (an i64 op: an i64 constant)? */
  isImmediate(i: number, i64: boolean): boolean {
    return this.kind[i] === (i64 ? K_CONST64 : K_CONST32);
  }
  /** Does entry i read a frame slot below `limit` other than `except` (return values about to be written there)? */
  readsSlotBelow(i: number, limit: number, except: number): boolean {
    return (this.kind[i] === K_SLOT || this.kind[i] === K_ADDR) && this.loc[i] < limit && this.loc[i] !== except;
  }
  /** The entries' locations, to undo materializations made on a conditional path (restoreLocations). */
  saveLocations(): [kind: number[], loc: number[]] {
    return [this.kind.slice(), this.loc.slice()];
  }
  restoreLocations([kind, loc]: [kind: number[], loc: number[]]): void {
    this.kind = kind;
    this.loc = loc;
  }
  /** Does entry i read frame slot `s` (a local's, virtually, or as a pending add's x)? */
  readsSlot(i: number, s: number): boolean {
    return (this.kind[i] === K_SLOT || this.kind[i] === K_ADDR) && this.loc[i] === s;
  }

  /** Writes entry i's value into slot d (constants included). */
  moveTo(i: number, d: number): void {
    const em = this.em;
    const k = this.kind[i];
    if (k === K_CONST32) em.e3(Op.Const32, d, this.cv0[i]);
    else if (k === K_CONST64) em.e4(Op.Const64, d, this.cv0[i], this.cv1[i]);
    else if (k === K_ADDR) {
      if (!pairWithLast(em, Op.I32AddImm, Op.I32AddImm2, d, this.loc[i], this.cv0[i])) em.e4(Op.I32AddImm, d, this.loc[i], this.cv0[i]);
    }
    else emitCopy(em, this.cat[i], d, this.loc[i]);
  }
  /** Makes entry i live in its own slot. */
  materialize(i: number): void {
    const s = this.slotOf(i);
    if (this.kind[i] === K_SLOT && this.loc[i] === s) return;
    this.moveTo(i, s);
    this.kind[i] = K_SLOT;
    this.loc[i] = s;
  }
  /** The slot holding entry i (materializing a constant into its own slot). */
  src(i: number): number {
    const k = this.kind[i];
    if (k !== K_SLOT) {
      const s = k === K_ADDR ? -1 : this.constSlot(k, this.cv0[i], this.cv1[i]);
      if (s >= 0) return s;
      this.materialize(i);
    }
    return this.loc[i];
  }
  /** The constant slot holding (lo, hi), allocated on first use; -1 when none is left. */
  private constSlot(kind: number, lo: number, hi: number): number {
    const key = `${kind === K_CONST32 ? 0 : hi},${lo}`;
    let s = this.constSlots.get(key);
    if (s === undefined) {
      if (this.constSlots.size >= this.constCap) return -1;
      s = this.constBase + 2 * this.constSlots.size;
      this.constSlots.set(key, s);
    }
    return s;
  }
  materializeAll(): void {
    for (let i = 0; i < this.h; i++) this.materialize(i);
  }
  /** Materializes the virtual-local entries (constants stay virtual): block entry rule. */
  materializeLocals(): void {
    for (let i = 0; i < this.h; i++) {
      if ((this.kind[i] === K_SLOT && this.loc[i] < this.opBase) || this.kind[i] === K_ADDR) this.materialize(i);
    }
  }
  /** Materializes the top `n` entries (a block's parameters, before its label). */
  materializeTop(n: number): void {
    for (let i = this.h - n; i < this.h; i++) this.materialize(i);
  }
  /** Before writing local slot `s`: materialize entries below `below` that read it. */
  materializeReaders(s: number, below: number): void {
    for (let i = 0; i < below; i++) if (this.readsSlot(i, s)) this.materialize(i);
  }
  /** Does any entry below height `below` read local slot `s`? */
  readsBelow(s: number, below: number): boolean {
    for (let i = 0; i < below; i++) if (this.readsSlot(i, s)) return true;
    return false;
  }

  /** Pops three operands; returns their slots, deepest first. */
  pop3(): [number, number, number] {
    const c = this.src(this.h - 1);
    const b = this.src(this.h - 2);
    const a = this.src(this.h - 3);
    this.popN(3);
    return [a, b, c];
  }

  /**
   * `x + c` (x below the constant on top): pushes a K_ADDR entry instead of emitting the add, when
   * x lives where it stays put while the entry exists. Returns false to emit normally.
   */
  deferAdd(c: number): boolean {
    const x = this.h - 2;
    if (c === 0) {
      // x + 0 is x (clang emits it, e.g. fib's `return n + 0`): no instruction at all.
      this.pop();
      return true;
    }
    const k = this.kind[x];
    let loc: number;
    if (k === K_ADDR) {
      loc = this.loc[x];
      c = (this.cv0[x] + c) | 0;
    } else if (k === K_SLOT && (this.loc[x] < this.hdr || this.loc[x] === this.slotOf(x))) {
      loc = this.loc[x];
    } else {
      return false;
    }
    this.popN(2);
    this.pushSlot(C32, loc);
    this.kind[x] = K_ADDR;
    this.cv0[x] = c;
    // lastDstPos stays: a K_ADDR top never retargets or fuses as a compare, but a load may
    // still fuse the instruction that computed x (Load32Shl).
    return true;
  }
  /**
   * `(x + c) + y`: the pending adds among the top two entries become plain slots (x); returns
   * their sum c, for `keepPendingAdd` to put back on the result.
   */
  takePendingAdds(): number {
    const t = this.h - 1;
    let addend = 0;
    for (const i of [t - 1, t]) {
      if (this.kind[i] !== K_ADDR) continue;
      addend = (addend + this.cv0[i]) | 0;
      this.kind[i] = K_SLOT;
    }
    return addend;
  }
  /** The top entry, computed in its own slot, is that plus `c` (not emitted yet). */
  keepPendingAdd(c: number): void {
    const t = this.h - 1;
    this.kind[t] = K_ADDR;
    this.cv0[t] = c;
  }

  /** Call arguments: materializes them in place; returns their base slot. */
  prepareArgs(ft: FuncType): number {
    this.materializeTop(ft.params.length);
    return this.slotOf(this.h - ft.params.length);
  }
  /** The int32 words of the top `n` entries (a call's arguments). */
  wordsOfTop(n: number): number {
    return this.end() - (n === 0 ? this.end() : this.rel[this.h - n]);
  }
  /** After a call: its arguments replaced by its results, each in its own slot. */
  finishCall(ft: FuncType): void {
    this.popN(ft.params.length);
    for (const t of ft.results) this.pushResult(categoryOf(t));
  }
}
