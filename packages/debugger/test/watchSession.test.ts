/**
 * Watchpoints through DebugSession on a C buffer overrun (apps/demo/examples/debugging/overrun.c,
 * clang -g -O0): `guard` sits next to `name`; a write watchpoint on it stops right after the
 * store of copy_name that runs past `name`, with the old and new values as ints; a condition and
 * a hit condition filter the hits; the watchpoint is removed and the run ends.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DebugSession, SymbolResolver, type Outcome, type Stop } from '../src/index.ts';
import { TEST_DIR } from './helpers.ts';

const OVERRUN = join(TEST_DIR, '../../../apps/demo/examples/debugging/overrun.wasm');

function stopOf(o: Outcome): Stop {
  if (o.kind !== 'stopped') throw new Error(`expected a stop, the run ended: ${JSON.stringify(o.end)}`);
  return o.stop;
}

async function atMain() {
  const symbols = new SymbolResolver();
  const s = new DebugSession({ bytes: symbols.addFile(OVERRUN), name: 'overrun', symbols, stdout: 'events' });
  s.breakpoints.add({ kind: 'source', file: 'overrun.c', line: 13 });
  expect(stopOf(await s.start()).reason).toBe('breakpoint');
  return s;
}

const lineOf = (s: DebugSession, offset: number) => s.program.provider?.sourcePosition(offset)?.line;

describe('watchpoints in a DebugSession', () => {
  it('a watchpoint on the neighbour of an overrun buffer stops at the overrunning store', async () => {
    const s = await atMain();
    const w = s.watch('guard', 'write');
    expect(w).toMatchObject({ access: 'write', verified: true, target: { kind: 'memory', length: 4, type: 'int' } });
    const stop = stopOf(await s.continue());
    expect(stop.reason).toBe('watchpoint');
    // "lantern!overrun": the 9th character, 'o' (111), is the first one past name[8].
    expect(stop.watchpoints).toEqual([
      expect.objectContaining({ id: w.id, expression: 'guard', access: 'write', function: 'copy_name', oldValue: '7', newValue: '111' }),
    ]);
    expect(lineOf(s, stop.watchpoints[0]!.offset)).toBe(6); // *dst++ = *src++;
    expect(s.stackTrace().frames.map((f) => f.name).slice(0, 2)).toEqual(['copy_name', 'main']);
    expect(s.evaluateValue('guard', s.stackTrace().frames[1]!.id)).toMatchObject({ kind: 'source', dv: { value: '111' } });

    // Each further character changes guard again: the next stop has the next byte in.
    const next = stopOf(await s.continue());
    expect(next.watchpoints[0]).toMatchObject({ oldValue: '111', newValue: String(111 + 118 * 256) });
    expect(s.watchpoints.remove(w.id)).toBe(true);
    const end = await s.continue();
    expect(end).toMatchObject({ kind: 'ended', end: { kind: 'exited', exitCode: 1 } });
  });

  it('conditions and hit conditions, and what cannot be watched', async () => {
    const s = await atMain();
    expect(() => s.watch('7', 'write')).toThrow("Cannot watch constant value `7'.");
    expect(() => s.watch('name', 'write')).toThrow(/Cannot watch the whole of `name'/);
    // The condition is evaluated where it stops (in copy_name, after the store): the stores of
    // 'e' and of the first 'r' leave src at an 'r'; the second of them stops.
    const w = s.watch('guard', 'write', { condition: "*src == 'r'", hitCondition: '2' });
    const stop = stopOf(await s.continue());
    expect(stop.watchpoints[0]).toMatchObject({ id: w.id, oldValue: '6649455' });
    expect(s.watchpoints.all()[0]).toMatchObject({ hits: 2 });
    await s.terminate();
  });
});
