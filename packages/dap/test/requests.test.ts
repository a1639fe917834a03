// The requests the scenarios do not take: logpoints, breakpoint locations, completions, loaded
// sources, modules, the module's WAT source, setExpression, writeMemory, restart, the
// lantern/forceReturn custom request, stepInTargets, pause, terminate, and traps that do not stop.
import { afterEach, describe, expect, it } from 'vitest';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { openSession, type Session } from './support/client.ts';
import { Driver, named } from './support/driver.ts';
import { fixtures } from './support/fixtures.ts';

describe('the other requests', () => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('logpoints, locations, completions, sources, modules, setExpression, writeMemory, restart, forceReturn', async () => {
    session = await openSession('tcp');
    const c = session.client;
    const d = new Driver(session);
    const logs: string[] = [];
    c.on('output', (e: DebugProtocol.OutputEvent) => {
      if (e.body.category === 'console') logs.push(e.body.output);
    });
    await d.launch(
      { program: fixtures.statsWasm, args: ['3', '4', '5'] },
      { source: { path: fixtures.statsC, breakpoints: [{ line: 27, logMessage: 'total={s->total}' }, { line: 33 }] } },
    );
    expect(logs).toEqual(['total=0\n', 'total=6\n', 'total=18\n']);
    let [average] = await d.frames();
    expect(average).toMatchObject({ name: 'average', line: 33 });

    const locations = await c.send('breakpointLocations', { source: { path: fixtures.statsC }, line: 24, endLine: 30 });
    expect((locations.body as { breakpoints: Array<{ line: number }> }).breakpoints.map((b) => b.line)).toEqual([25, 26, 27, 28, 29]);
    const completions = await c.send('completions', { frameId: average!.id, text: 'to', column: 3 });
    expect((completions.body as { targets: Array<{ label: string }> }).targets.map((t) => t.label)).toEqual(['total']);

    const sources = (await c.send('loadedSources')).body as { sources: DebugProtocol.Source[] };
    expect(sources.sources.map((s) => s.name)).toContain('stats.c');
    const modules = (await c.send('modules')).body as { modules: DebugProtocol.Module[] };
    expect(modules.modules).toMatchObject([{ id: 1, name: 'stats.wasm', symbolStatus: 'Symbols loaded.' }]);
    const frames = await d.frames();
    const withoutSource = frames.find((f) => f.source?.sourceReference === 1)!;
    const text = (await c.sourceRequest({ sourceReference: 1, source: withoutSource.source })).body.content;
    // The whole module as WAT; a frame without a source file is at its instruction there (a call).
    expect(text).toMatch(/^(;; custom sections left out: .*\n)?\(module/);
    expect(text.split('\n')[withoutSource.line - 1]!.trim()).toMatch(/^call /);

    expect((await c.send('setExpression', { expression: 's->count', value: '4', frameId: average!.id })).body).toMatchObject({ value: '4' });
    const total = named(await d.scope(average!.id, 'Locals'), 'total');
    await c.send('writeMemory', { memoryReference: total.memoryReference, data: Buffer.from([100, 0, 0, 0]).toString('base64') });
    expect((await d.evaluate('total', average!.id)).result).toBe('100');

    // Restart: the same breakpoints, a fresh run.
    const stopped = c.waitForEvent('stopped');
    await c.send('restart', {});
    await stopped;
    [average] = await d.frames();
    expect((await d.evaluate('s->count', average!.id)).result).toBe('3');

    // Return 99 from average: main prints it.
    await c.setBreakpointsRequest({ source: { path: fixtures.statsC }, breakpoints: [] });
    expect(await d.runToEnd('lantern/forceReturn', { frameId: average!.id, values: ['99'] })).toBe(0);
    expect(d.stdout).toBe('3 points, average area 99\n');
  });

  it('lists the calls of a line as step-in targets and steps into the chosen one', async () => {
    session = await openSession('tcp');
    const c = session.client;
    const d = new Driver(session);
    // Line 39: `struct point p = {atoi(argv[i]), fib(i + 2)};`
    await d.launch({ program: fixtures.statsWasm, args: ['3'] }, { source: { path: fixtures.statsC, breakpoints: [{ line: 39 }] } });
    const [main] = await d.frames();
    const targets = ((await c.send('stepInTargets', { frameId: main!.id })).body as DebugProtocol.StepInTargetsResponse['body']).targets;
    expect(targets.map((t) => t.label)).toEqual(['atoi', 'fib']);
    // Into fib, past atoi: the stop is fib's first line with its argument (i + 2 = 3).
    expect((await d.resume('stepIn', { threadId: 1, targetId: targets[1]!.id })).body.reason).toBe('step');
    const [fib, caller] = await d.frames();
    expect(fib).toMatchObject({ name: 'fib', line: 20 });
    expect(caller).toMatchObject({ name: 'main', line: 39 });
    expect(named(await d.scope(fib!.id, 'Parameters'), 'n').value).toBe('3');
    // The target's breakpoint is gone: fib's recursion runs free to the end.
    await c.setBreakpointsRequest({ source: { path: fixtures.statsC }, breakpoints: [] });
    expect(await d.runToEnd()).toBe(0);
  });

  it('pauses a running program and terminates it', async () => {
    session = await openSession('tcp');
    const c = session.client;
    const d = new Driver(session);
    await c.initializeRequest();
    const initialized = c.waitForEvent('initialized');
    const launched = c.launchRequest({ program: fixtures.spinWat, invoke: 'spin', args: ['0'] } as DebugProtocol.LaunchRequestArguments);
    await initialized;
    await c.configurationDoneRequest();
    await launched;
    expect((await d.resume('pause')).body.reason).toBe('pause');
    expect((await d.frames())[0]!.source?.path).toBe(fixtures.spinWat);
    const terminated = c.waitForEvent('terminated');
    await c.send('terminate');
    await terminated;
  });

  it('lets a trap unwind without stopping when the traps filter is off', async () => {
    session = await openSession('tcp');
    const c = session.client;
    await c.initializeRequest();
    const initialized = c.waitForEvent('initialized');
    const launched = c.launchRequest({ program: fixtures.statsWasm } as DebugProtocol.LaunchRequestArguments);
    await initialized;
    await c.send('setExceptionBreakpoints', { filters: [] });
    const exited = c.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    let stops = 0;
    c.on('stopped', () => stops++);
    await c.configurationDoneRequest();
    await launched;
    expect((await exited).body.exitCode).toBe(134);
    expect(stops).toBe(0);
  });
});
