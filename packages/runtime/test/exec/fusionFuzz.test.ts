/**
 * Differential fuzzing of the compiler's register allocation and fusions: seeded random functions
 * (loops, i32/i64/f64 locals and arithmetic, loads and stores, and the shapes the fusions look
 * for — `p->f += x`, FNV and mixer steps, sums of loaded words, pairs of adds and copies, counted
 * loops, br_table on a loaded index) run on Node's native WebAssembly and on Lantern, which must
 * return the same checksum and leave the same memory; a second set may trap (some addresses near the
 * end of memory) and must trap at the same module offset as V8 with the same memory written before.
 * The programs also run on a store that compiles in debug mode, which must agree too.
 * Deterministic: fixed seeds; no NaN is compared by payload (the checksum canonicalizes).
 */
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '../../src/index.ts';
import { DebugHooks } from '../../src/debug/debugHooks.ts';
import { storeOf } from '../../src/jsapi/debugAccess.ts';
import { Op } from '../../src/isa/op.generated.ts';
import { lengthAt } from '../../src/isa/layout.ts';
import { type Bytes, T, codeSec, funcSec, funcType, module, section, s32, typeSec, u32, vec, body, str } from '../decodeValidate/wasmBuilder.ts';

/** xorshift32: the seeded source of every choice. */
class Rng {
  constructor(private s: number) {}
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  int(n: number): number {
    return this.next() % n;
  }
  pick<X>(xs: readonly X[]): X {
    return xs[this.int(xs.length)];
  }
}

// Locals: params 0 a:i32, 1 n:i32 (iterations), 2 z:i64, 3 x:f64; then i32 4-7, i64 8-10, f64 11-13,
// and the inner loops' own counters and bounds (i32 14 and 16, i64 15, 17 and 18), which nothing
// else writes (bounds in locals, as clang leaves them: the fused step + exit tests compare slots).
const I32_LOCALS = [0, 4, 5, 6, 7];
const I64_LOCALS = [2, 8, 9, 10];
const F64_LOCALS = [3, 11, 12, 13];
const COUNTER = 1;
const INNER_I = 14;
const INNER_J = 15;
const INNER_I_LIMIT = 16;
const INNER_J_STEP = 17;
const INNER_J_LIMIT = 18;

const get = (l: number): Bytes => [0x20, ...u32(l)];
const set = (l: number): Bytes => [0x21, ...u32(l)];
const tee = (l: number): Bytes => [0x22, ...u32(l)];
const i32c = (v: number): Bytes => [0x41, ...s32(v | 0)];
const i64c = (v: bigint): Bytes => [0x42, ...s64(v)];
const memarg = (align: number, offset: number): Bytes => [...u32(align), ...u32(offset)];

function s64(v: bigint): Bytes {
  const out: Bytes = [];
  let n = BigInt.asIntN(64, v);
  for (;;) {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    if ((n === 0n && (b & 0x40) === 0) || (n === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

class Gen {
  constructor(
    private readonly r: Rng,
    /** Now and then an address near or past the end of memory: the program may trap. */
    private readonly mayTrap = false,
  ) {}

  /** An 8-aligned address below 32 KiB (offsets add at most 64); when mayTrap, 1 in 12 near 64 KiB. */
  addr(): Bytes {
    if (this.mayTrap && this.r.int(12) === 0) return [...this.i32(1), ...i32c(0x3f), 0x71, ...i32c(0xffd0), 0x6a];
    return [...this.i32(1), ...i32c(0x7ff8), 0x71];
  }

  /** Which expression form: 0 and 1 are the leaves (a local, a constant), the only ones at depth 0. */
  private form(depth: number, forms: number): number {
    return depth <= 0 ? this.r.int(2) : this.r.int(forms);
  }

  i32(depth: number): Bytes {
    const r = this.r;
    switch (this.form(depth, 9)) {
      case 0:
        return get(r.pick(I32_LOCALS));
      case 1:
        return i32c(r.pick([0, 1, -1, 3, 255, 0x7fffffff, -0x80000000, r.next()]));
      case 2:
        return [...this.i32(depth - 1), ...this.i32(depth - 1), r.pick([0x6a, 0x6b, 0x6c, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77])];
      case 3:
        return [...this.i32(depth - 1), ...i32c(r.pick([1, 2, 5, -8, 16777619, 31])), r.pick([0x6a, 0x6b, 0x6c, 0x73, 0x74, 0x76])];
      case 4: // compares
        return [...this.i32(depth - 1), ...this.i32(depth - 1), r.pick([0x46, 0x47, 0x48, 0x49, 0x4b, 0x4d, 0x4f])];
      case 5: // loads
        return r.int(2) === 0
          ? [...this.addr(), 0x2d, ...memarg(0, r.int(64))] // i32.load8_u
          : [...this.addr(), 0x28, ...memarg(2, 4 * r.int(16))]; // i32.load
      case 6:
        return [...this.i64(depth - 1), 0xa7]; // i32.wrap_i64
      case 7:
        return [...this.i64(depth - 1), ...this.i64(depth - 1), r.pick([0x51, 0x52, 0x54, 0x56, 0x58, 0x5a])]; // i64 compares
      default:
        return [...this.i32(depth - 1), ...tee(r.pick(I32_LOCALS.slice(1)))];
    }
  }

  i64(depth: number): Bytes {
    const r = this.r;
    switch (this.form(depth, 7)) {
      case 0:
        return get(r.pick(I64_LOCALS));
      case 1:
        return i64c(r.pick([0n, 1n, -1n, 0xffffffffn, 0x100000000n, -0x9e3779b97f4a7c15n, 1000003n, BigInt(r.next())]));
      case 2:
        return [...this.i64(depth - 1), ...this.i64(depth - 1), r.pick([0x7c, 0x7d, 0x7e, 0x83, 0x84, 0x85])];
      case 3: // shifts by constants, xorshift and mixer shapes
        return [...this.i64(depth - 1), ...i64c(BigInt(r.pick([1, 17, 23, 30, 31, 32, 33, 63]))), r.pick([0x86, 0x87, 0x88, 0x89])];
      case 4:
        return [...this.addr(), 0x29, ...memarg(3, 8 * r.int(8))]; // i64.load
      case 5:
        return [...this.i32(depth - 1), r.pick([0xac, 0xad])]; // extend
      default: // small divisors only: no trap
        return [...this.i64(depth - 1), ...i64c(BigInt(r.pick([3, 7, 1000003, 0x7fffffff]))), r.pick([0x80, 0x82])];
    }
  }

  f64(depth: number): Bytes {
    const r = this.r;
    switch (this.form(depth, 5)) {
      case 0:
        return get(r.pick(F64_LOCALS));
      case 1:
        return [0x44, ...new Uint8Array(Float64Array.of(r.pick([0, 1, -0.5, 0.1, 3, 1e-3, 12345.678])).buffer)];
      case 2:
        return [...this.f64(depth - 1), ...this.f64(depth - 1), r.pick([0xa0, 0xa1, 0xa2])];
      case 3:
        return [...this.addr(), 0x2b, ...memarg(3, 8 * r.int(8))]; // f64.load
      default:
        return [...this.i32(depth - 1), 0xb7]; // f64.convert_i32_s
    }
  }

  /** One statement; `nested`: inside an inner loop or a branch (no further loops there). */
  statement(nested = false): Bytes {
    const r = this.r;
    const d = 1 + r.int(3);
    const kind = r.int(17);
    switch (nested && kind >= 9 && kind <= 14 ? 0 : kind) {
      case 0:
        return [...this.i32(d), ...set(r.pick(I32_LOCALS.slice(1)))];
      case 1:
        return [...this.i64(d), ...set(r.pick(I64_LOCALS))];
      case 2:
        return [...this.f64(d), ...set(r.pick(F64_LOCALS))];
      case 3: { // stores of every width
        const w = r.int(4);
        if (w === 0) return [...this.addr(), ...this.i32(d), 0x36, ...memarg(2, 4 * r.int(16))];
        if (w === 1) return [...this.addr(), ...this.i32(d), 0x3a, ...memarg(0, r.int(64))];
        if (w === 2) return [...this.addr(), ...this.i64(d), 0x37, ...memarg(3, 8 * r.int(8))];
        return [...this.addr(), ...this.f64(d), 0x39, ...memarg(3, 8 * r.int(8))];
      }
      case 4: { // p->f += x / p->f -= x (same address), and x + y / x - y stored
        const p = r.pick(I32_LOCALS.slice(1));
        const off = 8 * r.int(8);
        const mask = [...get(p), ...i32c(0x7ff8), 0x71, ...tee(p)];
        const op = r.pick([0xa0, 0xa1]);
        return r.int(2) === 0
          ? [...mask, ...get(p), 0x2b, ...memarg(3, off), ...this.f64(d), op, 0x39, ...memarg(3, off)]
          : [...mask, ...this.f64(d), ...this.f64(d), op, 0x39, ...memarg(3, off)];
      }
      case 5: { // y + x * load
        const y = r.pick(F64_LOCALS);
        return [...get(y), ...this.f64(d), ...this.addr(), 0x2b, ...memarg(3, 0), 0xa2, 0xa0, ...set(y)];
      }
      case 6: { // FNV step, sum of words
        const h = r.pick(I32_LOCALS.slice(1));
        return r.int(2) === 0
          ? [...get(h), ...this.addr(), 0x2d, ...memarg(0, r.int(8)), 0x73, ...i32c(16777619), 0x6c, ...set(h)]
          : [...get(h), ...this.addr(), 0x28, ...memarg(2, 4 * r.int(4)), 0x6a, ...set(h)];
      }
      case 7: { // mixer step
        const z = r.pick(I64_LOCALS);
        return [...get(z), ...get(z), ...i64c(BigInt(r.pick([27, 30, 31, 33]))), 0x88, 0x85, ...i64c(-0x40a7b892e31b1a47n), 0x7e, ...set(z)];
      }
      case 8: { // adds in a row, copies in a row
        const [a, b] = [r.pick(I32_LOCALS.slice(1)), r.pick(I32_LOCALS.slice(1))];
        return r.int(2) === 0
          ? [...get(a), ...i32c(8), 0x6a, ...set(a), ...get(b), ...i32c(r.int(9) - 4), 0x6a, ...set(b)]
          : [...get(r.pick(I64_LOCALS)), ...set(I64_LOCALS[1]), ...get(r.pick(I64_LOCALS)), ...set(I64_LOCALS[2])];
      }
      case 9: { // a counted inner loop stepping by c until != limit
        const i = INNER_I;
        const c = 1 + r.int(3);
        const body = this.statement(true);
        return [
          ...i32c(0), ...set(i), ...i32c(c * (1 + r.int(4))), ...set(INNER_I_LIMIT),
          0x03, 0x40, ...body, ...get(i), ...i32c(c), 0x6a, ...tee(i), ...get(INNER_I_LIMIT), 0x47, 0x0d, 0x00, 0x0b,
        ];
      }
      case 10: { // i64 j += s while j <u limit
        const j = INNER_J;
        return [
          ...i64c(BigInt(r.int(3)) - 1n), ...set(j), ...i64c(BigInt(1 + r.int(3))), ...set(INNER_J_STEP), ...i64c(BigInt(2 + r.int(8))), ...set(INNER_J_LIMIT),
          0x03, 0x40, ...get(j), ...get(INNER_J_STEP), 0x7c, ...tee(j), ...get(INNER_J_LIMIT), 0x54, 0x0d, 0x00, 0x0b,
        ];
      }
      case 11: { // switch on a loaded word: br_table over (load ((x & 15) << 2))
        const arms = [this.statement(true), this.statement(true)];
        return [
          0x02, 0x40, 0x02, 0x40, 0x02, 0x40,
          ...this.i32(1), ...i32c(15), 0x71, ...i32c(2), 0x74, 0x28, ...memarg(2, 0),
          0x0e, 0x02, 0x00, 0x01, 0x02, 0x0b,
          ...arms[0], 0x0c, 0x01, 0x0b,
          ...arms[1], 0x0b,
        ];
      }
      case 12: // if/else
        return [...this.i32(d), 0x04, 0x40, ...this.statement(true), 0x05, ...this.statement(true), 0x0b];
      case 13: // if without else: its locals are set on one path only
        return [...this.i32(d), 0x04, 0x40, ...this.statement(true), 0x0b];
      case 14: // a block left early by br_if: what follows the branch is set on one path only
        return [0x02, 0x40, ...this.i32(d), 0x0d, 0x00, ...this.statement(true), 0x0b];
      default:
        return [...this.i32(d), ...set(r.pick(I32_LOCALS.slice(1)))];
    }
  }

  /** A module exporting f(a, n, z, x) -> i64 checksum and its memory. */
  module(): Uint8Array {
    const stmts = Array.from({ length: 3 + this.r.int(10) }, () => this.statement()).flat();
    // The loop runs n times (n in 1..8).
    const loop = [0x03, 0x40, ...stmts, ...get(COUNTER), ...i32c(-1), 0x6a, ...tee(COUNTER), 0x0d, 0x00, 0x0b];
    // Checksum: every local folded into an i64 (a NaN counts as 0: payloads are not compared).
    const sum: Bytes = [...i64c(0n)];
    for (const l of I32_LOCALS) sum.push(...get(l), 0xad, 0x85, ...i64c(31n), 0x89);
    for (const l of I64_LOCALS) sum.push(...get(l), 0x85, ...i64c(17n), 0x89);
    for (const l of F64_LOCALS) sum.push(...get(l), 0xbd, ...i64c(0n), ...get(l), ...get(l), 0x62, 0x1b, 0x85, ...i64c(7n), 0x89);
    const code = [...loop, ...sum, 0x0b];
    const locals: [number, number][] = [[4, T.i32], [3, T.i64], [3, T.f64], [1, T.i32], [1, T.i64], [1, T.i32], [2, T.i64]];
    const data = Array.from({ length: 256 }, (_, i) => (i * 73 + 11) & 0xff);
    return module(
      typeSec(funcType([T.i32, T.i32, T.i64, T.f64], [T.i64])),
      funcSec(0),
      section(5, vec([[0x00, ...u32(1)]])), // memory 1
      section(7, vec([[...str('f'), 0x00, 0x00], [...str('mem'), 0x02, 0x00]])),
      codeSec(body(locals, code)),
      section(11, vec([[0x00, ...i32c(0), 0x0b, ...u32(data.length), ...data]])),
    );
  }
}

type Run = (a: number, n: number, z: bigint, x: number) => bigint;

/** The result, or the trap's module offset (Lantern's Trap frames; V8's stack line `...:0x5e`). */
function outcome(run: () => bigint): bigint | string {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof Error) || e.name !== 'RuntimeError') throw e;
    const frames = (e as { frames?: { offset: number }[] }).frames;
    const offset = frames !== undefined ? frames[0].offset : Number.parseInt(/wasm-function\[\d+\]:0x([0-9a-f]+)/.exec(e.stack ?? '')![1], 16);
    return `trap at 0x${offset.toString(16)}`; // (V8's messages are its own, not the spec's)
  }
}

function instantiate(ns: typeof WebAssembly, bytes: Uint8Array): { f: Run; mem: WebAssembly.Memory } {
  const inst = new ns.Instance(new ns.Module(bytes as Uint8Array<ArrayBuffer>));
  return { f: inst.exports.f as unknown as Run, mem: inst.exports.mem as WebAssembly.Memory };
}

const Lantern = createWebAssembly();
/** A second Lantern whose store compiles in debug mode (every operand materialized, no fusion, Ticks). */
const LanternDebug = createWebAssembly();
DebugHooks.setDebugCompile(storeOf(LanternDebug)!, true);

describe('random programs agree with Node on results and memory', () => {
  const SEEDS = Array.from({ length: 250 }, (_, i) => 0x9e3779b9 ^ (i * 2654435761));
  it.each(SEEDS.map((s, i) => [i, s >>> 0]))('program %i (seed %i)', (_, seed) => {
    const bytes = new Gen(new Rng(seed || 1)).module();
    expect(WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)).toBe(true);
    const native = instantiate(WebAssembly, bytes);
    const lantern = instantiate(Lantern as unknown as typeof WebAssembly, bytes);
    const debug = instantiate(LanternDebug as unknown as typeof WebAssembly, bytes);
    for (const [a, n, z, x] of [[7, 3, 5n, 0.5], [-1, 8, -0x123456789n, -3], [0x12345, 1, 0n, 1e10]] as const) {
      const expected = native.f(a, n, z, x);
      expect(lantern.f(a, n, z, x), `f(${a}, ${n}, ${z}, ${x})`).toBe(expected);
      expect(debug.f(a, n, z, x), `debug-compiled f(${a}, ${n}, ${z}, ${x})`).toBe(expected);
    }
    for (const other of [lantern, debug]) {
      expect(new Uint8Array(other.mem.buffer).every((b, i) => b === new Uint8Array(native.mem.buffer)[i])).toBe(true);
    }
  });

  const TRAPPING = Array.from({ length: 150 }, (_, i) => (0x85ebca6b ^ (i * 2246822519)) >>> 0);
  let trapped = 0;
  it.each(TRAPPING.map((s, i) => [i, s]))('program %i that may trap (seed %i): same trap, same offset, same memory', (_, seed) => {
    const bytes = new Gen(new Rng(seed || 1), true).module();
    const native = instantiate(WebAssembly, bytes);
    const lantern = instantiate(Lantern as unknown as typeof WebAssembly, bytes);
    for (const [a, n, z, x] of [[7, 3, 5n, 0.5], [-1, 8, -0x123456789n, -3]] as const) {
      const expected = outcome(() => native.f(a, n, z, x));
      if (typeof expected === 'string') trapped++;
      expect(outcome(() => lantern.f(a, n, z, x)), `f(${a}, ${n}, ${z}, ${x})`).toBe(expected);
      // Whatever ran before a trap has happened, in order: the memories are equal.
      expect(new Uint8Array(lantern.mem.buffer).every((b, i) => b === new Uint8Array(native.mem.buffer)[i])).toBe(true);
    }
  });

  it('trapped in a good share of those runs (else they test nothing about traps)', () => {
    expect(trapped).toBeGreaterThan(30); // 42 of the 300 runs
  });

  /** The internal opcodes of every function compiled in the namespace's store. */
  const opsIn = (ns: object): Set<number> => {
    const store = storeOf(ns)!;
    const seen = new Set<number>();
    for (const f of store.funcs) {
      const map = f.codeMap;
      if (map === null) continue;
      for (let pc = map.start; pc < map.end; ) {
        const op = store.code.buf[pc];
        seen.add(op);
        const len = lengthAt(store.code.buf, pc, op);
        if (len <= 0) break;
        pc += len;
      }
    }
    return seen;
  };

  it('ran the debug-compiled copies in debug mode (Ticks, no fused instruction)', () => {
    const ops = opsIn(LanternDebug);
    expect(ops.has(Op.Tick)).toBe(true);
    expect([Op.I32AddImm2, Op.MemMove64, Op.F64AddToMem, Op.BrIfAddImmNe].filter((op) => ops.has(op))).toEqual([]);
  });

  it('exercised every fusion the programs are shaped for (else they prove nothing about it)', () => {
    const seen = opsIn(Lantern);
    const wanted: [string, number][] = [
      ['I64XorShrUMulImm', Op.I64XorShrUMulImm], ['Copy64x2', Op.Copy64x2], ['I32AddImm2', Op.I32AddImm2],
      ['F64AddToMem', Op.F64AddToMem], ['F64RSubToMem', Op.F64RSubToMem], ['F64AddStore', Op.F64AddStore],
      ['F64SubStore', Op.F64SubStore], ['F64MulMAdd', Op.F64MulMAdd], ['I32XorLoad8U', Op.I32XorLoad8U],
      ['I32AddLoad32', Op.I32AddLoad32], ['BrIfAddImmNe', Op.BrIfAddImmNe], ['BrIfI64AddLtU', Op.BrIfI64AddLtU],
      ['BrTableLoad32Shl', Op.BrTableLoad32Shl], ['BrIfI64LtU', Op.BrIfI64LtU], ['MemMove64', Op.MemMove64],
    ];
    expect(wanted.filter(([, op]) => !seen.has(op)).map(([name]) => name)).toEqual([]);
  });
});
