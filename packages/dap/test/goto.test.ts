// goto / gotoTargets on C at -O0 (apps/demo/examples/debugging/stats.c, widths 3 4 5): jumping
// back over `s->count += 1; s->total += p.x * p.y;` in add_point counts the first point twice,
// which the program's output shows; targets that would need state the frame does not have — a
// line of another function, a line inside a loop the paused line is not in — are refused, saying why.
import { afterEach, describe, expect, it } from 'vitest';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { openSession, type Session } from './support/client.ts';
import { Driver, named } from './support/driver.ts';
import { fixtures } from './support/fixtures.ts';

describe('goto', () => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  async function targets(line: number): Promise<DebugProtocol.GotoTarget[]> {
    return (await session!.client.send('gotoTargets', { source: { path: fixtures.statsC }, line })).body.targets;
  }

  it('re-runs lines: back to line 26 in the first add_point, the first point is counted twice', async () => {
    session = await openSession('stdio');
    const d = new Driver(session);
    const stop = await d.launch({ program: fixtures.statsWasm, args: ['3', '4', '5'] }, { source: { path: fixtures.statsC, breakpoints: [{ line: 28 }] } });
    expect(stop.body.reason).toBe('breakpoint');
    let [frame] = await d.frames();
    expect(frame).toMatchObject({ name: 'add_point', line: 28 });
    expect((await d.evaluate('s->count', frame!.id)).result).toBe('1');

    const [target, ...more] = await targets(26);
    expect(more).toEqual([]);
    expect(target).toMatchObject({ line: 26 });
    await session.client.setBreakpointsRequest({ source: { path: fixtures.statsC }, breakpoints: [] });
    expect((await d.resume('goto', { threadId: 1, targetId: target!.id })).body.reason).toBe('goto');
    [frame] = await d.frames();
    expect(frame).toMatchObject({ name: 'add_point', line: 26 });
    // Nothing ran yet: the count is still 1; a step over the line runs it again.
    expect((await d.evaluate('s->count', frame!.id)).result).toBe('1');
    expect((await d.resume('next')).body.reason).toBe('step');
    [frame] = await d.frames();
    expect(frame).toMatchObject({ line: 27 });
    expect((await d.evaluate('s->count', frame!.id)).result).toBe('2');

    // Unchanged, the program prints "3 points, average area 14" (areas 6 + 12 + 25).
    expect(await d.runToEnd()).toBe(0);
    expect(d.stdout).toBe('4 points, average area 12\n');
  });

  it('refuses targets outside the paused function or inside a block not entered, saying why', async () => {
    session = await openSession('stdio');
    const d = new Driver(session);
    await d.launch({ program: fixtures.statsWasm, args: ['3'] }, { source: { path: fixtures.statsC, breakpoints: [{ line: 42 }] } });
    const [main] = await d.frames();
    expect(main).toMatchObject({ name: 'main', line: 42 });

    await expect(targets(22)).rejects.toThrow(/Cannot jump to line 22: .* is not in main, the paused function/);
    // Line 39 is in the for loop's body; the paused line is after the loop.
    await expect(targets(39)).rejects.toThrow(/Cannot jump to line 39: .* is inside a block the paused instruction is not in/);
    // A target id that gotoTargets did not offer is refused too, and the program stays where it was.
    await expect(session.client.send('goto', { threadId: 1, targetId: 0 })).rejects.toThrow(/Cannot jump to 0x0: 0x0 is not in main/);
    expect((await d.frames())[0]).toMatchObject({ name: 'main', line: 42 });
    expect(named(await d.scope(main!.id, 'Locals'), 'avg')).toBeDefined();

    // Line 37 (before the loop, in main's outermost block): allowed, and running on from there
    // goes through the loop again — s is zeroed by line 37, so the output is the same.
    const [back] = await targets(37);
    expect((await d.resume('goto', { threadId: 1, targetId: back!.id })).body.reason).toBe('goto');
    expect((await d.frames())[0]).toMatchObject({ name: 'main', line: 37 });
    await session.client.setBreakpointsRequest({ source: { path: fixtures.statsC }, breakpoints: [] });
    expect(await d.runToEnd()).toBe(0);
    expect(d.stdout).toBe('1 points, average area 6\n');
  });
});
