// Exception filters on every throw path (test/fixtures/throwpaths.wat): legacy `rethrow`,
// `throw_ref`, `resume_throw` into a suspended continuation (caught inside it) and into a fresh
// one (uncaught), and a host function's throw — each stops before anything unwinds, with
// exceptionInfo naming the tag and payload; `wasm-uncaught` only where no wasm handler catches it.
import { afterEach, describe, expect, it } from 'vitest';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { openSession, type Session } from './support/client.ts';
import { Driver } from './support/driver.ts';
import { fixtures } from './support/fixtures.ts';

describe('exception filters on every throw path', () => {
  let session: Session | undefined;
  /** What the adapter said on the console (an invoked export's result). */
  let consoleText = '';
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  async function start(invoke: string, args: string[], filter: string): Promise<{ d: Driver; stop: DebugProtocol.StoppedEvent; stderr: string[] }> {
    session = await openSession('stdio');
    const d = new Driver(session);
    listenConsole(session);
    const stderr: string[] = [];
    session.client.on('output', (e: DebugProtocol.OutputEvent) => {
      if (e.body.category === 'stderr') stderr.push(e.body.output);
    });
    const stop = await d.launch({ program: fixtures.throwPathsWat, invoke, args }, { exceptions: ['traps', filter] });
    return { d, stop, stderr };
  }

  function listenConsole(s: Session): void {
    consoleText = '';
    s.client.on('output', (e: DebugProtocol.OutputEvent) => {
      if (e.body.category === 'console') consoleText += e.body.output;
    });
  }

  async function info(): Promise<DebugProtocol.ExceptionInfoResponse['body']> {
    return (await session!.client.exceptionInfoRequest({ threadId: 1 })).body;
  }

  it('rethrow: the legacy catch caught it (no stop at the throw), the rethrow leaves wasm: stops there', async () => {
    const { d, stop, stderr } = await start('rethrow', ['3'], 'wasm-uncaught');
    expect(stop.body).toMatchObject({ reason: 'exception', text: '$fault(i32 3)' });
    expect(await info()).toMatchObject({ exceptionId: '$fault', breakMode: 'unhandled', details: { message: '$fault(i32 3)' } });
    const [top] = await d.frames();
    expect(top).toMatchObject({ name: 'rethrow', line: 24 });
    expect(await d.runToEnd()).toBe(1);
    expect(stderr.join('')).toBe('uncaught wasm exception $fault(i32 3)\n');
  });

  it('throw_ref of a caught exnref stops before it with the original tag and payload', async () => {
    const { d, stop } = await start('throwRef', ['4'], 'wasm-uncaught');
    expect(stop.body).toMatchObject({ reason: 'exception', text: '$fault(i32 4)' });
    expect(await info()).toMatchObject({ exceptionId: '$fault', breakMode: 'unhandled' });
    expect((await d.frames())[0]).toMatchObject({ name: 'throwRef', line: 27 });
    expect(await d.runToEnd()).toBe(1);
  });

  it('resume_throw into a suspended continuation that catches it: a stop with wasm-all, "caught"; the run completes', async () => {
    const { d, stop } = await start('resumeThrow', [], 'wasm-all');
    expect(stop.body).toMatchObject({ reason: 'exception', text: '$fault(i32 7)' });
    const body = await info();
    expect(body).toMatchObject({ exceptionId: '$fault', breakMode: 'always' });
    expect(body.description).not.toContain('no wasm handler');
    expect((await d.frames())[0]).toMatchObject({ name: 'resumeThrow', line: 46 });
    expect(await d.runToEnd()).toBe(0);
    expect(consoleText).toContain('resumeThrow returned 107');
  });

  it('resume_throw caught inside the continuation does not stop with wasm-uncaught', async () => {
    session = await openSession('stdio');
    listenConsole(session);
    let stops = 0;
    session.client.on('stopped', () => stops++);
    const exited = session.client.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    await session.client.initializeRequest();
    const initialized = session.client.waitForEvent('initialized');
    const launched = session.client.launchRequest({ program: fixtures.throwPathsWat, invoke: 'resumeThrow', args: [] } as DebugProtocol.LaunchRequestArguments);
    await initialized;
    await session.client.send('setExceptionBreakpoints', { filters: ['wasm-uncaught'] });
    await session.client.configurationDoneRequest();
    await launched;
    expect((await exited).body.exitCode).toBe(0);
    expect(stops).toBe(0);
    expect(consoleText).toContain('resumeThrow returned 107');
  });

  it('resume_throw into a fresh continuation leaves wasm: stops with wasm-uncaught', async () => {
    const { d, stop } = await start('resumeFresh', [], 'wasm-uncaught');
    expect(stop.body).toMatchObject({ reason: 'exception', text: '$fault(i32 9)' });
    expect(await info()).toMatchObject({ exceptionId: '$fault', breakMode: 'unhandled' });
    expect(await d.runToEnd()).toBe(1);
  });

  it("a host function's throw stops at the call before wasm sees it; continue ends the run", async () => {
    const { d, stop, stderr } = await start('hostThrow', ['0'], 'wasm-uncaught');
    expect(stop.body.reason).toBe('exception');
    expect(stop.body.text).toContain('abort() called');
    const body = await info();
    expect(body).toMatchObject({ exceptionId: 'js', breakMode: 'unhandled', details: { typeName: 'JS exception' } });
    expect(body.description).toContain('thrown by a host function');
    expect((await d.frames())[0]).toMatchObject({ name: 'hostThrow', line: 59 });
    expect(await d.runToEnd()).toBe(1);
    expect(stderr.join('')).toContain('abort() called');
  });

  it("a host function's throw a catch_all catches: a stop with wasm-all only; a step lands in the handler", async () => {
    const { d, stop } = await start('hostThrow', ['1'], 'wasm-all');
    expect(stop.body.reason).toBe('exception');
    expect(await info()).toMatchObject({ exceptionId: 'js', breakMode: 'always' });
    expect((await d.frames())[0]).toMatchObject({ name: 'hostThrow', line: 56 });
    expect((await d.resume('next')).body.reason).toBe('step');
    expect((await d.frames())[0]).toMatchObject({ name: 'hostThrow', line: 58 });
    expect(await d.runToEnd()).toBe(0);
  });
});
