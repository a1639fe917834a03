/**
 * The emitter: appends one function's internal instructions to the store's CodeBuffer and builds
 * its CodeMap (every instruction begun here is mapped to the module offset of the wasm instruction
 * being compiled, `curOffset`; consecutive instructions of one wasm instruction share an entry).
 *
 * It also remembers where the last instructions start and which of their words a peephole may
 * rewrite (compile/peephole.ts reads and rewrites them). That knowledge holds in straight-line code
 * only: `label()` — a branch target — and every new instruction reset it.
 */
import { CodeMap } from './codeMap.ts';
import type { CodeBuffer } from './codeBuffer.ts';
import { Op } from '../isa/op.generated.ts';

export class Emitter {
  private readonly mapPcs: number[] = [];
  private readonly mapOffsets: number[] = [];
  /** Module offset of the wasm instruction being compiled: the code-map offset of what is emitted. */
  curOffset: number;
  /** Where the body's code starts, after the prologue: its first instruction gets an entry of its own (CodeMap.bodyPc). */
  bodyPc = -1;
  /** The function's return: Return, or a sampling profiler's TickReturn (compiler.ts `ticks`). */
  returnOp: Op.Return | Op.TickReturn = Op.Return;

  /** Start of the last instruction, while it is the last thing emitted in straight-line code (else -1). */
  lastStart = -1;
  /** Start of the instruction before the last one, when both are known and adjacent (else -1). */
  prevStart = -1;
  /** Code position of the last instruction's result operand, when a later instruction may retarget it (else -1). */
  lastDstPos = -1;
  /** The last instruction's op when it is a compare a conditional branch may absorb (else -1). */
  lastCmpOp = -1;

  /**
   * Debug compile mode: the operand categories before the wasm instruction being compiled, and
   * per code-map entry pc the categories recorded when it began (CodeMap.heights/stackCats).
   */
  stackBefore: number[] = [];
  private readonly debugStacks: Map<number, number[]> | null;

  constructor(
    readonly code: CodeBuffer,
    startOffset: number,
    debugMode: boolean,
  ) {
    this.curOffset = startOffset;
    this.debugStacks = debugMode ? new Map() : null;
  }

  /** Starts an instruction of `words` words: records it in the code map and forgets the peephole state. */
  begin(words: number): number {
    const code = this.code;
    code.reserve(words);
    const pc = code.pos;
    const n = this.mapOffsets.length;
    if (n === 0 || this.mapOffsets[n - 1] !== this.curOffset || (pc === this.bodyPc && this.mapPcs[n - 1] < pc)) {
      this.mapPcs.push(pc);
      this.mapOffsets.push(this.curOffset);
      if (this.debugStacks !== null) this.debugStacks.set(pc, this.stackBefore);
    }
    this.prevStart = this.lastStart;
    this.lastStart = pc;
    this.lastDstPos = -1;
    this.lastCmpOp = -1;
    return pc;
  }
  /**
   * Starts an instruction that replaces the one just dropped with its code-map entry kept
   * (`dropFrom(start, true)`): a fusion whose only trapping part was the dropped instruction.
   */
  beginKeepingEntry(words: number): void {
    this.code.reserve(words);
    this.lastStart = this.code.pos;
  }
  /** Appends `words` more words to the last instruction (a single op becoming its pair op). */
  extendLast(words: number): void {
    this.code.reserve(words);
  }
  w(v: number): void {
    this.code.buf[this.code.pos++] = v | 0;
  }
  e1(op: number): void {
    this.begin(1);
    this.w(op);
  }
  e2(op: number, a: number): void {
    this.begin(2);
    this.w(op); this.w(a);
  }
  e3(op: number, a: number, b: number): void {
    this.begin(3);
    this.w(op); this.w(a); this.w(b);
  }
  e4(op: number, a: number, b: number, c: number): void {
    this.begin(4);
    this.w(op); this.w(a); this.w(b); this.w(c);
  }
  eN(...words: number[]): void {
    this.begin(words.length);
    for (const x of words) this.w(x);
  }
  /** The code position of the last word written (a branch's target operand, patched later). */
  get lastWord(): number {
    return this.code.pos - 1;
  }
  /** A label: branch targets here, so peepholes must not look across it. */
  label(): number {
    this.forgetLast();
    return this.code.pos;
  }
  patch(pos: number, target: number): void {
    this.code.buf[pos] = target;
  }
  /** No peephole may look at what was emitted so far. */
  forgetLast(): void {
    this.prevStart = -1;
    this.lastStart = -1;
    this.lastDstPos = -1;
    this.lastCmpOp = -1;
  }
  /** Marks the last instruction's result operand (at code position `pos`) for retargeting. */
  setLastDst(pos: number): void {
    this.lastDstPos = pos;
  }

  /**
   * Removes the code from `start` on (the last instruction, for a fusion) and its map entries
   * (`keepMap`: keeps them, so the fused instruction keeps the removed one's module offset).
   */
  dropFrom(start: number, keepMap = false): void {
    this.code.pos = start;
    if (!keepMap) this.dropMapFrom(start);
    this.forgetLast();
  }
  /** Forgets the code-map entries of code from `start` on (the code itself is being taken back). */
  dropMapFrom(start: number): void {
    while (this.mapPcs.length > 0 && this.mapPcs[this.mapPcs.length - 1] >= start) {
      this.mapPcs.pop();
      this.mapOffsets.pop();
    }
  }

  /** The function's CodeMap, once its code [start, end) is complete (with the debug tables in debug mode). */
  codeMap(start: number, end: number): CodeMap {
    const map = new CodeMap(Int32Array.from(this.mapPcs), Int32Array.from(this.mapOffsets), start, end, this.bodyPc);
    if (this.debugStacks !== null) this.debugTables(map, this.debugStacks);
    return map;
  }

  /** Debug mode: the CodeMap's per-entry operand heights and categories. */
  private debugTables(map: CodeMap, stacks: Map<number, number[]>): void {
    const n = map.pcs.length;
    map.heights = new Int32Array(n);
    map.stackStarts = new Int32Array(n);
    const cats: number[] = [];
    for (let i = 0; i < n; i++) {
      const st = stacks.get(map.pcs[i]) ?? [];
      map.heights[i] = st.length;
      map.stackStarts[i] = cats.length;
      cats.push(...st);
    }
    map.stackCats = Uint8Array.from(cats);
  }
}
