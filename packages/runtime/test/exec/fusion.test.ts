/**
 * The compiler's fusions and constant slots (fixtures/fusion.wat): each export is run on Lantern
 * and on Node's native WebAssembly with edge-case inputs and must agree; and the fused internal
 * instruction must actually be emitted (else the test proves nothing about it).
 */
import { describe, expect, it } from 'vitest';
import { RETRY, Trap, TrapCode } from '@lantern/traps';
import { DebugHooks } from '../../src/debug/debugHooks.ts';
import type { PauseContext } from '../../src/exit/pauseContext.ts';
import { Op } from '../../src/isa/op.generated.ts';
import { type RawValue, createWebAssembly } from '../../src/index.ts';
import { fixtureBytes, load } from './helpers.ts';

type Exports = Record<string, (...args: unknown[]) => unknown>;
const bytes = fixtureBytes('fusion') as Uint8Array<ArrayBuffer>;
/** The same module on Node's engine and on Lantern's JS API (results compared) ... */
const native = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as Exports;
const Lantern = createWebAssembly();
const lantern = new Lantern.Instance(new Lantern.Module(bytes)).exports as Exports;
/** ... and a third instance whose compiled code is inspected (its memory is scratch). */
const m = load('fusion');

/** The internal opcodes of one export's compiled code (compiling it by a first call). */
function opsOf(name: string, ...args: RawValue[]): Set<number> {
  m.call(name, ...args);
  const f = m.func(name);
  const map = f.codeMap!;
  const buf = m.store.code.buf;
  // Opcodes sit at the code map's entry pcs (every fused instruction starts an entry).
  return new Set(Array.from(map.pcs, (pc) => buf[pc]).concat(buf[f.entryPc]));
}

/** Lantern's and native results for the same call. */
function both(name: string, ...args: (number | bigint)[]): [unknown, unknown] {
  const fix = (a: number | bigint) => (typeof a === 'bigint' ? BigInt.asIntN(64, a) : a);
  return [lantern[name]!(...args.map(fix)), native[name]!(...args.map(fix))];
}

const I64S = [0n, 1n, -1n, 0x123456789abcdef0n, -0x8000000000000000n, 0x7fffffffffffffffn, 0xfffffffffffn, 1000003n];

describe('i64 fusions and inlined arithmetic', () => {
  it('xorshift: x ^ (x >> k) and (x << k) ^ y', () => {
    for (const x of I64S) {
      const [a, b] = both('xorshr', x, 0n);
      expect(a).toBe(b);
      for (const y of I64S) {
        const [c, d] = both('xorshl', x, y);
        expect(c).toBe(d);
      }
    }
    expect(opsOf('xorshr', 1n, 0n).has(Op.I64XorShrUImm)).toBe(true);
    expect(opsOf('xorshl', 1n, 2n).has(Op.I64XorShlImm)).toBe(true);
  });

  it('i64.mul by a constant and by a value, i64.rem_u by small and large divisors', () => {
    for (const x of I64S) {
      const [a, b] = both('mulimm', x);
      expect(a).toBe(b);
      for (const y of I64S) {
        const [c, d] = both('mul', x, y);
        expect(c).toBe(d);
        if (y === 0n) continue;
        const [e, f] = both('remu', x, y);
        expect(e).toBe(f);
      }
    }
    for (const y of [1n, 3n, 7n, 2097151n, 2097152n, 0x7fffffffn, 0xffffffffn]) {
      const [e, f] = both('remu', -1n, y);
      expect(e).toBe(f);
    }
  });
});

describe('inlined i64 compares and carries', () => {
  const EDGES = [...I64S, 0xffffffffn, 0x100000000n, -0x100000000n, -0xffffffffn, 0x80000000n];
  it('i64 compare-and-branch agrees with Node on the halves\' edge cases', () => {
    for (const x of EDGES) {
      for (const y of EDGES) {
        for (const f of ['brLtS', 'brLtU', 'brGeS', 'brGtU']) {
          const [a, b] = both(f, x, y);
          expect(a, `${f}(${x}, ${y})`).toBe(b);
        }
      }
    }
    expect(opsOf('brLtU', 1n, 2n).has(Op.BrIfI64LtU)).toBe(true);
  });

  it('i64 add/sub carry and borrow across bit 31 (branch-free)', () => {
    for (const x of EDGES) {
      for (const y of EDGES) {
        for (const f of ['i64add', 'i64sub']) {
          const [a, b] = both(f, x, y);
          expect(a, `${f}(${x}, ${y})`).toBe(b);
        }
      }
    }
  });
});

describe('address folding (K_ADDR) and load/store fusions', () => {
  it('folds (p + c), (p + c) + (i << k) and (i << k) + c into the access', () => {
    expect(both('storeAdd', 100, 0x1ff)).toEqual([255, 255]);
    for (const [p, i] of [[0, 0], [0, 1], [4, 2]]) {
      const [a, b] = both('loadIdx', p, i);
      expect(a).toBe(b);
    }
    for (const i of [0, 1, 2]) expect(both('loadShl', i)[0]).toBe(both('loadShl', i)[1]);
    expect(opsOf('loadShl', 0).has(Op.Load32Shl)).toBe(true);
    expect(opsOf('storeAdd', 0, 0).has(Op.I32AddImm)).toBe(false);
  });

  it('wraps the folded add mod 2^32 before adding the offset (out of bounds, not address 1)', () => {
    expect(() => lantern.wrapAddr!(0)).toThrow(Lantern.RuntimeError);
    expect(() => m.call('wrapAddr', 0)).toThrow(Trap);
    expect(() => native.wrapAddr!(0)).toThrow(WebAssembly.RuntimeError);
    expect(both('wrapAddr', 5)).toEqual([7, 7]);
  });

  it('reads the local of a pending address before a later local.set', () => {
    expect(both('addrThenSet', 2)).toEqual([4, 4]);
  });

  it('copies through MemMove8/MemMove64 and traps out of bounds', () => {
    lantern.copy8!(32, 0, 16);
    native.copy8!(32, 0, 16);
    for (const a of [32, 40, 47]) expect(both('load8', a)).toEqual([a - 31, a - 31]);
    lantern.copy64!(200, 0);
    native.copy64!(200, 0);
    for (const a of [207, 208, 215, 216]) expect(both('load8', a)[0]).toBe(both('load8', a)[1]);
    expect(() => m.call('copy64', 65536 - 8, 0)).toThrow(Trap);
    expect(() => m.call('copy64', 0, 65536 - 15)).toThrow(Trap);
    expect(opsOf('copy8', 0, 0, 1).has(Op.MemMove8)).toBe(true);
    expect(opsOf('copy64', 0, 0).has(Op.MemMove64)).toBe(true);
  });
});

describe('f64 fusions', () => {
  it('keeps the operand order of sub and the two roundings of multiply-add', () => {
    expect(both('subm', 10, 64)).toEqual([8.5, 8.5]);
    expect(both('rsubm', 10, 72)).toEqual([-6, -6]);
    expect(both('muladd', 1, 2, 3)).toEqual([7, 7]);
    expect(both('mulrsub', 1, 2, 3)).toEqual([5, 5]);
    // 0.1 * 3 * 7 rounds twice (a fused multiply-add would round once and differ).
    const [a, b] = both('mul3', 0.1, 3, 7);
    expect(a).toBe(b);
    const [c, d] = both('muladd', 0.1, 0.2, 0.3);
    expect(c).toBe(d);
    expect(() => lantern.subm!(1, 65536 - 4)).toThrow(Lantern.RuntimeError);
    const ONE = 0x3ff0000000000000n; // f64 1.0 as the raw bits invoke takes
    expect(opsOf('subm', ONE, 64).has(Op.F64SubM)).toBe(true);
    expect(opsOf('rsubm', ONE, 64).has(Op.F64RSubM)).toBe(true);
    expect(opsOf('muladd', ONE, ONE, ONE).has(Op.F64MulAdd)).toBe(true);
    expect(opsOf('mulrsub', ONE, ONE, ONE).has(Op.F64MulRSub)).toBe(true);
    expect(opsOf('mul3', ONE, ONE, ONE).has(Op.F64Mul3)).toBe(true);
  });
});

describe('constant slots and counted loops', () => {
  it('fills constant slots at entry (ConstFill), also past the slot limit', () => {
    const [a, b] = both('remLoop', 5n, 1000);
    expect(a).toBe(b);
    expect(opsOf('remLoop', 1n, 1).has(Op.ConstFill)).toBe(true);
    expect(opsOf('remLoop', 1n, 1).has(Op.Const64)).toBe(false);
    expect(both('manyConsts', 0.5)).toEqual([631.5, 631.5]);
  });

  it('fuses the counter decrement into the loop branch (BrIfAddImm)', () => {
    expect(both('count', 5)).toEqual([15, 15]);
    expect(opsOf('count', 1).has(Op.BrIfAddImm)).toBe(true);
  });
});

describe('mixer step, copy runs, f64 stores of a computed value', () => {
  const trapOffset = (f: () => unknown): number => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(Trap);
      return (e as Trap).frames[0].offset;
    }
    throw new Error('no trap');
  };
  /** Module offset of the first `byte` opcode in export `name`'s body. */
  const opcodeOffset = (name: string, byte: number): number => {
    const body = m.info.bodies[m.func(name).funcIndex - m.info.importedFuncs];
    const bytes = fixtureBytes('fusion');
    for (let o = body.codeStart; ; o++) if (bytes[o] === byte) return o;
  };

  it('(x ^ (x >> k)) * c is one I64XorShrUMulImm with the same 64-bit product', () => {
    for (const x of I64S) {
      const [a, b] = both('mixer', x);
      expect(a).toBe(b);
    }
    const ops = opsOf('mixer', 1n);
    expect(ops.has(Op.I64XorShrUMulImm)).toBe(true);
    expect(ops.has(Op.I64MulImm)).toBe(false);
  });

  it('two copies in a row run in order as one Copy64x2 / Copy32x2', () => {
    for (const [x, y] of [[1n, 2n], [-5n, 0x123456789n]]) expect(both('rotate64', x, y)).toEqual([y - 3n * x, y - 3n * x]);
    expect(both('rotate32', 7, 100)).toEqual([79, 79]);
    expect(opsOf('rotate64', 1n, 2n).has(Op.Copy64x2)).toBe(true);
    expect(opsOf('rotate32', 1, 2).has(Op.Copy32x2)).toBe(true);
  });

  it('p->f += x and p->f -= x update memory in place; another address is not fused', () => {
    for (const inst of [lantern, native]) {
      inst.addStore!(1000, 0, 0);
      inst.addStore!(1008, 1.5, 0);
      inst.addToMem!(1000, 0.25);
      inst.subFromMem!(1000, 2);
      inst.addToOther!(1000, 10);
    }
    expect(both('loadF64', 1000)).toEqual([-2, -2]);
    expect(both('loadF64', 1008)).toEqual([8, 8]);
    expect(opsOf('addToMem', 0, 0n).has(Op.F64AddToMem)).toBe(true);
    expect(opsOf('subFromMem', 0, 0n).has(Op.F64RSubToMem)).toBe(true);
    expect(opsOf('addToOther', 0, 0n).has(Op.F64AddToMem)).toBe(false);
  });

  it('x + y and x - y stored: one F64AddStore / F64SubStore, same rounding', () => {
    for (const inst of [lantern, native]) inst.subStore!(2000, 0.1, 0.3);
    expect(both('loadF64', 2000)[0]).toBe(0.1 - 0.3);
    expect(both('loadF64', 2000)[1]).toBe(0.1 - 0.3);
    expect(opsOf('addStore', 0, 0n, 0n).has(Op.F64AddStore)).toBe(true);
    expect(opsOf('subStore', 0, 0n, 0n).has(Op.F64SubStore)).toBe(true);
  });

  it('a fused store traps at the store, a fused read-modify-write at its load, memory untouched', () => {
    const end = 65536;
    expect(trapOffset(() => m.call('addStore', end - 4, 0n, 0n))).toBe(opcodeOffset('addStore', 0x39));
    expect(trapOffset(() => m.call('addToMem', end - 12, 0n))).toBe(opcodeOffset('addToMem', 0x2b));
    expect(() => lantern.addToMem!(end - 12, 1)).toThrow(Lantern.RuntimeError);
    expect(() => native.addToMem!(end - 12, 1)).toThrow(WebAssembly.RuntimeError);
    expect(both('loadF64', end - 8)).toEqual([0, 0]);
  });

  it('y + x * f64.load is one F64MulMAdd with two roundings, trapping at the load', () => {
    expect(both('mulmAdd', 0.1, 3, 64)).toEqual([0.1 + 3 * 1.5, 0.1 + 3 * 1.5]);
    const [a, b] = both('mulmAdd', 1e16, 0.1, 72);
    expect(a).toBe(b);
    expect(opsOf('mulmAdd', 0n, 0n, 64).has(Op.F64MulMAdd)).toBe(true);
    expect(trapOffset(() => m.call('mulmAdd', 0n, 0n, 65536 - 4))).toBe(opcodeOffset('mulmAdd', 0x2b));
  });

  it('a MemMove traps at its load for a bad source, at its store for a bad destination; retry redoes the move', () => {
    expect(trapOffset(() => m.call('copy64', 0, 65536 - 15))).toBe(opcodeOffset('copy64', 0x29));
    expect(trapOffset(() => m.call('copy64', 65536 - 8, 0))).toBe(opcodeOffset('copy64', 0x37));
    const nativeAt = (d: number, s: number) => {
      try {
        native.copy64!(d, s);
      } catch (e) {
        return Number.parseInt(/:0x([0-9a-f]+)\n/.exec(`${(e as Error).stack}\n`)![1], 16);
      }
      return -1;
    };
    expect([nativeAt(0, 65536 - 15), nativeAt(65536 - 8, 0)]).toEqual([opcodeOffset('copy64', 0x29), opcodeOffset('copy64', 0x37)]);
    const own = load('fusion'); // its memory grows
    DebugHooks.onExit(own.store, (ctx: PauseContext) => {
      if (ctx.trapCode !== TrapCode.MemoryOutOfBounds) return undefined;
      ctx.memory(0).grow(1);
      return RETRY;
    });
    own.call('copy64', 65536 - 8, 0); // the store traps, memory grows, the retried move completes
    const mem = own.inst.memories[0].view;
    expect(mem.getUint8(65536 - 8 + 8)).toBe(mem.getUint8(8)); // the move's offset=8
  });

  it('x ^ load8_u and x + load are one instruction each, trapping at the load', () => {
    for (const [p, n] of [[0, 16], [3, 5], [60, 20]]) expect(both('fnv', p, n)[0]).toBe(both('fnv', p, n)[1]);
    for (const [p, n] of [[0, 4], [64, 3]]) expect(both('sumWords', p, n)[0]).toBe(both('sumWords', p, n)[1]);
    expect(opsOf('fnv', 0, 1).has(Op.I32XorLoad8U)).toBe(true);
    expect(opsOf('sumWords', 0, 1).has(Op.I32AddLoad32)).toBe(true);
    expect(trapOffset(() => m.call('fnv', 65536, 1))).toBe(opcodeOffset('fnv', 0x2d));
    expect(trapOffset(() => m.call('sumWords', 65536 - 7, 1))).toBe(opcodeOffset('sumWords', 0x28));
  });

  it('n + 0 emits no instruction', () => {
    expect(both('plusZero', -7)).toEqual([-7, -7]);
    const f = m.func('plusZero');
    m.call('plusZero', 1);
    expect(m.store.code.buf[f.entryPc]).toBe(Op.Return);
  });
});

describe('pairs of adds', () => {
  it('two adds of a constant in a row run in order as one I32AddImm2; a counter + br_if stays BrIfAddImm', () => {
    expect(both('count', 5)).toEqual([15, 15]);
    const ops = opsOf('count', 1);
    expect(ops.has(Op.BrIfAddImm)).toBe(true);
    expect(both('steps', 10, 3)).toEqual([71, 71]);
    expect(opsOf('steps', 1, 1).has(Op.I32AddImm2)).toBe(true);
    expect(both('sums', 1, 2, 3)).toEqual([9, 9]);
    expect(opsOf('sums', 1, 2, 3).has(Op.I32Add2)).toBe(true);
  });
});

describe('loop step and exit test', () => {
  it('i = i + c; if (i != n) continue: one BrIfAddImmNe', () => {
    for (const n of [3, 30, 300]) expect(both('stepNe', n)).toEqual([both('stepNe', n)[1], (n / 3 - 1) * (n / 3) * 3 / 2]);
    expect(opsOf('stepNe', 3).has(Op.BrIfAddImmNe)).toBe(true);
  });

  it('j = j + s; if (j <u n) continue on i64: one BrIfI64AddLtU, carries and unsigned order included', () => {
    const cases: [bigint, bigint, bigint][] = [[0n, 1n, 10n], [0xfffffff0n, 4n, 0x100000010n], [-10n, 3n, -1n], [5n, 1n, 0n], [0n, -1n, 5n]];
    for (const [j, s, n] of cases) {
      const [a, b] = both('stepLtU', j, s, n);
      expect(a, `${j} ${s} ${n}`).toBe(b);
    }
    expect(opsOf('stepLtU', 0n, 1n, 2n).has(Op.BrIfI64AddLtU)).toBe(true);
  });
});

describe('br_table on a loaded index', () => {
  it('switch (code[pc]) is one BrTableLoad32Shl, defaulting past the table and trapping at the load', () => {
    for (const v of [0, 1, 2, 3, -1, 0x7fffffff]) expect(both('dispatch', 5, v)).toEqual([[10, 20, 30][Math.min(v >>> 0, 2)], [10, 20, 30][Math.min(v >>> 0, 2)]]);
    const inner = m.func('dispatchAt');
    m.call('dispatchAt', 0);
    const f = m.store.funcs.find((g) => g.instance === m.inst && g.funcIndex === inner.funcIndex - 1)!;
    expect(m.store.code.buf[f.entryPc]).toBe(Op.BrTableLoad32Shl);
    expect(() => lantern.dispatchAt!(16384)).toThrow(Lantern.RuntimeError);
    const t = (() => { try { m.call('dispatchAt', 16384); } catch (e) { return e as Trap; } throw new Error('no trap'); })();
    expect(t.frames[0].offset).toBe(m.info.bodies[inner.funcIndex - 1 - m.info.importedFuncs].codeStart + 11);
  });
});
