/**
 * Where a module throws, and what is about to be thrown there. The runtime reports a throw from
 * inside the instruction (its `thrown` hook), where wasm cannot wait for an async client; to stop
 * at a throw the debugger patches a breakpoint at every instruction that throws — `throw`,
 * `throw_ref`, legacy `rethrow`, `resume_throw`, `resume_throw_ref` — and reads the exception
 * before the instruction runs (the runtime's pendingThrowAt). A host function's throw has no
 * instruction of its own: the runtime pauses for it at the call (debugger.ts, `hostThrow`).
 */
import { pendingThrowAt, wasmInstructions, type ModuleInfo, type PendingThrow, type Store } from '@lantern/runtime';
import type { EngineCursor } from '../engine.ts';

const THROWING = new Set(['throw', 'throw_ref', 'rethrow', 'resume_throw', 'resume_throw_ref']);

/** Module offsets of the instructions that throw, in every function body. */
export function throwSites(info: ModuleInfo): number[] {
  const out: number[] = [];
  for (let i = 0; i < info.bodies.length; i++) {
    for (const ins of wasmInstructions(info, info.importedFuncs + i)) {
      if (THROWING.has(ins.mnemonic)) out.push(ins.offset);
    }
  }
  return out;
}

export type { PendingThrow };

/**
 * What the wasm frame `c` (stopped before one of those instructions) throws; undefined when its
 * instruction throws nothing, or traps instead (a null exnref or contref).
 */
export function pendingThrow(store: Store, c: EngineCursor): PendingThrow | undefined {
  if (c.kind !== 'wasm' || !c.func) return undefined;
  return pendingThrowAt(store, c.fp, c.func.addr, c.internalPc);
}
