/**
 * FuncInstance (spec "function instance"): a wasm function of an instance, or a host function.
 * A wasm function is compiled lazily, on its first call: until then `entryPc` is -1; afterwards
 * it is the function's start in the store's CodeBuffer and `codeMap` maps its code to module
 * offsets. Host functions keep entryPc -1 and have `host` set (the interpreter checks `host`
 * only when entryPc < 0, so the wasm fast path reads one field).
 *
 * `type` uses canonical value types (valid/canonicalTypes.ts); `canonId` is its canonical type
 * id, which call_indirect compares (subtype-aware).
 */
import type { FuncType } from '../syntax/moduleInfo.ts';
import type { CodeMap } from '../compile/codeMap.ts';
import type { HandlerTable } from '../compile/handlerTables.ts';
import type { Instance } from './instance.ts';
import type { Store } from '../store/store.ts';
import type { RawValue } from './values.ts';
import type { CompiledFunc } from '../tier/tier.ts';
import { canonicalFuncTypeId } from '../valid/canonicalTypes.ts';

export type HostCallback = (args: RawValue[]) => RawValue[];

export class FuncInstance {
  /** Store-wide address (index in store.funcs). */
  addr = -1;
  /** Internal pc of the compiled code, -1 until compiled (always -1 for host functions). */
  entryPc = -1;
  /** 2 * number of locals (params included): the header's int32 offset from FP. */
  localsI32 = 0;
  /** int32 size of the frame above the locals: header + operand stack. */
  frameI32 = 0;
  codeMap: CodeMap | null = null;
  /** Host functions: the JS function's own name (backtraces show it), when known. */
  hostName: string | undefined = undefined;
  /** Exception handlers of the compiled code (try_table / try), null when it has none. */
  handlers: HandlerTable | null = null;
  /** The JS-compiling tier's record (src/tier/); null when the function runs interpreted only. */
  jit: CompiledFunc | null = null;

  constructor(
    readonly type: FuncType,
    readonly canonId: number,
    /** The defining instance; null for host functions. */
    readonly instance: Instance | null,
    /** Index in the instance's function index space; -1 for host functions. */
    readonly funcIndex: number,
    readonly host: HostCallback | undefined,
    readonly debugName?: string,
  ) {}

  /** Where its interpreter code starts (entryPc is the tier's stub while the tier routes it), -1 before it compiles. */
  get interpEntry(): number {
    return this.jit !== null ? this.jit.interpEntry : this.entryPc;
  }

  /** Has the function been compiled (it is compiled on its first call)? */
  get compiled(): boolean {
    return this.entryPc >= 0;
  }

  /** A host function; `type` must use abstract or canonical value types. */
  static host(store: Store, type: FuncType, callback: HostCallback, debugName?: string): FuncInstance {
    const f = new FuncInstance(type, canonicalFuncTypeId(type), null, -1, callback, debugName);
    store.addFunc(f);
    return f;
  }
}
