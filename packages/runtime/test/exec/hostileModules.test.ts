/**
 * Hostile modules, all in one process (one vitest worker): each ends cleanly within its limit —
 * a trap, a CompileError/RangeError naming the cap, -1 from a grow — and afterwards a normal
 * program still runs. Big modules are generated here, never committed. The limits themselves:
 * exec/meter.ts (fuel, interruption), instances/resourceLimits.ts (caps), binary/limits.ts.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { RETRY, TrapCode, registerHandler } from '@lantern/traps';
import { createWebAssembly, storeOf, type WebAssemblyOptions } from '../../src/index.ts';
import { type Bytes, body, codeSec, funcSec, funcType, module as moduleBytes, section, str, typeSec, u32, vec } from '../decodeValidate/wasmBuilder.ts';
import { thrown } from './helpers.ts';

type Exports = Record<string, (...args: number[]) => number>;
const module = (...sections: Bytes[]) => moduleBytes(...sections) as Uint8Array<ArrayBuffer>;
const TIERS = ['interpreter', 'eager'] as const;
const I32 = 0x7f;
const END = 0x0b;

const exportSec = (...names: [string, number, number][]) => section(7, vec(names.map(([n, kind, i]) => [...str(n), kind, ...u32(i)])));
const memSec = (min: number, max?: number) => section(5, vec([max === undefined ? [0, ...u32(min)] : [1, ...u32(min), ...u32(max)]]));

/** (func $spin (loop br 0)) and (func $count (param n) (result i32): loop n-- until 0, return n). */
const loops = module(
  typeSec(funcType([], []), funcType([I32], [I32])),
  funcSec(0, 1),
  exportSec(['spin', 0, 0], ['count', 0, 1]),
  codeSec(
    body([], [0x03, 0x40, 0x0c, 0x00, END, END]),
    body([], [0x03, 0x40, 0x20, 0, 0x41, 1, 0x6b, 0x22, 0, 0x0d, 0, END, 0x20, 0, END]),
  ),
);

function instantiate(bytes: Uint8Array<ArrayBuffer>, options: WebAssemblyOptions = {}, imports?: object) {
  const WebAssembly = createWebAssembly(options);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports as never);
  return { WebAssembly, store: storeOf(WebAssembly)!, exports: instance.exports as unknown as Exports };
}

describe('hostile modules', () => {
  for (const tier of TIERS) {
    it(`${tier}: an infinite loop runs out of fuel; a handler adds fuel and retries; fuel counts identically`, () => {
      const { WebAssembly, store, exports } = instantiate(loops, { tier, fuel: 1000 });
      const e = thrown(() => exports.spin());
      expect(e).toBeInstanceOf(WebAssembly.RuntimeError);
      expect(e.message).toBe('out of fuel');
      expect(e.code).toBe(TrapCode.OutOfFuel);
      expect(e.frames).toHaveLength(1);
      // The call charges the body's own instruction (its end), each iteration its loop's (loop, br,
      // end): 1 + 333 * 3 = 1000, and the 334th iteration is refused.
      expect(store.fuel).toBe(0);
      store.setFuel(100_000);
      expect(exports.count(1000)).toBe(0);
      // 1000 iterations of a 7-instruction loop body, plus the function body's 2 instructions.
      expect(100_000 - store.fuel).toBe(7002);
      store.setFuel(10);
      let refills = 0;
      const off = registerHandler(store.thread.state, (ctx) => {
        if (ctx.trapCode !== TrapCode.OutOfFuel) return undefined;
        refills++;
        store.addFuel(70);
        return RETRY;
      });
      try {
        expect(exports.count(1000)).toBe(0);
      } finally {
        off();
      }
      expect(refills).toBe(100);
      expect(store.fuel).toBe(10 + 70 * refills - 7002);
    });

    it(`${tier}: an infinite loop is stopped by a deadline, and by another worker through a SharedArrayBuffer`, async () => {
      const { WebAssembly, store, exports } = instantiate(loops, { tier, interruptible: true });
      store.setTimeout(20);
      const e = thrown(() => exports.spin());
      expect(e).toBeInstanceOf(WebAssembly.RuntimeError);
      expect(e.message).toBe('interrupted');
      expect(e.frames).toHaveLength(1);
      // The flag stays raised until cleared: the next call is interrupted at once.
      expect(thrown(() => exports.count(5)).message).toBe('interrupted');
      store.clearInterrupt();
      expect(exports.count(5)).toBe(0);

      const flag = new Int32Array(new SharedArrayBuffer(4));
      const other = instantiate(loops, { tier, interruptible: flag });
      const worker = new Worker(
        'const { workerData } = require("node:worker_threads"); setTimeout(() => Atomics.store(workerData, 0, 2), 30);',
        { eval: true, workerData: flag },
      );
      other.store.setTimeout(120_000); // a backstop (it would raise the flag to 1): a failed worker must not hang the test
      try {
        expect(thrown(() => other.exports.spin()).message).toBe('interrupted');
      } finally {
        await worker.terminate();
      }
      expect(flag[0]).toBe(2); // the worker's value: it was the one that stopped the loop
    });

    it(`${tier}: fuel seen by host calls inside a metered loop, and interrupt() from one, are the interpreter's`, () => {
      // (import "env" "h" (func)) (func $inner) (func (export "run") (param i32)
      //   (loop (call $h) (call $inner) (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
      const bytes = module(
        typeSec(funcType([], []), funcType([I32], [])),
        section(2, vec([[...str('env'), ...str('h'), 0, 0]])),
        funcSec(0, 1),
        exportSec(['run', 0, 2]),
        codeSec(
          body([], [0x41, 1, 0x1a, END]),
          body([], [0x03, 0x40, 0x10, 0, 0x10, 1, 0x20, 0, 0x41, 1, 0x6b, 0x22, 0, 0x0d, 0, END, END]),
        ),
      );
      const run = (interruptAt: number) => {
        const W = createWebAssembly({ tier, fuel: 1_000_000 });
        const store = storeOf(W)!;
        const seen: number[] = [];
        const h = () => {
          seen.push(store.fuel);
          if (seen.length === interruptAt) store.interrupt();
        };
        const exports = new W.Instance(new W.Module(bytes), { env: { h } }).exports as unknown as Exports;
        const message = interruptAt > 0 ? thrown(() => exports.run(10)).message : (exports.run(10), 'returned');
        return { message, seen, fuel: store.fuel };
      };
      // The body's own instruction (its end) at entry; per iteration the loop's 9 instructions,
      // then $inner's 3 (charged at its entry): one host call apart.
      const whole = run(0);
      expect(whole.message).toBe('returned');
      expect(whole.seen.slice(0, 3)).toEqual([1_000_000 - 1 - 9, 1_000_000 - 1 - 9 - 3 - 9, 1_000_000 - 1 - 9 - 2 * (3 + 9)]);
      expect(whole.fuel).toBe(1_000_000 - 1 - 10 * (9 + 3));
      // interrupt() from the 4th host call stops the code at its next Meter ($inner's entry).
      const stopped = run(4);
      expect(stopped.message).toBe('interrupted');
      expect(stopped.seen).toEqual(whole.seen.slice(0, 4));
      expect(stopped.fuel).toBe(whole.seen[3]);
    });

    it(`${tier}: unbounded recursion ends in "call stack exhausted"`, () => {
      const bytes = module(typeSec(funcType([], [])), funcSec(0), exportSec(['f', 0, 0]), codeSec(body([], [0x10, 0, END])));
      const { WebAssembly, exports } = instantiate(bytes, { tier, stackCells: 1 << 14 });
      const e = thrown(() => exports.f());
      expect(e).toBeInstanceOf(WebAssembly.RuntimeError);
      expect(e.message).toBe('call stack exhausted');
    });
  }

  it('a memory bomb stops at the caps: grow returns -1, creation over them is a RangeError naming the cap', () => {
    // (memory 1) (func $grow (param n) (result i32) (memory.grow n)) (func $bomb (result i32): grow by 1 until -1, count)
    const bytes = module(
      typeSec(funcType([I32], [I32]), funcType([], [I32])),
      funcSec(0, 1),
      memSec(1),
      exportSec(['grow', 0, 0], ['bomb', 0, 1], ['memory', 2, 0]),
      codeSec(
        body([], [0x20, 0, 0x40, 0, END]),
        body([[1, I32]], [
          0x03, 0x40, 0x41, 1, 0x40, 0, 0x41, 0x7f, 0x47, 0x04, 0x40, 0x20, 0, 0x41, 1, 0x6a, 0x21, 0, 0x0c, 1, END, END,
          0x20, 0, END,
        ]),
      ),
    );
    const { WebAssembly, exports } = instantiate(bytes, { limits: { memoryPages: 64, memoryBytes: 128 * 65536 } });
    expect(exports.grow(65535)).toBe(-1);
    expect(exports.bomb()).toBe(63); // the grow-until-failure loop: 1 + 63 = memoryPages
    expect((exports as unknown as { memory: { buffer: ArrayBuffer } }).memory.buffer.byteLength).toBe(64 * 65536);
    // memoryBytes counts every memory of the store: a second instance gets the 64 pages left.
    const second = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
    expect(second.bomb()).toBe(63);
    const third = thrown(() => new WebAssembly.Instance(new WebAssembly.Module(bytes)));
    expect(third).toBeInstanceOf(RangeError);
    expect(third.message).toContain('memoryBytes');
    expect(thrown(() => new WebAssembly.Memory({ initial: 65 })).message).toContain('memoryPages = 64');
    // (Both memories are still alive — a collected one would give its bytes back.)
    expect([exports.grow(0), second.grow(0)]).toEqual([64, 64]);
  });

  it('a huge table: over the JS API limit is a CompileError, over the store cap a RangeError; grow returns -1', () => {
    const tableSec = (min: number) => section(4, vec([[0x70, 0, ...u32(min)]]));
    const huge = createWebAssembly();
    expect(thrown(() => new huge.Module(module(tableSec(10_000_001)))).message).toMatch(/table size 10000001 is over the JS API/);
    const { WebAssembly } = instantiate(module(), { limits: { tableElements: 1000 } });
    const e = thrown(() => new WebAssembly.Instance(new WebAssembly.Module(module(tableSec(5000)))));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toContain('tableElements = 1000');
    const table = new WebAssembly.Table({ element: 'anyfunc', initial: 10 });
    expect(() => table.grow(991)).toThrow(RangeError); // the JS API's grow reports failure as a RangeError
    expect(table.grow(990)).toBe(10);
  });

  it('a million functions compile (lazily) and run; one more is a CompileError; a store cap lowers it', () => {
    const n = 1_000_000;
    const bigModule = (count: number) => {
      const funcs = new Uint8Array(count).fill(0);
      const bodies = new Uint8Array(count * 3);
      for (let i = 0; i < count; i++) bodies.set([2, 0, END], i * 3);
      const parts: Bytes[] = [
        typeSec(funcType([], [])),
        [3, ...u32(u32(count).length + count), ...u32(count)],
      ];
      const head = Uint8Array.from(parts.flat());
      const codeHead = Uint8Array.from([10, ...u32(u32(count).length + bodies.length), ...u32(count)]);
      const exp = Uint8Array.from(exportSec(['last', 0, count - 1]));
      const out = new Uint8Array(8 + head.length + funcs.length + exp.length + codeHead.length + bodies.length);
      let at = 0;
      for (const p of [module(), head, funcs, exp, codeHead, bodies]) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    };
    const { exports } = instantiate(bigModule(n));
    expect(exports.last()).toBeUndefined();
    const W = createWebAssembly();
    expect(thrown(() => new W.Module(bigModule(n + 1))).message).toMatch(/number of functions 1000001 is over the JS API/);
    const capped = createWebAssembly({ limits: { functions: 1000 } });
    const e = thrown(() => new capped.Module(bigModule(1001)));
    expect(e).toBeInstanceOf(capped.CompileError);
    expect(e.message).toMatch(/number of functions 1001 is over the store's limit functions = 1000/);
  });

  for (const tier of TIERS) {
    it(`${tier}: 100,000 nested blocks validate, compile and run`, () => {
      const depth = 100_000;
      const code: number[] = [];
      for (let i = 0; i < depth; i++) code.push(0x02, 0x40);
      code.push(0x0c, ...u32(depth / 2));
      for (let i = 0; i < depth; i++) code.push(END);
      code.push(0x41, 7, END);
      const bytes = module(typeSec(funcType([], [I32])), funcSec(0), exportSec(['f', 0, 0]), codeSec(body([], code)));
      expect(instantiate(bytes, { tier }).exports.f()).toBe(7);
    });
  }

  it('element segments: ten million entries instantiate or stop at a cap; 10,000,001 segments are a CompileError at their count', () => {
    const entries = 10_000_000;
    // (table 10000000 funcref) (elem (i32.const 0) func 0 0 0 ...) (func)
    const seg = new Uint8Array([0, 0x41, 0, END, ...u32(entries)]);
    const elemHead = Uint8Array.from([9, ...u32(1 + seg.length + entries), 1]);
    const head = Uint8Array.from([
      ...module(typeSec(funcType([], [])), funcSec(0), section(4, vec([[0x70, 0, ...u32(entries)]]))),
    ]);
    const code = Uint8Array.from(codeSec(body([], [END])));
    const bytes = new Uint8Array(head.length + elemHead.length + seg.length + entries + code.length);
    bytes.set(head, 0);
    bytes.set(elemHead, head.length);
    bytes.set(seg, head.length + elemHead.length);
    bytes.set(code, head.length + elemHead.length + seg.length + entries); // entries: func index 0 (zero bytes)
    const capped = createWebAssembly({ limits: { tableElements: 1_000_000 } });
    const module10m = new capped.Module(bytes);
    expect(thrown(() => new capped.Instance(module10m)).message).toContain('tableElements = 1000000');
    const W = createWebAssembly();
    const table = new W.Instance(new W.Module(bytes), {}).exports;
    expect(table).toEqual({});

    // As many bytes as segments follow the count (the decoder first checks that much is there).
    const declared = Uint8Array.from([...module(), 9, ...u32(4 + 10_000_001), ...u32(10_000_001)]);
    const segments = new Uint8Array(declared.length + 10_000_001);
    segments.set(declared);
    const e = thrown(() => new capped.Module(segments));
    expect(e).toBeInstanceOf(capped.CompileError);
    expect(e.message).toMatch(/number of element segments 10000001 is over the JS API/);
  });

  it('a data segment past the memory traps at instantiation', () => {
    // (memory 1) (data (i32.const 65536) "\01\02")
    const bytes = module(memSec(1), section(11, vec([[0, 0x41, 0x80, 0x80, 0x04, END, 2, 1, 2]])));
    const W = createWebAssembly();
    const e = thrown(() => new W.Instance(new W.Module(bytes)));
    expect(e).toBeInstanceOf(W.RuntimeError);
    expect(e.message).toBe('out of bounds memory access');
  });

  it('module size, function body size and locals: CompileErrors naming the limit', () => {
    const small = createWebAssembly({ limits: { moduleBytes: 100, locals: 10 } });
    expect(thrown(() => new small.Module(new Uint8Array(200))).message).toMatch(/module size in bytes 200 is over the store's limit moduleBytes = 100/);
    const manyLocals = module(typeSec(funcType([], [])), funcSec(0), codeSec(body([[11, I32]], [END])));
    expect(thrown(() => new small.Module(manyLocals)).message).toMatch(/number of locals 11 is over the store's limit locals = 10/);
    // A 100 MB body is refused from its size field, before a byte of it is read.
    const size = 100 * 1024 * 1024;
    const head = Uint8Array.from([...module(typeSec(funcType([], [])), funcSec(0)), 10, ...u32(size + 6), 1, ...u32(size)]);
    const huge = new Uint8Array(head.length + size);
    huge.set(head);
    const W = createWebAssembly();
    const e = thrown(() => new W.Module(huge));
    expect(e).toBeInstanceOf(W.CompileError);
    expect(e.message).toMatch(/function body size in bytes 104857600 is over the JS API/);
  });

  it('instances: the store cap is a RangeError naming it', () => {
    const W = createWebAssembly({ limits: { instances: 2 } });
    const m = new W.Module(module());
    new W.Instance(m);
    new W.Instance(m);
    expect(thrown(() => new W.Instance(m)).message).toContain('instances = 2');
  });

  it('import objects whose getters throw or re-enter; host functions that grow memory or throw mid-call', () => {
    // (import "env" "f" (func (result i32))) (memory (export "memory") 1)
    // (func (export "call") (result i32) (call $f) (memory.size) (i32.add))
    const bytes = module(
      typeSec(funcType([], [I32])),
      section(2, vec([[...str('env'), ...str('f'), 0, 0]])),
      funcSec(0),
      memSec(1),
      exportSec(['call', 0, 1], ['memory', 2, 0]),
      codeSec(body([], [0x10, 0, 0x3f, 0, 0x6a, END])),
    );
    const W = createWebAssembly();
    const m = new W.Module(bytes);
    const boom = new Error('getter boom');
    expect(thrown(() => new W.Instance(m, { env: { get f() { throw boom; } } }))).toBe(boom);
    expect(thrown(() => new W.Instance(m, { get env(): never { throw boom; } }))).toBe(boom);
    // A getter that re-enters: it instantiates the module (with a plain import) and calls it.
    let inner = 0;
    const reentered = new W.Instance(m, {
      env: {
        get f() {
          const i = new W.Instance(m, { env: { f: () => 40 } }).exports as unknown as Exports;
          inner = i.call();
          return () => 1;
        },
      },
    }).exports as unknown as Exports;
    expect(inner).toBe(41);
    expect(reentered.call()).toBe(2);
    // A host function growing the caller's memory mid-call: the caller sees the new size.
    let exports!: Exports & { memory: { grow(n: number): number } };
    exports = new W.Instance(m, { env: { f: () => exports.memory.grow(3) } }).exports as never;
    expect(exports.call()).toBe(1 + 4);
    // A host function throwing mid-call: the same object reaches the caller; the store goes on.
    const failure = new TypeError('host failure');
    const throwing = new W.Instance(m, { env: { f: () => { throw failure; } } }).exports as unknown as Exports;
    expect(thrown(() => throwing.call())).toBe(failure);
    expect(exports.call()).toBe(4 + 7);
  });

  it('host calls re-entering wasm without end trap at the host-call depth, before the JS stack overflows', () => {
    // (import "env" "h" (func)) (func (export "f") (call $h))
    const bytes = module(
      typeSec(funcType([], [])),
      section(2, vec([[...str('env'), ...str('h'), 0, 0]])),
      funcSec(0),
      exportSec(['f', 0, 1]),
      codeSec(body([], [0x10, 0, END])),
    );
    for (const limits of [{}, { hostCallDepth: 10 }]) {
      const W = createWebAssembly({ limits });
      let exports!: Exports;
      exports = new W.Instance(new W.Module(bytes), { env: { h: () => exports.f() } }).exports as unknown as Exports;
      const e = thrown(() => exports.f());
      expect(e).toBeInstanceOf(W.RuntimeError);
      expect(e.message).toMatch(/^call stack exhausted \(host calls nested \d+ deep/);
    }
  });

  it('__proto__ and constructor as import and export names behave as on Node\'s engine', () => {
    // (import "__proto__" "constructor" (func (result i32))) (export "__proto__" (func 0)) (export "constructor" (func 0))
    const bytes = module(
      typeSec(funcType([], [I32])),
      section(2, vec([[...str('__proto__'), ...str('constructor'), 0, 0]])),
      exportSec(['__proto__', 0, 0], ['constructor', 0, 0]),
    );
    const imports = JSON.parse('{"__proto__": {"constructor": 0}}') as Record<string, Record<string, unknown>>;
    imports['__proto__']!['constructor'] = () => 42;
    const run = (W: typeof globalThis.WebAssembly) => {
      const exports = new W.Instance(new W.Module(bytes), imports as WebAssembly.Imports).exports as Record<string, () => number>;
      return [Object.getPrototypeOf(exports), Object.keys(exports), exports['__proto__']!(), exports['constructor']!()];
    };
    expect(run(createWebAssembly() as unknown as typeof globalThis.WebAssembly)).toEqual(run(globalThis.WebAssembly));
    // A plain object literal's __proto__ is its prototype, not an import module: a LinkError, on both.
    const W = createWebAssembly();
    const e = thrown(() => new W.Instance(new W.Module(bytes), { ['__proto__' as string]: 1 } as never));
    expect(e.constructor.name).toBe(thrown(() => new globalThis.WebAssembly.Instance(new globalThis.WebAssembly.Module(bytes), { ['__proto__' as string]: 1 } as never)).constructor.name);
  });

  it('afterwards a normal program runs, on every tier', () => {
    for (const tier of TIERS) expect(instantiate(loops, { tier }).exports.count(100_000)).toBe(0);
  });
});
