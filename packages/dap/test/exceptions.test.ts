// Wasm exceptions (test/fixtures/overdraft.wat): the filters `wasm-uncaught` and `wasm-all` stop
// before the throw — the program waits there like at a breakpoint, with exceptionInfo naming the
// tag and payload and whether a handler will catch it; continue lets it propagate; stepping from
// a caught one lands in the handler; an exception no one catches ends the run with its message.
import { afterEach, describe, expect, it } from 'vitest';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { openSession, type Session } from './support/client.ts';
import { Driver, named } from './support/driver.ts';
import { fixtures } from './support/fixtures.ts';

describe('wasm exception breakpoints', () => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('uncaught: stops only at the throw no handler catches, before it unwinds; continue ends the run', async () => {
    session = await openSession('tcp');
    const d = new Driver(session);
    const stderr: string[] = [];
    session.client.on('output', (e: DebugProtocol.OutputEvent) => {
      if (e.body.category === 'stderr') stderr.push(e.body.output);
    });
    const stop = await d.launch({ program: fixtures.overdraftWat, invoke: 'run', args: ['25'] }, { exceptions: ['traps', 'wasm-uncaught'] });
    expect(stop.body).toMatchObject({ reason: 'exception', text: '$overdraft(i32 15)' });
    const info = await session.client.exceptionInfoRequest({ threadId: 1 });
    expect(info.body).toMatchObject({ exceptionId: '$overdraft', breakMode: 'unhandled', details: { message: '$overdraft(i32 15)', typeName: 'wasm exception' } });
    expect(info.body.description).toContain('no wasm handler on the stack catches it');
    // The stack is whole: the throw in $withdraw, called by run directly (not through $tryWithdraw).
    const [withdraw, run] = await d.frames();
    expect(withdraw).toMatchObject({ name: 'withdraw', line: 10 });
    expect(run).toMatchObject({ name: 'run', line: 21 });
    expect(named(await d.scope(withdraw!.id, 'Wasm locals'), '$amount').value).toBe('25');
    expect(await d.runToEnd()).toBe(1);
    expect(stderr.join('')).toBe('uncaught wasm exception $overdraft(i32 15)\n');
  });

  it('all: stops at the caught throw too; a step lands in the handler', async () => {
    session = await openSession('tcp');
    const d = new Driver(session);
    const stop = await d.launch({ program: fixtures.overdraftWat, invoke: 'run', args: ['12'] }, { exceptions: ['wasm-all'] });
    expect(stop.body).toMatchObject({ reason: 'exception', text: '$overdraft(i32 2)' });
    const info = await session.client.exceptionInfoRequest({ threadId: 1 });
    expect(info.body).toMatchObject({ exceptionId: '$overdraft', breakMode: 'always' });
    expect((await d.frames()).map((f) => f.name)).toEqual(['withdraw', 'tryWithdraw', 'run']);
    expect((await d.resume('next')).body.reason).toBe('step');
    const [handler] = await d.frames();
    expect(handler).toMatchObject({ name: 'tryWithdraw', line: 17 });
    // The second throw (uncaught) stops too.
    expect((await d.resume('continue')).body).toMatchObject({ reason: 'exception', text: '$overdraft(i32 2)' });
    expect((await d.frames()).map((f) => f.name)).toEqual(['withdraw', 'run']);
  });

  it('without the filters, no stop: the run ends with the uncaught exception', async () => {
    session = await openSession('tcp');
    let stops = 0;
    session.client.on('stopped', () => stops++);
    const exited = session.client.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    await session.client.initializeRequest();
    const initialized = session.client.waitForEvent('initialized');
    const launched = session.client.launchRequest({ program: fixtures.overdraftWat, invoke: 'run', args: ['25'] } as DebugProtocol.LaunchRequestArguments);
    await initialized;
    await session.client.send('setExceptionBreakpoints', { filters: ['traps'] });
    await session.client.configurationDoneRequest();
    await launched;
    expect((await exited).body.exitCode).toBe(1);
    expect(stops).toBe(0);
  });
});
