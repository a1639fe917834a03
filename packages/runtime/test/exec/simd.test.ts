/**
 * SIMD against Node's engine: for every fixed-width SIMD instruction of the opcode table a
 * function (hand-encoded here, no toolchain) loads its v128 operands from memory, applies the
 * instruction and stores or returns the result; Lantern and V8 run it over the same seeded
 * operands (integer edge cases, float specials: NaNs with payloads, -0.0, infinities,
 * subnormals, out-of-range values) and must agree lane by lane. NaN lanes must be NaN on both
 * sides (the spec lets the payload vary) except for the operations that only move bits.
 * Loads and stores run at every address near the end of memory: same value or same trap.
 * The relaxed instructions (Node 20 does not run them) are checked against the deterministic
 * profile's results, spelled out. Each runs on the interpreter and compiled by the JS tier
 * (`tier: 'eager'`, tier/emitSimd.ts: the inline word and lane code, and the interpreter's
 * operations called from compiled code).
 */
import { describe, expect, it } from 'vitest';
import { Imm, OPS_FD, type OpRow } from '../../src/binary/opcodes.ts';
import {
  DebugHooks, FuncInstance, type PauseContext, Store, createWebAssembly, decodeModule, instantiate, invoke, storeOf, validateModule,
} from '../../src/index.ts';
import { fixtureBytes, load as loadFixture } from './helpers.ts';
import { body, codeSec, funcSec, funcType, module, section, str, T, typeSec, u32, vec, type Bytes } from '../decodeValidate/wasmBuilder.ts';

type Exports = Record<string, (...args: unknown[]) => unknown> & { mem: WebAssembly.Memory };
type Tier = 'interpreter' | 'eager';
const TIERS: Tier[] = ['interpreter', 'eager'];
const LETTER: Record<string, number> = { i: T.i32, I: T.i64, f: T.f32, F: T.f64 };
/** Operand vectors live at 0, 16 and 32; a v128 result is stored at 48. */
const RESULT = 48;

const simdOp = (code: number): Bytes => [0xfd, ...u32(code)];
const i32Const = (n: number): Bytes => [0x41, ...u32(n)]; // small non-negative constants only
const load = (at: number): Bytes => [...i32Const(at), ...simdOp(0x00), 4, 0]; // v128.load align=16 offset=0

/** A function per row with no immediate: scalar operands are parameters, vectors come from memory. */
function functionOf(row: OpRow): { type: Bytes; code: Bytes } {
  const [code, , , sig] = row;
  const [ins, out] = sig!.split('>');
  const params: number[] = [];
  const pre: Bytes = out === 'v' ? i32Const(RESULT) : [];
  let operands: Bytes = [];
  let vectors = 0;
  for (const c of ins) {
    if (c === 'v') operands = operands.concat(load(16 * vectors++));
    else {
      operands = operands.concat([0x20, params.length]);
      params.push(LETTER[c]);
    }
  }
  const post: Bytes = out === 'v' ? [...simdOp(0x0b), 4, 0] : [];
  return { type: funcType(params, out === 'v' ? [] : [LETTER[out]]), code: [...pre, ...operands, ...simdOp(code), ...post, 0x0b] };
}

/** The module on Lantern and on V8, and Lantern's store (its tier says what ran compiled). */
function instantiateBoth(tier: Tier, types: Bytes[], bodies: Bytes[], names: string[]): [Exports, Exports, Store] {
  const bytes = module(
    typeSec(...types),
    funcSec(...types.map((_, i) => i)),
    section(5, vec([[0, 1]])), // (memory 1)
    section(7, vec([...names.map((n, i) => [...str(n), 0, ...u32(i)]), [...str('mem'), 2, 0]])),
    codeSec(...bodies.map((c) => body([], c))),
  ) as Uint8Array<ArrayBuffer>;
  const native = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
  const Lantern = createWebAssembly({ tier });
  const lantern = new Lantern.Instance(new Lantern.Module(bytes)).exports as unknown as Exports;
  return [lantern, native, storeOf(Lantern)!];
}

/** Seeded operand bytes: integer edge cases and float specials, mixed per lane. */
function* operandSets(n: number): Generator<Uint8Array> {
  let seed = 0x9e3779b9;
  const rnd = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };
  const f32s = [0, -0, 1, -1, 0.5, -1.5, 2.5, 3.5, -2.5, 1e-45, -1e-45, 3.4e38, -3.4e38, Infinity, -Infinity, NaN, 2147483647, -2147483649, 4294967296, 65535.5];
  const f32Bits = [0x7fc00000, 0xffc00000, 0x7fa00001, 0x7f800001, 0xff812345]; // NaNs: canonical, negative, quiet payload, signalling
  const f64s = [0, -0, 1, -1, 0.5, -2.5, 1.5e300, -1.5e300, 5e-324, Infinity, -Infinity, NaN, 2147483647.5, -2147483648.9, 4294967295.9, 1e10];
  const ints = [0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0x12345678];
  for (let k = 0; k < n; k++) {
    const buf = new ArrayBuffer(48);
    const dv = new DataView(buf);
    const style = k % 4;
    for (let w = 0; w < 12; w++) {
      const r = rnd();
      if (style === 0) dv.setUint32(4 * w, r);
      else if (style === 1) dv.setUint32(4 * w, ints[r % ints.length] >>> 0, true);
      else if (style === 2) {
        if (r % 4 === 0) dv.setUint32(4 * w, f32Bits[r % f32Bits.length], true);
        else dv.setFloat32(4 * w, f32s[r % f32s.length], true);
      } else if (w % 2 === 0) {
        if (r % 5 === 0) {
          dv.setUint32(4 * w, r, true);
          dv.setUint32(4 * w + 4, 0x7ff00000 | (r & 0xfffff), true); // a NaN with a payload (or an infinity)
        } else dv.setFloat64(4 * w, f64s[r % f64s.length], true);
      }
    }
    yield new Uint8Array(buf);
  }
}

/** Are these result bytes the same, by lane shape? NaN lanes compare as NaN unless `exactNaN`. */
function sameLanes(name: string, a: Uint8Array, b: Uint8Array, exactNaN: boolean): boolean {
  const da = new DataView(a.buffer, a.byteOffset, 16), db = new DataView(b.buffer, b.byteOffset, 16);
  const float = /^f32x4|^f64x2/.exec(name);
  for (let i = 0; i < 16; i += 8) {
    if (da.getBigUint64(i, true) === db.getBigUint64(i, true)) continue;
    if (exactNaN || float === null) return false;
    if (float[0] === 'f64x2') {
      if (!(Number.isNaN(da.getFloat64(i, true)) && Number.isNaN(db.getFloat64(i, true)))) return false;
    } else {
      for (const j of [i, i + 4]) {
        const x = da.getFloat32(j, true), y = db.getFloat32(j, true);
        if (da.getUint32(j, true) !== db.getUint32(j, true) && !(Number.isNaN(x) && Number.isNaN(y))) return false;
      }
    }
  }
  return true;
}

const BIT_MOVES = /\.(abs|neg|pmin|pmax)$|^f32x4\.(abs|neg)|^v128\./;
const SCALARS: Record<string, unknown[]> = {
  i: [0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, -1, 0x7fffffff, -0x80000000],
  I: [0n, 1n, -1n, 0x7fffffffffffffffn, -0x8000000000000000n, 0x123456789abcdefn],
  f: [0, -0, 1.5, -2.5, NaN, Infinity, 3.4028234663852886e38],
  F: [0, -0, 1.5, -2.5, NaN, -Infinity, 1e308],
};

describe.each(TIERS)('SIMD lane operations agree with V8 (tier %s)', (tier) => {
  const rows = (Object.values(OPS_FD) as OpRow[]).filter((r) => r[2] === Imm.None && r[0] < 0x100);
  const fns = rows.map(functionOf);
  const [lantern, native, store] = instantiateBoth(tier, fns.map((f) => f.type), fns.map((f) => f.code), rows.map((r) => r[1]));
  const lmem = new Uint8Array(lantern.mem.buffer), nmem = new Uint8Array(native.mem.buffer);

  it.each(rows.map((r) => [r[1], r] as const))('%s', (name, row) => {
    const ins = row[3]!.split('>')[0].replace(/v/g, '');
    const scalarArgs = ins.length === 0 ? [[]] : SCALARS[ins[0]].map((x) => [x]);
    let checked = 0;
    for (const operands of operandSets(48)) {
      for (const args of scalarArgs) {
        lmem.set(operands);
        nmem.set(operands);
        const lr = lantern[name]!(...args), nr = native[name]!(...args);
        if (row[3]!.endsWith('>v')) {
          const ok = sameLanes(name, lmem.subarray(RESULT, RESULT + 16), nmem.subarray(RESULT, RESULT + 16), BIT_MOVES.test(name));
          if (!ok) expect([...lmem.subarray(RESULT, RESULT + 16)], `${name}(${[...operands.subarray(0, 48)]}; ${args})`).toEqual([...nmem.subarray(RESULT, RESULT + 16)]);
        } else {
          expect(lr, `${name}(${[...operands]})`).toEqual(nr);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it(`runs every function ${tier === 'eager' ? 'compiled' : 'interpreted'}`, () => {
    for (const row of rows) {
      const ins = row[3]!.split('>')[0].replace(/v/g, '');
      lantern[row[1]]!(...(ins.length === 0 ? [] : [SCALARS[ins[0]][0]]));
    }
    if (tier === 'interpreter') return expect(store.tier).toBeNull();
    expect(store.tier!.unsupported.size).toBe(0);
    expect(store.tier!.compiled).toBe(rows.length);
  });
});

describe.each(TIERS)('SIMD lanes, shuffles and memory agree with V8 (tier %s)', (tier) => {
  const rows = (Object.values(OPS_FD) as OpRow[]).filter((r) => r[2] === Imm.Lane);
  const types: Bytes[] = [];
  const codes: Bytes[] = [];
  const names: string[] = [];
  for (const [code, name, , sig, lanes] of rows) {
    for (const lane of new Set([0, lanes! - 1, lanes! >> 1])) {
      const [ins, out] = sig!.split('>');
      const scalar = ins.length === 2 ? [0x20, 0] : [];
      types.push(funcType(ins.length === 2 ? [LETTER[ins[1]]] : [], out === 'v' ? [] : [LETTER[out]]));
      codes.push([...(out === 'v' ? i32Const(RESULT) : []), ...load(0), ...scalar, ...simdOp(code), lane, ...(out === 'v' ? [...simdOp(0x0b), 4, 0] : []), 0x0b]);
      names.push(`${name} ${lane}`);
    }
  }
  // i8x16.shuffle: lanes from both operands, and a rotation.
  const shuffles = [[0, 17, 2, 19, 4, 21, 6, 23, 8, 25, 10, 27, 12, 29, 14, 31], [31, 30, 29, 28, 27, 26, 25, 24, 7, 6, 5, 4, 3, 2, 1, 0], [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]];
  shuffles.forEach((lanes, k) => {
    types.push(funcType([], []));
    codes.push([...i32Const(RESULT), ...load(0), ...load(16), ...simdOp(0x0d), ...lanes, ...simdOp(0x0b), 4, 0, 0x0b]);
    names.push(`i8x16.shuffle ${k}`);
  });
  // Every load and store form at an address parameter (offset 3 in the memarg), value from/to 0.
  const memRows = (Object.values(OPS_FD) as OpRow[]).filter((r) => r[2] === Imm.MemArg || r[2] === Imm.MemArgLane);
  for (const [code, name, imm, sig] of memRows) {
    const laneImm = imm === Imm.MemArgLane ? [1] : [];
    const memarg = [0, 3, ...laneImm]; // align 1, offset 3
    let c: Bytes;
    if (sig === 'a>v') c = [...i32Const(RESULT), 0x20, 0, ...simdOp(code), ...memarg, ...simdOp(0x0b), 4, 0];
    else if (sig === 'av>v') c = [...i32Const(RESULT), 0x20, 0, ...load(0), ...simdOp(code), ...memarg, ...simdOp(0x0b), 4, 0];
    else c = [0x20, 0, ...load(0), ...simdOp(code), ...memarg];
    types.push(funcType([T.i32], []));
    codes.push([...c, 0x0b]);
    names.push(name);
  }
  const [lantern, native] = instantiateBoth(tier, types, codes, names);
  const lmem = new Uint8Array(lantern.mem.buffer), nmem = new Uint8Array(native.mem.buffer);

  it.each(names.filter((n) => !memRows.some((r) => r[1] === n)))('%s', (name) => {
    for (const operands of operandSets(12)) {
      for (const arg of name.includes('replace_lane') ? SCALARS[/i64x2/.test(name) ? 'I' : /f32/.test(name) ? 'f' : /f64/.test(name) ? 'F' : 'i'] : [undefined]) {
        lmem.set(operands);
        nmem.set(operands);
        const lr = lantern[name]!(arg), nr = native[name]!(arg);
        if (Number.isNaN(lr) && Number.isNaN(nr)) continue;
        expect(lr).toEqual(nr);
        expect([...lmem.subarray(RESULT, RESULT + 16)]).toEqual([...nmem.subarray(RESULT, RESULT + 16)]);
      }
    }
  });

  it.each(memRows.map((r) => r[1]))('%s: the same bytes, or the same trap, at every address near the end of memory', (name) => {
    const end = 65536;
    const operands = operandSets(1).next().value!;
    for (let addr = end - 40; addr <= end; addr++) {
      for (const at of [addr, addr | 0x80000000]) {
        lmem.fill(0).set(operands);
        nmem.fill(0).set(operands);
        lmem.set(operands, end - 48);
        nmem.set(operands, end - 48);
        const outcome = (f: () => unknown) => {
          try {
            f();
            return 'ok';
          } catch (e) {
            return `${(e as Error).constructor.name}: ${(e as Error).message.includes('out of bounds') ? 'out of bounds' : (e as Error).message}`;
          }
        };
        expect(outcome(() => lantern[name]!(at)), `${name} at ${addr}`).toBe(outcome(() => native[name]!(at)));
        expect([...lmem.subarray(RESULT, RESULT + 16)]).toEqual([...nmem.subarray(RESULT, RESULT + 16)]);
        expect([...lmem.subarray(end - 48)]).toEqual([...nmem.subarray(end - 48)]);
      }
    }
  });
});

describe.each(TIERS)('relaxed SIMD: the deterministic profile (tier %s)', (tier) => {
  const rows = (Object.values(OPS_FD) as OpRow[]).filter((r) => r[0] >= 0x100);
  const fns = rows.map(functionOf);
  const bytes = module(
    typeSec(...fns.map((f) => f.type)),
    funcSec(...fns.map((_, i) => i)),
    section(5, vec([[0, 1]])),
    section(7, vec([...rows.map((r, i) => [...str(r[1]), 0, ...u32(i)]), [...str('mem'), 2, 0]])),
    codeSec(...fns.map((f) => body([], f.code))),
  ) as Uint8Array<ArrayBuffer>;
  const Lantern = createWebAssembly({ tier });
  const lantern = new Lantern.Instance(new Lantern.Module(bytes)).exports as unknown as Exports;
  const mem = () => new DataView(lantern.mem.buffer);
  /** Runs `name` on operand vectors written by `set`; returns the result vector. */
  function run(name: string, set: (dv: DataView) => void): DataView {
    new Uint8Array(lantern.mem.buffer).fill(0);
    set(mem());
    lantern[name]!();
    return new DataView(lantern.mem.buffer, RESULT, 16);
  }
  const f32Lanes = (dv: DataView, at: number, xs: number[]) => xs.forEach((x, i) => dv.setFloat32(at + 4 * i, x, true));
  const f64Lanes = (dv: DataView, at: number, xs: number[]) => xs.forEach((x, i) => dv.setFloat64(at + 8 * i, x, true));

  it('covers all 20 relaxed instructions', () => {
    expect(rows.length).toBe(20);
  });

  it('relaxed_swizzle is swizzle: indices of 16 and over select 0', () => {
    const r = run('i8x16.relaxed_swizzle', (dv) => {
      for (let i = 0; i < 16; i++) dv.setUint8(i, 100 + i);
      [15, 16, 17, 0x80, 0xff, 0, 31, 1].forEach((j, i) => dv.setUint8(16 + i, j));
    });
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => r.getUint8(i))).toEqual([115, 0, 0, 0, 0, 100, 0, 101]);
  });

  it('relaxed_trunc is trunc_sat: NaN is 0, out of range saturates', () => {
    const s = run('i32x4.relaxed_trunc_f32x4_s', (dv) => f32Lanes(dv, 0, [NaN, 3e9, -3e9, -2.75]));
    expect([0, 1, 2, 3].map((i) => s.getInt32(4 * i, true))).toEqual([0, 2147483647, -2147483648, -2]);
    const u = run('i32x4.relaxed_trunc_f32x4_u', (dv) => f32Lanes(dv, 0, [NaN, 5e9, -1, 3e9]));
    expect([0, 1, 2, 3].map((i) => u.getUint32(4 * i, true))).toEqual([0, 4294967295, 0, 3000000000]);
    const sz = run('i32x4.relaxed_trunc_f64x2_s_zero', (dv) => f64Lanes(dv, 0, [-1e10, 7.9]));
    expect([0, 1, 2, 3].map((i) => sz.getInt32(4 * i, true))).toEqual([-2147483648, 7, 0, 0]);
    const uz = run('i32x4.relaxed_trunc_f64x2_u_zero', (dv) => f64Lanes(dv, 0, [NaN, 1e10]));
    expect([0, 1, 2, 3].map((i) => uz.getUint32(4 * i, true))).toEqual([0, 4294967295, 0, 0]);
  });

  it('relaxed_madd / nmadd round the product, then the sum (never fused)', () => {
    // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24 rounds to 1 + 2^-11 in f32: unfused 0, fused 2^-24.
    const a32 = 1 + 2 ** -12, c32 = -(1 + 2 ** -11);
    const m32 = run('f32x4.relaxed_madd', (dv) => {
      f32Lanes(dv, 0, [a32, 2, 0.5, Infinity]);
      f32Lanes(dv, 16, [a32, 3, 4, 0]);
      f32Lanes(dv, 32, [c32, 1, -2, 1]);
    });
    expect([0, 1, 2, 3].map((i) => m32.getFloat32(4 * i, true))).toEqual([0, 7, 0, NaN]);
    const n32 = run('f32x4.relaxed_nmadd', (dv) => {
      f32Lanes(dv, 0, [a32, 2, 1, 1]);
      f32Lanes(dv, 16, [a32, 3, 1, 1]);
      f32Lanes(dv, 32, [-c32, 1, 1, 0]);
    });
    expect([0, 1, 2, 3].map((i) => n32.getFloat32(4 * i, true))).toEqual([0, -5, 0, -1]);
    const a64 = 1 + 2 ** -27, c64 = -(1 + 2 ** -26);
    const m64 = run('f64x2.relaxed_madd', (dv) => {
      f64Lanes(dv, 0, [a64, 1.5]);
      f64Lanes(dv, 16, [a64, 2]);
      f64Lanes(dv, 32, [c64, 0.25]);
    });
    expect([m64.getFloat64(0, true), m64.getFloat64(8, true)]).toEqual([0, 3.25]);
    const n64 = run('f64x2.relaxed_nmadd', (dv) => {
      f64Lanes(dv, 0, [a64, 1.5]);
      f64Lanes(dv, 16, [a64, 2]);
      f64Lanes(dv, 32, [-c64, 0.25]);
    });
    expect([n64.getFloat64(0, true), n64.getFloat64(8, true)]).toEqual([0, -2.75]);
  });

  it('relaxed_laneselect is bitselect, in every lane shape', () => {
    for (const name of ['i8x16', 'i16x8', 'i32x4', 'i64x2'].map((s) => `${s}.relaxed_laneselect`)) {
      const r = run(name, (dv) => {
        dv.setUint32(0, 0xaaaaaaaa, true);
        dv.setUint32(16, 0x55555555, true);
        dv.setUint32(32, 0x0f0f00ff, true); // a mask that is not all-ones or all-zeros per lane
      });
      expect(r.getUint32(0, true), name).toBe(((0xaaaaaaaa & 0x0f0f00ff) | (0x55555555 & ~0x0f0f00ff)) >>> 0);
    }
  });

  it('relaxed_min / max are min / max: NaN if either is, -0 below +0', () => {
    const mn = run('f32x4.relaxed_min', (dv) => {
      f32Lanes(dv, 0, [NaN, 1, -0, 0]);
      f32Lanes(dv, 16, [1, NaN, 0, -0]);
    });
    expect([0, 1, 2, 3].map((i) => mn.getFloat32(4 * i, true))).toEqual([NaN, NaN, -0, -0]);
    const mx = run('f64x2.relaxed_max', (dv) => {
      f64Lanes(dv, 0, [-0, NaN]);
      f64Lanes(dv, 16, [0, 2]);
    });
    expect([mx.getFloat64(0, true), mx.getFloat64(8, true)]).toEqual([0, NaN]);
    const mn64 = run('f64x2.relaxed_min', (dv) => f64Lanes(dv, 16, [-0, 1]));
    expect(Object.is(mn64.getFloat64(0, true), -0)).toBe(true);
    const mx32 = run('f32x4.relaxed_max', (dv) => f32Lanes(dv, 0, [-0, 3, -Infinity, 1]));
    expect([0, 1, 2, 3].map((i) => mx32.getFloat32(4 * i, true))).toEqual([0, 3, 0, 1]);
  });

  it('relaxed_q15mulr_s saturates like q15mulr_sat_s; the dot products read the second operand as signed', () => {
    const q = run('i16x8.relaxed_q15mulr_s', (dv) => {
      [-32768, 16384, -32768].forEach((x, i) => dv.setInt16(2 * i, x, true));
      [-32768, 16384, 32767].forEach((x, i) => dv.setInt16(16 + 2 * i, x, true));
    });
    expect([0, 1, 2].map((i) => q.getInt16(2 * i, true))).toEqual([32767, 8192, -32767]);
    const dot = run('i16x8.relaxed_dot_i8x16_i7x16_s', (dv) => {
      [-128, -128, 3, -4].forEach((x, i) => dv.setInt8(i, x));
      [-128, -128, 5, 0x80].forEach((x, i) => dv.setUint8(16 + i, x & 0xff));
    });
    expect([0, 1].map((i) => dot.getInt16(2 * i, true))).toEqual([32767, 15 + 512]);
    const add = run('i32x4.relaxed_dot_i8x16_i7x16_add_s', (dv) => {
      for (let i = 0; i < 4; i++) dv.setInt8(i, -128);
      for (let i = 0; i < 4; i++) dv.setInt8(16 + i, -128);
      dv.setInt32(32, -65534, true);
      dv.setInt8(4, 2);
      dv.setInt8(20, 3);
      dv.setInt32(36, 10, true);
    });
    expect([add.getInt32(0, true), add.getInt32(4, true)]).toEqual([0, 16]);
  });
});

describe('v128 values in frames, calls and the tier', () => {
  // (func $mix (param i32 v128 i64 v128) (result v128 i64 i32)): lane sums mixed with scalars, so
  // every value's slot depends on the v128 widths before it; $outer (only scalars) calls it.
  const v128Const = (lanes: number[]): Bytes => [0xfd, 0x0c, ...lanes.flatMap((x) => [x & 0xff, (x >> 8) & 0xff, (x >> 16) & 0xff, (x >>> 24) & 0xff])];
  const bytes = module(
    typeSec(funcType([T.i32, T.v128, T.i64, T.v128], [T.v128, T.i64, T.i32]), funcType([T.i32], [T.i32])),
    funcSec(0, 1),
    section(7, vec([[...str('mix'), 0, 0], [...str('outer'), 0, 1]])),
    codeSec(
      body([[1, T.v128]], [
        0x20, 1, 0x20, 3, ...simdOp(0xae), 0x21, 4, // local 4 = i32x4.add(p1, p3)
        0x20, 4, // result 0
        0x20, 2, 0x20, 4, ...simdOp(0x1d), 0, 0x7c, // result 1: p2 + i64x2.extract_lane 0 (local 4)
        0x20, 0, 0x20, 4, ...simdOp(0x1b), 3, 0x6a, // result 2: p0 + i32x4.extract_lane 3 (local 4)
        0x0b,
      ]),
      body([], [
        0x20, 0, ...v128Const([1, 2, 3, 4]), 0x42, 5, ...v128Const([10, 20, 30, 40]), 0x10, 0, // call $mix
        0x21, 0, 0x1a, ...simdOp(0x1b), 1, 0x20, 0, 0x6a, // i32x4.extract_lane 1 of the v128 result + the i32 result
        0x0b,
      ]),
    ),
  );

  it('v128 values through suspend, resume, cont.bind and a continuation\'s results (fixtures/simdSwitch.wat)', () => {
    const m = loadFixture('simdSwitch');
    expect(m.call('run')).toEqual([105n + 160n + 7n + 4n]);
    expect(m.call('bound')).toEqual([14n + 80n + 7n + 4n]);
  });

  it.each(['interpreter', 'eager'] as const)('%s: arguments and results of mixed widths land where the callee and caller look', (tier) => {
    const store = new Store({ tier });
    const info = decodeModule(bytes);
    validateModule(info);
    const inst = instantiate(store, info, []);
    const f = (n: string) => inst.exports.get(n) as FuncInstance;
    expect(invoke(store, f('outer'), [7])).toEqual([22 + 7 + 44]);
    const v = (lanes: number[]) => lanes.reduce((acc, x, i) => acc | (BigInt(x >>> 0) << BigInt(32 * i)), 0n);
    expect(invoke(store, f('mix'), [1, v([1, 2, 3, -1]), 100n, v([1, 1, 1, 1])])).toEqual([v([2, 3, 4, 0]), 100n + (3n << 32n) + 2n, 1]);
    if (tier === 'eager') {
      expect(store.tier!.unsupported.get('several results')).toBe(2); // mix has three, outer calls it: both stay interpreted
      expect(f('mix').jit).toBeNull();
    }
  });
});

describe('v128 through locals, block parameters, loops, br_table, select, globals, indirect calls and exceptions (fixtures/simd.wat)', () => {
  const bytes = fixtureBytes('simd') as Uint8Array<ArrayBuffer>;
  const native = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
  const cases: [string, unknown[]][] = [
    ['loop', [1]], ['loop', [2]], ['loop', [9]], ['table', [0]], ['table', [1]], ['table', [2]], ['table', [7]],
    ['select', [1]], ['select', [0]], ['select', [5]], ['catch', [3]], ['catch', [-40000]],
  ];
  it.each(['interpreter', 'eager'] as const)('%s: the same results as V8', (tier) => {
    const WA = createWebAssembly({ tier });
    const lantern = new WA.Instance(new WA.Module(bytes)).exports as unknown as Exports;
    const fresh = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
    for (const [name, args] of cases) expect(lantern[name]!(...args), `${name}(${args})`).toEqual(fresh[name]!(...args));
    expect(native.loop!(3)).toBe(lantern.loop!(3));
  });
});

describe('v128 operands under a debugger (debug compile mode)', () => {
  it('reads the operand stack across v128 and i32 entries and writes a v128 operand', () => {
    const m = loadFixture('simd');
    DebugHooks.setDebugCompile(m.store, true);
    DebugHooks.setBreakpoint(m.store, m.inst, 0x16c); // select (result v128) in "select"
    const f64x2 = (a: number, b: number) => {
      const dv = new DataView(new ArrayBuffer(16));
      dv.setFloat64(0, a, true);
      dv.setFloat64(8, b, true);
      return dv.getBigUint64(0, true) | (dv.getBigUint64(8, true) << 64n);
    };
    let seen: unknown[] = [];
    const off = DebugHooks.onExit(m.store, (ctx: PauseContext) => {
      const f = ctx.frames();
      seen = [f.operandCount, f.operandType(1), f.operand(1), f.operand(2), f.operand(3)];
      f.setOperand(2, f64x2(100, 200)); // the select's second choice
      return undefined;
    });
    expect(m.call('select', 0)).toEqual([BigInt.asUintN(64, BigInt(new BigInt64Array(new Float64Array([300]).buffer)[0]))]);
    expect(seen).toEqual([4, 0x7b, f64x2(1.5, -2.5), f64x2(-0.25, 8), 0]);
    off();
  });
});
