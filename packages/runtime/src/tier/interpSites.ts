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
  /** Internal pc of the Call/CallIndirect op (a stack-exhaustion trap reports it). */
  callPc: number;
  argBase: number;
  /** The pc just past the call (the callee header's return pc). */
  retPc: number;
}

export class InterpSites {
  private readonly calls = new Map<number, CallSite>();

  constructor(private readonly f: FuncInstance, code: Int32Array) {
    const map = f.codeMap!;
    let pc = map.bodyPc;
    while (pc < map.end) {
      const op = code[pc];
      const len = lengthAt(code, pc, op);
      if (len <= 0) break;
      const shape = shapeOf(op)!;
      if (op === Op.Call || op === Op.CallIndirect) {
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

  /** The internal pc a trap of the wasm instruction at `offset` reports (its first internal instruction). */
  trapPc(offset: number): number {
    const map = this.f.codeMap!;
    const pcs = map.pcsOf(offset);
    return pcs.length > 0 ? pcs[0] : map.pcAtOrAfter(offset);
  }
}
