/**
 * Smoke run of the whole-program targets (long runs: `scripts/fuzz.sh programs|binaryen <count>`):
 * generated programs give the same results, traps (message class and module offset), host calls,
 * memories, globals and tables on Node's engine (or Lantern's interpreter for features Node 20
 * lacks) and on Lantern's interpreter, debug-compiled store, JS tier and tier under deoptTorture.
 */
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '@lantern/runtime';
import { wat2wasm } from '@lantern/wat';
import { binaryenProgram, differences, ownProgram } from '../src/programs/programTarget.ts';
import { engine } from '../src/programs/engines.ts';
import { runProgram, shapeOf } from '../src/programs/outcome.ts';
import { caseSeed } from '../src/rng.ts';

describe('whole programs, differentially', () => {
  it('80 programs of our generator: every Lantern engine agrees with the reference', async () => {
    const unexpected: string[] = [];
    const seen = { results: 0, traps: 0, hostCalls: 0, exceptions: 0, lanternOnly: 0 };
    for (let i = 0; i < 80; i++) {
      const seed = caseSeed(20261207, i);
      const program = ownProgram(seed);
      if (!program.onNode) seen.lanternOnly++;
      for (const d of await differences(program, seed)) unexpected.push(`program ${i} (${program.label}) on ${d.engine}: ${d.difference}`);
      const outcome = await runProgram(engine('interpreter'), program.bytes, shapeOf(program.bytes), seed);
      for (const e of outcome.events) {
        if (e.startsWith('host ')) seen.hostCalls++;
        else if (e.includes(' threw trap ')) seen.traps++;
        else if (e.includes(' threw wasm exception')) seen.exceptions++;
        else if (e.includes(' = ')) seen.results++;
      }
    }
    expect(unexpected).toEqual([]);
    // The programs do something: results, traps, host calls and uncaught exceptions all occur.
    expect(seen.results).toBeGreaterThan(50);
    expect(seen.traps).toBeGreaterThan(10);
    expect(seen.hostCalls).toBeGreaterThan(100);
    expect(seen.exceptions).toBeGreaterThan(0);
    expect(seen.lanternOnly).toBeGreaterThan(15);
  });

  it('8 programs of binaryen\'s translate-to-fuzz agree too', async () => {
    const unexpected: string[] = [];
    let exportsRun = 0;
    for (let i = 0; i < 8; i++) {
      const seed = caseSeed(20261207, i);
      const program = await binaryenProgram(seed);
      expect(WebAssembly.validate(program.bytes as Uint8Array<ArrayBuffer>) || new (createWebAssembly().Module)(program.bytes as Uint8Array<ArrayBuffer>) !== undefined).toBe(true);
      for (const d of await differences(program, seed)) unexpected.push(`program ${i} on ${d.engine}: ${d.difference}`);
      exportsRun += shapeOf(program.bytes).exports.filter((e) => e.kind === 'func').length;
    }
    expect(unexpected).toEqual([]);
    expect(exportsRun).toBeGreaterThan(16);
  });

  it('finding: under deoptTorture, a deoptimization passing a nested run whose bottom frame was replaced by a tail call keeps the trap', () => {
    const bytes = wat2wasm(`(module
      (global $fuel (mut i32) (i32.const 100))
      (func $a (export "a")
        global.get $fuel i32.eqz if unreachable end
        global.get $fuel i32.const 1 i32.sub global.set $fuel
        call $b)
      (func $b (local i32)
        i32.const 2 local.set 0
        loop local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0 end
        return_call $a))`);
    const ns = createWebAssembly({ tier: 'eager', deoptTorture: 3 });
    const { a } = new ns.Instance(new ns.Module(bytes)).exports as { a: () => void };
    expect(a).toThrow(ns.RuntimeError);
  });
});
