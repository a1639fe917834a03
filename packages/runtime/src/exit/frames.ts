/**
 * Frames of a Store's thread for backtraces, trap errors and the debugger: the traps package's
 * frame walker (all activations, host frames between them; suspended continuations) fed with
 * this runtime's functions.
 *
 *   collectFrames(store)      RawFrame[] newest first (what a Trap carries)
 *   continuationFrames(store, ref)  a suspended continuation's frames, newest first
 *   captureBacktrace(store)   the same, from inside a host function called by wasm (wasmtime's
 *                             WasmBacktrace::capture): the newest frame is the calling wasm frame
 *                             at its call instruction
 *   StoreFrameCursor          FrameCursor plus locals/operands read and write (the debugger's view)
 *
 * NB: walking needs the exit position in the thread's exit record (there whenever wasm has been
 * left with its frames alive: host call, trap, break, tick). Values cross as RawValues (instances/values.ts: f32/f64 as bit patterns).
 */
import {
  type FrameCursor, type FrameSource, type HostRawFrame, type RawFrame, type WalkFrame, type WasmRawFrame, type ExitKind, FRAME_LAYOUT,
  visitFrames, visitSuspendedFrames,
} from '@lantern/traps';
import type { Store } from '../store/store.ts';
import type { FuncInstance } from '../instances/func.ts';
import type { Instance } from '../instances/instance.ts';
import { type RawValue, readRaw, writeRaw } from '../instances/values.ts';
import { funcTypeOf } from '../syntax/moduleInfo.ts';
import type { ContRef, Continuation } from '../continuations/continuation.ts';
import { EXTERNREF, F64, I32, I64, slotWidth, V128, type ValType } from '../syntax/types.ts';

/** The FrameSource of a store: headers sit `localsI32` words above a wasm frame's FP. */
export function frameSource(store: Store): FrameSource {
  const funcs = store.funcs;
  return {
    stack: store.thread.i32,
    headerOffset(func: number): number {
      const f = funcs[func];
      return f === undefined || f.codeMap === null ? -1 : f.localsI32;
    },
  };
}

/** One frame as the cursor keeps it (a copy of the walker's reused record). */
export interface FrameRecord {
  kind: 'wasm' | 'host';
  fp: number;
  func: FuncInstance | null;
  /** Internal pc inside the current instruction (see visitFrames). */
  pc: number;
  exitFrame: boolean;
  exitKind: ExitKind;
  /** wasm: the bottom frame of a running continuation's segment (see RawFrame.boundary). */
  boundary?: { readonly continuation: unknown; readonly tag: unknown };
  /** host: the host function the newer activation was entered through. */
  host: FuncInstance | null;
  /** host: the import of the calling wasm frame it was called through. */
  importModule?: string;
  importName?: string;
}

/** A FrameRecord from the walker's (reused) frame. */
function recordOf(store: Store, w: WalkFrame): FrameRecord {
  const r: FrameRecord = {
    kind: w.kind, fp: w.fp, func: w.kind === 'wasm' ? store.funcs[w.func] : null, pc: w.pc, exitFrame: w.exitFrame,
    exitKind: w.exitKind, host: w.kind === 'host' ? (w.host as FuncInstance) : null,
  };
  if (w.segmentBottom) {
    // Stack switching: the continuation owning this segment, and the tag it last suspended with.
    const owner = store.thread.pool.segmentAt(w.fp)?.owner as Continuation | null | undefined;
    r.boundary = { continuation: owner ?? null, tag: owner?.tag ?? null };
  }
  return r;
}

/**
 * The frames of a suspended continuation, newest first: from its suspension point (its
 * `suspend`/`switch`) down to the bottom frame of its outermost segment. Empty when it is fresh
 * (not started) or was never suspended.
 */
export function suspendedFrameRecords(store: Store, cont: Continuation): FrameRecord[] {
  const out: FrameRecord[] = [];
  if (cont.fresh !== null || cont.fp < 0) return out;
  // cont.pc is where it will continue; pc - 1 lies inside its suspend/switch instruction.
  visitSuspendedFrames(frameSource(store), cont.fp, cont.func, cont.pc - 1, cont.bottom.base, (w) => {
    out.push(recordOf(store, w));
  });
  return out;
}

/** The frames of a suspended continuation (see suspendedFrameRecords); empty once its handle is consumed. */
export function continuationFrames(store: Store, ref: ContRef): RawFrame[] {
  return ref.cont === null ? [] : suspendedFrameRecords(store, ref.cont).map(toRawFrame);
}

/** Every frame of every activation, newest first. */
export function frameRecords(store: Store, limit = Infinity): FrameRecord[] {
  const out: FrameRecord[] = [];
  visitFrames(store.thread.state, frameSource(store), (w) => {
    out.push(recordOf(store, w));
    return out.length < limit;
  });
  // A host frame is named by the import its caller (the next, older, wasm frame) called it through.
  for (let i = 0; i < out.length; i++) {
    const r = out[i];
    if (r.kind !== 'host' || r.host === null) continue;
    const caller = out[i + 1]?.func?.instance as Instance | null | undefined;
    if (caller) {
      const k = caller.funcs.indexOf(r.host);
      if (k >= 0 && k < caller.info.importedFuncs) {
        let n = 0;
        for (const imp of caller.info.imports) {
          if (imp.desc.kind !== 'func') continue;
          if (n++ === k) {
            r.importModule = imp.module;
            r.importName = imp.name;
            break;
          }
        }
      }
    }
  }
  return out;
}

export function funcName(f: FuncInstance): string | undefined {
  const inst = f.instance;
  return inst === null ? f.hostName ?? (f.host?.name || undefined) : inst.info.names?.functions.get(f.funcIndex);
}

export function moduleName(f: FuncInstance): string | undefined {
  return f.instance?.info.names?.module;
}

/** Module byte offset of a record's pc (the PC rule). */
export function offsetOf(r: FrameRecord): number {
  return r.func?.codeMap?.offsetAt(r.pc) ?? -1;
}

export function toRawFrame(r: FrameRecord): RawFrame {
  if (r.kind === 'host') {
    const h: HostRawFrame = {
      kind: 'host', funcIndex: -1, offset: -1, instance: null,
      ...(r.importModule !== undefined ? { importModule: r.importModule, importName: r.importName } : {}),
      ...(r.host ? { name: r.host.hostName ?? (r.host.host?.name || r.host.debugName) } : {}),
    };
    return h;
  }
  const f = r.func!;
  const name = funcName(f), mod = moduleName(f);
  const w: WasmRawFrame = {
    kind: 'wasm', funcIndex: f.funcIndex, offset: offsetOf(r), instance: f.instance,
    ...(name !== undefined ? { funcName: name } : {}),
    ...(mod !== undefined ? { moduleName: mod } : {}),
    ...(r.boundary !== undefined ? { boundary: r.boundary } : {}),
  };
  return w;
}

/** All frames (every activation, host frames between), newest first. */
export function collectFrames(store: Store): RawFrame[] {
  return frameRecords(store).map(toRawFrame);
}

/**
 * The current wasm backtrace, from inside a host function that wasm called (or a trap/break
 * handler); empty when no wasm is on the stack of this store's thread.
 */
export function captureBacktrace(store: Store): RawFrame[] {
  return collectFrames(store);
}

/** The type a category stands for when the exact one is unknown. */
export function categoryType(cat: number): ValType {
  return cat === 0 ? I32 : cat === 1 ? I64 : cat === 3 ? V128 : EXTERNREF;
}

/** Value categories of operand cells (CodeMap.stackCats). */
export const enum OperandCategory { Bits32 = 0, Bits64 = 1, Ref = 2, Bits128 = 3 }

/** The FrameCursor over a store's stack, with locals and operands. Snapshot of the frames at creation. */
export class StoreFrameCursor implements FrameCursor {
  private i = 0;
  constructor(
    private readonly store: Store,
    private readonly records: FrameRecord[] = frameRecords(store),
  ) {}

  get done(): boolean { return this.i >= this.records.length; }
  private get r(): FrameRecord { return this.records[this.i]; }
  get record(): FrameRecord { return this.r; }
  get kind(): 'wasm' | 'host' { return this.r.kind; }
  get funcAddr(): number { return this.r.kind === 'wasm' ? this.r.func!.addr : (this.r.host?.addr ?? -1); }
  get func(): FuncInstance | null { return this.r.kind === 'wasm' ? this.r.func : this.r.host; }
  get funcIndex(): number { return this.r.kind === 'wasm' ? this.r.func!.funcIndex : -1; }
  get funcName(): string | undefined {
    const r = this.r;
    return r.kind === 'wasm' ? funcName(r.func!) : r.host ? funcName(r.host) : undefined;
  }
  get moduleName(): string | undefined { return this.r.kind === 'wasm' ? moduleName(this.r.func!) : this.r.importModule; }
  get importName(): string | undefined { return this.r.importName; }
  get instance(): Instance | null { return this.r.func?.instance ?? null; }
  get pc(): number { return offsetOf(this.r); }
  /** Internal code pc (inside the frame's current instruction). */
  get internalPc(): number { return this.r.pc; }
  /** int32 FP index of a wasm frame (-1 for host frames). */
  get fp(): number { return this.r.fp; }
  get depth(): number { return this.i; }
  moveUp(): boolean {
    if (this.i < this.records.length) this.i++;
    return !this.done;
  }
  toRawFrame(): RawFrame { return toRawFrame(this.r); }

  // ------------------------------------------------------------ locals

  /** Value types of the frame's locals (parameters first). */
  get localTypes(): readonly ValType[] {
    return localLayout(this.r.func).types;
  }
  local(i: number): RawValue {
    const { types, slots } = localLayout(this.r.func);
    if (i < 0 || i >= types.length) throw new RangeError(`local ${i} out of range`);
    const th = this.store.thread;
    return readRaw(th.i32, th.refs, this.r.fp + slots[i], types[i]);
  }
  setLocal(i: number, v: RawValue): void {
    const { types, slots } = localLayout(this.r.func);
    if (i < 0 || i >= types.length) throw new RangeError(`local ${i} out of range`);
    const th = this.store.thread;
    writeRaw(th.i32, th.refs, this.r.fp + slots[i], types[i], v);
  }

  // ------------------------------------------------------------ operands

  /**
   * The wasm operand stack height of this frame, when it is materialized: the function was
   * compiled in debug mode and the frame is the newest of its activation, stopped at the start
   * of a wasm instruction (breakpoint, step, trap). -1 otherwise (register-style code keeps
   * operands in locals and constants; callers' operands below their call are not tracked).
   */
  get operandCount(): number {
    const e = this.operandEntry();
    return e < 0 ? -1 : this.r.func!.codeMap!.heights![e];
  }
  private operandEntry(): number {
    const r = this.r;
    const map = r.func?.codeMap;
    if (!map || map.heights === null || !r.exitFrame) return -1;
    return map.entryAt(r.pc);
  }
  /** Category of operand i (0 = bottom). */
  operandCategory(i: number): OperandCategory {
    const e = this.operandEntry();
    const map = this.r.func!.codeMap!;
    if (e < 0 || i < 0 || i >= map.heights![e]) throw new RangeError(`operand ${i} is not materialized`);
    return map.stackCats![map.stackStarts![e] + i] as OperandCategory;
  }
  /**
   * The exact value type of operand i (0 = bottom): i32/i64/f32/f64 or the reference type
   * (CodeMap.stackTypes, recorded when the function was debug-compiled with a debugger attached;
   * else the category's i32 / i64 / externref).
   */
  operandType(i: number): ValType {
    const e = this.operandEntry();
    const map = this.r.func!.codeMap!;
    if (e < 0 || i < 0 || i >= map.heights![e]) throw new RangeError(`operand ${i} is not materialized`);
    const k = map.stackStarts![e] + i;
    return map.stackTypes !== null ? map.stackTypes[k] : categoryType(map.stackCats![k]);
  }
  private operandSlot(i: number): number {
    let at = this.r.fp + this.r.func!.localsI32 + 2 * FRAME_LAYOUT.HEADER_CELLS;
    for (let k = 0; k < i; k++) at += this.operandCategory(k) === OperandCategory.Bits128 ? 4 : 2;
    return at;
  }
  /**
   * Operand i (0 = bottom of the stack) as a RawValue read by its category: 32-bit as i32
   * (number), 64-bit as i64 (bigint), or the reference. Pass `type` to read f32/f64 bits.
   */
  operand(i: number, type?: ValType): RawValue {
    const cat = this.operandCategory(i);
    const th = this.store.thread;
    return readRaw(th.i32, th.refs, this.operandSlot(i), type ?? categoryType(cat));
  }
  setOperand(i: number, v: RawValue, type?: ValType): void {
    const cat = this.operandCategory(i);
    const th = this.store.thread;
    writeRaw(th.i32, th.refs, this.operandSlot(i), type ?? (cat === OperandCategory.Bits64 && typeof v !== 'bigint' ? F64 : categoryType(cat)), v);
  }
}

/** A function's locals (parameters first): their types and int32 offsets from FP (the widths before each). */
interface LocalLayout {
  readonly types: readonly ValType[];
  readonly slots: Int32Array;
}
const NO_LOCALS: LocalLayout = { types: [], slots: new Int32Array(0) };
/** Computed once per function: a debugger or trap handler reads every local of many frames. */
const localLayouts = new WeakMap<FuncInstance, LocalLayout>();

function localLayout(f: FuncInstance | null): LocalLayout {
  if (f === null || f.instance === null) return NO_LOCALS;
  let layout = localLayouts.get(f);
  if (layout === undefined) {
    const info = f.instance.info;
    const bodyIndex = f.funcIndex - info.importedFuncs;
    const types = [...funcTypeOf(info, info.funcTypeIndices[bodyIndex]).params, ...info.bodies[bodyIndex].locals];
    const slots = new Int32Array(types.length);
    for (let k = 1; k < types.length; k++) slots[k] = slots[k - 1] + slotWidth(types[k - 1]);
    layout = { types, slots };
    localLayouts.set(f, layout);
  }
  return layout;
}
