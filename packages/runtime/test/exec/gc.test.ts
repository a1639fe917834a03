/**
 * GC execution (fixtures/gc.wat, gcPeer.wat, gcControl.wat): what each family of GC
 * instructions computes, the traps with the spec's messages, casts that agree across modules
 * through canonical type ids, GC references through exceptions and continuations, and the JS
 * API's conversions of GC references.
 */
import { describe, expect, it } from 'vitest';
import { createWebAssembly, DebugHooks, Store } from '../../src/index.ts';
import { fixtureBytes, load } from './helpers.ts';

const f32Bits = (x: number) => new Uint32Array(new Float32Array([x]).buffer)[0];
const f64Bits = (x: number) => new BigUint64Array(new Float64Array([x]).buffer)[0];

describe('GC instructions', () => {
  const m = load('gc');

  it('packed fields store the low bits and read them sign- or zero-extended', () => {
    // i8 <- 0x1ff, i16 <- 0x18000
    expect(m.call('packed')).toEqual([-1, 0xff, -0x8000, 0x8000]);
  });

  it('i32, i64, f32, f64, v128 and reference fields keep their values', () => {
    expect(m.call('wide')).toEqual([-5, 0x123456789n, f32Bits(1.5), f64Bits(-2.25), 4, -3]);
  });

  it('struct.new_default zeroes and nulls; struct.set writes (an i8 truncated)', () => {
    expect(m.call('set-fields', 0x1234, -7n)).toEqual([0x34, -7n, 1]);
  });

  it('arrays: new_data, copy over itself (memmove), fill, len, get_s/get_u', () => {
    // "hello, GC" -> copy [0,5) to 2: "hehello" + "GC" -> fill [0,1) with 0xff
    expect(m.call('bytes')).toEqual([9, -1, 'h'.charCodeAt(0)]);
  });

  it('arrays of i64: array.new fills, array.set, array.get in a loop; array.new_fixed', () => {
    expect(m.call('sum-longs', 4)).toEqual([1n + 3n * 0x100000000n]);
    expect(m.call('fixed')).toEqual([-3n]);
  });

  it('array.fill and array.copy on i64, v128 and reference items; a copy over itself moves as if through a buffer', () => {
    expect(m.call('fill-copy-longs')).toEqual([1n, 2n, 0n, 1n, 0x100000007n, 0x100000007n]);
    expect(m.call('fill-vecs')).toEqual([0, 4, 4]);
    expect(m.call('fill-copy-refs')).toEqual([9, -1, 5, 5]);
  });

  it('array.new_elem takes the evaluated element expressions (i31, a constant struct, null)', () => {
    expect(m.call('elems')).toEqual([7, 1, 1]);
  });

  it('i31 keeps 31 bits: get_s sign-extends, get_u does not', () => {
    expect(m.call('i31', -1)).toEqual([-1, 0x7fffffff]);
    expect(m.call('i31', 0x40000000)).toEqual([-0x40000000, 0x40000000]);
    expect(m.call('i31', 0x3fffffff)).toEqual([0x3fffffff, 0x3fffffff]);
  });

  it('ref.test, ref.cast and br_on_cast follow the subtype chain', () => {
    const circle = m.call('make', 0)[0];
    const square = m.call('make', 1)[0];
    expect(m.call('classify', circle)).toEqual([1]);
    expect(m.call('classify', square)).toEqual([2]);
    expect(m.call('classify', 5)).toEqual([-1]); // an i31
    expect(m.call('test-shape', circle)).toEqual([1, 1, 1, 0]);
    expect(m.call('test-shape', square)).toEqual([1, 1, 0, 0]);
    expect(m.call('test-shape', null)).toEqual([0, 1, 1, 1]); // structref, (ref null $circle), i31ref admit null
    expect(m.call('test-shape', 12)).toEqual([0, 0, 0, 1]);
    expect(m.call('side', square)).toEqual([3n]);
    expect(() => m.call('side', circle)).toThrow('cast failure');
  });

  it('ref.eq compares identity; i31s by value', () => {
    const a = m.call('make', 1)[0], b = m.call('make', 1)[0];
    expect(m.call('eq', a, a)).toEqual([1]);
    expect(m.call('eq', a, b)).toEqual([0]);
    expect(m.call('eq', 5, 5)).toEqual([1]);
    expect(m.call('eq', null, null)).toEqual([1]);
  });

  it('traps with the spec messages', () => {
    expect(() => m.call('null-struct')).toThrow('null structure reference');
    expect(() => m.call('null-array')).toThrow('null array reference');
    expect(() => m.call('null-i31')).toThrow('null i31 reference');
    expect(m.call('array-oob', 3)).toEqual([0]);
    expect(() => m.call('array-oob', 4)).toThrow('out of bounds array access');
    expect(() => m.call('array-oob', -1)).toThrow('out of bounds array access');
    expect(() => m.call('bad-data')).toThrow('out of bounds memory access');
  });

  it('casts agree across modules: the same rec group has one canonical id', () => {
    const peer = load('gcPeer', () => [], undefined, m.store);
    const circle = m.call('make', 0)[0];
    expect(peer.call('is-shape', circle)).toEqual([1]);
    expect(peer.call('is-unrelated', circle)).toEqual([0]);
    expect(peer.call('is-shape', 3)).toEqual([0]);
  });

  it('debug compile mode (a debugger attached) computes the same', () => {
    const store = new Store();
    DebugHooks.setDebugCompile(store, true);
    const d = load('gc', () => [], undefined, store);
    expect(d.call('packed')).toEqual(m.call('packed'));
    expect(d.call('bytes')).toEqual(m.call('bytes'));
    expect(d.call('classify', d.call('make', 1)[0])).toEqual([2]);
  });
});

describe('GC references through exceptions and continuations', () => {
  const m = load('gcControl');

  it('a struct thrown as a payload is caught with its field; rethrown through an exnref it is the same struct', () => {
    expect(m.call('throw-catch', 42)).toEqual([42]);
    expect(m.call('rethrow-same')).toEqual([1]);
  });

  it('a suspended continuation keeps the struct in its local: a write from outside is seen after resume', () => {
    expect(m.call('generator')).toEqual([115]);
  });

  it('an uncaught exception reaches JS with its struct as an Exported GC Object; JS-made exceptions carry them too', () => {
    const WA = createWebAssembly();
    const { exports } = new WA.Instance(new WA.Module(fixtureBytes('gcControl') as Uint8Array<ArrayBuffer>)) as {
      exports: Record<string, unknown> & { 'throw-out'(v: number): void; 'get-v'(o: unknown): number; 'new-box'(v: number): object };
    };
    const tag = exports.boxed as InstanceType<typeof WA.Tag>;
    let caught: unknown;
    try {
      exports['throw-out'](9);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(WA.Exception);
    const payload = (caught as InstanceType<typeof WA.Exception>).getArg(tag, 0) as object;
    expect(Object.getPrototypeOf(payload)).toBe(null);
    expect(exports['get-v'](payload)).toBe(9);
    const box = exports['new-box'](3);
    const exception = new WA.Exception(tag, [box]);
    expect(exception.getArg(tag, 0)).toBe(box);
    expect(() => new WA.Exception(tag, [5])).toThrow(TypeError); // an i31 is not a (ref $box)
  });
});

describe('GC references at the JS API boundary', () => {
  const WA = createWebAssembly();
  const { exports } = new WA.Instance(new WA.Module(fixtureBytes('gc') as Uint8Array<ArrayBuffer>)) as { exports: Record<string, (...a: unknown[]) => unknown> };

  it('structs cross as opaque objects and come back as themselves', () => {
    const square = exports.make(1);
    expect(typeof square).toBe('object');
    expect(exports.classify(square)).toBe(2);
    expect(exports.side(square)).toBe(3n);
  });

  it('i31 <-> Number: integers in range become i31refs, others host values', () => {
    expect(exports.classify(5)).toBe(-1);
    expect(exports['test-shape'](5)).toEqual([0, 0, 0, 1]);
    expect(exports['test-shape'](2 ** 30)).toEqual([0, 0, 0, 0]);
    expect(exports['test-shape'](1.5)).toEqual([0, 0, 0, 0]);
    expect(exports['test-shape']('text')).toEqual([0, 0, 0, 0]);
  });

  it('eqref refuses values outside the eq hierarchy (TypeError), accepts i31 numbers and structs', () => {
    expect(() => exports.eq({}, null)).toThrow(TypeError);
    expect(() => exports.eq('s', null)).toThrow(TypeError);
    expect(exports.eq(7, 7)).toBe(1);
    const s = exports.make(0);
    expect(exports.eq(s, s)).toBe(1);
  });

  it('a struct or array is an Exported GC Object: null prototype, no properties, not extensible', () => {
    for (const o of [exports.make(1), exports['new-anys'](2)] as object[]) {
      expect(Object.getPrototypeOf(o)).toBe(null);
      expect(Object.isExtensible(o)).toBe(false);
      expect(Reflect.ownKeys(o)).toEqual([]);
      expect((o as Record<string, unknown>).type).toBeUndefined();
      expect((o as unknown[])[0]).toBeUndefined();
      expect('refs' in o).toBe(false);
      expect(Object.getOwnPropertyDescriptor(o, 'words')).toBeUndefined();
      expect(() => { (o as Record<string, unknown>).x = 1; }).toThrow(TypeError);
      expect(() => delete (o as Record<string, unknown>).x).toThrow(TypeError);
      expect(() => Object.defineProperty(o, 'x', { value: 1 })).toThrow(TypeError);
      expect(Reflect.defineProperty(o, 'x', { value: 1 })).toBe(false);
      expect(() => Object.setPrototypeOf(o, {})).toThrow(TypeError);
      expect(Reflect.setPrototypeOf(o, null)).toBe(false);
      expect(() => Object.preventExtensions(o)).toThrow(TypeError);
      expect(Reflect.preventExtensions(o)).toBe(false);
      expect(Object.isFrozen(o)).toBe(true); // non-extensible with no properties
    }
  });

  it('one Exported GC Object per struct: identity through calls, externref, globals and tables', () => {
    const unit = exports.make(0);
    expect(exports.make(0)).toBe(unit); // the same global struct, the same JS object
    expect(exports['to-extern'](unit)).toBe(unit);
    expect(exports['from-extern'](unit)).toBe(unit);
    expect(exports.classify(exports['from-extern'](exports['to-extern'](unit)))).toBe(1);
    expect(exports['to-extern'](7)).toBe(7); // an i31 as externref is its Number
    const host = { host: true };
    expect(exports['from-extern'](host)).toBe(host);
    const g = new WA.Global({ value: 'anyref', mutable: true }, unit);
    expect(g.value).toBe(unit);
    const table = new WA.Table({ element: 'anyref', initial: 2 }, unit);
    expect(table.get(1)).toBe(unit);
    const anys = exports['new-anys'](3);
    table.set(0, anys);
    expect(table.get(0)).toBe(anys);
    expect(exports['anys-len'](table.get(0))).toBe(3);
  });

  it('Global and Table take the GC type names, with the ToWebAssemblyValue checks', () => {
    const square = exports.make(1);
    const anys = exports['new-anys'](1);
    expect(new WA.Global({ value: 'i31ref' }, 5).value).toBe(5);
    expect(() => new WA.Global({ value: 'i31ref' }, 2 ** 30)).toThrow(TypeError);
    expect(() => new WA.Global({ value: 'i31ref' }, square)).toThrow(TypeError);
    expect(new WA.Global({ value: 'structref' }, square).value).toBe(square);
    expect(() => new WA.Global({ value: 'structref' }, anys)).toThrow(TypeError);
    expect(new WA.Global({ value: 'arrayref' }, anys).value).toBe(anys);
    expect(() => new WA.Global({ value: 'eqref' }, 'text')).toThrow(TypeError);
    expect(new WA.Global({ value: 'eqref' }, 3).value).toBe(3);
    expect(new WA.Global({ value: 'anyref' }, 'text').value).toBe('text');
    expect(new WA.Global({ value: 'anyref' }).value).toBe(null); // DefaultValue: null, not undefined
    expect(new WA.Global({ value: 'externref' }).value).toBe(undefined);
    expect(new WA.Global({ value: 'nullexternref' }).value).toBe(null);
    expect(() => new WA.Global({ value: 'nullexternref' }, {})).toThrow(TypeError);
    expect(() => new WA.Global({ value: 'nullref' }, 0)).toThrow(TypeError);
    expect(() => new WA.Global({ value: 'nullfuncref' }, exports.make)).toThrow(TypeError);
    expect(new WA.Global({ value: 'anyfunc' }, exports.make).value).toBe(exports.make);
    const mutable = new WA.Global({ value: 'structref', mutable: true }, null);
    expect(() => { mutable.value = 1; }).toThrow(TypeError);
    mutable.value = square;
    expect(mutable.value).toBe(square);
    expect(() => new WA.Global({ value: 'stringref' })).toThrow(TypeError);

    const table = new WA.Table({ element: 'i31ref', initial: 1 });
    expect(table.get(0)).toBe(null);
    table.set(0, -(2 ** 30));
    expect(table.get(0)).toBe(-(2 ** 30));
    expect(() => table.set(0, square)).toThrow(TypeError);
    expect(() => table.grow(1, 1.5)).toThrow(TypeError);
    const structs = new WA.Table({ element: 'structref', initial: 0 });
    structs.grow(2, square);
    expect(structs.get(1)).toBe(square);
    expect(() => new WA.Table({ element: 'nullfuncref', initial: 1 }, exports.make)).toThrow(TypeError);
    expect(() => new WA.Table({ element: 'i64', initial: 1 })).toThrow(TypeError);
  });
});
