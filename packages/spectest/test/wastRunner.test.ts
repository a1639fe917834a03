// The runner's verdicts, checked on Node's own engine with scripts whose right answers we know.
import { describe, expect, it } from 'vitest';
import { nativeEngine } from '../src/nativeEngine.ts';
import { WastRunner } from '../src/wastRunner.ts';

function run(script: string, supported: string[] = []) {
  return new WastRunner(nativeEngine(), 'test.wast', new Set(supported as never[])).run(script);
}

const ADD = `(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))`;

describe('WastRunner', () => {
  it('passes correct assertions and fails wrong ones, naming the line', () => {
    const report = run(`${ADD}
      (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
      (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 4))`);
    expect([report.passed, report.failed]).toEqual([2, 1]);
    expect(report.failures[0]).toMatchObject({ line: 3, command: 'assert_return' });
    expect(report.failures[0]!.message).toContain('expected i32 4, got 3');
  });

  it('runs modules that only define or import tags (no exception instructions)', () => {
    const report = run(`(module (tag (export "t") (param i32)) (func (export "f") (result i32) (i32.const 1)))
      (assert_return (invoke "f") (i32.const 1))
      (register "m")
      (module (import "m" "t" (tag (param i32))))
      (module (tag $e) (func (export "g") (throw $e)))`);
    expect(report.failures).toEqual([]);
    expect([report.passed, report.failed, report.skipped]).toEqual([3, 0, 1]);
    expect(report.skipReasons).toEqual({ 'feature: exceptions': 1 });
  });

  it('checks traps by message prefix', () => {
    const report = run(`(module (func (export "u") unreachable))
      (assert_trap (invoke "u") "unreachable")
      (assert_trap (invoke "u") "integer overflow")`);
    expect([report.passed, report.failed]).toEqual([2, 1]);
    expect(report.failures[0]!.line).toBe(3);
  });

  it('requires assert_invalid modules to be rejected and valid ones to compile', () => {
    const report = run(`(assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
      (assert_invalid ${ADD} "type mismatch")`);
    expect([report.passed, report.failed]).toEqual([1, 1]);
    expect(report.failures[0]!.message).toContain('but it compiled');
  });

  it('counts a quoted malformed module rejected by the text parser as passing', () => {
    const report = run(`(assert_malformed (module quote "(func (i32.const 0x1_0000_0000))") "constant out of range")`);
    expect([report.passed, report.failed]).toEqual([1, 0]);
  });

  it('links through registered modules and reports unlinkable imports', () => {
    const report = run(`${ADD} (register "m")
      (module (import "m" "add" (func (param i32 i32) (result i32))))
      (assert_unlinkable (module (import "m" "missing" (func))) "unknown import")`);
    expect([report.passed, report.failed]).toEqual([3, 0]);
  });

  it('skips commands on modules that need an unsupported feature, by detecting the feature', () => {
    const script = `(module (type $s (struct (field i32))) (func (export "f") (result i32) (i32.const 1)))
      (assert_return (invoke "f") (i32.const 1))`;
    const skipped = run(script);
    expect([skipped.passed, skipped.failed, skipped.skipped]).toEqual([0, 0, 2]);
    expect(skipped.skipReasons).toEqual({ 'feature: gc': 2 });
    expect(run(script, ['gc']).skipped).toBe(0);
  });

  it('passes v128 and float values through wrapper modules, lane by lane with NaN patterns', () => {
    const report = run(`(module
        (func (export "add") (param v128 v128) (result v128) (i32x4.add (local.get 0) (local.get 1)))
        (func (export "nan") (param f32) (result v128) (f32x4.splat (local.get 0)))
        (func (export "lane") (param v128) (result f64) (f64x2.extract_lane 1 (local.get 0)))
        (func (export "pair") (param i64) (result v128 i32) (i64x2.splat (local.get 0)) (i32.const 7))
        (global (export "g") (mut v128) (v128.const i16x8 1 2 3 4 5 6 7 8)))
      (assert_return (invoke "add" (v128.const i32x4 1 2 3 -1) (v128.const i8x16 1 0 0 0 1 0 0 0 1 0 0 0 1 0 0 0))
        (v128.const i32x4 2 3 4 0))
      (assert_return (invoke "add" (v128.const i32x4 1 2 3 4) (v128.const i32x4 0 0 0 0)) (v128.const i32x4 1 2 3 5))
      (assert_return (invoke "nan" (f32.const nan:0x600000)) (v128.const f32x4 nan:arithmetic nan:arithmetic nan:arithmetic nan:arithmetic))
      (assert_return (invoke "nan" (f32.const nan:0x600000)) (v128.const f32x4 nan:arithmetic nan:arithmetic nan:canonical nan:arithmetic))
      (assert_return (invoke "nan" (f32.const -0)) (v128.const f32x4 -0 -0 -0 -0))
      (assert_return (invoke "nan" (f32.const -0)) (v128.const f32x4 0 -0 -0 -0))
      (assert_return (invoke "lane" (v128.const f64x2 1 nan:0x4)) (f64.const nan:0x4))
      (assert_return (invoke "pair" (i64.const -1)) (v128.const i64x2 -1 -1) (i32.const 7))
      (assert_return (invoke "add" (v128.const i32x4 0 0 0 0) (v128.const i32x4 0 0 0 1))
        (either (v128.const i32x4 0 0 0 0) (v128.const i64x2 0 0x1_0000_0000)))
      (assert_return (get "g") (v128.const i16x8 1 2 3 4 5 6 7 8))`);
    expect(report.failures.map((f) => f.line)).toEqual([9, 11, 13]);
    expect(report.failures[0]!.message).toContain('expected v128 i32x4 0x00000001 0x00000002 0x00000003 0x00000005, got v128 i32x4 0x00000001');
    expect(report.failures[1]!.message).toContain('nan:canonical');
    expect(report.passed).toBe(8);
  });

  it('finds a v128 result from the module text when no value of the command says so', () => {
    const report = run(`(module (memory 1)
        (func (export "load") (param i32) (result v128) (v128.load (local.get 0))))
      (assert_trap (invoke "load" (i32.const 65535)) "out of bounds memory access")
      (invoke "load" (i32.const 0))`);
    expect(report.failures).toEqual([]);
    expect(report.passed).toBe(3);
  });
});
