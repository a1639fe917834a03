/**
 * Where the interpreter's code for a function keeps what compiled code must reproduce exactly:
 * per wasm call instruction (by module offset) the internal pc of the call op, its argument base
 * (the callee's FP relative to the caller's) and its return pc; per trapping instruction the
 * internal pc a trap there reports. Compiled frames sit at the interpreter's FPs and write the
 * interpreter's frame headers, so backtraces, CallThreadState and stack exhaustion are the
 * interpreter's own.
 */
import type { FuncInstance } from '../instances/func.ts';
import { Op } from '../isa/op.generated.ts';
import { lengthAt, shapeOf } from '../isa/layout.ts';

export interface CallSite {
  /** Internal pc of the Call/CallIndirect/CallRef op (a stack-exhaustion trap reports it). */
  callPc: number;
  argBase: number;
  /** The pc just past the call (the callee header's return pc). */
  retPc: number;
}

export class InterpSites {
  private readonly calls = new Map<number, CallSite>();
  /** Per module offset with code of its own, the first internal pc of the body compiled from it. */
  private readonly firstPc = new Map<number, number>();
  /** Those offsets, ascending (an instruction without code of its own reports the next one's pc). */
  private readonly offsets: number[];

  constructor(f: FuncInstance, code: Int32Array) {
    const map = f.codeMap!;
    for (let i = 0; i < map.offsets.length; i++) {
      const offset = map.offsets[i], pc = map.pcs[i];
      if (pc < map.bodyPc) continue;
      const known = this.firstPc.get(offset);
      if (known === undefined || pc < known) this.firstPc.set(offset, pc);
    }
    this.offsets = [...this.firstPc.keys()].sort((a, b) => a - b);
    let pc = map.bodyPc;
    while (pc < map.end) {
      const op = code[pc];
      const len = lengthAt(code, pc, op);
      if (len <= 0) break;
      const shape = shapeOf(op)!;
      if (op === Op.Call || op === Op.CallIndirect || op === Op.CallRef) {
        const offset = map.offsetAt(pc);
        if (!this.calls.has(offset)) this.calls.set(offset, { callPc: pc, argBase: code[pc + shape.operand], retPc: pc + len });
      }
      pc += len;
    }
  }

  /** The call op compiled from the wasm call at `offset`, or undefined (the tier then refuses the function). */
  call(offset: number): CallSite | undefined {
    return this.calls.get(offset);
  }

  /**
   * The internal pc a trap of the wasm instruction at `offset` reports: its first internal
   * instruction, or the first of the next instruction with code (as CodeMap.pcsOf, then
   * pcAtOrAfter, find it — here in constant time, once per translated instruction).
   */
  trapPc(offset: number): number {
    const exact = this.firstPc.get(offset);
    if (exact !== undefined) return exact;
    const offsets = this.offsets;
    let lo = 0, hi = offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo < offsets.length ? this.firstPc.get(offsets[lo])! : -1;
  }
}
