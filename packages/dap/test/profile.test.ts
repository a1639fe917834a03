// The lantern/profile custom request: start the profiler on the debugged program at a
// breakpoint, run to the end, stop: a V8 .cpuprofile comes back with the functions that ran.
import { afterEach, describe, expect, it } from 'vitest';
import { openSession, type Session } from './support/client.ts';
import { Driver } from './support/driver.ts';
import { fixtures } from './support/fixtures.ts';

describe('lantern/profile', () => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('profiles the debugged program from a stop to the end (exact mode: deterministic)', async () => {
    session = await openSession('tcp');
    const c = session.client;
    const d = new Driver(session);
    await expect(c.send('lantern/profile', { action: 'stop' })).rejects.toThrow('lantern/profile: not profiling');
    await d.launch({ program: fixtures.statsWasm, args: ['3', '4', '5'] }, { source: { path: fixtures.statsC, breakpoints: [{ line: 38 }] } });
    await expect(c.send('lantern/profile', { action: 'go' })).rejects.toThrow("action must be 'start' or 'stop'");
    await c.send('lantern/profile', { action: 'start', exact: true });
    await c.setBreakpointsRequest({ source: { path: fixtures.statsC }, breakpoints: [] });
    expect(await d.runToEnd()).toBe(0);
    const body = (await c.send('lantern/profile', { action: 'stop' })).body as {
      cpuprofile: { nodes: { id: number; callFrame: { functionName: string } }[]; samples: number[]; timeDeltas: number[] };
      functions: { name: string; self: number; total: number }[];
    };
    expect(body.cpuprofile.nodes[0]!.callFrame.functionName).toBe('(root)');
    expect(body.cpuprofile.samples.length).toBe(body.cpuprofile.timeDeltas.length);
    const names = body.functions.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['average', 'printf']));
    for (const f of body.functions) expect(f.self).toBeLessThanOrEqual(f.total);
  });
});
