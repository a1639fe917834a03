/**
 * Where a module throws, and what is about to be thrown there. The runtime reports a throw from
 * inside the instruction (its `thrown` hook), where wasm cannot wait for an async client; to stop
 * at a throw the debugger patches a breakpoint at every `throw` / `throw_ref` instead, and reads
 * the exception from the operand stack before the instruction runs (debugger.ts).
 *
 * Throws a breakpoint cannot precede — a legacy `rethrow`, `resume_throw`, a host function's
 * throw — still come through the hook only (a synchronous stop).
 */
import { ByteReader, ExceptionInstance, WasmOp, wasmInstructions, type Instance, type ModuleInfo, type RawValue, type TagInstance } from '@lantern/runtime';
import type { EngineCursor } from '../engine.ts';

/** Module offsets of the `throw` and `throw_ref` instructions of every function body. */
export function throwSites(info: ModuleInfo): number[] {
  const out: number[] = [];
  for (let i = 0; i < info.bodies.length; i++) {
    for (const ins of wasmInstructions(info, info.importedFuncs + i)) {
      if (ins.mnemonic === 'throw' || ins.mnemonic === 'throw_ref') out.push(ins.offset);
    }
  }
  return out;
}

/** The exception a frame stopped at a throw instruction is about to throw. */
export interface PendingThrow {
  readonly tag: TagInstance;
  readonly payload: readonly RawValue[];
  /** `throw_ref`: the exception itself. */
  readonly exception: ExceptionInstance | undefined;
}

/**
 * What the wasm frame `c` (stopped before a `throw` or `throw_ref`) throws; undefined when its
 * instruction is neither, when its operands are not materialized, or for `throw_ref` of a null
 * (that traps instead).
 */
export function pendingThrow(c: EngineCursor): PendingThrow | undefined {
  const instance = c.instance as Instance | null;
  if (c.kind !== 'wasm' || !instance) return undefined;
  const bytes = instance.info.bytes;
  const op = bytes[c.pc];
  const operands = c.operandCount;
  if (op === WasmOp.throw) {
    const tag = instance.tags[new ByteReader(bytes, c.pc + 1, bytes.length).u32()]!;
    const n = tag.type.params.length;
    // The payload is read from the operand stack: not known unless it is materialized (debug compile).
    if (operands < n) return undefined;
    const payload = Array.from({ length: n }, (_, i) => c.operand(operands - n + i, tag.type.params[i]));
    return { tag, payload, exception: undefined };
  }
  if (op === WasmOp.throwRef && operands > 0) {
    const exn = c.operand(operands - 1);
    if (exn instanceof ExceptionInstance) return { tag: exn.tag, payload: exn.payload, exception: exn };
  }
  return undefined;
}
