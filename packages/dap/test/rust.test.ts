// Rust (test/fixtures/rust/bank.rs, opt-level 0 with DWARF; its paths name /fixtures/rust, found
// beside the module): a line breakpoint in a loop, a reference expanded to the struct it points
// at, a step into a call and out again, the program's output.
import { afterEach, describe, expect, it } from 'vitest';
import { openSession, type Session } from './support/client.ts';
import { Driver, named } from './support/driver.ts';
import { fixtures } from './support/fixtures.ts';

describe.each(['tcp', 'stdio'] as const)('Rust over %s', (transport) => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('breaks in a loop, expands a struct reference, steps in and out', async () => {
    session = await openSession(transport);
    const d = new Driver(session);
    const stop = await d.launch({ program: fixtures.bankWasm }, { source: { path: fixtures.bankRs, breakpoints: [{ line: 14 }] } });
    expect(stop.body.reason).toBe('breakpoint');
    let [top] = await d.frames();
    expect(top).toMatchObject({ name: 'main', line: 14, source: { path: fixtures.bankRs } });
    const account = named(await d.scope(top!.id, 'Locals'), 'account');
    const fields = await d.children(account.variablesReference);
    expect(named(fields, 'balance').value).toBe('1200');

    await d.resume('stepIn');
    [top] = await d.frames();
    expect(top).toMatchObject({ name: 'interest', line: 8 });
    const parameters = await d.scope(top!.id, 'Parameters');
    expect(parameters.map((p) => `${p.name}=${p.value}`)).toEqual(['balance=1200', 'rate_percent=5']);
    await d.resume('stepOut');
    [top] = await d.frames();
    expect(top!.name).toBe('main');

    await session.client.setBreakpointsRequest({ source: { path: fixtures.bankRs }, breakpoints: [] });
    expect(await d.runToEnd()).toBe(0);
    expect(d.stdout).toBe('ada 1260\nbob 315\n');
    await expect(session.transcript.join('\n') + '\n').toMatchFileSnapshot('golden/rust.txt');
  });
});
