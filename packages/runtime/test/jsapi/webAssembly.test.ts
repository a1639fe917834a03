/**
 * JS API semantics, run on Node's native WebAssembly AND on Lantern's with the same
 * expectations: what native V8 does is the reference, and Lantern must match it. Fixtures are
 * small modules in fixtures/ (built from .wat by rebuild.sh).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createWebAssembly, engines, lanternLoad, type Namespace } from './lantern.ts';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const wasm = (name: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(join(fixtures, `${name}.wasm`)));

/** A custom section (id 0) with `name` and `payload`, to append to a module. */
function customSection(name: string, payload: number[]): number[] {
  const n = [...new TextEncoder().encode(name)];
  const body = [n.length, ...n, ...payload];
  return [0, body.length, ...body];
}

type Exports = Record<string, any>;

it('Lantern exports a WebAssembly namespace', () => {
  expect(lanternLoad.error).toBe('');
  expect(lanternLoad.ns).toBeTypeOf('object');
});

describe.each(engines())('%s WebAssembly', (engine, WA: Namespace) => {
  const isLantern = engine === 'lantern';
  const logged: unknown[] = [];
  const mg = () => new WA.Global({ value: 'i64', mutable: true }, 10n);
  function basicImports(overrides: Record<string, unknown> = {}) {
    return {
      env: {
        log: (x: unknown) => { logged.push(x); },
        twice: (x: number) => x * 2,
        pair: () => [40, 2n],
        g: 42,
        mg: mg(),
        ...overrides,
      },
    };
  }
  function basic(overrides: Record<string, unknown> = {}): { exports: Exports; imports: ReturnType<typeof basicImports> } {
    const imports = basicImports(overrides);
    const instance = new WA.Instance(new WA.Module(wasm('basic')), imports);
    return { exports: instance.exports as Exports, imports };
  }

  describe('namespace', () => {
    it('has the standard members', () => {
      for (const k of ['Module', 'Instance', 'Memory', 'Table', 'Global', 'Tag', 'Exception', 'CompileError', 'LinkError', 'RuntimeError', 'validate', 'compile', 'instantiate']) {
        expect(typeof (WA as unknown as Record<string, unknown>)[k], k).toBe('function');
      }
      expect(Object.prototype.toString.call(WA)).toBe('[object WebAssembly]');
      expect(Object.prototype.toString.call(new WA.Module(wasm('trapStart')))).toBe('[object WebAssembly.Module]');
    });
    it('error classes are NativeError-like', () => {
      for (const [k, C] of [['CompileError', WA.CompileError], ['LinkError', WA.LinkError], ['RuntimeError', WA.RuntimeError]] as const) {
        const e = new C('boom');
        expect(e).toBeInstanceOf(Error);
        expect(e.name).toBe(k);
        expect(e.message).toBe('boom');
      }
    });
    it('validate', () => {
      expect(WA.validate(wasm('basic'))).toBe(true);
      expect(WA.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]).buffer)).toBe(true);
      expect(WA.validate(new Uint8Array([0, 97, 115, 109, 2, 0, 0, 0]))).toBe(false);
      expect(WA.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0x7f, 3, 2, 1, 0, 10, 4, 1, 2, 0, 0x0b]))).toBe(false);
      expect(() => WA.validate('nope' as never)).toThrow(TypeError);
    });
  });

  describe('Module', () => {
    it('compiles synchronously and reflects imports and exports', () => {
      const m = new WA.Module(wasm('basic'));
      expect(WA.Module.imports(m)).toEqual([
        { module: 'env', name: 'log', kind: 'function' },
        { module: 'env', name: 'twice', kind: 'function' },
        { module: 'env', name: 'pair', kind: 'function' },
        { module: 'env', name: 'g', kind: 'global' },
        { module: 'env', name: 'mg', kind: 'global' },
      ]);
      const exports = WA.Module.exports(m);
      expect(exports.slice(0, 7)).toEqual([
        { name: 'memory', kind: 'memory' },
        { name: 'table', kind: 'table' },
        { name: 'counter', kind: 'global' },
        { name: 'pi', kind: 'global' },
        { name: 'big', kind: 'global' },
        { name: 'ext', kind: 'global' },
        { name: 'single', kind: 'global' },
      ]);
      expect(exports.find((e: { name: string }) => e.name === 'add')).toEqual({ name: 'add', kind: 'function' });
      expect(WA.Module.exports(new WA.Module(wasm('tags')))).toEqual([{ name: 't', kind: 'tag' }, { name: 'it', kind: 'tag' }]);
    });
    it('throws CompileError for invalid bytes and TypeError for non-buffers', () => {
      expect(() => new WA.Module(new Uint8Array([1, 2, 3, 4]))).toThrow(WA.CompileError);
      expect(() => new WA.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99]))).toThrow(WA.CompileError);
      expect(() => new WA.Module({} as never)).toThrow(TypeError);
      expect(() => (WA.Module as unknown as () => void)()).toThrow(TypeError);
    });
    it('copies the bytes at construction', () => {
      const bytes = wasm('trapStart');
      const m = new WA.Module(bytes);
      bytes.fill(0);
      expect(WA.Module.exports(m)).toEqual([]);
    });
    it('customSections returns payload copies in order', () => {
      const bytes = new Uint8Array([...wasm('trapStart'), ...customSection('meta', [1, 2]), ...customSection('other', [9]), ...customSection('meta', [3])]);
      const m = new WA.Module(bytes);
      const sections = WA.Module.customSections(m, 'meta').map((b: ArrayBuffer) => [...new Uint8Array(b)]);
      expect(sections).toEqual([[1, 2], [3]]);
      expect(WA.Module.customSections(m, 'none')).toEqual([]);
      expect(() => WA.Module.customSections({} as never, 'meta')).toThrow(TypeError);
      expect(() => WA.Module.exports({} as never)).toThrow(TypeError);
    });
  });

  describe('Instance and imports', () => {
    it('exports: frozen, null prototype, the right kinds', () => {
      const { exports } = basic();
      expect(Object.getPrototypeOf(exports)).toBe(null);
      expect(Object.isFrozen(exports)).toBe(true);
      expect(exports.memory).toBeInstanceOf(WA.Memory);
      expect(exports.table).toBeInstanceOf(WA.Table);
      expect(exports.counter).toBeInstanceOf(WA.Global);
      expect(typeof exports.add).toBe('function');
    });
    it('exported functions: name is the function index, length the param count, identity kept', () => {
      const { exports } = basic();
      expect(exports.add.name).toBe('3');
      expect(exports.add.length).toBe(2);
      expect(exports.swap.length).toBe(2);
      expect(exports.trap.length).toBe(0);
      expect(exports.addAgain).toBe(exports.add);
      expect(exports.table.get(0)).toBe(exports.add);
      expect(() => new exports.add()).toThrow(TypeError);
    });
    it('missing import object or namespace → TypeError', () => {
      const m = new WA.Module(wasm('basic'));
      expect(() => new WA.Instance(m)).toThrow(TypeError);
      expect(() => new WA.Instance(m, {})).toThrow(TypeError);
      expect(() => new WA.Instance(m, { env: 5 })).toThrow(TypeError);
      expect(() => new WA.Instance(m, 7 as never)).toThrow(TypeError);
      expect(() => new WA.Instance({} as never, {})).toThrow(TypeError);
    });
    it('missing or wrong-kind imports → LinkError naming the import', () => {
      const m = new WA.Module(wasm('basic'));
      const bad = (overrides: Record<string, unknown>) => () => new WA.Instance(m, basicImports(overrides));
      expect(bad({ log: undefined })).toThrow(WA.LinkError);
      expect(bad({ log: undefined })).toThrow(/log/);
      expect(bad({ twice: 3 })).toThrow(WA.LinkError);
      expect(bad({ g: 1n })).toThrow(WA.LinkError);
      expect(bad({ g: 'x' })).toThrow(WA.LinkError);
      expect(bad({ mg: 5n })).toThrow(WA.LinkError); // a mutable global needs a Global object
      expect(bad({ mg: new WA.Global({ value: 'i64', mutable: false }, 5n) })).toThrow(WA.LinkError);
      expect(bad({ mg: new WA.Global({ value: 'i32', mutable: true }, 5) })).toThrow(WA.LinkError);
      expect(bad({ g: new WA.Global({ value: 'i32', mutable: false }, 7) })).not.toThrow();
    });
    it('imports of memory, table and functions from JS and from another instance', () => {
      const { exports: b } = basic();
      const memory = new WA.Memory({ initial: 1 });
      const table = new WA.Table({ element: 'anyfunc', initial: 2 });
      table.set(1, b.sub);
      const inst = new WA.Instance(new WA.Module(wasm('importer')), { env: { memory, table, add: b.add } });
      const x = inst.exports as Exports;
      new Uint8Array(memory.buffer)[10] = 77;
      expect(x.peek(10)).toBe(77);
      x.poke(11, 300);
      expect(new Uint8Array(memory.buffer)[11]).toBe(44);
      expect(x.callTable(1, 10, 4)).toBe(6);
      expect(() => x.callTable(0, 1, 1)).toThrow(WA.RuntimeError);
      expect(x.viaImport(2, 5)).toBe(7);
      expect(x.add).toBe(b.add);
    });
    it('wrong memory/table/function imports → LinkError', () => {
      const { exports: b } = basic();
      const m = new WA.Module(wasm('importer'));
      const good = { memory: new WA.Memory({ initial: 1 }), table: new WA.Table({ element: 'anyfunc', initial: 2 }), add: b.add };
      const bad = (o: Record<string, unknown>) => () => new WA.Instance(m, { env: { ...good, ...o } });
      expect(bad({})).not.toThrow();
      expect(bad({ memory: { buffer: new ArrayBuffer(65536) } })).toThrow(WA.LinkError);
      expect(bad({ memory: new WA.Memory({ initial: 0 }) })).toThrow(WA.LinkError);
      expect(bad({ table: new WA.Table({ element: 'anyfunc', initial: 1 }) })).toThrow(WA.LinkError);
      expect(bad({ table: new WA.Table({ element: 'externref', initial: 2 }) })).toThrow(WA.LinkError);
      expect(bad({ table: good.memory })).toThrow(WA.LinkError);
      expect(bad({ add: b.f32id })).toThrow(WA.LinkError);
    });
    it('start function: JS exceptions propagate unchanged, traps are RuntimeErrors', () => {
      const thrown = { mine: true };
      const m = new WA.Module(wasm('start'));
      let caught: unknown;
      try {
        new WA.Instance(m, { env: { f: () => { throw thrown; } } });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBe(thrown);
      let ran = 0;
      new WA.Instance(m, { env: { f: () => { ran++; } } });
      expect(ran).toBe(1);
      expect(() => new WA.Instance(new WA.Module(wasm('trapStart')), {})).toThrow(WA.RuntimeError);
    });
  });

  describe('calls and value conversion', () => {
    it('i32: ToInt32 of anything, signed results', () => {
      const { exports: x } = basic();
      expect(x.add(2, 3)).toBe(5);
      expect(x.add('7', 1)).toBe(8);
      expect(x.add(2 ** 31, 0)).toBe(-(2 ** 31));
      expect(x.add(1.9, { valueOf: () => 2 })).toBe(3);
      expect(x.add()).toBe(0);
      expect(x.add(NaN, 1)).toBe(1);
      expect(() => x.add(1n, 1)).toThrow(TypeError);
    });
    it('i64: BigInt only, wrapped to signed 64 bits', () => {
      const { exports: x } = basic();
      expect(x.add64(1n, 2n)).toBe(3n);
      expect(x.add64(2n ** 63n - 1n, 1n)).toBe(-(2n ** 63n));
      expect(x.add64(2n ** 64n + 5n, 0n)).toBe(5n);
      expect(x.add64('10', true)).toBe(11n);
      expect(() => x.add64(1, 2n)).toThrow(TypeError);
      expect(() => x.add64()).toThrow(TypeError);
    });
    it('f32 rounds, f64 is exact, NaN survives as NaN', () => {
      const { exports: x } = basic();
      expect(x.f32id(0.1)).toBe(Math.fround(0.1));
      expect(x.f32id(1e40)).toBe(Infinity);
      expect(x.f64mul(0.1, 3)).toBe(0.1 * 3);
      expect(Number.isNaN(x.f64mul(NaN, 1))).toBe(true);
      expect(Object.is(x.f32id(-0), -0)).toBe(true);
    });
    it('multiple results come back as an array', () => {
      expect(basic().exports.swap(1, 2.5)).toEqual([2.5, 1]);
    });
    it('host functions: arguments converted, results converted, iterables for multi-value', () => {
      logged.length = 0;
      const { exports: x } = basic();
      x.callLog(-1);
      expect(logged).toEqual([-1]);
      expect(x.callTwice(1.25)).toBe(2.5);
      expect(x.callPair()).toBe(42n);
      const bad = basic({ pair: () => 5 }).exports;
      expect(() => bad.callPair()).toThrow(TypeError);
      const short = basic({ pair: () => [1] }).exports;
      expect(() => short.callPair()).toThrow(TypeError);
      const numberForI64 = basic({ pair: () => [1, 2] }).exports;
      expect(() => numberForI64.callPair()).toThrow(TypeError);
    });
    it('a JS exception thrown by an import crosses wasm unchanged', () => {
      const marker = new RangeError('from JS');
      const { exports: x } = basic({ log: () => { throw marker; } });
      let caught: unknown;
      try { x.callLog(1); } catch (e) { caught = e; }
      expect(caught).toBe(marker);
      // The instance is still usable afterwards.
      expect(x.add(1, 1)).toBe(2);
    });
    it('re-entrant calls: wasm → JS → wasm, and a trap in the inner call', () => {
      let inner: Exports | undefined;
      const { exports: x } = basic({
        twice: (v: number) => inner!.f64mul(v, 2) + inner!.add(1, 1),
        log: (v: number) => { if (v === 13) inner!.trap(); else inner!.callLog(v + 1); },
      });
      inner = x;
      expect(x.callTwice(1.5)).toBe(5);
      expect(() => x.callLog(10)).toThrow(WA.RuntimeError);
      expect(x.callTwice(2)).toBe(6);
      expect(x.add(2, 2)).toBe(4);
    });
    it('re-exported imports are callable exported functions', () => {
      logged.length = 0;
      const { exports: x, imports } = basic();
      expect(x.log).not.toBe(imports.env.log);
      x.log(9);
      expect(logged).toEqual([9]);
    });
    it('externref: any value, identity kept', () => {
      const { exports: x } = basic();
      const o = { a: 1 };
      expect(x.echoExt(o)).toBe(o);
      expect(x.echoExt('s')).toBe('s');
      expect(x.echoExt(null)).toBe(null);
      expect(x.echoExt(undefined)).toBe(undefined);
      expect(x.echoExt(12n)).toBe(12n);
    });
    it('funcref: null or an exported function only', () => {
      const { exports: x } = basic();
      expect(x.echoFunc(x.add)).toBe(x.add);
      expect(x.echoFunc(null)).toBe(null);
      expect(x.isNullFunc(null)).toBe(1);
      expect(x.isNullFunc(x.sub)).toBe(0);
      expect(() => x.echoFunc(() => 1)).toThrow(TypeError);
      expect(() => x.echoFunc(undefined)).toThrow(TypeError);
    });
    it('traps are RuntimeErrors', () => {
      const { exports: x } = basic();
      expect(() => x.trap()).toThrow(WA.RuntimeError);
      expect(() => x.divide(1, 0)).toThrow(WA.RuntimeError);
      expect(() => x.divide(-(2 ** 31), -1)).toThrow(WA.RuntimeError);
      expect(() => x.load(65535)).toThrow(WA.RuntimeError);
      let e: unknown;
      try { x.trap(); } catch (err) { e = err; }
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).message).toMatch(/unreachable/);
    });
    it('call_indirect through the exported table', () => {
      const { exports: x } = basic();
      expect(x.callIndirect(0, 5, 3)).toBe(8);
      expect(x.callIndirect(1, 5, 3)).toBe(2);
      expect(() => x.callIndirect(2, 5, 3)).toThrow(WA.RuntimeError);
      x.table.set(2, x.add);
      expect(x.callIndirect(2, 5, 3)).toBe(8);
      x.table.set(2, x.f32id);
      expect(() => x.callIndirect(2, 5, 3)).toThrow(WA.RuntimeError);
    });
  });

  describe('Memory', () => {
    it('constructor descriptor checks', () => {
      expect(() => new WA.Memory({} as never)).toThrow(TypeError);
      expect(() => new WA.Memory(undefined as never)).toThrow(TypeError);
      expect(() => new WA.Memory({ initial: -1 })).toThrow(TypeError);
      expect(() => new WA.Memory({ initial: 2, maximum: 1 })).toThrow(RangeError);
      expect(() => new WA.Memory({ initial: 65537 })).toThrow(RangeError);
      expect(new WA.Memory({ initial: 0 }).buffer.byteLength).toBe(0);
    });
    it('grow returns the old size and detaches the old buffer', () => {
      const mem = new WA.Memory({ initial: 1, maximum: 3 });
      const before = mem.buffer;
      new Uint8Array(before)[5] = 9;
      expect(mem.buffer).toBe(before);
      expect(mem.grow(1)).toBe(1);
      expect(before.byteLength).toBe(0);
      expect(mem.buffer.byteLength).toBe(2 * 65536);
      expect(new Uint8Array(mem.buffer)[5]).toBe(9);
      expect(() => mem.grow(2)).toThrow(RangeError);
      expect(mem.grow(1)).toBe(2);
    });
    it('exported memory: same object, wasm memory.grow detaches too', () => {
      const { exports: x } = basic();
      expect(x.memory).toBe(x.memory);
      const before = x.memory.buffer as ArrayBuffer;
      x.store(8, 0x01020304);
      expect(new DataView(before).getUint32(8, true)).toBe(0x01020304);
      new DataView(before).setUint32(12, 77, true);
      expect(x.load(12)).toBe(77);
      expect(x.grow(2)).toBe(1);
      expect(before.byteLength).toBe(0);
      expect(x.memory.buffer.byteLength).toBe(3 * 65536);
      expect(x.load(8)).toBe(0x01020304);
      expect(x.grow(100)).toBe(-1);
      expect(x.memory.grow(1)).toBe(3);
      expect(x.load(3 * 65536)).toBe(0);
    });
    it('grow(0) detaches too, from JS and from wasm, keeping the contents', () => {
      const { exports: x } = basic();
      const first = x.memory.buffer as ArrayBuffer;
      x.store(4, 11);
      expect(x.memory.grow(0)).toBe(1);
      expect(first.byteLength).toBe(0);
      const second = x.memory.buffer as ArrayBuffer;
      expect(second.byteLength).toBe(65536);
      expect(x.grow(0)).toBe(1);
      expect(second.byteLength).toBe(0);
      expect(new DataView(x.memory.buffer).getUint32(4, true)).toBe(11);
    });
    it('page-by-page growth from wasm: buffer exact, traps right at the size', () => {
      const { exports: x } = basic();
      for (let pages = 1; pages < 5; pages++) expect(x.grow(1)).toBe(pages);
      expect(() => x.load(5 * 65536 - 3)).toThrow(WA.RuntimeError);
      x.store(5 * 65536 - 4, 6);
      const buffer = x.memory.buffer as ArrayBuffer;
      expect(buffer.byteLength).toBe(5 * 65536);
      expect(new DataView(buffer).getUint32(5 * 65536 - 4, true)).toBe(6);
      new DataView(buffer).setUint32(0, 8, true);
      expect(x.load(0)).toBe(8);
      expect(x.grow(1)).toBe(5);
      expect(buffer.byteLength).toBe(0);
      expect(x.load(5 * 65536 - 4)).toBe(6);
      expect(x.load(6 * 65536 - 4)).toBe(0);
      expect(() => x.load(6 * 65536 - 3)).toThrow(WA.RuntimeError);
    });
  });

  describe('Table', () => {
    it('constructor, get/set/grow/length, defaults per element type', () => {
      const { exports: x } = basic();
      const t = new WA.Table({ element: 'anyfunc', initial: 2, maximum: 4 });
      expect(t.length).toBe(2);
      expect(t.get(0)).toBe(null);
      t.set(0, x.add);
      expect(t.get(0)).toBe(x.add);
      t.set(0);
      expect(t.get(0)).toBe(null);
      expect(() => t.set(0, () => 1)).toThrow(TypeError);
      expect(() => t.get(2)).toThrow(RangeError);
      expect(() => t.set(2, null)).toThrow(RangeError);
      expect(t.grow(1, x.sub)).toBe(2);
      expect(t.get(2)).toBe(x.sub);
      expect(() => t.grow(2)).toThrow(RangeError);
      const e = new WA.Table({ element: 'externref', initial: 2 }, 'fill');
      expect(e.get(1)).toBe('fill');
      e.set(1, { k: 1 });
      expect(e.get(1)).toEqual({ k: 1 });
      expect(new WA.Table({ element: 'externref', initial: 1 }).get(0)).toBe(undefined);
      expect(() => new WA.Table({ element: 'i32', initial: 1 } as never)).toThrow(TypeError);
      expect(() => new WA.Table({ element: 'anyfunc' } as never)).toThrow(TypeError);
    });
  });

  describe('Global', () => {
    it('value types, defaults, mutability', () => {
      expect(new WA.Global({ value: 'i32' }).value).toBe(0);
      expect(new WA.Global({ value: 'i64' }).value).toBe(0n);
      expect(new WA.Global({ value: 'f32' }, 0.1).value).toBe(Math.fround(0.1));
      expect(new WA.Global({ value: 'f64' }, 0.1).value).toBe(0.1);
      // The spec's DefaultValue(externref) is undefined; Node 20's V8 still gives null here.
      expect(new WA.Global({ value: 'externref' }).value).toBe(isLantern ? undefined : null);
      expect(new WA.Global({ value: 'anyfunc' }).value).toBe(null);
      const g = new WA.Global({ value: 'i64', mutable: true }, 5n);
      g.value = 6n;
      expect(g.value).toBe(6n);
      expect(g.valueOf()).toBe(6n);
      expect(() => { g.value = 7 as never; }).toThrow(TypeError);
      const c = new WA.Global({ value: 'i32' }, 3);
      expect(() => { c.value = 4; }).toThrow(TypeError);
      expect(() => new WA.Global({ value: 'i65' } as never)).toThrow(TypeError);
      expect(() => new WA.Global({ value: 'i64' }, 1)).toThrow(TypeError);
    });
    it('exported globals share state with wasm', () => {
      const { exports: x, imports } = basic();
      expect(x.pi.value).toBe(3.25);
      expect(() => { x.pi.value = 1; }).toThrow(TypeError);
      expect(x.big.value).toBe(-5n);
      expect(x.single.value).toBe(1.5);
      expect(x.ext.value).toBe(null);
      const o = {};
      x.ext.value = o;
      expect(x.ext.value).toBe(o);
      x.counter.value = 41;
      expect(x.counter.value).toBe(41);
      expect(x.readG()).toBe(42);
      expect(x.readMg()).toBe(10n);
      x.bumpMg();
      expect((imports.env.mg as WebAssembly.Global).value).toBe(11n);
      (imports.env.mg as WebAssembly.Global).value = 100n;
      expect(x.readMg()).toBe(100n);
    });
  });

  describe('Tag and Exception', () => {
    it('tags are imported and exported by identity', () => {
      const it = new WA.Tag({ parameters: ['f64'] });
      const inst = new WA.Instance(new WA.Module(wasm('tags')), { env: { imported: it } });
      const x = inst.exports as Exports;
      expect(x.it).toBe(it);
      expect(x.t).toBeInstanceOf(WA.Tag);
      expect(x.t).not.toBe(it);
      expect(() => new WA.Instance(new WA.Module(wasm('tags')), { env: { imported: new WA.Tag({ parameters: ['i32'] }) } })).toThrow(WA.LinkError);
      expect(() => new WA.Instance(new WA.Module(wasm('tags')), { env: { imported: 1 } })).toThrow(WA.LinkError);
      expect(() => new WA.Tag({ parameters: ['x'] } as never)).toThrow(TypeError);
    });
    it('Exception: payload, is, getArg(tag, index)', () => {
      const tag = new WA.Tag({ parameters: ['i32', 'f64', 'i64'] });
      const other = new WA.Tag({ parameters: [] });
      const e = new WA.Exception(tag, [7, 2.5, 3n]);
      expect(e.is(tag)).toBe(true);
      expect(e.is(other)).toBe(false);
      const getArg = e.getArg as unknown as (t: unknown, i: number) => unknown;
      expect(getArg.call(e, tag, 0)).toBe(7);
      expect(getArg.call(e, tag, 1)).toBe(2.5);
      expect(getArg.call(e, tag, 2)).toBe(3n);
      // A mismatched tag is a TypeError in the (tag, index) form; Node 20's V8 does not check.
      if (isLantern) expect(() => getArg.call(e, other, 0)).toThrow(TypeError);
      expect(() => getArg.call(e, tag, 3)).toThrow(RangeError);
      // Payload length must match the tag (spec); Node 20's V8 does not check it.
      if (isLantern) expect(() => new WA.Exception(tag, [1])).toThrow(TypeError);
      expect(() => new WA.Exception({} as never, [])).toThrow(TypeError);
      expect(() => new WA.Exception(tag, [1, 2, 3])).toThrow(TypeError);
    });
  });

  describe('async API', () => {
    it('compile / instantiate (both overloads)', async () => {
      const m = await WA.compile(wasm('basic'));
      expect(m).toBeInstanceOf(WA.Module);
      const inst = await WA.instantiate(m, basicImports());
      expect(inst).toBeInstanceOf(WA.Instance);
      const both = await WA.instantiate(wasm('basic'), basicImports());
      expect(both.module).toBeInstanceOf(WA.Module);
      expect((both.instance.exports as Exports).add(1, 2)).toBe(3);
    });
    it('rejects instead of throwing', async () => {
      await expect(WA.compile(new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(WA.CompileError);
      await expect(WA.instantiate(wasm('basic'), {})).rejects.toBeInstanceOf(TypeError);
      await expect(WA.instantiate(wasm('basic'), basicImports({ log: 1 }))).rejects.toBeInstanceOf(WA.LinkError);
      await expect(WA.instantiate(wasm('trapStart'))).rejects.toBeInstanceOf(WA.RuntimeError);
      await expect(WA.compile(12 as never)).rejects.toBeInstanceOf(TypeError);
    });
    it('instantiateStreaming from a Response', async () => {
      const response = new Response(wasm('basic'), { headers: { 'Content-Type': 'application/wasm' } });
      const { instance } = await WA.instantiateStreaming(Promise.resolve(response), basicImports());
      expect((instance.exports as Exports).add(20, 22)).toBe(42);
      const wrongType = new Response(wasm('basic'), { headers: { 'Content-Type': 'text/plain' } });
      await expect(WA.compileStreaming(wrongType)).rejects.toBeInstanceOf(TypeError);
    });
  });

  if (isLantern) {
    describe('Lantern specifics', () => {
      it('memory64 descriptors (address: "i64") take and return BigInts', () => {
        const m = new WA.Memory({ initial: 1n, maximum: 4n, address: 'i64' });
        expect(m.buffer.byteLength).toBe(65536);
        expect(m.grow(1n)).toBe(1n);
        expect(m.buffer.byteLength).toBe(2 * 65536);
        expect(() => new WA.Memory({ initial: 1n })).toThrow(TypeError);
      });
      it('shared memories say they are not supported yet', () => {
        expect(() => new WA.Memory({ initial: 1, maximum: 2, shared: true })).toThrow(/not supported/);
        expect(() => new WA.Memory({ initial: 1, shared: true })).toThrow(TypeError);
      });
      it('createWebAssembly passes Store options: a small maxCallDepth traps deep recursion', () => {
        const small = createWebAssembly!({ maxCallDepth: 8 });
        const fib = readFileSync(join(fixtures, '../../../bench/programs/fib/fib.wasm'));
        const run = (new small.Instance(new small.Module(fib), {}).exports as Exports).run;
        expect(run(5)).toBe(5);
        expect(() => run(20)).toThrow(small.RuntimeError);
        expect(() => run(20)).toThrow(/call stack exhausted/);
      });
      it('createWebAssembly gives independent namespaces', () => {
        const other = createWebAssembly!({ maxCallDepth: 1000 });
        expect(other.Memory).not.toBe(WA.Memory);
        const inst = new other.Instance(new other.Module(wasm('basic')), {
          env: { log: () => {}, twice: (x: number) => x, pair: () => [0, 0n], g: 1, mg: new other.Global({ value: 'i64', mutable: true }, 0n) },
        });
        expect((inst.exports as Exports).add(1, 2)).toBe(3);
        expect(inst.exports).not.toBeInstanceOf(WA.Instance);
      });
    });
  }
});
