// A trap (stats.c run without arguments divides by zero): the stop comes before the stack
// unwinds, exceptionInfo tells what trapped, `resume 7` in the debug console makes the division
// produce 7, and the program completes with its output and exit code.
import { afterEach, describe, expect, it } from 'vitest';
import { openSession, type Session } from './support/client.ts';
import { Driver, named } from './support/driver.ts';
import { fixtures } from './support/fixtures.ts';

describe.each(['tcp', 'stdio'] as const)('a trap over %s', (transport) => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('stops before unwinding, explains the trap, resumes with a value and the program completes', async () => {
    session = await openSession(transport);
    const d = new Driver(session);
    const stop = await d.launch({ program: fixtures.statsWasm });
    expect(stop.body).toMatchObject({ reason: 'exception', text: 'integer divide by zero' });

    const info = await session.client.exceptionInfoRequest({ threadId: 1 });
    expect(info.body).toMatchObject({ exceptionId: 'trap', breakMode: 'always', details: { message: 'integer divide by zero', typeName: 'trap' } });
    expect(info.body.details?.stackTrace).toContain('at average (stats.c:33');

    // The whole stack is still there: average's frame and main's below it.
    const [average, main] = await d.frames();
    expect(average).toMatchObject({ name: 'average', line: 33 });
    expect(main).toMatchObject({ name: 'main', line: 42 });
    expect(named(await d.scope(average!.id, 'Locals'), 'total').value).toBe('0');

    const exited = session.client.waitForEvent('exited');
    const terminated = session.client.waitForEvent('terminated');
    const resumed = await d.evaluate('resume 7', average!.id, 'repl');
    expect(resumed.result).toBe('Resuming: the trapping instruction produces 7.');
    expect((await exited).body.exitCode).toBe(0);
    await terminated;
    expect(d.stdout).toBe('0 points, average area 7\n');
    await expect(session.transcript.join('\n') + '\n').toMatchFileSnapshot('golden/trap.txt');
  });

  it('refuses a resume with the wrong number of values and lets the trap unwind on continue', async () => {
    session = await openSession(transport);
    const d = new Driver(session);
    await d.launch({ program: fixtures.statsWasm });
    await expect(d.evaluate('resume 1 2', undefined, 'repl')).rejects.toThrow('The trapping instruction produces 1 value; 2 given.');
    const output: string[] = [];
    session.client.on('output', (e: { body: { category: string; output: string } }) => {
      if (e.body.category === 'stderr') output.push(e.body.output);
    });
    expect(await d.runToEnd()).toBe(134);
    expect(output.join('')).toContain('integer divide by zero');
  });
});
