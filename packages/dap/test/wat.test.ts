// Hand-written WAT (apps/demo/examples/debugging/squares.wat, an export invoked with an
// argument): a function breakpoint, stepping by instruction with the operand stack changing under
// it, an instruction breakpoint, the export's result.
import { afterEach, describe, expect, it } from 'vitest';
import { openSession, type Session } from './support/client.ts';
import { Driver } from './support/driver.ts';
import { fixtures } from './support/fixtures.ts';

describe.each(['tcp', 'stdio'] as const)('WAT over %s', (transport) => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('steps by instruction through the operand stack', async () => {
    session = await openSession(transport);
    const d = new Driver(session);
    const stop = await d.launch({ program: fixtures.squaresWat, invoke: 'sum', args: ['4'] }, { functions: [{ name: 'square' }] });
    expect(stop.body.reason).toBe('breakpoint');
    let [top] = await d.frames();
    expect(top).toMatchObject({ name: 'square', source: { path: fixtures.squaresWat } });

    // Three instructions, one at a time: each stop is the next instruction of the disassembly.
    const listing = await session.client.send('disassemble', { memoryReference: top!.instructionPointerReference, instructionCount: 4 });
    const addresses = (listing.body as { instructions: Array<{ address: string; instruction: string }> }).instructions;
    const seen = [top!.instructionPointerReference];
    const stacks: string[][] = [];
    for (let k = 0; k < 3; k++) {
      await d.resume('stepIn', { threadId: 1, granularity: 'instruction' });
      [top] = await d.frames();
      seen.push(top!.instructionPointerReference);
      stacks.push((await d.scope(top!.id, 'Operand stack')).map((v) => v.value));
    }
    expect(seen).toEqual(addresses.map((i) => i.address));
    expect(addresses.map((i) => i.instruction)).toEqual(['global.get 0', 'i32.const 1', 'i32.add', 'global.set 0']);
    expect(stacks).toEqual([['0'], ['0', '1'], ['1']]);

    // An instruction breakpoint in $sum: at the `local.set $i` that increments the counter.
    await session.client.setFunctionBreakpointsRequest({ breakpoints: [] });
    const sumListing = await session.client.send('disassemble', { memoryReference: (await d.frames())[1]!.instructionPointerReference, instructionCount: 12 });
    const increment = (sumListing.body as { instructions: Array<{ address: string; instruction: string }> }).instructions.find((i) => i.instruction === 'local.set 1' && i.address !== undefined);
    const set = await session.client.send('setInstructionBreakpoints', { breakpoints: [{ instructionReference: increment!.address }] });
    expect((set.body as { breakpoints: Array<{ verified: boolean }> }).breakpoints[0]!.verified).toBe(true);
    expect((await d.resume('continue')).body.reason).toBe('breakpoint');
    expect((await d.frames())[0]!.instructionPointerReference).toBe(increment!.address);

    await session.client.send('setInstructionBreakpoints', { breakpoints: [] });
    const output: string[] = [];
    session.client.on('output', (e: { body: { category: string; output: string } }) => {
      if (e.body.category === 'console') output.push(e.body.output);
    });
    expect(await d.runToEnd()).toBe(0);
    expect(output.join('')).toBe('sum returned 30\n');
    await expect(session.transcript.join('\n') + '\n').toMatchFileSnapshot('golden/wat.txt');
  });
});

describe('WAT on compiled code', () => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it.each([
    [{ tier: 'eager', debugCompile: true }, ['0']],
    [{ tier: 'eager', debugCompile: false }, []],
  ])('launched with %j: stops in square, the operand stack as the code keeps it, the same result', async (options, operands) => {
    session = await openSession('tcp');
    const d = new Driver(session);
    const stop = await d.launch({ program: fixtures.squaresWat, invoke: 'sum', args: ['4'], ...options }, { functions: [{ name: 'square' }] });
    expect(stop.body.reason).toBe('breakpoint');
    await d.resume('stepIn', { threadId: 1, granularity: 'instruction' });
    const [top] = await d.frames();
    expect(top).toMatchObject({ name: 'square' });
    expect((await d.scope(top!.id, 'Operand stack')).map((v) => v.value)).toEqual(operands);
    await session.client.setFunctionBreakpointsRequest({ breakpoints: [] });
    const output: string[] = [];
    session.client.on('output', (e: { body: { category: string; output: string } }) => {
      if (e.body.category === 'console') output.push(e.body.output);
    });
    expect(await d.runToEnd()).toBe(0);
    expect(output.join('')).toBe('sum returned 30\n');
  });
});
