/**
 * Issue 4, "Tests that show it", first bullet: for every trap kind, a fixture (trapKinds/*.wat,
 * built by trapKinds/rebuild.ts) where the trap happens in a callee of a callee
 * (export -> f1 -> f2 -> trap). Each case asserts the Trap's code and exact message, the exact PC
 * of the trapping instruction and the full list of structured frames. Every expected offset is
 * written out in the case table AND read from the committed `wasm-objdump -d` output of Debian's
 * wabt (trapKinds/*.dump): the trapping instruction is found by its mnemonic inside the trapping
 * function, each caller's PC is its `call` to the next frame's function; the instruction's bytes
 * in the committed .wasm must also match the dump's.
 *
 * Then: after an unwound trap the same store and instance are usable (globals, memory, tables,
 * the thread state), also when the trap happened in a host -> wasm re-entry.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Trap, TrapCode, trapMessage, type RawFrame } from '@lantern/traps';
import {
  FuncInstance, GlobalInstance, Store, decodeModule, instantiate, invoke, validateModule,
  type ExternValue, type Instance, type RawValue, type StoreOptions,
} from '../../src/index.ts';
import { trapOf } from '../exec/helpers.ts';

// ---------------------------------------------------------------------------------------------
// The committed fixtures and their dumps.

const fixtureUrl = (file: string) => new URL(`./trapKinds/${file}`, import.meta.url);
const readFixture = (file: string) => readFileSync(fileURLToPath(fixtureUrl(file)));

interface DumpLine {
  offset: number;
  bytes: number[];
  /** The disassembled instruction, indentation removed (`call 2 <run_f1>`). */
  text: string;
}
interface DumpFunc {
  index: number;
  name: string;
  lines: DumpLine[];
}
interface Dump {
  moduleName: string | undefined;
  funcs: Map<string, DumpFunc>;
}

/** Parses `wasm-objdump -d` output: functions by name, each instruction's offset, bytes, text. */
function parseDump(text: string): Dump {
  const funcs = new Map<string, DumpFunc>();
  let moduleName: string | undefined;
  let cur: DumpFunc | null = null;
  for (const line of text.split('\n')) {
    const mod = /^module name: <(.*)>$/.exec(line);
    if (mod) {
      moduleName = mod[1];
      continue;
    }
    const head = /^([0-9a-f]+) func\[(\d+)\] <([^>]+)>:$/.exec(line);
    if (head) {
      cur = { index: Number(head[2]), name: head[3], lines: [] };
      funcs.set(cur.name, cur);
      continue;
    }
    const ins = /^ ([0-9a-f]+): ((?:[0-9a-f]{2} )+)\s*\| (.*)$/.exec(line);
    if (ins) {
      expect(cur, `instruction outside a function: ${line}`).not.toBeNull();
      cur!.lines.push({
        offset: parseInt(ins[1], 16),
        bytes: ins[2].trim().split(' ').map((b) => parseInt(b, 16)),
        text: ins[3].trim(),
      });
    }
  }
  return { moduleName, funcs };
}

const dumps = new Map<string, Dump>();
function dumpOf(fixture: string): Dump {
  let d = dumps.get(fixture);
  if (!d) dumps.set(fixture, (d = parseDump(readFixture(`${fixture}.dump`).toString('utf8'))));
  return d;
}

function dumpFunc(fixture: string, name: string): DumpFunc {
  const f = dumpOf(fixture).funcs.get(name);
  if (!f) throw new Error(`${fixture}.dump has no function <${name}>`);
  return f;
}

/** The single line of `func` whose mnemonic is `mnemonic` (the text's first word). */
function lineByMnemonic(fixture: string, func: string, mnemonic: string): DumpLine {
  const hits = dumpFunc(fixture, func).lines.filter((l) => l.text.split(' ')[0] === mnemonic);
  expect(hits.map((l) => l.text), `${fixture}.dump: ${mnemonic} in <${func}>`).toHaveLength(1);
  return hits[0];
}

/** The single `call N <callee>` line of `func` (N: the callee's index, when the dump has it). */
function callLine(fixture: string, func: string, callee: string): DumpLine {
  const index = dumpOf(fixture).funcs.get(callee)?.index;
  const hits = dumpFunc(fixture, func).lines.filter((l) => {
    const m = /^call (\d+) <([^>]+)>$/.exec(l.text);
    return m !== null && m[2] === callee && (index === undefined || Number(m[1]) === index);
  });
  expect(hits.map((l) => l.text), `${fixture}.dump: call <${callee}> in <${func}>`).toHaveLength(1);
  return hits[0];
}

/** The instruction's bytes in the committed .wasm at `line.offset` are the dump's. */
function expectBytesMatch(fixture: string, line: DumpLine): void {
  const wasm = readFixture(`${fixture}.wasm`);
  expect([...wasm.subarray(line.offset, line.offset + line.bytes.length)]).toEqual(line.bytes);
}

interface Loaded {
  store: Store;
  inst: Instance;
  call(name: string, ...args: RawValue[]): RawValue[];
}

function load(fixture: string, imports: (store: Store) => ExternValue[] = () => [], options?: StoreOptions): Loaded {
  const info = decodeModule(new Uint8Array(readFixture(`${fixture}.wasm`)));
  validateModule(info);
  const store = new Store(options);
  const inst = instantiate(store, info, imports(store));
  const call = (name: string, ...args: RawValue[]) => {
    const f = inst.exports.get(name);
    if (!(f instanceof FuncInstance)) throw new Error(`no function export ${name}`);
    return invoke(store, f, args);
  };
  return { store, inst, call };
}

const f32 = (x: number) => new Uint32Array(new Float32Array([x]).buffer)[0];
const f64 = (x: number) => new BigUint64Array(new Float64Array([x]).buffer)[0];
const hex = (n: number) => `0x${n.toString(16)}`;

/** The fields the PC rule is about (plus moduleName), for whole-list comparisons. */
const shape = (f: RawFrame) =>
  f.kind === 'wasm'
    ? { kind: f.kind, funcIndex: f.funcIndex, funcName: f.funcName, moduleName: f.moduleName, offset: f.offset }
    : { kind: f.kind, funcIndex: f.funcIndex, name: f.name, importModule: f.importModule, importName: f.importName, offset: f.offset };

// ---------------------------------------------------------------------------------------------
// One case per trap kind (and per instruction that raises it).

interface Case {
  fixture: string;
  /** The export; its callee is `<export>_f1`, whose callee `<export>_f2` traps. */
  export: string;
  args: RawValue[];
  code: TrapCode;
  /** The exact message: trapMessage(code), plus a detail for some kinds. */
  message: string;
  /**
   * The trapping instruction in `<export>_f2`: its mnemonic in the dump, or `afterLast` (with
   * its opcode) when Debian's wabt 1.0.32 cannot decode it and the dump of f2 stops right before.
   */
  at: { mnemonic: string } | { afterLast: true; opcode: number };
  /** The PCs, written out: [trapping instruction, call in f1, call in the export]. */
  pcs: [number, number, number];
}

const cases: Case[] = [
  {
    fixture: 'unreachable', export: 'run', args: [5],
    code: TrapCode.Unreachable, message: 'unreachable executed',
    at: { mnemonic: 'unreachable' }, pcs: [0x38, 0x30, 0x26],
  },
  {
    fixture: 'divideByZero', export: 'div_s', args: [7, 0],
    code: TrapCode.IntegerDivideByZero, message: 'integer divide by zero',
    at: { mnemonic: 'i32.div_s' }, pcs: [0x50, 0x44, 0x3b],
  },
  {
    fixture: 'divideByZero', export: 'rem_u', args: [7n],
    code: TrapCode.IntegerDivideByZero, message: 'integer divide by zero',
    at: { mnemonic: 'i64.rem_u' }, pcs: [0x66, 0x5d, 0x56],
  },
  {
    fixture: 'integerOverflow', export: 'div_s', args: [-0x80000000, -1],
    code: TrapCode.IntegerOverflow, message: 'integer overflow',
    at: { mnemonic: 'i32.div_s' }, pcs: [0x74, 0x6b, 0x62],
  },
  {
    fixture: 'integerOverflow', export: 'div_s64', args: [],
    code: TrapCode.IntegerOverflow, message: 'integer overflow',
    at: { mnemonic: 'i64.div_s' }, pcs: [0x95, 0x7d, 0x78],
  },
  {
    fixture: 'integerOverflow', export: 'trunc_s', args: [f32(3e9)],
    code: TrapCode.IntegerOverflow, message: 'integer overflow',
    at: { mnemonic: 'i32.trunc_f32_s' }, pcs: [0xa9, 0xa2, 0x9b],
  },
  {
    fixture: 'integerOverflow', export: 'trunc_u64', args: [f64(-1.5)],
    code: TrapCode.IntegerOverflow, message: 'integer overflow',
    at: { mnemonic: 'i64.trunc_f64_u' }, pcs: [0xbd, 0xb6, 0xaf],
  },
  {
    fixture: 'invalidConversion', export: 'trunc_s', args: [f64(NaN)],
    code: TrapCode.InvalidConversionToInteger, message: 'invalid conversion to integer',
    at: { mnemonic: 'i32.trunc_f64_s' }, pcs: [0x4b, 0x44, 0x3d],
  },
  {
    fixture: 'invalidConversion', export: 'trunc_u64', args: [],
    code: TrapCode.InvalidConversionToInteger, message: 'invalid conversion to integer',
    at: { mnemonic: 'i64.trunc_f32_u' }, pcs: [0x64, 0x54, 0x4f],
  },
  {
    fixture: 'memoryOutOfBounds', export: 'load', args: [65533],
    code: TrapCode.MemoryOutOfBounds, message: 'out of bounds memory access',
    at: { mnemonic: 'i32.load' }, pcs: [0x8c, 0x85, 0x7e],
  },
  {
    fixture: 'memoryOutOfBounds', export: 'store', args: [65530, 0x1122334455667788n],
    code: TrapCode.MemoryOutOfBounds, message: 'out of bounds memory access',
    at: { mnemonic: 'i64.store' }, pcs: [0xaf, 0x9f, 0x96],
  },
  {
    fixture: 'memoryOutOfBounds', export: 'load_wrap', args: [1],
    code: TrapCode.MemoryOutOfBounds, message: 'out of bounds memory access',
    at: { mnemonic: 'i32.load8_u' }, pcs: [0xdd, 0xbe, 0xb7],
  },
  {
    fixture: 'memoryOutOfBounds', export: 'fill', args: [65000, 1000],
    code: TrapCode.MemoryOutOfBounds, message: 'out of bounds memory access',
    at: { mnemonic: 'memory.fill' }, pcs: [0x100, 0xf4, 0xeb],
  },
  {
    fixture: 'memoryOutOfBounds', export: 'copy', args: [65530, 10],
    code: TrapCode.MemoryOutOfBounds, message: 'out of bounds memory access',
    at: { mnemonic: 'memory.copy' }, pcs: [0x11e, 0x113, 0x10a],
  },
  {
    fixture: 'memoryOutOfBounds', export: 'init', args: [65534],
    code: TrapCode.MemoryOutOfBounds, message: 'out of bounds memory access',
    at: { mnemonic: 'memory.init' }, pcs: [0x139, 0x12e, 0x127],
  },
  {
    fixture: 'tableOutOfBounds', export: 'get', args: [2],
    code: TrapCode.TableOutOfBounds, message: 'out of bounds table access',
    at: { mnemonic: 'table.get' }, pcs: [0x81, 0x7a, 0x73],
  },
  {
    fixture: 'tableOutOfBounds', export: 'set', args: [5],
    code: TrapCode.TableOutOfBounds, message: 'out of bounds table access',
    at: { mnemonic: 'table.set' }, pcs: [0x99, 0x90, 0x89],
  },
  {
    fixture: 'tableOutOfBounds', export: 'fill', args: [1, 2],
    code: TrapCode.TableOutOfBounds, message: 'out of bounds table access',
    at: { mnemonic: 'table.fill' }, pcs: [0xb6, 0xab, 0xa2],
  },
  {
    fixture: 'tableOutOfBounds', export: 'copy', args: [1],
    code: TrapCode.TableOutOfBounds, message: 'out of bounds table access',
    at: { mnemonic: 'table.copy' }, pcs: [0xd0, 0xc5, 0xbe],
  },
  {
    fixture: 'tableOutOfBounds', export: 'init', args: [1],
    code: TrapCode.TableOutOfBounds, message: 'out of bounds table access',
    at: { mnemonic: 'table.init' }, pcs: [0xeb, 0xe0, 0xd9],
  },
  {
    fixture: 'undefinedElement', export: 'run', args: [2],
    code: TrapCode.UndefinedElement, message: 'undefined element 2', // the spec's message + the index
    at: { mnemonic: 'call_indirect' }, pcs: [0x4c, 0x43, 0x3c],
  },
  {
    fixture: 'uninitializedElement', export: 'run', args: [1],
    code: TrapCode.UninitializedElement, message: 'uninitialized element 1', // the spec's message + the index
    at: { mnemonic: 'call_indirect' }, pcs: [0x4b, 0x42, 0x3b],
  },
  {
    fixture: 'indirectCallTypeMismatch', export: 'run', args: [1],
    code: TrapCode.IndirectCallTypeMismatch, message: 'indirect call type mismatch',
    at: { mnemonic: 'call_indirect' }, pcs: [0x58, 0x4f, 0x48],
  },
  {
    fixture: 'nullFunctionReference', export: 'run', args: [3],
    code: TrapCode.NullFunctionReference, message: 'null function reference',
    at: { mnemonic: 'call_ref' }, pcs: [0x3c, 0x33, 0x2c],
  },
  {
    fixture: 'nullReference', export: 'run', args: [null],
    code: TrapCode.NullReference, message: 'null reference',
    at: { afterLast: true, opcode: 0xd4 }, pcs: [0x34, 0x2d, 0x26],
  },
];

describe('every trap kind, two calls deep: code, message, exact PC and frames (cross-checked with wasm-objdump)', () => {
  it('covers every core trap kind', () => {
    const kinds = new Set(cases.map((c) => c.code));
    for (const k of [
      TrapCode.Unreachable, TrapCode.IntegerDivideByZero, TrapCode.IntegerOverflow, TrapCode.InvalidConversionToInteger,
      TrapCode.MemoryOutOfBounds, TrapCode.TableOutOfBounds, TrapCode.UndefinedElement, TrapCode.UninitializedElement,
      TrapCode.IndirectCallTypeMismatch, TrapCode.NullFunctionReference, TrapCode.NullReference,
    ]) expect(kinds.has(k), TrapCode[k]).toBe(true);
    // (StackExhausted has its own test below.)
  });

  it.each(cases.map((c) => [`${c.fixture}.${c.export}`, c] as const))('%s', (_, c) => {
    const f2 = `${c.export}_f2`, f1 = `${c.export}_f1`;
    // The PCs from the committed dump.
    let trapPc: number;
    if ('mnemonic' in c.at) {
      const line = lineByMnemonic(c.fixture, f2, c.at.mnemonic);
      expectBytesMatch(c.fixture, line);
      trapPc = line.offset;
    } else {
      // wabt 1.0.32 stopped right before the trapping instruction: it follows the last line.
      const lines = dumpFunc(c.fixture, f2).lines;
      const last = lines[lines.length - 1];
      expect(last.text).not.toBe('end');
      expectBytesMatch(c.fixture, last);
      trapPc = last.offset + last.bytes.length;
      expect(readFixture(`${c.fixture}.wasm`)[trapPc]).toBe(c.at.opcode);
    }
    const call1 = callLine(c.fixture, f1, f2), call0 = callLine(c.fixture, c.export, f1);
    expectBytesMatch(c.fixture, call1);
    expectBytesMatch(c.fixture, call0);
    expect([trapPc, call1.offset, call0.offset].map(hex)).toEqual(c.pcs.map(hex));

    const m = load(c.fixture);
    const t = trapOf(() => m.call(c.export, ...c.args));
    expect(t).toBeInstanceOf(Trap);
    expect(t.name).toBe('RuntimeError');
    expect(t.code).toBe(c.code);
    expect(t.message).toBe(c.message);
    // The spec suite matches messages by prefix: the spec's message, possibly with a detail.
    expect(c.message === trapMessage(c.code) || c.message.startsWith(`${trapMessage(c.code)} `)).toBe(true);

    const d = dumpOf(c.fixture);
    expect(d.moduleName).toBe(c.fixture);
    const frame = (name: string, offset: number) => ({
      kind: 'wasm', funcIndex: dumpFunc(c.fixture, name).index, funcName: name, moduleName: c.fixture, offset,
    });
    expect(t.frames.map(shape)).toEqual([frame(f2, trapPc), frame(f1, call1.offset), frame(c.export, call0.offset)]);
    for (const f of t.frames) expect(f.instance).toBe(m.inst);

    // The V8-format stack names the same frames.
    const lines = t.stack!.split('\n');
    expect(lines[0]).toBe(`RuntimeError: ${c.message}`);
    expect(lines.slice(1, 4)).toEqual(
      [f2, f1, c.export].map((n, i) => `    at ${n} (wasm://wasm/${c.fixture}:wasm-function[${dumpFunc(c.fixture, n).index}]:${hex(c.pcs[i])})`),
    );

    // Unwound: no activation left behind.
    expect(m.store.thread.state.activation).toBeNull();
  });

  describe('stack exhaustion (run -> run_f1 -> run_f2 -> run_f2 -> ...)', () => {
    const fx = 'stackExhausted';
    const pcs = () => ({
      recurse: callLine(fx, 'run_f2', 'run_f2'),
      f1: callLine(fx, 'run_f1', 'run_f2'),
      run: callLine(fx, 'run', 'run_f1'),
    });

    it('dump offsets', () => {
      const p = pcs();
      for (const l of Object.values(p)) expectBytesMatch(fx, l);
      expect([p.recurse.offset, p.f1.offset, p.run.offset].map(hex)).toEqual(['0x37', '0x2d', '0x26']);
    });

    /** The trap and the two ends of its backtrace: cheap however deep the recursion went. */
    const checkEnds = (t: Trap, m: Loaded, bound: number) => {
      expect(t).toBeInstanceOf(Trap);
      expect(t.code).toBe(TrapCode.StackExhausted);
      expect(t.message).toBe('call stack exhausted');
      const p = pcs();
      const idx = (n: string) => dumpFunc(fx, n).index;
      expect(t.frames.length).toBeGreaterThan(3);
      expect(t.frames.length).toBeLessThanOrEqual(bound);
      const n = t.frames.length;
      // Newest first: the recursive calls (each frame's PC is its call, the newest one being the
      // call that could not push its frame), then run_f1's call and run's call.
      expect(shape(t.frames[0])).toEqual({ kind: 'wasm', funcIndex: idx('run_f2'), funcName: 'run_f2', moduleName: fx, offset: p.recurse.offset });
      expect(t.frames.slice(n - 2).map(shape)).toEqual([
        { kind: 'wasm', funcIndex: idx('run_f1'), funcName: 'run_f1', moduleName: fx, offset: p.f1.offset },
        { kind: 'wasm', funcIndex: idx('run'), funcName: 'run', moduleName: fx, offset: p.run.offset },
      ]);
      expect(m.store.thread.state.activation).toBeNull();
      return n;
    };

    /** checkEnds, plus every recursive frame and the V8-format stack (for shallow stacks). */
    const check = (t: Trap, m: Loaded, bound: number) => {
      const n = checkEnds(t, m, bound);
      const rec = JSON.stringify(shape(t.frames[0]));
      expect(t.frames.slice(0, n - 2).every((f) => JSON.stringify(shape(f)) === rec)).toBe(true);
      const idx = dumpFunc(fx, 'run_f2').index;
      expect(t.stack!.split('\n')[1]).toBe(`    at run_f2 (wasm://wasm/${fx}:wasm-function[${idx}]:${hex(pcs().recurse.offset)})`);
      return n;
    };

    it('bounded by maxCallDepth: exactly that many frames', () => {
      const m = load(fx, () => [], { maxCallDepth: 100 });
      const t = trapOf(() => m.call('run', 0));
      expect(check(t, m, 100)).toBe(100);
    });

    it('bounded by a small VM stack (stackCells); the store still works afterwards', () => {
      const m = load(fx, () => [], { stackCells: 4096 });
      const t = trapOf(() => m.call('run', 0));
      // Each frame takes at least its header: far fewer frames than cells.
      check(t, m, 4096);
      // The VM is not corrupted: the same store runs the next call, to the same depth.
      expect(trapOf(() => m.call('run', 0)).frames.length).toBe(t.frames.length);
    });

    it('default stack: a Trap (never a JS RangeError) with a bounded backtrace', () => {
      // Over a hundred thousand frames: one exhaustion, and only the ends of its backtrace are
      // compared (the small stacks above check every frame).
      const m = load(fx);
      const t = trapOf(() => m.call('run', 0));
      checkEnds(t, m, m.store.thread.maxDepth);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// After an unwound trap, the store and instance are usable.

describe('after an unwound trap the store is usable', () => {
  it('the same instance: its global counter, memory and tables are consistent for the next calls', () => {
    const m = load('memoryOutOfBounds');
    const global = m.inst.globals[0] as GlobalInstance;
    const mem = m.inst.memories[0];
    // store_f2 bumps $counter, then stores 8 bytes.
    m.call('store', 16, 0x0102030405060708n);
    expect(global.value).toBe(1);
    expect(mem.view.getBigUint64(16, true)).toBe(0x0102030405060708n);

    const t = trapOf(() => m.call('store', 65530, 0x1122334455667788n));
    expect(t.code).toBe(TrapCode.MemoryOutOfBounds);
    // The increment before the trap happened (no rollback), the failed store wrote nothing.
    expect(global.value).toBe(2);
    expect([...new Uint8Array(mem.view.buffer, 65528, 8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(m.store.thread.state.activation).toBeNull();

    m.call('store', 24, 0x1122334455667788n);
    expect(global.value).toBe(3);
    expect(mem.view.getBigUint64(24, true)).toBe(0x1122334455667788n);
    expect(mem.view.getBigUint64(16, true)).toBe(0x0102030405060708n);
    expect(m.call('load', 20)).toEqual([0x55667788]);
    // Bulk ops on the same memory, trapping and not, interleaved.
    expect(() => m.call('fill', 65000, 1000)).toThrow(Trap);
    m.call('fill', 64000, 16);
    expect(mem.view.getUint8(64015)).toBe(0xab);
    expect(mem.view.getUint8(64016)).toBe(0);
    expect(() => m.call('init', 65534)).toThrow(Trap);
    m.call('init', 100);
    expect(new TextDecoder().decode(new Uint8Array(mem.view.buffer, 100, 5))).toBe('hello');
    expect(() => m.call('load_wrap', 0)).toThrow(Trap); // 0 + 0xffffffff is past the page anyway
    expect(m.call('load', 100)).toEqual([0x6f]); // 'o' of "hello" at 104
  });

  it('many traps of every kind in a row on one store leave the VM stack where it started', () => {
    const loaded = new Map<string, Loaded>();
    const store = new Store();
    const spBefore = store.thread.sp;
    for (let round = 0; round < 3; round++) {
      for (const c of cases) {
        let m = loaded.get(c.fixture);
        if (!m) loaded.set(c.fixture, (m = loadInto(store, c.fixture)));
        const t = trapOf(() => m.call(c.export, ...c.args));
        expect(t.code).toBe(c.code);
        expect(t.frames.map((f) => f.offset).map(hex)).toEqual(c.pcs.map(hex));
        expect(store.thread.sp).toBe(spBefore);
        expect(store.thread.exit.depth).toBe(0);
        expect(store.thread.state.activation).toBeNull();
      }
    }
    // And normal calls still compute.
    expect(loaded.get('divideByZero')!.call('div_s', 84, 4)).toEqual([22]);
    expect(loaded.get('integerOverflow')!.call('trunc_s', f32(-7.9))).toEqual([-7]);
    expect(loaded.get('undefinedElement')!.call('run', 1)).toEqual([7]);
  });

  it('a trap in a host -> wasm re-entry unwinds only the inner activation; the outer one continues', () => {
    // outer wasm (reentry.loop) -> env.hook (JS) -> inner wasm (divideByZero.div_s) traps ->
    // the JS catches it -> returns to the outer wasm, which keeps running on the same store.
    const store = new Store();
    const inner = loadInto(store, 'divideByZero');
    const I32 = 0x7f;
    const seen: Trap[] = [];
    const hook = FuncInstance.host(store, { kind: 'func', params: [I32], results: [I32] }, function hook(args) {
      const x = args[0] as number;
      try {
        return [inner.call('div_s', 100, x)[0] as number];
      } catch (e) {
        if (!(e instanceof Trap)) throw e;
        seen.push(e);
        return [-1];
      }
    });
    const outer = loadInto(store, 'reentry', [hook]);
    // loop(5) adds hook(4) .. hook(0); div_s(100, x) = 100 / x + 1 (div_s_f1 adds 1); the
    // x = 0 re-entry traps and the hook yields -1 instead.
    expect(outer.call('loop', 5)).toEqual([26 + 34 + 51 + 101 - 1]);
    expect(seen).toHaveLength(1);
    const t = seen[0];
    expect(t.code).toBe(TrapCode.IntegerDivideByZero);
    // The inner trap's frames: the inner activation's wasm frames, the host function, then the
    // outer activation's frame at its call to the import.
    const divPcs = cases.find((c) => c.fixture === 'divideByZero' && c.export === 'div_s')!.pcs;
    expect(t.frames.map(shape)).toEqual([
      { kind: 'wasm', funcIndex: dumpFunc('divideByZero', 'div_s_f2').index, funcName: 'div_s_f2', moduleName: 'divideByZero', offset: divPcs[0] },
      { kind: 'wasm', funcIndex: dumpFunc('divideByZero', 'div_s_f1').index, funcName: 'div_s_f1', moduleName: 'divideByZero', offset: divPcs[1] },
      { kind: 'wasm', funcIndex: dumpFunc('divideByZero', 'div_s').index, funcName: 'div_s', moduleName: 'divideByZero', offset: divPcs[2] },
      { kind: 'host', funcIndex: -1, name: 'hook', importModule: 'env', importName: 'hook', offset: -1 },
      { kind: 'wasm', funcIndex: 1, funcName: 'loop', moduleName: 'reentry', offset: callLine('reentry', 'loop', 'hook').offset },
    ]);
    const g = outer.inst.globals[0] as GlobalInstance;
    expect(g.value).toBe(5); // every iteration ran, including the one whose re-entry trapped
    expect(store.thread.state.activation).toBeNull();
    // Both modules remain usable.
    expect(inner.call('div_s', 9, 3)).toEqual([4]); // 9 / 3 + 1
    expect(outer.call('loop', 1)).toEqual([-1]);
    expect(g.value).toBe(6);
  });

  it('a trap in a re-entry that the host lets propagate unwinds the outer activation too, and the store stays usable', () => {
    const store = new Store();
    const inner = loadInto(store, 'divideByZero');
    const I32 = 0x7f;
    let shift = 0;
    const hook = FuncInstance.host(store, { kind: 'func', params: [I32], results: [I32] }, function hook(args) {
      return [inner.call('div_s', 100, (args[0] as number) + shift)[0] as number];
    });
    const outer = loadInto(store, 'reentry', [hook]);
    const t = trapOf(() => outer.call('loop', 3));
    expect(t.code).toBe(TrapCode.IntegerDivideByZero);
    expect(t.frames.map((f) => (f.kind === 'wasm' ? f.funcName : `host ${f.name}`))).toEqual(['div_s_f2', 'div_s_f1', 'div_s', 'host hook', 'loop']);
    expect(store.thread.state.activation).toBeNull();
    expect(store.thread.exit.depth).toBe(0);
    const g = outer.inst.globals[0] as GlobalInstance;
    expect(g.value).toBe(3);
    // No division by zero this time: hook(1) + hook(0) = (100 / 2 + 1) + (100 / 1 + 1).
    shift = 1;
    expect(outer.call('loop', 2)).toEqual([152]);
    expect(g.value).toBe(5);
  });
});

function loadInto(store: Store, fixture: string, imports: ExternValue[] = []): Loaded {
  const info = decodeModule(new Uint8Array(readFixture(`${fixture}.wasm`)));
  validateModule(info);
  const inst = instantiate(store, info, imports);
  return {
    store, inst,
    call: (name, ...args) => invoke(store, inst.exports.get(name) as FuncInstance, args),
  };
}
