// Robustness: truncated and corrupted inputs must fail with WatError, never a TypeError or
// RangeError (deterministic pseudo-random mutations of real modules and scripts).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScript, wat2wasm, WatError } from '../src/index.ts';
import { specMoreRoot, specRoot, wastFiles } from './corpusLoader.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SAMPLE = `(module $m
  (type $t (func (param i32) (result i32)))
  (type $s (struct (field $x (mut i64)) (field i8)))
  (rec (type $a (sub (array (ref null $a)))))
  (import "env" "f" (func $imp (type $t)))
  (memory i64 1 2) (table 2 funcref (ref.null func)) (tag $e (param i32))
  (global $g (mut f64) (f64.const -0x1.8p-3))
  (data (i64.const 0) "a\\00\\u{1F600}")
  (elem declare func $imp)
  (func (export "run") (param $p i32) (result i32) (local $l (ref null $s))
    (block $b (result i32)
      (try_table (result i32) (catch $e $b) (call $imp (local.get $p))))
    (br_if 0 (i32.eqz (i32.const 0x7fff_ffff)))
    (drop (struct.get $s $x (struct.new $s (i64.const -1) (i32.const 3))))
    (f32.const nan:0x1) drop (i64.load offset=8 align=4 (i64.const 0)) drop))`;

const CHARS = '()$";\\ 0x1.p_-+eanifun@ \n';

function mutate(text: string, r: () => number): string {
  const k = r();
  const pos = Math.floor(r() * text.length);
  if (k < 0.3) return text.slice(0, pos);
  if (k < 0.6) return text.slice(0, pos) + text.slice(pos + 1 + Math.floor(r() * 8));
  if (k < 0.8) return text.slice(0, pos) + CHARS[Math.floor(r() * CHARS.length)]! + text.slice(pos + 1);
  const other = Math.floor(r() * text.length);
  return text.slice(0, pos) + text.slice(other, other + 12) + text.slice(pos);
}

function expectOnlyWatError(f: () => unknown): 'ok' | 'error' {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (!(e instanceof WatError)) throw new Error(`escaped ${(e as Error).name}: ${(e as Error).message}`);
    if (/internal error/.test(e.message)) throw new Error(`internal error: ${e.message}`);
    expect(typeof e.line).toBe('number');
    return 'error';
  }
}

describe('fuzzing', () => {
  it('sample module: 3000 mutations fail only with WatError', () => {
    expect(expectOnlyWatError(() => wat2wasm(SAMPLE))).toBe('ok');
    const r = rng(1);
    const counts = { ok: 0, error: 0 };
    for (let i = 0; i < 3000; i++) {
      let t = mutate(SAMPLE, r);
      if (r() < 0.3) t = mutate(t, r);
      counts[expectOnlyWatError(() => wat2wasm(t))]++;
    }
    expect(counts.error).toBeGreaterThan(1000);
  });
  it('every prefix of the sample fails cleanly', () => {
    for (let n = 0; n < SAMPLE.length; n += 3) expectOnlyWatError(() => wat2wasm(SAMPLE.slice(0, n)));
  });
  it.skipIf(wastFiles().length === 0)('mutated spec scripts fail only with WatError', () => {
    const r = rng(7);
    const names = ['core/i32.wast', 'core/float_literals.wast', 'core/elem.wast', 'core/ref_cast.wast', 'proposals/stack-switching/cont.wast'];
    const simd = ['simd/simd_lane.wast', 'simd/simd_const.wast', 'simd/simd_load8_lane.wast', 'relaxed-simd/relaxed_laneselect.wast'];
    for (const path of [...names.map((n) => join(specRoot, n)), ...simd.map((n) => join(specMoreRoot, n))]) {
      const text = readFileSync(path, 'utf8');
      for (let i = 0; i < 40; i++) {
        const t = mutate(text, r);
        expectOnlyWatError(() => {
          for (const c of parseScript(t)) if ('module' in c && c.module && typeof c.module !== 'string') c.module.compile();
        });
      }
    }
  });
});
