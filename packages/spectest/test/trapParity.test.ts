// Trap fingerprints (src/trapFingerprint.ts): what `pnpm spec --traps-out/--traps-compare` compares
// between the interpreter's run and the tier's.
import { describe, expect, it } from 'vitest';
import { storeOf, type TierPolicy } from '@lantern/runtime';
import { lanternEngine } from '../src/lanternEngine.ts';
import { compareTraps, trapsOf } from '../src/trapFingerprint.ts';
import { WastRunner } from '../src/wastRunner.ts';

// $sum loops (so the tier compiles it at once under `eager`), then divides by its argument.
const SCRIPT = `(module
  (func $sum (param $n i32) (param $d i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (local.get $n)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get $n) (i32.const 0))))
    (i32.div_s (local.get $acc) (local.get $d)))
  (func (export "run") (param i32 i32) (result i32) (call $sum (local.get 0) (local.get 1))))
(assert_return (invoke "run" (i32.const 4) (i32.const 2)) (i32.const 5))
(assert_trap (invoke "run" (i32.const 3) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "run" (i32.const 5) (i32.const 0)) "integer divide by zero")`;

function traps(tier: TierPolicy) {
  const engine = lanternEngine({ tier, recordTraps: true });
  const report = new WastRunner(engine, 'parity.wast', engine.features).run(SCRIPT);
  return Object.assign(report, { tier: storeOf(engine.WebAssembly)!.tier });
}

describe('trap fingerprints', () => {
  it('record the trap code and every frame with its offset and locals', () => {
    const report = traps('interpreter');
    expect(report.failed).toBe(0);
    expect(Object.keys(report.traps)).toEqual(['10', '11']);
    // $sum (function 0) at its i32.div_s with n counted down to 0, d = 0 and the sum in $acc;
    // its caller (function 1) at the call, with its arguments.
    expect(report.traps[10]).toMatch(/^trap \d+; 2 frames: f0@\d+\(0,0,6\) < f1@\d+\(3,0\)$/);
    expect(report.traps[11]).toMatch(/f0@\d+\(0,0,15\) < f1@\d+\(5,0\)$/);
  });

  it('are the same when the trapping function ran as compiled JavaScript', () => {
    const baseline = trapsOf([traps('interpreter')]);
    const eager = traps('eager');
    expect(eager.tier!.compiled).toBeGreaterThanOrEqual(2); // both functions ran as JavaScript
    expect(compareTraps(baseline, trapsOf([eager]))).toEqual({ compared: 2, lines: [] });
  });

  it('a difference in any frame is reported with both sides', () => {
    const baseline = trapsOf([traps('interpreter')]);
    const changed = structuredClone(baseline);
    changed['parity.wast']![11] = changed['parity.wast']![11]!.replace('(5,0)', '(4,0)');
    const result = compareTraps(baseline, changed);
    expect(result.compared).toBe(2);
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toContain('parity.wast:11');
    expect(result.lines[0]).toContain('this run:');
  });
});
