/**
 * engineLink: the debugger's link to a Store's debug machinery (runtime src/debug/DebugState),
 * and the two things the runtime's public API does not say directly: which Store a JS-API
 * object belongs to, and the FuncInstance behind an exported function.
 *
 * Kept in one file so the seam is easy to see and to move (see the report's "needed from the
 * runtime" list).
 */

import type { FuncInstance, Instance, ModuleInfo, RawValue, Store, ValType } from '@lantern/runtime';
import { DebugHooks, Store as StoreClass } from '@lantern/runtime';
import type { EngineBreakpoint, EnginePause } from './engine.ts';
import { f32Bits, f32FromBits, f64Bits, f64FromBits, toRaw, type WasmValueInput } from './frames/wasmValue.ts';

const I32 = 0x7f;
const I64 = 0x7e;
const F32 = 0x7d;
const F64 = 0x7c;

export interface EngineDebug {
  modules(): ModuleInfo[];
  setBreakpoint(info: ModuleInfo, offset: number): EngineBreakpoint;
  removeBreakpoint(bp: EngineBreakpoint): void;
  setProbes(p: { enter: boolean; leave: boolean; memoryGrow: boolean; hostcall: boolean }): void;
  patchCount(): number;
  /** Stop at the next function entry (pause request outside a stop). */
  stepNext(): void;
  resultValues(ectx: EnginePause, values: readonly WasmValueInput[]): RawValue[];
  forceReturn(ectx: EnginePause, frame: number, values: readonly WasmValueInput[]): void;
  hostcallInfo(): { importModule: string | undefined; importName: string | undefined; name: string | undefined; values: unknown[] };
  detach(): void;
}

interface Realmish {
  readonly store: Store;
  readonly functions: WeakMap<FuncInstance, unknown>;
}

/** The Realm of a Lantern JS-API object (its class's static `lantern.realm` slot). */
function realmOf(target: object): Realmish | undefined {
  const candidates: unknown[] = [target, (target as { constructor?: unknown }).constructor, (target as { Instance?: unknown }).Instance];
  for (const c of candidates) {
    if (c === null || (typeof c !== 'object' && typeof c !== 'function')) continue;
    for (let o: object | null = c as object; o !== null && o !== Function.prototype; o = Object.getPrototypeOf(o) as object | null) {
      for (const s of Object.getOwnPropertySymbols(o)) {
        if (s.description !== 'lantern.realm') continue;
        const r = (o as Record<symbol, unknown>)[s] as Realmish | undefined;
        if (r && typeof r === 'object' && 'store' in r) return r;
      }
    }
  }
  return undefined;
}

const realmsByStore = new WeakMap<Store, Realmish>();

/** The Store of a debug target: a Store, or a namespace / Instance / Module / wrapper of Lantern's JS API. */
export function debugStoreOf(target: unknown): Store | undefined {
  if (target instanceof StoreClass) return target;
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return undefined;
  const realm = realmOf(target);
  if (!realm) return undefined;
  realmsByStore.set(realm.store, realm);
  return realm.store;
}

/** The FuncInstance behind `fn` (an exported function of the store's namespace, or a FuncInstance). */
function funcOf(store: Store, fn: unknown): FuncInstance {
  if (typeof fn === 'object' && fn !== null && store.funcs.includes(fn as FuncInstance)) return fn as FuncInstance;
  const realm = realmsByStore.get(store);
  if (realm && typeof fn === 'function') for (const f of store.funcs) if (realm.functions.get(f) === fn) return f;
  throw new TypeError('Debugger.run: not a function of the attached store (an exported function or a FuncInstance)');
}

function toRawArg(v: unknown, t: ValType): RawValue {
  switch (t) {
    case I32:
      return Number(v) | 0;
    case I64:
      return BigInt.asIntN(64, BigInt(v as bigint));
    case F32:
      return f32Bits(Number(v));
    case F64:
      return f64Bits(Number(v));
  }
  return v ?? null;
}

function fromRawResult(v: RawValue, t: ValType): unknown {
  switch (t) {
    case I32:
      return v;
    case I64:
      return v;
    case F32:
      return f32FromBits(Number(v));
    case F64:
      return f64FromBits(v as bigint);
  }
  return v;
}

/** The async entry (runtime invokeAsync) with JS-API style argument and result conversion. */
export async function invokeAsyncRaw(store: Store, fn: unknown, args: unknown[]): Promise<unknown> {
  const func = funcOf(store, fn);
  const { params, results } = func.type;
  const raw = params.map((t, i) => toRawArg(args[i], t));
  const out = await DebugHooks.invokeAsync(store, func, raw);
  const js = out.map((v, i) => fromRawResult(v, results[i]));
  return js.length === 0 ? undefined : js.length === 1 ? js[0] : js;
}

/**
 * The result type of a one-result numeric instruction by its opcode (loads, arithmetic,
 * comparisons, conversions), else undefined (the value's own type is used). NB: the runtime
 * knows the exact types (resultTypesAt) but does not export them; see the report.
 */
function resultTypeOf(op: number): ValType | undefined {
  if (op >= 0x28 && op <= 0x35) return [I32, I64, F32, F64][op - 0x28] ?? (op <= 0x2f ? I32 : I64);
  if ((op >= 0x45 && op <= 0x78) || op === 0xa7 || (op >= 0xa8 && op <= 0xab) || op === 0xbc) return I32;
  if ((op >= 0x79 && op <= 0x8a) || (op >= 0xac && op <= 0xb1) || op === 0xbd) return I64;
  if ((op >= 0x8b && op <= 0x98) || (op >= 0xb2 && op <= 0xb6) || op === 0xbe) return F32;
  if ((op >= 0x99 && op <= 0xa6) || (op >= 0xb7 && op <= 0xbb) || op === 0xbf) return F64;
  return undefined;
}

function readCell(i32: Int32Array, refs: unknown[], at: number, t: ValType): unknown {
  switch (t) {
    case I32:
      return i32[at];
    case F32:
      return f32FromBits(i32[at] >>> 0);
    case I64:
      return (BigInt(i32[at + 1]) << 32n) | BigInt(i32[at] >>> 0);
    case F64:
      return f64FromBits((BigInt(i32[at + 1] >>> 0) << 32n) | BigInt(i32[at] >>> 0));
  }
  return refs[at >> 1];
}

export function attachEngine(store: Store, options: { debugCompile: boolean; onModule: (info: ModuleInfo) => void }): EngineDebug {
  if (store.debug !== null) throw new Error('Debugger.attach: a debugger is already attached to this store');
  const state = DebugHooks.attach(store);
  // Debug compile mode (operand stack materialised); functions compiled before attaching are
  // recompiled on their next call unless they are running now.
  if (options.debugCompile) DebugHooks.setDebugCompile(store, true, { recompile: true });
  // Pending breakpoints: a module becomes known when its first function compiles (before it runs).
  const original = state.onCompiled.bind(state);
  state.onCompiled = (f: FuncInstance) => {
    original(f);
    if (f.instance) options.onModule(f.instance.info);
  };
  // ... and, earlier, when it is instantiated (Store.addFunc registers each of its functions):
  // breakpoints then resolve and show as bound before anything runs.
  const addFunc = Object.getPrototypeOf(store).addFunc as (f: FuncInstance) => void;
  store.addFunc = (f: FuncInstance) => {
    addFunc.call(store, f);
    if (f.instance) options.onModule(f.instance.info);
  };
  let probes = { enter: false, leave: false, memoryGrow: false, hostcall: false };

  return {
    modules() {
      const out = new Set<ModuleInfo>();
      for (const f of store.funcs) if (f.instance) out.add(f.instance.info);
      return [...out];
    },
    setBreakpoint: (info, offset) => DebugHooks.setBreakpoint(store, info, offset),
    removeBreakpoint: (bp) => void DebugHooks.removeBreakpoint(store, bp.id),
    setProbes(p) {
      probes = p;
      state.setProbes(p);
    },
    patchCount: () => DebugHooks.patchTable(store).size,
    stepNext() {
      state.setProbes({ ...probes, enter: true });
    },
    resultValues(ectx, values) {
      const c = ectx.frames();
      const t = resultTypeOf((c.instance as Instance).info.bytes[c.pc]);
      return values.map((v) => toRaw(v, t ?? (typeof v === 'bigint' ? I64 : I32)));
    },
    forceReturn() {
      throw new Error('forceReturn: not supported by the runtime yet (needs a DebugState.forceReturn(frame, values) hook)');
    },
    hostcallInfo() {
      const t = store.thread;
      const hf = store.funcs[t.hostFunc];
      const values: unknown[] = [];
      if (hf) hf.type.params.forEach((p, i) => values.push(readCell(t.i32, t.refs, t.hostArgs + 2 * i, p)));
      let importModule: string | undefined;
      let importName: string | undefined;
      const caller = store.funcs[t.func]?.instance;
      if (caller && hf) {
        const k = caller.funcs.indexOf(hf);
        let n = 0;
        for (const imp of caller.info.imports) {
          if (imp.desc.kind !== 'func') continue;
          if (n++ === k) {
            importModule = imp.module;
            importName = imp.name;
            break;
          }
        }
      }
      const name = hf ? hf.hostName ?? hf.debugName : undefined;
      return { importModule, importName, name, values };
    },
    detach() {
      DebugHooks.detach(store);
      delete (store as { addFunc?: unknown }).addFunc;
    },
  };
}
