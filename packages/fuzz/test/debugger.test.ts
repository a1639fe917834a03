/**
 * Smoke run of the debugger target (long run: `scripts/fuzz.sh debugger <count>`): generated
 * programs run under a randomly driven Debugger — breakpoints, steps, probes, pause() from host
 * calls, reads of locals, operands, globals, memory and tables at every stop — observe exactly
 * what they observe on a plain interpreter.
 */
import { describe, expect, it } from 'vitest';
import { runDebugged } from '../src/debugger/debuggerTarget.ts';
import { engine } from '../src/programs/engines.ts';
import { difference, runProgram, shapeOf } from '../src/programs/outcome.ts';
import { ownProgram } from '../src/programs/programTarget.ts';
import { caseSeed } from '../src/rng.ts';

describe('the debugger changes nothing', () => {
  it('25 programs under random breakpoints, steps, probes and pauses', async () => {
    const differences: string[] = [];
    const total = { stops: 0, reads: 0, pauseRequests: 0, probeEvents: 0, breakpointsSet: 0 };
    const runsOn = new Set<string>();
    for (let i = 0; i < 25; i++) {
      const seed = caseSeed(4242, i);
      const program = ownProgram(seed);
      const expected = await runProgram(engine('interpreter'), program.bytes, shapeOf(program.bytes), seed);
      const { outcome, activity, tier } = await runDebugged(program.bytes, seed ^ 0x5bd1e995, seed);
      runsOn.add(tier.group);
      const d = difference(expected, outcome);
      if (d !== null) differences.push(`program ${i} (${program.label}, ${tier.detail}): ${d}`);
      for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += activity[k];
    }
    expect(differences).toEqual([]);
    // The debugger did stop, step, read and pause (else this proves nothing).
    expect(total.breakpointsSet).toBeGreaterThan(25);
    expect(total.stops).toBeGreaterThan(100);
    expect(total.reads).toBeGreaterThan(1000);
    expect(total.pauseRequests).toBeGreaterThan(5);
    expect(total.probeEvents).toBeGreaterThan(20);
    // Compiled frames were observed too (materialized at stops and reads).
    expect([...runsOn]).toEqual(expect.arrayContaining(['interpreter', 'eager', 'auto']));
  });
});
