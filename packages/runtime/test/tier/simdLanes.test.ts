/**
 * The tier's packed-lane SIMD code (tier/simdSwar.ts) and its lane bounds (emitSimd.ts: sums of
 * widened bytes add as whole words) against Node's engine. The per-instruction test
 * (test/exec/simd.test.ts) runs seeded operands; here the byte operations see every pair of byte
 * values (each of the 16 lanes a different pair per call), the 16-bit ones every pair of edge
 * values, and chains of additions cross the point where the lane bound no longer holds. Each
 * function is compiled (`tier: 'eager'`) and its results compared byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { OPS_FD } from '../../src/binary/opcodes.ts';
import { createWebAssembly, storeOf } from '../../src/index.ts';
import { body, codeSec, funcSec, funcType, module, s32, section, str, T, typeSec, u32, vec, type Bytes } from '../decodeValidate/wasmBuilder.ts';

type Fn = (...args: number[]) => number;
/** Operands at 0, 16 and 32; a v128 result is stored at 48. */
const RESULT = 48;
const code = (name: string): number => {
  const row = Object.values(OPS_FD).find((r) => r[1] === name);
  if (row === undefined) throw new Error(`no SIMD instruction ${name}`);
  return row[0];
};
const op = (name: string): Bytes => [0xfd, ...u32(code(name))];
const load = (at: number): Bytes => [0x41, ...u32(at), ...op('v128.load'), 4, 0];
const store: Bytes = [...op('v128.store'), 4, 0];
const toResult = (ops: Bytes): Bytes => [0x41, ...u32(RESULT), ...ops, ...store];

interface Case { name: string; params: number[]; result: number[]; code: Bytes; v128Locals?: number }

/** The module on both engines; Lantern compiles every function. */
function both(cases: Case[]): {
  lantern: Record<string, Fn>; native: Record<string, Fn>; lmem: Uint8Array; nmem: Uint8Array; compiled: () => number;
  /** Each function's generated JS, by case name. */
  sources: Map<string, string>;
} {
  const bytes = module(
    typeSec(...cases.map((c) => funcType(c.params, c.result))),
    funcSec(...cases.map((_, i) => i)),
    section(5, vec([[0, 1]])),
    section(7, vec([...cases.map((c, i) => [...str(c.name), 0, ...u32(i)]), [...str('mem'), 2, 0]])),
    codeSec(...cases.map((c) => body(c.v128Locals ? [[c.v128Locals, T.v128]] : [], [...c.code, 0x0b]))),
  ) as Uint8Array<ArrayBuffer>;
  const native = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Record<string, Fn> & { mem: WebAssembly.Memory };
  const Lantern = createWebAssembly({ tier: 'eager' });
  const tier = storeOf(Lantern)!.tier!;
  const sources = new Map<string, string>();
  tier.onSource = (f, source) => sources.set(cases[f.funcIndex].name, source);
  const lantern = new Lantern.Instance(new Lantern.Module(bytes)).exports as unknown as Record<string, Fn> & { mem: WebAssembly.Memory };
  return {
    lantern, native, lmem: new Uint8Array(lantern.mem.buffer), nmem: new Uint8Array(native.mem.buffer), sources,
    compiled: () => (tier.unsupported.size === 0 ? tier.compiled : -1),
  };
}

const BYTE_BINARY = [
  'i8x16.eq', 'i8x16.ne', 'i8x16.lt_s', 'i8x16.lt_u', 'i8x16.gt_s', 'i8x16.gt_u', 'i8x16.le_s', 'i8x16.le_u', 'i8x16.ge_s', 'i8x16.ge_u',
  'i8x16.add_sat_u', 'i8x16.sub_sat_u', 'i8x16.min_s', 'i8x16.min_u', 'i8x16.max_s', 'i8x16.max_u', 'i8x16.avgr_u',
  'i16x8.extmul_low_i8x16_s', 'i16x8.extmul_high_i8x16_s', 'i16x8.extmul_low_i8x16_u', 'i16x8.extmul_high_i8x16_u',
];
const BYTE_UNARY = ['i16x8.extadd_pairwise_i8x16_s', 'i16x8.extadd_pairwise_i8x16_u', 'i8x16.popcnt'];

/**
 * |a - b| per byte as clang writes it — or(sub_sat_u(a, b), sub_sat_u(b, a)) of two locals — is
 * fused (tier/simdFusion.ts); these variants may not be: a local written between the halves, the
 * operands not swapped, a sub_sat of a value that is no local.
 */
/** Lane shifts by constant counts (taken modulo the lane width), and by a count read from memory (byte 33: every value). */
const COUNTS = [0, 1, 3, 7, 8, 9, 15, 16, 17, -1];
const shifts = (bits: 8 | 16): Case[] => ['shl', 'shr_s', 'shr_u'].flatMap((kind) => {
  const name = `i${bits}x${128 / bits}.${kind}`;
  return [...COUNTS.map((n) => [`${name} ${n}`, [0x41, ...s32(n)]] as const), [`${name} n`, [0x41, 33, 0x2d, 0, 0]] as const]
    .map(([label, count]) => ({ name: label, params: [], result: [], code: toResult([...load(0), ...count, ...op(name)]) }));
});
const get = (i: number): Bytes => [0x20, i], set = (i: number): Bytes => [0x21, i], tee = (i: number): Bytes => [0x22, i];
const subSat = op('i8x16.sub_sat_u'), or = op('v128.or');
const ABS_DIFF: Case[] = [
  ['absDiff', [...load(0), ...tee(0), ...load(16), ...tee(1), ...subSat, ...get(1), ...get(0), ...subSat, ...or]],
  ['absDiffSetBetween', [...load(0), ...set(0), ...load(16), ...set(1), ...get(0), ...get(1), ...subSat, ...get(1), ...get(1), ...subSat, ...tee(0), ...or, ...get(0), ...get(1), ...subSat, ...or]],
  ['absDiffTeeBetween', [...load(0), ...set(0), ...load(16), ...set(1), ...get(0), ...get(1), ...subSat, ...get(1), ...tee(0), ...get(0), ...subSat, ...or]],
  ['subSatTwiceSameOrder', [...load(0), ...set(0), ...load(16), ...set(1), ...get(0), ...get(1), ...subSat, ...get(0), ...get(1), ...subSat, ...or]],
  // A memory access between the halves may leave for the interpreter, which then reads the first half's result.
  ['absDiffLoadBetween', [...load(0), ...tee(0), ...load(16), ...tee(1), ...subSat, 0x41, 0, 0x2d, 0, 0, 0x28, 2, 0, 0x1a, ...get(1), ...get(0), ...subSat, ...or]],
  ['subSatOfLoads', [...load(0), ...load(16), ...subSat, ...load(16), ...load(0), ...subSat, ...or]],
  ['absDiffThenSum', [...load(0), ...tee(0), ...load(16), ...tee(1), ...subSat, ...get(1), ...get(0), ...subSat, ...or,
    ...op('i16x8.extadd_pairwise_i8x16_u'), ...op('i32x4.extadd_pairwise_i16x8_u')]],
].map(([name, code]) => ({ name: name as string, params: [], result: [], v128Locals: 2, code: toResult(code as Bytes) }));

describe('packed 8-bit lanes agree with V8 on every pair of byte values', () => {
  const cases: Case[] = [
    ...BYTE_BINARY.map((name) => ({ name, params: [], result: [], code: toResult([...load(0), ...load(16), ...op(name)]) })),
    ...BYTE_UNARY.map((name) => ({ name, params: [], result: [], code: toResult([...load(0), ...op(name)]) })),
    { name: 'i8x16.bitmask', params: [], result: [T.i32], code: [...load(0), ...op('i8x16.bitmask')] },
    ...ABS_DIFF,
    ...shifts(8),
  ];
  const { lantern, native, lmem, nmem, compiled, sources } = both(cases);

  it.each(cases.map((c) => c.name))('%s', (name) => {
    let calls = 0;
    // Call k: lane j holds the pair (a, b) = (16k + j) split in bytes, a rotated so every lane sees every a.
    for (let k = 0; k < 4096; k++) {
      for (let j = 0; j < 16; j++) {
        const pair = 16 * k + j;
        const a = ((pair >> 8) + 37 * j) & 0xff, b = pair & 0xff;
        lmem[j] = nmem[j] = a;
        lmem[16 + j] = nmem[16 + j] = b;
      }
      const lr = lantern[name](), nr = native[name]();
      if (lr !== nr || lmem.subarray(RESULT, RESULT + 16).some((x, i) => x !== nmem[RESULT + i])) {
        expect([lr, ...lmem.subarray(RESULT, RESULT + 16)], `${name} on ${[...nmem.subarray(0, 32)]}`).toEqual([nr, ...nmem.subarray(RESULT, RESULT + 16)]);
      }
      calls++;
    }
    expect(calls).toBe(4096);
  });

  it('compiles every function', () => {
    for (const c of cases) lantern[c.name]();
    expect(compiled()).toBe(cases.length);
  });

  it('fuses the absolute difference only where both halves read the same two locals, unwritten', () => {
    for (const c of cases) lantern[c.name]();
    // absDiffU8's last statement: the negated bytes plus their one.
    const fused = [...sources].filter(([, js]) => js.includes('+ v0$) | 0;')).map(([name]) => name);
    expect(fused).toEqual(['absDiff', 'absDiffLoadBetween', 'absDiffThenSum']);
    // sub_sat_u's statement (its saturation mask, once a word), gone where fused, but kept before an exit site.
    const subSatKept = (name: string) => (sources.get(name)!.match(/& ~Math\.imul\(/g) ?? []).length;
    expect([subSatKept('absDiff'), subSatKept('absDiffLoadBetween')]).toEqual([0, 4]);
  });

});

/** 16-bit edge values: saturation bounds of both widths, signs, and the carry between halves. */
const HALVES = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x17f, 0x7fff, 0x8000, 0x8001, 0xff00, 0xff7f, 0xff80, 0xfffe, 0xffff, 0x1234];

describe('packed 16-bit lanes agree with V8 on every pair of edge values', () => {
  const names = [
    'i16x8.avgr_u', 'i16x8.add', 'i8x16.narrow_i16x8_u', 'i8x16.narrow_i16x8_s', 'i32x4.extadd_pairwise_i16x8_s', 'i32x4.extadd_pairwise_i16x8_u',
    'i32x4.extmul_low_i16x8_s', 'i32x4.extmul_high_i16x8_s', 'i32x4.extmul_low_i16x8_u', 'i32x4.extmul_high_i16x8_u',
  ];
  const cases: Case[] = [
    ...names.map((name) => ({ name, params: [], result: [], code: toResult([...load(0), ...(name.includes('extadd') ? [] : load(16)), ...op(name)]) })),
    ...shifts(16),
  ];
  const { lantern, native, lmem, nmem, compiled } = both(cases);
  const lv = new DataView(lmem.buffer), nv = new DataView(nmem.buffer);

  it.each(cases.map((c) => c.name))('%s', (name) => {
    let calls = 0;
    for (const x of HALVES) {
      for (let k = 0; k < HALVES.length; k += 2) {
        // Lanes: x beside each edge value, in both orders, so narrowing sees in-range and out-of-range halves in one word.
        for (let j = 0; j < 8; j++) {
          const y = HALVES[(k + j) % HALVES.length];
          for (const [v, at] of [[j % 2 === 0 ? x : y, 2 * j], [j % 2 === 0 ? y : x, 16 + 2 * j]] as const) {
            lv.setUint16(at, v, true);
            nv.setUint16(at, v, true);
          }
        }
        lantern[name]();
        native[name]();
        expect([...lmem.subarray(RESULT, RESULT + 16)], `${name} on ${[...nmem.subarray(0, 32)]}`).toEqual([...nmem.subarray(RESULT, RESULT + 16)]);
        calls++;
      }
    }
    expect(calls).toBe(HALVES.length * HALVES.length / 2);
  });

  it('compiles every function', () => {
    for (const c of cases) lantern[c.name]();
    expect(compiled()).toBe(cases.length);
  });
});

describe('16-bit lane bounds of widened bytes', () => {
  const widenLow = [...load(0), ...op('i16x8.extend_low_i8x16_u')];
  const widenHigh = [...load(0), ...op('i16x8.extend_high_i8x16_u')];
  const add = op('i16x8.add');
  /** n widened bytes summed in a row: 257 sums of 255 fit 16 bits, the next ones wrap. */
  const chain = (n: number): Bytes => [...widenLow, ...Array.from({ length: n - 1 }, (_, i) => [...(i % 2 ? widenLow : widenHigh), ...add]).flat()];
  const cases: Case[] = [
    { name: 'sum2', params: [], result: [], code: toResult(chain(2)) },
    { name: 'sum257', params: [], result: [], code: toResult(chain(257)) },
    { name: 'sum300', params: [], result: [], code: toResult(chain(300)) },
    // Widened bytes plus a vector of unknown lanes (either order), then pairwise sums of bytes.
    { name: 'unknownPlusSmall', params: [], result: [], code: toResult([...load(16), ...widenLow, ...add, ...widenHigh, ...add]) },
    { name: 'smallPlusUnknown', params: [], result: [], code: toResult([...widenLow, ...load(16), ...add]) },
    { name: 'pairwisePlusUnknown', params: [], result: [], code: toResult([...load(0), ...op('i16x8.extadd_pairwise_i8x16_u'), ...load(16), ...add]) },
    // The bound goes with the value: a select, a bitselect or a replaced lane may put unknown lanes in its place.
    { name: 'select', params: [T.i32], result: [], code: toResult([...widenLow, ...load(16), 0x20, 0, 0x1b, ...widenHigh, ...add]) },
    { name: 'bitselect', params: [], result: [], code: toResult([...widenLow, ...load(16), ...load(32), ...op('v128.bitselect'), ...widenHigh, ...add]) },
    { name: 'replaceLane', params: [], result: [], code: toResult([...widenLow, 0x41, ...u32(0xffff), ...op('i16x8.replace_lane'), 2, ...widenHigh, ...add, ...widenHigh, ...add]) },
    { name: 'block', params: [T.i32], result: [], code: toResult([0x02, T.v128, ...load(16), 0x20, 0, 0x0d, 0, 0x1a, ...widenLow, 0x0b, ...widenHigh, ...add]) },
  ];
  const { lantern, native, lmem, nmem, compiled } = both(cases);
  const fills: [string, (i: number) => number][] = [
    ['0xff', () => 0xff], ['0x80', () => 0x80], ['ramp', (i) => (i * 37 + 11) & 0xff], ['0', () => 0], ['0xff, mask 0', (i) => (i < 32 ? 0xff : 0)],
  ];

  it.each(cases.map((c) => c.name))('%s', (name) => {
    for (const [what, fill] of fills) {
      for (const arg of [0, 1]) {
        for (let i = 0; i < 48; i++) lmem[i] = nmem[i] = fill(i);
        lantern[name](arg);
        native[name](arg);
        expect([...lmem.subarray(RESULT, RESULT + 16)], `${name}(${arg}), operands ${what}`).toEqual([...nmem.subarray(RESULT, RESULT + 16)]);
      }
    }
  });

  it('compiles every function', () => {
    for (const c of cases) lantern[c.name](0);
    expect(compiled()).toBe(cases.length);
  });
});

describe('f32x4 arithmetic agrees with the interpreter bit for bit', () => {
  // Zeros, denormals, ones, the largest finite, infinities, and NaNs quiet and signalling with payloads.
  const SPECIAL = [0, 0x80000000, 1, 0x807fffff, 0x3f800000, 0xbf800000, 0x7f7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7f800001, 0x7fa00005, 0x40490fdb, 0x00800000, 0x4b000001];
  const names = ['f32x4.add', 'f32x4.sub', 'f32x4.mul', 'f32x4.div'];
  const cases: Case[] = names.map((name) => ({ name, params: [], result: [], code: toResult([...load(0), ...load(16), ...op(name)]) }));
  const { lantern, compiled, lmem, sources } = both(cases);
  const bytes = module(
    typeSec(funcType([], [])), funcSec(...cases.map(() => 0)), section(5, vec([[0, 1]])),
    section(7, vec([...cases.map((c, i) => [...str(c.name), 0, ...u32(i)]), [...str('mem'), 2, 0]])),
    codeSec(...cases.map((c) => body([], [...c.code, 0x0b]))),
  ) as Uint8Array<ArrayBuffer>;
  const Interp = createWebAssembly({ tier: 'interpreter' });
  const interp = new Interp.Instance(new Interp.Module(bytes)).exports as unknown as Record<string, Fn> & { mem: WebAssembly.Memory };
  const imem = new Uint8Array(interp.mem.buffer);
  const lv = new DataView(lmem.buffer), iv = new DataView(imem.buffer);

  it.each(names)('%s', (name) => {
    let calls = 0;
    for (const x of SPECIAL) {
      // Lane j: x against SPECIAL[j + 4 * round], in either order; a NaN in one lane, numbers in the others, or none.
      for (let round = 0; round < 8; round++) {
        for (let j = 0; j < 4; j++) {
          const y = SPECIAL[(j + 4 * round) % SPECIAL.length];
          const [p, q] = round % 2 ? [y, x] : [x, y];
          for (const v of [lv, iv]) { v.setUint32(4 * j, p, true); v.setUint32(16 + 4 * j, q, true); }
        }
        lantern[name]();
        interp[name]();
        expect([...lmem.subarray(RESULT, RESULT + 16)], `${name} on ${[...imem.subarray(0, 32)]}`).toEqual([...imem.subarray(RESULT, RESULT + 16)]);
        calls++;
      }
    }
    expect(calls).toBe(SPECIAL.length * 8);
  });

  it('compiles every function, the arithmetic inline', () => {
    for (const c of cases) lantern[c.name]();
    expect(compiled()).toBe(cases.length);
    for (const name of names) expect(sources.get(name)).toMatch(/SF\[0\] = SF\[0\] [-+*/] SF\[1\]/);
  });
});
