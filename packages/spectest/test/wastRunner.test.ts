// The runner's verdicts, checked on Node's own engine with scripts whose right answers we know.
import { describe, expect, it } from 'vitest';
import { nativeEngine } from '../src/nativeEngine.ts';
import { WastRunner } from '../src/wastRunner.ts';

function run(script: string, supported: string[] = []) {
  return new WastRunner(nativeEngine, 'test.wast', new Set(supported as never[])).run(script);
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
});
