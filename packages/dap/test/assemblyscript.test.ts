// AssemblyScript with a source map (packages/debugger/test/fixtures/assemblyscript/sums.ts): a
// breakpoint in the .ts source with a condition over a wasm local (a source map has no variables),
// a step into a call, and the invoked export's result.
import { afterEach, describe, expect, it } from 'vitest';
import { openSession, type Session } from './support/client.ts';
import { Driver, named } from './support/driver.ts';
import { fixtures } from './support/fixtures.ts';

describe.each(['tcp', 'stdio'] as const)('AssemblyScript over %s', (transport) => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('breaks in the .ts source through the source map and steps into a call', async () => {
    session = await openSession(transport);
    const d = new Driver(session);
    const stop = await d.launch(
      { program: fixtures.sumsWasm, invoke: 'run', args: ['3', '0'] },
      { source: { path: fixtures.sumsTs, breakpoints: [{ line: 11, condition: '$i == 2' }] } },
    );
    expect(stop.body.reason).toBe('breakpoint');
    let [top] = await d.frames();
    expect(top).toMatchObject({ name: 'sums/sumSquares', line: 11, source: { path: fixtures.sumsTs } });
    const locals = await d.scope(top!.id, 'Wasm locals');
    expect(locals.map((l) => `${l.name}=${l.value}`)).toEqual(['$n=3', '$total=1', '$i=2']);
    await d.resume('stepIn');
    [top] = await d.frames();
    expect(top).toMatchObject({ name: 'sums/square', line: 5 });
    const output: string[] = [];
    session.client.on('output', (e: { body: { category: string; output: string } }) => {
      if (e.body.category === 'console') output.push(e.body.output);
    });
    await session.client.setBreakpointsRequest({ source: { path: fixtures.sumsTs }, breakpoints: [] });
    expect(await d.runToEnd()).toBe(0);
    expect(output.join('')).toBe('run returned 14\n');
    await expect(session.transcript.join('\n') + '\n').toMatchFileSnapshot('golden/assemblyscript.txt');
  });
});
