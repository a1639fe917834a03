/**
 * engineLink: the debugger's link to a Store's debug machinery (runtime src/debug/DebugState)
 * through the runtime's public debug API: storeOf / funcInstanceOf (JS-API objects), the debug
 * state's module-instantiated and function-compiled listeners, resultTypesAt (resume values),
 * PauseContext.forceReturn, and the host call (arguments, results) of hostcall probes.
 *
 * Kept in one file so the seam is easy to see and to move.
 */

import type { FuncInstance, Instance, ModuleInfo, RawValue, Store, ValType, WatchAccess, WatchTarget } from '@lantern/runtime';
import { asThrownToJs, DebugHooks, funcInstanceOf, resultTypesAt, storeOf } from '@lantern/runtime';
import type { EngineBreakpoint, EngineCursor, EnginePause, EngineWatchpoint } from './engine.ts';
import { f32Bits, f32FromBits, f64Bits, f64FromBits, toRaw, type WasmValueInput } from './frames/wasmValue.ts';

const I32 = 0x7f;
const I64 = 0x7e;
const F32 = 0x7d;
const F64 = 0x7c;

export interface EngineDebug {
  modules(): ModuleInfo[];
  setBreakpoint(info: ModuleInfo, offset: number): EngineBreakpoint;
  removeBreakpoint(bp: EngineBreakpoint): void;
  setWatchpoint(access: WatchAccess, target: WatchTarget): EngineWatchpoint;
  removeWatchpoint(w: EngineWatchpoint): void;
  setProbes(p: { enter: boolean; leave: boolean; memoryGrow: boolean; hostcall: boolean }): void;
  patchCount(): number;
  /** Pause (reason 'hostThrow') when a host function called from wasm throws, before wasm sees it. */
  setPauseOnHostThrow(on: boolean): void;
  /** Stop at the next function entry (pause request outside a stop). */
  stepNext(): void;
  resultValues(ectx: EnginePause, values: readonly WasmValueInput[]): RawValue[];
  forceReturn(ectx: EnginePause, frame: number, values: readonly WasmValueInput[]): void;
  /** The stack now (exit state recorded): the runtime's StoreFrameCursor. */
  frames(): EngineCursor;
  /**
   * Stop at the instruction the thread is about to run (thread.exit.resumePc), as a 'step' pause: used from
   * a control hook after a resume / suspend / switch / catch moved control.
   */
  stopHere(): void;
  hostcallInfo(): { importModule: string | undefined; importName: string | undefined; name: string | undefined; values: unknown[] };
  detach(): void;
}

/** The Store of a debug target: a Store, or a namespace / Instance / Module / wrapper of Lantern's JS API. */
export function debugStoreOf(target: unknown): Store | undefined {
  return storeOf(target);
}

/** The FuncInstance behind `fn` (an exported function of the store's namespace, or a FuncInstance). */
function funcOf(store: Store, fn: unknown): FuncInstance {
  if (typeof fn === 'object' && fn !== null && store.funcs.includes(fn as FuncInstance)) return fn as FuncInstance;
  const f = funcInstanceOf(fn);
  if (f !== undefined && store.funcs[f.addr] === f) return f;
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
  let out: readonly unknown[];
  try {
    out = await DebugHooks.invokeAsync(store, func, raw);
  } catch (error) {
    throw asThrownToJs(fn, error); // an uncaught wasm exception, as a plain call would throw it
  }
  const js = out.map((v, i) => fromRawResult(v, results[i]));
  return js.length === 0 ? undefined : js.length === 1 ? js[0] : js;
}

export function attachEngine(
  store: Store,
  options: { debugCompile: boolean; onModule: (info: ModuleInfo) => void; onInstance: (inst: Instance) => void },
): EngineDebug {
  if (store.debug !== null) throw new Error('Debugger.attach: a debugger is already attached to this store');
  const state = DebugHooks.attach(store);
  // Debug compile mode (operand stack materialised); functions compiled before attaching are
  // recompiled on their next call unless they are running now.
  if (options.debugCompile) DebugHooks.setDebugCompile(store, true, { recompile: true });
  // Pending breakpoints: a module becomes known when it is instantiated (breakpoints then
  // resolve and show as bound before any of its code runs) ...
  const offInstantiated = state.onModuleInstantiated((inst) => {
    options.onModule(inst.info);
    options.onInstance(inst);
  });
  // ... or, for modules instantiated before attaching, when a function of it compiles (before it runs).
  const offCompiled = state.onFunctionCompiled((f) => {
    if (f.instance) options.onModule(f.instance.info);
  });
  let probes = { enter: false, leave: false, memoryGrow: false, hostcall: false };

  return {
    modules() {
      const out = new Set<ModuleInfo>();
      for (const f of store.funcs) if (f.instance) out.add(f.instance.info);
      return [...out];
    },
    setBreakpoint: (info, offset) => DebugHooks.setBreakpoint(store, info, offset),
    removeBreakpoint: (bp) => void DebugHooks.removeBreakpoint(store, bp.id),
    setWatchpoint: (access, target) => DebugHooks.setWatchpoint(store, access, target),
    removeWatchpoint: (w) => void DebugHooks.removeWatchpoint(store, w),
    setProbes(p) {
      probes = p;
      state.setProbes(p);
    },
    patchCount: () => DebugHooks.patchTable(store).size,
    setPauseOnHostThrow(on) {
      state.pauseOnHostThrow = on;
    },
    stepNext() {
      // Running (an async entry yielding at a Tick): stop at its next instruction; else at the
      // next function entry.
      if (!DebugHooks.requestPause(store)) state.setProbes({ ...probes, enter: true });
    },
    resultValues(ectx, values) {
      const c = ectx.frames();
      const types = resultTypesAt(c.instance as Instance, c.pc);
      return values.map((v, i) => toRaw(v, types[i] ?? (typeof v === 'bigint' ? I64 : I32)));
    },
    forceReturn(ectx, frame, values) {
      const c = ectx.frames();
      for (let i = 0; i < frame && !c.done; i++) c.moveUp();
      if (c.done || c.kind !== 'wasm' || !c.func) throw new RangeError(`forceReturn: frame ${frame} is not a wasm frame`);
      const results = c.func.type.results;
      if (!ectx.forceReturn) throw new Error('forceReturn is not possible at this stop (inside an exception or stack-switching event)');
      ectx.forceReturn(frame, values.map((v, i) => toRaw(v, results[i] ?? I32)));
    },
    frames: () => DebugHooks.frames(store),
    stopHere: () => store.debug?.stopAtResumePc(),
    hostcallInfo() {
      const exit = store.thread.exit;
      const call = state.hostCall;
      const hf = call?.func ?? store.funcs[exit.hostFunc];
      // At 'hostcall' the arguments, at 'hostreturn' the results, as JS values.
      const types = call?.results !== undefined ? hf.type.results : hf?.type.params ?? [];
      const values: unknown[] = (call?.results ?? call?.args ?? []).map((v, i) => fromRawResult(v, types[i]));
      let importModule: string | undefined;
      let importName: string | undefined;
      const caller = store.funcs[exit.func]?.instance;
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
      offInstantiated();
      offCompiled();
      DebugHooks.detach(store);
    },
  };
}
