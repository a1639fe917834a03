// Data breakpoints (watchpoints) on a C buffer overrun (apps/demo/examples/debugging/overrun.c):
// the adapter advertises supportsDataBreakpoints; at a breakpoint in main, dataBreakpointInfo on
// the local `guard` gives a dataId; setDataBreakpoints with it stops (reason 'data breakpoint')
// in copy_name right after the store that runs past `name` into `guard`, with old and new
// values in the description; clearing the data breakpoints lets the program end. A read data
// breakpoint on a buffer a WASI program writes out (apps/demo/examples/debugging/greet.wat) stops
// right after each fd_write call, the description naming it.
import { afterEach, describe, expect, it } from 'vitest';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { openSession, type Session } from './support/client.ts';
import { Driver, named } from './support/driver.ts';
import { fixtures } from './support/fixtures.ts';

describe.each(['tcp', 'stdio'] as const)('data breakpoints over %s', (transport) => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('a data breakpoint on the neighbour of an overrun buffer stops at the overrunning store', async () => {
    session = await openSession(transport);
    const c = session.client;
    const d = new Driver(session);
    // Driver.launch's steps, keeping the initialize response.
    const init = await c.initializeRequest();
    expect(init.body?.supportsDataBreakpoints).toBe(true);
    const initialized = c.waitForEvent('initialized');
    const launched = c.launchRequest({ program: fixtures.overrunWasm } as DebugProtocol.LaunchRequestArguments);
    await initialized;
    await c.setBreakpointsRequest({ source: { path: fixtures.overrunC }, breakpoints: [{ line: 13 }] });
    const stopped = c.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await c.configurationDoneRequest();
    await launched;
    expect((await stopped).body).toMatchObject({ reason: 'breakpoint' });
    const [main] = await d.frames();
    const localsRef = (await c.scopesRequest({ frameId: main!.id })).body.scopes.find((s) => s.name === 'Locals')!.variablesReference;
    expect(named(await d.children(localsRef), 'guard').value).toBe('7');

    const info = await c.send('dataBreakpointInfo', { variablesReference: localsRef, name: 'guard' });
    const body = info.body as { dataId: string | null; description: string; accessTypes: string[] };
    expect(body).toMatchObject({ description: expect.stringMatching(/^guard \(4 byte\(s\) at 0x/), accessTypes: ['read', 'write', 'readWrite'] });
    const nothing = await c.send('dataBreakpointInfo', { name: '42' });
    expect(nothing.body).toMatchObject({ dataId: null, description: "Cannot watch constant value `42'." });

    const set = await c.send('setDataBreakpoints', { breakpoints: [{ dataId: body.dataId, accessType: 'write' }] });
    const [bp] = (set.body as { breakpoints: { id: number; verified: boolean }[] }).breakpoints;
    expect(bp).toMatchObject({ verified: true });

    const hit = await d.resume('continue');
    expect(hit.body).toMatchObject({ reason: 'data breakpoint', hitBreakpointIds: [bp!.id], description: 'Paused on data breakpoint: guard: 7 → 111' });
    const [top, caller] = await d.frames();
    expect(top).toMatchObject({ name: 'copy_name', source: { path: fixtures.overrunC } });
    expect(caller).toMatchObject({ name: 'main', line: 13 });
    expect((await d.evaluate('guard', caller!.id)).result).toBe('111');

    await c.send('setDataBreakpoints', { breakpoints: [] });
    await c.setBreakpointsRequest({ source: { path: fixtures.overrunC }, breakpoints: [] });
    expect(await d.runToEnd()).toBe(1);
    expect(d.stdout).toBe('name = lantern!overrun, guard = 1919252079\n');
  });

  it('a read data breakpoint on a buffer stops right after the fd_write call that wrote it out, naming it', async () => {
    session = await openSession(transport);
    const c = session.client;
    const d = new Driver(session);
    await c.initializeRequest();
    const initialized = c.waitForEvent('initialized');
    const launched = c.launchRequest({ program: fixtures.greetWat } as DebugProtocol.LaunchRequestArguments);
    await initialized;
    const info = (await c.send('dataBreakpointInfo', { name: '*0x40' })).body as { dataId: string | null };
    expect(info.dataId).not.toBeNull();
    const set = await c.send('setDataBreakpoints', { breakpoints: [{ dataId: info.dataId, accessType: 'read' }] });
    const [bp] = (set.body as { breakpoints: { id: number; verified: boolean }[] }).breakpoints;
    expect(bp).toMatchObject({ verified: true });
    const stopped = c.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await c.configurationDoneRequest();
    await launched;
    // "hey!" as a little-endian int, read by the host; the stop is at the call's line in say.
    expect((await stopped).body).toMatchObject({ reason: 'data breakpoint', hitBreakpointIds: [bp!.id], description: 'Paused on data breakpoint: *0x40 = 561603944 (read by fd_write)' });
    expect(d.stdout).toBe('hey!\n');
    const [top, caller] = await d.frames();
    expect(top).toMatchObject({ name: 'say', line: 13, source: { path: fixtures.greetWat } });
    expect(caller).toMatchObject({ name: 'start', line: 16 });
    // The store between the two calls writes the buffer (no read); the second call reads "hoy!".
    expect((await d.resume('continue')).body).toMatchObject({ description: 'Paused on data breakpoint: *0x40 = 561606504 (read by fd_write)' });
    expect(await d.runToEnd()).toBe(0);
    expect(d.stdout).toBe('hey!\nhoy!\n');
  });
});
