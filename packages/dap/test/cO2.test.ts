// C at -O2 (packages/debugger/test/fixtures/crash): `crash div` divides by zero inside `ratio`,
// which the compiler inlined into the recursive `depth_sum`: each inlined call is a frame of its
// own in stackTrace, at the same instruction as the function it was inlined into.
import { afterEach, describe, expect, it } from 'vitest';
import { openSession, type Session } from './support/client.ts';
import { Driver } from './support/driver.ts';
import { fixtures } from './support/fixtures.ts';

describe.each(['tcp', 'stdio'] as const)('C at -O2 over %s', (transport) => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('shows inlined calls as frames of their own', async () => {
    session = await openSession(transport);
    const d = new Driver(session);
    const stop = await d.launch({ program: fixtures.crashO2Wasm, args: ['div'] });
    expect(stop.body.reason).toBe('exception');
    const [ratio, depthSum, main] = await d.frames();
    expect(ratio).toMatchObject({ name: 'ratio', line: 6, source: { path: fixtures.utilH } });
    expect(depthSum).toMatchObject({ name: 'depth_sum', line: 14, source: { path: fixtures.crashC } });
    expect(main).toMatchObject({ name: 'main', line: 32, source: { path: fixtures.crashC } });
    // One wasm frame: the recursion became a loop, and both calls were inlined into main.
    expect(new Set([ratio, depthSum, main].map((f) => f!.instructionPointerReference)).size).toBe(1);
    expect(await d.runToEnd()).toBe(134);
    await expect(session.transcript.join('\n') + '\n').toMatchFileSnapshot('golden/c-O2.txt');
  });
});
