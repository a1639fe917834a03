/**
 * PauseContext: the debugger's view of a stopped execution, handed to every stopping event.
 *
 *   frames()          the whole stack, newest first: wasm frames (module, function, pc, source
 *                     position with inlined frames, locals, operands, source variables) and the
 *                     host frames between activations
 *   globals(), memory(), table()   instance state, readable and writable
 *   heap()            the GC objects a frame reaches (frames/gcHeap.ts), a page at a time
 *   actions           continue / stepInto / stepOver / stepOut / unwind / retry / resume /
 *                     forceReturn: the LAST one called wins; none = continue (a trap unwinds)
 *
 * It wraps the runtime's PauseContext (engine.ts) and is valid only while the pause lasts:
 * afterwards reads of frames built earlier still return what they read, writes throw.
 */

import type { GlobalInstance, Instance, MemoryInstance, RawValue, TableInstance } from '@lantern/runtime';
import type { DisplayValue } from './symbols/dwarf/valueFormatter.ts';
import { UserError } from './expression/userError.ts';
import type { FrameAccess, SlotValue } from './symbols/dwarf/locationEvaluator.ts';
import type { ModuleSymbols, SourceFrame, SymbolResolver } from './source/symbolResolver.ts';
import type { EngineCursor, EnginePause } from './engine.ts';
import type { FrameInfo, HostFrameInfo, LocalInfo, SourceLocation, WasmFrameInfo } from './frames/frameInfo.ts';
import { formatWasmValue, fromRaw, toRaw, valTypeName, type WasmValue, type WasmValueInput } from './frames/wasmValue.ts';
import { gcNamesOf } from './frames/gcNames.ts';
import { HEAP_PAGE, reachableHeap, type HeapPage, type HeapRoot } from './frames/gcHeap.ts';
import type { PauseReason, ResumeAction, StepGranularity, StepKind } from './events.ts';
import type { Continuation, ContinuationInfo, ControlSupport } from './control/controlInfo.ts';

const I32 = 0x7f;
const I64 = 0x7e;
const F32 = 0x7d;
const F64 = 0x7c;
const EXTERNREF = 0x1000 + 0x6f * 2 + 1;

export interface GlobalInfo {
  readonly index: number;
  readonly name: string | undefined;
  readonly type: string;
  readonly mutable: boolean;
  readonly value: WasmValue;
  set(value: WasmValueInput): void;
}

export interface MemoryView {
  readonly index: number;
  readonly pages: number;
  readonly byteLength: number;
  read(address: number, length: number): Uint8Array;
  write(address: number, bytes: ArrayLike<number>): void;
  readI32(address: number): number;
  writeI32(address: number, value: number): void;
}

export interface TableView {
  readonly index: number;
  readonly size: number;
  get(i: number): WasmValue;
  set(i: number, value: WasmValueInput): void;
}

/** Debugger-side state a context needs (kept narrow so the Debugger can evolve). */
export interface PauseHost {
  readonly symbols: SymbolResolver;
  /** The granularity used when an action does not say: 'line' where the frame has line info. */
  readonly defaultGranularity: StepGranularity | 'auto';
  /** Exceptions and continuations (tag names, the continuation registry). */
  readonly control?: ControlSupport;
  /** Live continuations the debugger knows of (see Debugger.continuations). */
  continuations?(): readonly ContinuationInfo[];
  /** Set for a context nothing may change or resume (a core dump): the message a refused change gets. */
  readonly readOnly?: string;
}

export class PauseContext {
  private live = true;
  private frameList: FrameInfo[] | undefined;
  /** Counts writes to memory and globals: source variables read before one are read again. */
  private writes = 0;
  /** The action chosen so far (the last call wins). */
  action: ResumeAction | undefined;

  constructor(
    private readonly host: PauseHost,
    /** The runtime's context (engine.ts). */
    readonly engine: EnginePause,
    readonly reason: PauseReason,
  ) {}

  get isLive(): boolean {
    return this.live;
  }

  /** @internal the decision is being applied. */
  expire(): void {
    this.live = false;
  }

  private check(): void {
    if (!this.live) throw new Error('PauseContext used after execution resumed');
  }

  /** Before a change or an action: a post-mortem context (a core dump) refuses them with its reason. */
  private checkWritable(): void {
    this.check();
    if (this.host.readOnly !== undefined) throw new UserError(this.host.readOnly);
  }

  // ------------------------------------------------------------------ frames

  /** Every frame, newest first (wasm and host). Built once per pause; values are read on access. */
  frames(): readonly FrameInfo[] {
    if (this.frameList) return this.frameList;
    this.check();
    const list: FrameInfo[] = [];
    const cursor = this.engine.frames();
    for (let i = 0; !cursor.done; i++, cursor.moveUp()) {
      list.push(cursor.kind === 'wasm' ? this.wasmFrame(cursor, i) : this.hostFrame(cursor, i));
    }
    return (this.frameList = list);
  }

  /**
   * The live continuations the debugger knows of (fresh or suspended, oldest first), each with
   * its frames readable without resuming it. Needs continuation tracking (DebuggerOptions
   * `trackContinuations`, or the first call of Debugger.continuations()): continuations made
   * before tracking started are not known.
   */
  continuations(): readonly ContinuationInfo[] {
    this.check();
    return this.host.continuations?.() ?? [];
  }

  /** @internal wasm frames of a cursor that is not the paused stack (a suspended continuation). */
  framesOf(open: () => EngineCursor): WasmFrameInfo[] {
    const list: WasmFrameInfo[] = [];
    const c = open();
    for (let i = 0; !c.done; i++, c.moveUp()) {
      if (c.kind !== 'wasm') continue;
      const index = i;
      const reopen = (): EngineCursor => {
        const k = open();
        for (let j = 0; j < index && !k.done; j++) k.moveUp();
        if (k.done) throw new Error('frame is gone');
        return k;
      };
      list.push(this.wasmFrame(c, i, reopen));
    }
    return list;
  }

  /** Wasm frames only, newest first. */
  wasmFrames(): readonly WasmFrameInfo[] {
    return this.frames().filter((f): f is WasmFrameInfo => f.kind === 'wasm');
  }

  /** The newest wasm frame (where execution stopped). */
  get topFrame(): WasmFrameInfo {
    const f = this.wasmFrames()[0];
    if (!f) throw new Error('no wasm frame on the stack');
    return f;
  }

  private hostFrame(c: EngineCursor, index: number): HostFrameInfo {
    const f = c.func;
    const name = f ? (f as { hostName?: string }).hostName ?? f.debugName : undefined;
    return { kind: 'host', index, importModule: c.moduleName, importName: c.importName, name: name || undefined };
  }

  private boundaryOf(c: EngineCursor): WasmFrameInfo['boundary'] {
    const b = c.record?.boundary;
    if (!b) return undefined;
    const cont = b.continuation as Continuation | null;
    const control = this.host.control;
    return {
      continuation: cont?.id,
      tag: b.tag ? (control?.tagName(b.tag, c.instance) ?? '?') : undefined,
      handle: cont,
    };
  }

  private wasmFrame(c: EngineCursor, index: number, reopen?: () => EngineCursor): WasmFrameInfo {
    const ctx = this;
    const instance = c.instance as Instance;
    const symbols = this.host.symbols.forModule(instance.info);
    const funcIndex = c.funcIndex;
    const pc = c.pc;
    const localTypes = [...c.localTypes];
    // The paused frame at a breakpoint or step shows the position steps and breakpoints use (WAT:
    // its statement); a trapping instruction, a caller's call and a suspended continuation's
    // suspend show the instruction's own.
    const exact = index > 0 || reopen !== undefined || this.reason === 'trap';
    const sourceFrames = symbols.sourceFrames(funcIndex, pc, exact);
    const top = sourceFrames[0];
    const source: SourceLocation | undefined =
      top.file !== undefined && top.line !== undefined ? { file: top.file, line: top.line, column: top.column ?? 0 } : undefined;
    const fp = c.fp;
    const boundary = this.boundaryOf(c);
    // A private cursor positioned on this frame for live reads and writes.
    const at = (): EngineCursor => {
      ctx.check();
      if (reopen) return reopen();
      const k = ctx.engine.frames();
      while (!k.done && !(k.kind === 'wasm' && k.fp === fp && k.depth === index)) k.moveUp();
      if (k.done) throw new Error('frame is gone');
      return k;
    };
    // Exact operand types (f32/f64 shown as floats, not i32/i64 bits; debug compile mode).
    const operandCount = c.operandCount;
    const operandTypes: number[] = [];
    for (let i = 0; i < operandCount; i++) operandTypes.push(c.operandType(i));
    let localsCache: LocalInfo[] | undefined;
    let operandsCache: WasmValue[] | undefined;
    let variablesCache: DisplayValue[] | undefined;
    let variablesRead = -1;
    const localIndex = (key: string | number): number => {
      if (typeof key === 'number') return key;
      const k = key.startsWith('$') ? key.slice(1) : key;
      const names = symbols.names.locals.get(funcIndex);
      if (names) for (const [i, n] of names) if (n === k) return i;
      const m = /^(?:local|l)?(\d+)$/.exec(k);
      return m ? Number(m[1]) : -1;
    };
    const frame: WasmFrameInfo = {
      kind: 'wasm',
      index,
      module: symbols.names.module ?? symbols.label,
      funcIndex,
      function: sourceFrames[sourceFrames.length - 1].function,
      pc,
      source,
      sourceFrames,
      instance,
      ...(boundary ? { boundary } : {}),
      get locals(): readonly LocalInfo[] {
        if (!localsCache) {
          const k = at();
          const gc = gcNamesOf((instance as Instance).info, symbols.names);
          localsCache = localTypes.map((t, i) => ({ index: i, name: symbols.localName(funcIndex, i), value: fromRaw(k.local(i), t, gc) }));
        }
        return localsCache;
      },
      get operands(): readonly WasmValue[] {
        if (!operandsCache) {
          const k = at();
          const gc = gcNamesOf((instance as Instance).info, symbols.names);
          operandsCache = operandTypes.map((t, i) => fromRaw(k.operand(i, t), t, gc));
        }
        return operandsCache;
      },
      get variables(): readonly DisplayValue[] {
        if (!variablesCache || variablesRead !== ctx.writes) {
          variablesRead = ctx.writes;
          variablesCache = ctx.readVariables(symbols, frame, localTypes);
        }
        return variablesCache;
      },
      local(key) {
        const i = localIndex(key);
        return i >= 0 && i < localTypes.length ? this.locals[i].value : undefined;
      },
      variable(name) {
        return this.variables.find((v) => v.name === name);
      },
      setLocal(key, value) {
        ctx.checkWritable();
        const i = localIndex(key);
        if (i < 0 || i >= localTypes.length) throw new RangeError(`no local ${String(key)} in ${frame.function}`);
        at().setLocal(i, toRaw(value, localTypes[i]));
        localsCache = undefined;
        variablesCache = undefined;
      },
      setOperand(i, value) {
        ctx.checkWritable();
        if (i < 0 || i >= operandTypes.length) throw new RangeError(`operand ${i} is not materialized`);
        const t = operandTypes[i];
        at().setOperand(i, toRaw(value, t), t);
        operandsCache = undefined;
      },
    };
    return frame;
  }

  /** DWARF variables of a frame through a FrameAccess over its locals, globals, operands, memory 0. */
  private readVariables(symbols: ModuleSymbols, frame: WasmFrameInfo, localTypes: number[]): DisplayValue[] {
    const provider = symbols.provider;
    if (!provider || provider.kind !== 'dwarf') return [];
    const instance = frame.instance as Instance;
    const typed = (raw: RawValue, t: number): SlotValue => {
      const v = fromRaw(raw, t);
      return v.type === 'i32' || v.type === 'i64' || v.type === 'f32' || v.type === 'f64' ? { type: v.type, value: v.value } : 0;
    };
    const access: Omit<FrameAccess, 'frameBase'> = {
      readLocal: (i) => (i < localTypes.length ? typed(this.rawLocal(frame, i), localTypes[i]) : 0),
      readGlobal: (i) => {
        const g = instance.globals[i];
        return g ? typed(g.value, g.type.valType) : 0;
      },
      readOperand: (i) => {
        const v = frame.operands[i];
        return v && (v.type === 'i32' || v.type === 'i64' || v.type === 'f32' || v.type === 'f64') ? { type: v.type, value: v.value } : 0;
      },
      readMemory: (address, length) => {
        const m = instance.memories[0];
        if (!m || address < 0 || address + length > m.u8.length) throw new RangeError(`memory [${address}, +${length}) out of bounds`);
        return m.u8.slice(address, address + length);
      },
    };
    const out: DisplayValue[] = [];
    try {
      for (const v of provider.variablesAt(frame.pc, 0)) {
        try {
          out.push(provider.readVariable(frame.pc, v, access));
        } catch (e) {
          out.push({ name: v.name, type: v.typeName, value: `<error: ${e instanceof Error ? e.message : String(e)}>` });
        }
      }
    } catch {
      return out;
    }
    return out;
  }

  private rawLocal(frame: WasmFrameInfo, i: number): RawValue {
    const v = frame.locals[i].value;
    return toRaw(v, { i32: I32, i64: I64, f32: F32, f64: F64 }[v.type as 'i32'] ?? EXTERNREF);
  }

  // ------------------------------------------------------------------ instance state

  /** The instance of the newest wasm frame (or of frame `frameIndex`). */
  instance(frameIndex = 0): Instance {
    return this.wasmFrames()[frameIndex].instance as Instance;
  }

  globals(instance: Instance = this.instance()): GlobalInfo[] {
    const symbols = this.host.symbols.forModule(instance.info);
    const gc = gcNamesOf(instance.info, symbols.names);
    return instance.globals.map((g: GlobalInstance, index: number) => ({
      index,
      name: symbols.globalName(index),
      type: valTypeName(g.type.valType),
      mutable: g.type.mutable,
      value: fromRaw(g.value, g.type.valType, gc),
      set: (value: WasmValueInput) => {
        this.checkWritable();
        g.value = toRaw(value, g.type.valType);
        this.writes++;
      },
    }));
  }

  global(nameOrIndex: string | number, instance: Instance = this.instance()): GlobalInfo | undefined {
    const key = typeof nameOrIndex === 'string' && nameOrIndex.startsWith('$') ? nameOrIndex.slice(1) : nameOrIndex;
    return this.globals(instance).find((g) => g.index === key || g.name === key);
  }

  memory(index = 0, instance: Instance = this.instance()): MemoryView {
    const m: MemoryInstance | undefined = instance.memories[index];
    if (!m) throw new RangeError(`no memory ${index}`);
    const check = (a: number, n: number) => {
      if (a < 0 || a + n > m.u8.length) throw new RangeError(`memory [${a}, +${n}) out of bounds`);
    };
    return {
      index,
      get pages() {
        return m.pages;
      },
      get byteLength() {
        return m.u8.length;
      },
      read: (address, length) => {
        check(address, length);
        return m.u8.slice(address, address + length);
      },
      write: (address, bytes) => {
        this.checkWritable();
        check(address, bytes.length);
        m.u8.set(Array.from(bytes), address);
        this.writes++;
      },
      readI32: (address) => {
        check(address, 4);
        return m.view.getInt32(address, true);
      },
      writeI32: (address, value) => {
        this.checkWritable();
        check(address, 4);
        m.view.setInt32(address, value, true);
        this.writes++;
      },
    };
  }

  table(index = 0, instance: Instance = this.instance()): TableView {
    const t: TableInstance | undefined = instance.tables[index];
    if (!t) throw new RangeError(`no table ${index}`);
    const type = t.type.elemType;
    const gc = gcNamesOf(instance.info, this.host.symbols.forModule(instance.info).names);
    return {
      index,
      get size() {
        return t.size;
      },
      get: (i) => fromRaw(t.get(i), type, gc),
      set: (i, value) => {
        this.checkWritable();
        t.elements[i] = toRaw(value, type);
      },
    };
  }

  /**
   * GC objects reachable from wasm frame `frame`: from its locals and operands, then its
   * instance's globals and table elements; objects `start` .. `start + limit - 1` of the walk.
   */
  heap(frame: WasmFrameInfo, start = 0, limit = HEAP_PAGE): HeapPage {
    const instance = frame.instance as Instance;
    const names = gcNamesOf(instance.info, this.host.symbols.forModule(instance.info).names);
    const globals = this.globals(instance);
    function* roots(): Generator<HeapRoot> {
      const ref = (path: string, v: WasmValue): HeapRoot | undefined => (v.type === 'ref' && v.handle ? { path, ref: v.handle.ref, names } : undefined);
      const found = [
        ...frame.locals.map((l) => ref(l.name !== undefined ? `$${l.name}` : `$local${l.index}`, l.value)),
        ...frame.operands.map((v, i) => ref(`$operand${i}`, v)),
        ...globals.map((g) => ref(g.name !== undefined ? `$${g.name}` : `$global${g.index}`, g.value)),
      ];
      for (const r of found) if (r) yield r;
      for (const [t, table] of instance.tables.entries()) {
        for (let k = 0; k < table.size; k++) {
          const element = table.get(k);
          if (element !== null && element !== undefined) yield { path: `table${t}[${k}]`, ref: element, names };
        }
      }
    }
    return reachableHeap(roots(), start, limit);
  }

  // ------------------------------------------------------------------ actions

  private choose(action: ResumeAction): void {
    this.checkWritable();
    this.action = action;
  }

  /** Run on (at a trap: the trap unwinds, as with no action). */
  continue(): void {
    this.choose({ kind: 'continue' });
  }

  /** Step into calls; `granularity` defaults to 'line' when the frame has line info. */
  stepInto(granularity?: StepGranularity): void {
    this.step('into', granularity);
  }

  stepOver(granularity?: StepGranularity): void {
    this.step('over', granularity);
  }

  /** Step out of the current frame (an inlined frame counts as one where there is DWARF). */
  stepOut(): void {
    this.step('out');
  }

  step(kind: StepKind, granularity?: StepGranularity): void {
    const g = granularity ?? this.autoGranularity();
    this.choose({ kind: 'step', step: kind, granularity: g });
  }

  private autoGranularity(): StepGranularity {
    const d = this.host.defaultGranularity;
    if (d !== 'auto') return d;
    return this.topFrame.source !== undefined ? 'line' : 'instruction';
  }

  /** Traps: let the trap unwind to the host as a RuntimeError. Elsewhere: abort the run with a RuntimeError. */
  unwind(): void {
    this.choose({ kind: 'unwind' });
  }

  /** Run the stopped instruction again (after fixing what made it trap). */
  retry(): void {
    this.choose({ kind: 'retry' });
  }

  /** Skip the stopped instruction as if it produced `values` (its results, in order). */
  resume(...values: WasmValueInput[]): void {
    this.choose({ kind: 'resume', values });
  }

  /** Return from wasm frame `frame` (0 = newest) with `values`: its caller continues after its call. */
  forceReturn(frame: number, ...values: WasmValueInput[]): void {
    this.choose({ kind: 'forceReturn', frame, values });
  }

  /**
   * Continue the newest frame at module offset `offset` of its function instead — skipping or
   * re-running code — and stop there again (reason 'goto'). Throws, saying why, where that is
   * not safe: only in debug-compiled code stopped before an instruction, to an instruction of
   * the same or an enclosing block where the operand stack is empty (runtime exit/gotoTarget.ts).
   */
  goto(offset: number): void {
    const problem = this.gotoProblem(offset);
    if (problem !== undefined) throw new UserError(problem);
    this.choose({ kind: 'goto', offset });
  }

  /** Why goto(offset) is refused here, or undefined when it is allowed. */
  gotoProblem(offset: number): string | undefined {
    this.checkWritable();
    if (!this.engine.gotoProblem) return 'goto: not possible at this stop (inside an exception or stack-switching event)';
    return this.engine.gotoProblem(offset);
  }

  /** One line describing where execution stopped (for transcripts and logs). */
  describeLocation(): string {
    const f = this.topFrame;
    const src = f.source ? ` ${f.source.file}:${f.source.line}:${f.source.column}` : '';
    return `${f.function} @0x${f.pc.toString(16)}${src}`;
  }
}

export { formatWasmValue };
export type { SourceFrame };
