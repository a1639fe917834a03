/**
 * On-stack replacement: a frame that left compiled code inside a loop (a deoptimization: here
 * forced by deoptTorture, in real use an async entry's yield or a debugger's look) continues as
 * JS code translated to start at that loop's head, with its locals and the operands live there
 * read back from its interpreter frame. The results, the memory and every local's bits (a NaN
 * payload among them) must be the interpreter's.
 */
import { describe, expect, it } from 'vitest';
import { type RawValue, type StoreOptions, invokeAsync } from '../../src/index.ts';
import { load } from '../exec/helpers.ts';

const CALLS: [string, number][] = [['nested', 300], ['inElse', 40], ['operands', 200_000]];

function runAll(options: StoreOptions): { results: RawValue[][]; osrPerCall: number[] } {
  const m = load('../../tier/fixtures/osr', () => [], options);
  const results: RawValue[][] = [];
  const osrPerCall: number[] = [];
  for (const [name, n] of CALLS) {
    const before = m.store.tier?.osrEntries ?? 0;
    results.push(m.call(name, n));
    osrPerCall.push((m.store.tier?.osrEntries ?? 0) - before);
  }
  results.push(m.call('checksum'));
  return { results, osrPerCall };
}

describe('on-stack replacement', { timeout: 120_000 }, () => {
  const expected = runAll({ tier: 'interpreter' }).results;

  it('continues a deoptimized frame as JS at its loop head: nested loops, an else arm, live operands, a loop parameter', () => {
    const tortured = runAll({ tier: 'eager', deoptTorture: 3 });
    expect(tortured.results).toEqual(expected);
    // Under torture every deoptimization's way back re-enters at the next loop head.
    expect(tortured.osrPerCall.every((n) => n > 0), String(tortured.osrPerCall)).toBe(true);
  });

  it('gives the interpreter\'s results with a deoptimization every 1, 2 or 7 polls', () => {
    for (const deoptTorture of [1, 2, 7]) {
      const run = runAll({ tier: 'eager', deoptTorture });
      expect(run.results, `torture ${deoptTorture}`).toEqual(expected);
      expect(run.osrPerCall.every((n) => n > 0), `torture ${deoptTorture}: ${run.osrPerCall}`).toBe(true);
    }
  });

  it('an async entry (how the debugger runs programs) yields to the event loop and comes back to JS', async () => {
    const m = load('../../tier/fixtures/osr', () => [], { tier: 'auto' });
    const results: RawValue[][] = [];
    for (const [name, n] of CALLS) results.push(await invokeAsync(m.store, m.func(name), [n]));
    results.push(await invokeAsync(m.store, m.func('checksum'), []));
    expect(results).toEqual(expected);
    expect(m.store.tier!.unsupported.size, [...m.store.tier!.unsupported].join()).toBe(0);
  });

  it('the checksum is not vacuous: the loops ran and stored', () => {
    expect(expected[3]).not.toEqual([0]);
  });
});
