/**
 * What an instruction that throws is about to throw, read before it runs — for a debugger
 * stopped at it (a breakpoint on every throw site: it cannot wait inside the `thrown` hook).
 * Read from the internal instruction's slots, so it needs no materialized operand stack:
 *   Throw           tagIdx argBase               the tag and its payload
 *   ThrowRef        slot                         the exception (`throw_ref`, and legacy `rethrow`,
 *                                                which compiles to ThrowRef of the catch's hidden slot)
 *   ResumeThrow     argBase contSlot tagIdx ...  the tag and its payload, thrown into the continuation
 *   ResumeThrowRef  exnSlot contSlot ...         the exception, thrown into the continuation
 * (compile/controlOps.ts, exec/control.ts).
 */
import type { Store } from '../store/store.ts';
import type { Instance } from '../instances/instance.ts';
import type { TagInstance } from '../instances/tag.ts';
import { ExceptionInstance } from '../instances/exception.ts';
import { readValues, type RawValue } from '../instances/values.ts';
import type { ContRef, Continuation } from '../continuations/continuation.ts';
import { Op } from '../isa/op.generated.ts';
import { originalOp } from './resumeValues.ts';

export interface PendingThrow {
  readonly tag: TagInstance;
  readonly payload: readonly RawValue[];
  /** The exception itself when it exists already (throw_ref, rethrow, resume_throw_ref). */
  readonly exception: ExceptionInstance | undefined;
  /** resume_throw / resume_throw_ref: the continuation it is thrown into. */
  readonly continuation: Continuation | undefined;
}

/**
 * The exception the instruction at internal `pc` of the frame at int32 `fp` (function address
 * `func`) throws when it runs; undefined when it is no throw, or when it will trap instead (a
 * null exnref or contref).
 */
export function pendingThrowAt(store: Store, fp: number, func: number, pc: number): PendingThrow | undefined {
  const code = store.code.buf;
  const refs = store.thread.refs;
  const op = originalOp(store, pc);
  const inst = store.funcs[func]?.instance as Instance | null;
  if (!inst) return undefined;
  const fromTag = (tag: TagInstance, at: number, continuation: Continuation | undefined): PendingThrow => ({
    tag,
    payload: readValues(store.thread.i32, refs, at, tag.type.params),
    exception: undefined,
    continuation,
  });
  const fromRef = (slot: number, continuation: Continuation | undefined): PendingThrow | undefined => {
    const exn = refs[(fp + slot) >> 1];
    return exn instanceof ExceptionInstance ? { tag: exn.tag, payload: exn.payload, exception: exn, continuation } : undefined;
  };
  switch (op) {
    case Op.Throw:
      return fromTag(inst.tags[code[pc + 1]], fp + code[pc + 2], undefined);
    case Op.ThrowRef:
      return fromRef(code[pc + 1], undefined);
    case Op.ResumeThrow:
    case Op.ResumeThrowRef: {
      const ref = refs[(fp + code[pc + 2]) >> 1] as ContRef | null;
      const cont = ref?.cont;
      if (!cont) return undefined; // a null or consumed contref traps
      return op === Op.ResumeThrow ? fromTag(inst.tags[code[pc + 3]], fp + code[pc + 1], cont) : fromRef(code[pc + 1], cont);
    }
  }
  return undefined;
}
