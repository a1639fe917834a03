// Stack switching (apps/demo/examples/wasmfx/generator.wat): a breakpoint inside a generator,
// which runs on a continuation of its own; stackTrace shows its frames, a labelled frame at the
// continuation boundary, then the consumer that resumed it.
import { afterEach, describe, expect, it } from 'vitest';
import { openSession, type Session } from './support/client.ts';
import { Driver } from './support/driver.ts';
import { fixtures } from './support/fixtures.ts';

describe.each(['tcp', 'stdio'] as const)('stack switching over %s', (transport) => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('shows the continuation boundary in the call stack', async () => {
    session = await openSession(transport);
    const d = new Driver(session);
    // Line 41 runs after the generator's first suspend: the continuation was resumed with $yield.
    const stop = await d.launch({ program: fixtures.generatorWat }, { source: { path: fixtures.generatorWat, breakpoints: [{ line: 41 }] } });
    expect(stop.body.reason).toBe('breakpoint');
    const frames = await d.frames();
    expect(frames.map((f) => [f.name, f.line, f.presentationHint])).toEqual([
      ['fibonacci', 41, undefined],
      ['-- continuation #2 resumed (suspended with $yield) --', 0, 'label'],
      ['consume', 80, undefined],
      ['main', 103, undefined],
      ['wasm-function[5]', 109, undefined],
    ]);
    // A label has no scopes; the consumer's frame has its own locals.
    expect((await session.client.scopesRequest({ frameId: frames[1]!.id })).body.scopes).toEqual([]);
    const consumer = await d.scope(frames[2]!.id, 'Wasm locals');
    expect(consumer.map((v) => v.name)).toEqual(['$g', '$arg', '$max', '$k', '$v', '$count', '$sum']);

    await session.client.setBreakpointsRequest({ source: { path: fixtures.generatorWat }, breakpoints: [] });
    expect(await d.runToEnd()).toBe(0);
    expect(d.stdout).toContain('values: 12, sum: 232\n');
    expect(d.stdout).toContain('values: 10, sum: 129\n');
    await expect(session.transcript.join('\n') + '\n').toMatchFileSnapshot('golden/stack-switching.txt');
  });
});
