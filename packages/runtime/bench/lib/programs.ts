/**
 * The micro set: pure-compute programs in programs/<name>/<name>.wasm (sources and build.sh
 * beside them), each exporting `run(n)` that returns a checksum every engine must reproduce.
 *
 * The first eight are the ones the interpreter's superinstructions were tuned on (short: native
 * ~10-25 ms, so each measurement warms up on a full run and takes the median of three). The
 * others were written without looking at the interpreter's fusion list, in C, Rust and
 * AssemblyScript (three of them, simd, simdscan and simdhist, with wasm_simd128.h), and are long
 * (native ~0.1-0.3 s): one warm-up run at a fraction of the size, then one timed run.
 */
export interface Program {
  name: string;
  /** The argument to `run` when timed. */
  size: number;
  /** The argument of the untimed warm-up run in the same worker (V8 tiers up the engine's JS). */
  warmup: number;
  /** Timed runs per measurement (their median is the measurement). */
  iters: number;
  /** A size small enough for the tests' checksum check on Lantern (each well under a second). */
  small: number;
  /** The source language, when not C. */
  lang: 'C' | 'Rust' | 'AS';
  what: string;
  /** One of the programs the superinstructions were chosen from. */
  tuned: boolean;
}

const tuned = (name: string, size: number, small: number, what: string): Program =>
  ({ name, size, warmup: size, iters: 3, small, lang: 'C', what, tuned: true });
const fresh = (name: string, lang: Program['lang'], size: number, warmup: number, small: number, what: string): Program =>
  ({ name, size, warmup, iters: 1, small, lang, what, tuned: false });

export const PROGRAMS: readonly Program[] = [
  tuned('fib', 34, 15, 'recursive calls'),
  tuned('sieve', 4_000_000, 10_000, 'byte loads/stores'),
  tuned('matmul', 256, 16, 'f64 multiply-add'),
  tuned('nbody', 500_000, 1_000, 'f64 + sqrt'),
  tuned('hash', 250, 1, 'FNV-1a + 64-bit mixer'),
  tuned('prng', 10_000_000, 10_000, 'i64 xorshift/splitmix'),
  tuned('interp', 1_000_000, 1_000, 'switch-dispatch loop'),
  tuned('memops', 80, 1, 'memset/memcpy/memmove'),
  fresh('sha256', 'C', 500, 60, 2, 'SHA-256 of 16 KiB blocks'),
  fresh('sort', 'C', 200_000, 25_000, 500, 'quick/merge/heap sort, i32'),
  fresh('lz', 'C', 100, 12, 1, 'LZ77 compress + decompress'),
  fresh('raytrace', 'C', 768, 128, 16, 'f32 ray tracer, 3 bounces'),
  fresh('bignum', 'C', 16_000, 4_000, 200, 'n! and its decimal digits'),
  fresh('json', 'C', 180, 20, 1, 'JSON generate + parse'),
  fresh('wordfreq', 'Rust', 700_000, 80_000, 300, 'HashMap word count, sort'),
  fresh('queens', 'AS', 13, 10, 7, 'n-queens backtracking'),
  fresh('simd', 'C', 400, 40, 2, 'SIMD: u8x16 blur, saturate, i32x4 dot'),
  fresh('simdscan', 'C', 500, 50, 1, 'SIMD: text scan, case flip, SAD, i16 dot'),
  fresh('simdhist', 'C', 1000, 100, 2, 'SIMD: nibble histogram, u8 min/max, f32x4 axpy'),
];

export function programPath(name: string): URL {
  return new URL(`../programs/${name}/${name}.wasm`, import.meta.url);
}
