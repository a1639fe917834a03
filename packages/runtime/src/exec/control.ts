/**
 * Control operations the interpreter hands off as one group (exceptions and stack switching):
 * they are rare compared to arithmetic and need more state than fits a loop case. Protocol: the
 * interpreter writes pc/fp/depth/func to the thread, calls `controlOp`, and on CONTINUE reloads
 * pc, fp, depth, func (hence instance and memory), limit and the code buffer from the thread;
 * a positive result is a TrapCode raised at the instruction (nothing was changed); UNCAUGHT
 * means an exception left the activation (thread.exit.exception); INTERNAL_ERROR: thread.exit.error.
 *
 * Code layouts (operands after the opcode; slots are fp-relative int32 indices):
 *   Throw           tagIdx argBase
 *   ThrowRef        slot
 *   ContNew         d funcRefSlot
 *   ContBind        d contSlot argBase n
 *   Suspend         tagIdx argBase                       (results land at argBase)
 *   Resume          argBase contSlot nArgs nResults  CLAUSES
 *   ResumeThrow     argBase contSlot tagIdx nResults CLAUSES
 *   ResumeThrowRef  exnSlot contSlot 0 nResults      CLAUSES
 *   Switch          argBase contSlot nArgs tagIdx        (results land at argBase)
 * n, nArgs and nResults count VM stack cells (a v128 takes two), not values: what is copied.
 * CLAUSES = n, then n × (kind, tagIdx, dst, target): kind 0 = (on $tag $label) whose label
 * slots start at dst and whose code is at target; kind 1 = (on $tag switch).
 *
 * NB: the order of the ops here is the order of the rows Throw ... Switch in isa/instructions.ts;
 * the interpreter passes `op - Op.Throw`.
 */
import { TrapCode } from '@lantern/traps';
import type { FuncInstance } from '../instances/func.ts';
import type { Instance } from '../instances/instance.ts';
import type { Store } from '../store/store.ts';
import { ExceptionInstance } from '../instances/exception.ts';
import { CONTINUE, type ContRef, INTERNAL_ERROR, checkRef, contBind, contNew, resume, resumeForThrow, suspend, switchTo } from '../continuations/continuation.ts';
import { readPayload, throwException } from './exceptions.ts';

export const enum Ctl {
  Throw,
  ThrowRef,
  ContNew,
  ContBind,
  Suspend,
  Resume,
  ResumeThrow,
  ResumeThrowRef,
  Switch,
}

export { CONTINUE, INTERNAL_ERROR };
/** An exception left the activation: thread.exit.exception. */
export const UNCAUGHT = -1;

function thrown(store: Store, exn: ExceptionInstance, site: number): number {
  const exit = store.thread.exit;
  return throwException(store, exn, exit.fp, exit.func, site, exit.depth) ? CONTINUE : UNCAUGHT;
}

export function controlOp(store: Store, op: Ctl): number {
  const thread = store.thread;
  const code = store.code.buf;
  const pc = thread.exit.resumePc;
  const fp = thread.exit.fp;
  const refs = thread.refs;
  switch (op) {
    case Ctl.Throw: {
      const inst = store.funcs[thread.exit.func].instance as Instance;
      const tag = inst.tags[code[pc + 1]];
      const exn = new ExceptionInstance(tag, readPayload(store, fp + code[pc + 2], tag.type.params));
      return thrown(store, exn, pc);
    }
    case Ctl.ThrowRef: {
      const exn = refs[(fp + code[pc + 1]) >> 1] as ExceptionInstance | null;
      if (exn === null) return TrapCode.NullExceptionReference;
      return thrown(store, exn, pc);
    }
    case Ctl.ContNew: {
      const r = contNew(store, refs[(fp + code[pc + 2]) >> 1] as FuncInstance | null);
      if (typeof r === 'number') return r;
      refs[(fp + code[pc + 1]) >> 1] = r;
      thread.exit.resumePc = pc + 3;
      return CONTINUE;
    }
    case Ctl.ContBind: {
      const r = contBind(thread, refs[(fp + code[pc + 2]) >> 1] as ContRef | null, fp + code[pc + 3], code[pc + 4]);
      if (typeof r === 'number') return r;
      refs[(fp + code[pc + 1]) >> 1] = r;
      thread.exit.resumePc = pc + 5;
      return CONTINUE;
    }
    case Ctl.Suspend:
      return suspend(store, code, pc);
    case Ctl.Resume:
      return resume(store, code, pc, 6 + 4 * code[pc + 5]);
    case Ctl.ResumeThrow:
    case Ctl.ResumeThrowRef: {
      const ref = refs[(fp + code[pc + 2]) >> 1] as ContRef | null;
      let exn: ExceptionInstance | null;
      if (op === Ctl.ResumeThrow) {
        const bad = checkRef(ref);
        if (bad !== TrapCode.None) return bad;
        const inst = store.funcs[thread.exit.func].instance as Instance;
        const tag = inst.tags[code[pc + 3]];
        exn = new ExceptionInstance(tag, readPayload(store, fp + code[pc + 1], tag.type.params));
      } else {
        if (ref === null) return TrapCode.NullContinuationReference;
        exn = refs[(fp + code[pc + 1]) >> 1] as ExceptionInstance | null;
        if (exn === null) return TrapCode.NullExceptionReference;
        const bad = checkRef(ref);
        if (bad !== TrapCode.None) return bad;
      }
      const cont = resumeForThrow(store, code, pc, 6 + 4 * code[pc + 5]);
      // A fresh continuation never ran: the exception comes out of the resume instruction.
      return thrown(store, exn, cont === null ? pc : thread.exit.resumePc - 1);
    }
    case Ctl.Switch:
      return switchTo(store, code, pc);
  }
  return TrapCode.Unreachable;
}
