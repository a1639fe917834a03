/**
 * Running a program the same way on every engine and writing down all that can be observed:
 * each export's result or trap (normalized message and module offset) or thrown JS error, the
 * host calls made (with arguments), and afterwards the exported memories, globals and tables.
 * Float results compare by the spec's NaN rules: every NaN is "nan" (the generators make NaN bits
 * unobservable in memory: binaryen's --denan, our generator's canonicalization before stores).
 */
import { decodeModule, I32, I64, F32, F64 } from '@lantern/runtime';
import { Rng } from '../rng.ts';

/** What V8 cannot tell apart: float-to-int truncation of NaN (spec: invalid conversion) and of a value out of range (integer overflow), and a division overflow. */
const INT_RESULT = 'integer overflow or invalid conversion';
/** V8's trap messages in the spec's words (as Lantern says them), or V8's coarser class. */
const V8_TRAPS: Record<string, string> = {
  unreachable: 'unreachable executed',
  'memory access out of bounds': 'out of bounds memory access',
  'divide by zero': 'integer divide by zero',
  'remainder by zero': 'integer divide by zero',
  'divide result unrepresentable': INT_RESULT,
  'float unrepresentable in integer range': INT_RESULT,
  // V8 says this of call_indirect and table.get/set alike.
  'table index is out of bounds': 'table index out of bounds',
  'null function or function signature mismatch': 'indirect call',
  'dereferencing a null pointer': 'null reference',
  'data segment out of bounds': 'out of bounds memory access',
  'element segment out of bounds': 'out of bounds table access',
  'element segment has been dropped': 'out of bounds table access',
  'table access out of bounds': 'out of bounds table access',
};
/** Lantern's spec messages in V8's coarser classes: e.g. both call_indirect failures are one V8 message. */
const LANTERN_MERGED: Record<string, string> = {
  'integer overflow': INT_RESULT,
  'undefined element': 'table index out of bounds',
  'out of bounds table access': 'table index out of bounds',
  'invalid conversion to integer': INT_RESULT,
  'indirect call type mismatch': 'indirect call',
  'uninitialized element': 'indirect call',
  'null function reference': 'null reference',
};

export type Observed = string;

export interface Outcome {
  /** one line per event: calls, results, traps, host calls */
  events: Observed[];
  /** state after the run */
  state: Observed[];
  /** a stack overflow happened: where depends on frame sizes, so the state after it is not compared */
  exhausted: boolean;
}

export function show(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'nan' : Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (v === null) return 'null';
  if (v === undefined) return 'void';
  if (typeof v === 'function') return 'func';
  if (Array.isArray(v)) return `[${v.map(show).join(',')}]`;
  if (typeof v === 'string') return JSON.stringify(v);
  return typeof v;
}

function trapOffset(e: Error): number {
  const frames = (e as { frames?: { offset: number }[] }).frames;
  if (frames !== undefined && frames.length > 0) return frames[0].offset;
  const m = /wasm-function\[\d+\]:0x([0-9a-f]+)/.exec(e.stack ?? '');
  return m === null ? -1 : Number.parseInt(m[1], 16);
}

function isExhaustion(e: unknown): boolean {
  return (e instanceof RangeError && /call stack/i.test(e.message)) || (e instanceof Error && e.message === 'call stack exhausted');
}

/** How an export call ended by throwing. */
export function showError(ns: typeof WebAssembly, e: unknown): string {
  if (e instanceof ns.RuntimeError) {
    // Lantern names the index in some messages ("undefined element 7"); V8 does not.
    const bare = e.message.replace(/ \d+$/, '');
    const message = V8_TRAPS[bare] ?? LANTERN_MERGED[bare] ?? bare;
    return `trap ${message} @0x${trapOffset(e).toString(16)}`;
  }
  if ('Exception' in ns && e instanceof (ns as { Exception: new (...a: never[]) => object }).Exception) return 'wasm exception';
  if (e instanceof Error) return `${e.constructor.name}`;
  return `thrown ${show(e)}`;
}

/** Arguments for an export of these parameter types: fixed per program and export. */
function argumentsFor(r: Rng, params: readonly number[]): unknown[] {
  return params.map((t) => {
    switch (t) {
      case I32: return r.i32();
      case I64: return r.i64();
      case F32: return Math.fround(r.pick([0, -0, 1.5, -2.25, 1e30, Number.NaN, Infinity, r.i32() / 7]));
      case F64: return r.pick([0, -0, 1.5, -2.25, 1e300, Number.NaN, -Infinity, r.i32() / 3]);
      default: return null;
    }
  });
}

/** A value a host can give for an imported global of type `t` (the same on every engine). */
function importedGlobalValue(t: number): unknown {
  return t === I32 ? 7 : t === I64 ? 7n : t === F32 || t === F64 ? 1.5 : null;
}

export interface ProgramShape {
  /** per export in order: name and, for functions, the parameter types */
  exports: { name: string; kind: string; params: number[] }[];
  imports: { module: string; name: string; kind: string; valType?: number }[];
}

export function shapeOf(bytes: Uint8Array): ProgramShape {
  const info = decodeModule(bytes);
  const funcType = (i: number): number[] => {
    const typeIndex = i < info.importedFuncs ? (info.imports.filter((im) => im.desc.kind === 'func')[i].desc as { typeIndex: number }).typeIndex : info.funcTypeIndices[i - info.importedFuncs];
    const c = info.types[typeIndex].composite;
    return c.kind === 'func' ? [...c.params] : [];
  };
  return {
    exports: info.exports.map((e) => ({ name: e.name, kind: e.kind, params: e.kind === 'func' ? funcType(e.index) : [] })),
    imports: info.imports.map((im) => ({ module: im.module, name: im.name, kind: im.desc.kind, valType: im.desc.kind === 'global' ? im.desc.type.valType : undefined })),
  };
}

const HANG_LIMIT_EXPORT = 'hangLimitInitializer';
const HOST_CALL_BUDGET = 2000;
const MAX_REENTRY = 3;

export interface RunHooks {
  /** How an export is called from the runner (the debugger's async entry, say); default: a plain call. */
  invoke?(f: (...a: unknown[]) => unknown, args: unknown[]): unknown;
  /** Called at every host call the program makes (before it is recorded). */
  onHostCall?(): void;
  /** Called once the instance exists. */
  onInstance?(instance: WebAssembly.Instance): void;
}

/** Runs every function export of `bytes` on `ns` with arguments drawn from `argSeed`. */
export async function runProgram(ns: typeof WebAssembly, bytes: Uint8Array, shape: ProgramShape, argSeed: number, hooks: RunHooks = {}): Promise<Outcome> {
  const events: Observed[] = [];
  const out: Outcome = { events, state: [], exhausted: false };
  let exports: Record<string, unknown> = {};
  const functionExports = (): ((...a: unknown[]) => unknown)[] =>
    shape.exports.filter((e) => e.kind === 'func' && e.name !== HANG_LIMIT_EXPORT).map((e) => exports[e.name] as (...a: unknown[]) => unknown);
  const table = (): WebAssembly.Table | undefined => {
    const t = shape.exports.find((e) => e.kind === 'table');
    return t === undefined ? undefined : (exports[t.name] as WebAssembly.Table);
  };
  // Host calls are budgeted (the same on every engine): a program calling its exports back through
  // the host could otherwise branch into exponentially many calls.
  let hostCalls = 0;
  const budget = (): void => {
    if (++hostCalls > HOST_CALL_BUDGET) throw new RangeError('host call budget exhausted');
    hooks.onHostCall?.();
  };
  const log = (name: string) => (...args: unknown[]): void => {
    budget();
    events.push(`host ${name}(${args.map(show).join(',')})`);
  };
  let depth = 0;
  const callFromHost = (f: unknown, catching: boolean): number => {
    budget();
    if (typeof f !== 'function') throw new TypeError('not a function');
    if (depth >= MAX_REENTRY) throw new RangeError('host re-entry too deep');
    depth++;
    try {
      (f as () => unknown)();
      return 0;
    } catch (e) {
      if (!catching) throw e;
      events.push(`host caught ${showError(ns, e)}`);
      return 1;
    } finally {
      depth--;
    }
  };
  // binaryen's "fuzzing-support" imports (its fuzz_shell.js gives them the same meaning), and ours ("host").
  const support: Record<string, unknown> = {
    'log-i32': log('i32'), 'log-i64': log('i64'), 'log-f32': log('f32'), 'log-f64': log('f64'), 'log-v128': log('v128'),
    'log-anyref': log('anyref'), 'log-funcref': log('funcref'), 'log-externref': log('externref'),
    'call-export': (i: number) => void callFromHost(functionExports()[i >>> 0], false),
    'call-export-catch': (i: number) => callFromHost(functionExports()[i >>> 0], true),
    'call-ref': (f: unknown) => void callFromHost(f, false),
    'call-ref-catch': (f: unknown) => callFromHost(f, true),
    'table-get': (i: number) => table()!.get(i >>> 0),
    'table-set': (i: number, v: unknown) => table()!.set(i >>> 0, v as never),
    sleep: (_ms: number, id: number) => id,
    throw: () => {
      throw new Error('host throw');
    },
  };
  const importObject: Record<string, Record<string, unknown>> = {};
  for (const im of shape.imports) {
    const value = im.kind === 'global' ? importedGlobalValue(im.valType!) : im.module === 'fuzzing-support' || im.module === 'host' ? support[im.name] ?? log(im.name) : undefined;
    (importObject[im.module] ??= {})[im.name] = value;
  }
  try {
    const instance = new ns.Instance(new ns.Module(bytes as Uint8Array<ArrayBuffer>), importObject as WebAssembly.Imports);
    hooks.onInstance?.(instance);
    exports = instance.exports as Record<string, unknown>;
  } catch (e) {
    events.push(`instantiate: ${showError(ns, e)}`);
    out.exhausted = isExhaustion(e);
    return out;
  }
  const r = new Rng(argSeed);
  for (const e of shape.exports) {
    if (e.kind !== 'func' || e.name === HANG_LIMIT_EXPORT) continue;
    const args = argumentsFor(r, e.params);
    if (typeof exports[HANG_LIMIT_EXPORT] === 'function') (exports[HANG_LIMIT_EXPORT] as () => void)();
    try {
      const f = exports[e.name] as (...a: unknown[]) => unknown;
      const result = await (hooks.invoke === undefined ? f(...args) : hooks.invoke(f, args));
      events.push(`${e.name}(${args.map(show).join(',')}) = ${show(result)}`);
    } catch (err) {
      events.push(`${e.name}(${args.map(show).join(',')}) threw ${showError(ns, err)}`);
      if (isExhaustion(err)) {
        out.exhausted = true;
        return out;
      }
    }
  }
  out.state = observeState(shape, exports);
  return out;
}

function fnv(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return (h >>> 0).toString(16);
}

function observeState(shape: ProgramShape, exports: Record<string, unknown>): Observed[] {
  const state: Observed[] = [];
  for (const e of shape.exports) {
    const x = exports[e.name];
    if (e.kind === 'memory') {
      const bytes = new Uint8Array((x as WebAssembly.Memory).buffer);
      state.push(`memory ${e.name}: ${bytes.length} bytes, fnv ${fnv(bytes)}`);
    } else if (e.kind === 'global') {
      let value: string;
      try {
        value = show((x as WebAssembly.Global).value);
      } catch (err) {
        value = (err as Error).constructor.name; // v128 globals cannot be read from JS
      }
      state.push(`global ${e.name} = ${value}`);
    } else if (e.kind === 'table') {
      const t = x as WebAssembly.Table;
      const cells: string[] = [];
      for (let i = 0; i < t.length && i < 1000; i++) cells.push(show(t.get(i)));
      state.push(`table ${e.name}: ${t.length} [${cells.join(' ')}]`);
    }
  }
  return state;
}

/** The first difference between two outcomes, or null when they agree. */
export function difference(expected: Outcome, actual: Outcome): string | null {
  const n = Math.min(expected.events.length, actual.events.length);
  for (let i = 0; i < n; i++) {
    if (expected.events[i] !== actual.events[i]) return `event ${i}: expected ${expected.events[i]}, got ${actual.events[i]}`;
  }
  if (expected.exhausted || actual.exhausted) return null; // the stack ran out: the rest depends on frame sizes
  if (expected.events.length !== actual.events.length) {
    return `expected ${expected.events.length} events, got ${actual.events.length} (next: ${expected.events[n] ?? actual.events[n]})`;
  }
  for (let i = 0; i < Math.max(expected.state.length, actual.state.length); i++) {
    if (expected.state[i] !== actual.state[i]) return `state: expected ${expected.state[i]}, got ${actual.state[i]}`;
  }
  return null;
}
