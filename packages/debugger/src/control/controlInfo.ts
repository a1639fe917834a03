/**
 * What the debugger says about exceptions and continuations, and how it finds out:
 * tag names, exception payloads as typed values, a weak registry of the store's continuations
 * (filled by the runtime through `SegmentPool.registry` only while a debugger asks), and the
 * frames of a suspended continuation read without resuming it.
 *
 * Identity: contrefs are one-shot. The runtime makes a NEW Continuation at every suspension
 * (cont.new, suspend, switch), so a generator that yields three times is continuation #1 (fresh),
 * #2, #3, #4 in turn; `id` is the runtime's `Continuation.id`.
 */

import {
  Continuation,
  ExceptionInstance,
  StoreFrameCursor,
  TagInstance,
  jsTag,
  suspendedFrameRecords,
  type Instance,
  type RawValue,
  type Store,
} from '@lantern/runtime';
import type { SymbolResolver } from '../source/symbolResolver.ts';
import { fromRaw, type WasmValue } from '../frames/wasmValue.ts';
import type { WasmFrameInfo } from '../frames/frameInfo.ts';
import type { EngineCursor } from '../engine.ts';

export type ContinuationState = 'fresh' | 'suspended' | 'running' | 'consumed';

export interface ContinuationInfo {
  readonly id: number;
  /**
   * 'fresh': made by cont.new, never run; 'suspended': waiting to be resumed; 'running': on the
   * stack now (a resume of it is active); 'consumed': resumed and gone (a later suspension made
   * a new continuation).
   */
  readonly state: ContinuationState;
  /** The tag it was last suspended (or switched away) with, as `$name`; undefined when fresh. */
  readonly tag: string | undefined;
  /** Fresh: the function it will run. */
  readonly function: string | undefined;
  /**
   * Its frames, newest first (the newest at its `suspend`/`switch`, the oldest its bottom
   * function), read from the VM stack without resuming it; [] unless suspended. Locals are live
   * (readable and writable) while the continuation stays suspended.
   */
  frames(): readonly WasmFrameInfo[];
  /** The runtime's Continuation (opaque). */
  readonly handle: unknown;
}

export type CatchClauseKind = 'catch' | 'catch_ref' | 'catch_all' | 'catch_all_ref';

export interface ExceptionInfo {
  /** `$name` of the tag (name section), `tag[i]` without one, `js` for a JS value thrown through wasm. */
  readonly tag: string;
  /** The payload as typed values (the tag's parameters). */
  readonly payload: readonly WasmValue[];
  /** A JS value thrown by a host function (the JS tag): the value itself. */
  readonly jsValue?: unknown;
  /** The runtime's ExceptionInstance (identity survives throw_ref / catch_ref / the host boundary). */
  readonly exception: unknown;
}

export interface HandlerInfo {
  /** The function whose try_table / try caught it, and its frame (0 = newest now). */
  readonly function: string;
  readonly funcIndex: number;
  /** Module byte offset where the handler continues (the catch label's continuation). */
  readonly pc: number;
  /**
   * The clause that matched. NB: the runtime compiles a legacy `catch $t` as a catch with a
   * hidden exnref slot (for `rethrow`): it is reported as 'catch_ref' ('catch_all_ref' for a
   * legacy catch_all).
   */
  readonly clause: CatchClauseKind;
}

const CATCH_ALL = -1;

export function clauseKind(clause: { readonly tag: number; readonly exnDst: number } | undefined): CatchClauseKind {
  if (!clause) return 'catch_all';
  const ref = clause.exnDst >= 0;
  if (clause.tag === CATCH_ALL) return ref ? 'catch_all_ref' : 'catch_all';
  return ref ? 'catch_ref' : 'catch';
}

/** A weak set of continuations (the runtime's `pool.registry` seam). */
export class ContinuationRegistry {
  private readonly refs = new Set<WeakRef<Continuation>>();
  private pruneAt = 64;

  add(cont: object): void {
    this.refs.add(new WeakRef(cont as Continuation));
    if (this.refs.size >= this.pruneAt) {
      this.prune();
      this.pruneAt = Math.max(64, this.refs.size * 2);
    }
  }

  private prune(): void {
    for (const r of this.refs) {
      const c = r.deref();
      if (c === undefined || !c.resumable) this.refs.delete(r);
    }
  }

  /** Continuations a live handle can still resume (fresh or suspended), oldest first. */
  live(): Continuation[] {
    this.prune();
    const out: Continuation[] = [];
    for (const r of this.refs) {
      const c = r.deref();
      if (c !== undefined && c.resumable) out.push(c);
    }
    return out.sort((a, b) => a.id - b.id);
  }
}

/** Names, payloads, states and frames of the store's control objects. */
export class ControlSupport {
  registry: ContinuationRegistry | null = null;

  constructor(
    private readonly store: Store,
    private readonly symbols: SymbolResolver,
  ) {}

  /** Starts filling the weak registry (continuations made from now on). */
  track(on: boolean): void {
    const pool = this.store.thread.pool;
    if (on) {
      if (!this.registry) this.registry = new ContinuationRegistry();
      pool.registry = this.registry;
    } else {
      if (pool.registry === this.registry) pool.registry = null;
      this.registry = null;
    }
  }

  private instances(prefer?: Instance | null): Instance[] {
    const out = new Set<Instance>();
    if (prefer) out.add(prefer);
    for (const f of this.store.funcs) if (f.instance) out.add(f.instance);
    return [...out];
  }

  /** `$name` of a tag (the first instance that has it and names it), `tag[i]`, or `js`. */
  tagName(tag: unknown, prefer?: Instance | null): string {
    if (!(tag instanceof TagInstance)) return '?';
    if (tag === jsTag()) return 'js';
    let fallback: string | undefined;
    for (const inst of this.instances(prefer)) {
      const i = inst.tags.indexOf(tag);
      if (i < 0) continue;
      const name = this.symbols.forModule(inst.info).names.tags.get(i);
      if (name !== undefined) return `$${name}`;
      fallback ??= `tag[${i}]`;
    }
    return fallback ?? 'tag[?]';
  }

  exceptionInfo(exn: ExceptionInstance, prefer?: Instance | null): ExceptionInfo {
    return this.thrownInfo(exn.tag, exn.payload, exn, prefer);
  }

  /**
   * An exception about to be thrown (a stop before `throw` / `throw_ref`): `exception` is the
   * instance when it exists already (throw_ref).
   */
  thrownInfo(tagInstance: TagInstance, rawPayload: readonly RawValue[], exception: ExceptionInstance | undefined, prefer?: Instance | null): ExceptionInfo {
    const params = tagInstance.type.params;
    const payload = rawPayload.map((v, i) => fromRaw(v, params[i]));
    const tag = this.tagName(tagInstance, prefer);
    return tag === 'js' ? { tag, payload, jsValue: rawPayload[0], exception } : { tag, payload, exception };
  }

  stateOf(cont: Continuation): ContinuationState {
    if (cont.resumable) return cont.fresh !== null ? 'fresh' : 'suspended';
    for (let s = this.store.thread.prompt; s !== null; s = s.prev) if (s.owner === cont) return 'running';
    return 'consumed';
  }

  /** Function name of a FuncInstance (name section), else `wasm-function[i]`. */
  funcName(f: { funcIndex: number; instance: Instance | null; debugName?: string }): string {
    if (f.instance) return this.symbols.forModule(f.instance.info).functionName(f.funcIndex);
    return f.debugName ?? `function[${f.funcIndex}]`;
  }

  /**
   * A cursor over a suspended continuation's frames (its suspension point down to its bottom
   * frame), walked by the runtime and fed to its StoreFrameCursor. `force`: also a continuation
   * that can no longer be resumed (its frames are still where it left them).
   */
  continuationCursor(cont: Continuation | null, force = false): EngineCursor {
    const records = cont !== null && (cont.resumable || force) ? suspendedFrameRecords(this.store, cont) : [];
    return new StoreFrameCursor(this.store, records);
  }
}

export { Continuation, ExceptionInstance };
