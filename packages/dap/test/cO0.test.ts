// C at -O0 (apps/demo/examples/debugging/stats.c): break by line with a condition, locals, struct
// expansion, setVariable, evaluate, step in/over/out, disassemble, readMemory, to the end.
import { afterEach, describe, expect, it } from 'vitest';
import { openSession, type Session } from './support/client.ts';
import { Driver, named } from './support/driver.ts';
import { fixtures } from './support/fixtures.ts';

describe.each(['tcp', 'stdio'] as const)('C at -O0 over %s', (transport) => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('stops at a conditional line breakpoint, shows and changes variables, steps, disassembles and reads memory', async () => {
    session = await openSession(transport);
    const d = new Driver(session);
    const first = await d.launch(
      { program: fixtures.statsWasm, args: ['3', '4', '5'] },
      { source: { path: fixtures.statsC, breakpoints: [{ line: 40, condition: 'i == 2' }] } },
    );
    expect(first.body).toMatchObject({ reason: 'breakpoint', hitBreakpointIds: [1] });

    let [main] = await d.frames();
    expect(main).toMatchObject({ name: 'main', line: 40, source: { path: fixtures.statsC } });
    const locals = await d.scope(main!.id, 'Locals');
    expect(named(locals, 'i').value).toBe('2');
    const s = named(locals, 's');
    expect(s.value).toBe('{count = 1, total = 6, last = {...}}');
    const members = await d.children(s.variablesReference);
    expect(members.map((m) => `${m.name}=${m.value}`)).toEqual(['count=1', 'total=6', 'last={x = 3, y = 2}']);
    expect(await d.children(named(members, 'last').variablesReference)).toMatchObject([{ name: 'x', value: '3' }, { name: 'y', value: '2' }]);

    // p = {4, fib(4) = 3}: make it {10, 3}.
    const p = named(locals, 'p');
    const set = await session.client.setVariableRequest({ variablesReference: p.variablesReference, name: 'x', value: '10' });
    expect(set.body.value).toBe('10');
    expect((await d.evaluate('p', main!.id)).result).toBe('{x = 10, y = 3}');
    expect((await d.evaluate('print s.last', main!.id, 'repl')).result).toBe('$1 = {x = 3, y = 2}');

    expect((await d.resume('stepIn')).body.reason).toBe('step');
    const [addPoint, caller] = await d.frames();
    expect(addPoint).toMatchObject({ name: 'add_point', line: 26 });
    expect(caller).toMatchObject({ name: 'main', line: 40 });
    await d.resume('next');
    expect((await d.frames())[0]).toMatchObject({ name: 'add_point', line: 27 });
    const top = (await d.frames())[0]!;
    expect((await d.evaluate('s->count', top.id)).result).toBe('2');

    // The instruction the frame stops at, with its neighbours.
    const disassembly = await session.client.send('disassemble', { memoryReference: top.instructionPointerReference, instructionOffset: -2, instructionCount: 5 });
    const instructions = (disassembly.body as { instructions: Array<{ address: string; instruction: string; symbol?: string }> }).instructions;
    expect(instructions).toHaveLength(5);
    expect(instructions[2]).toMatchObject({ address: top.instructionPointerReference, symbol: 'add_point' });

    await d.resume('stepOut');
    [main] = await d.frames();
    expect(main!.name).toBe('main');
    // s in memory: count, total, last.x, last.y as little-endian i32s.
    const sNow = named(await d.scope(main!.id, 'Locals'), 's');
    const memory = await session.client.send('readMemory', { memoryReference: sNow.memoryReference, count: 16 });
    const bytes = Buffer.from((memory.body as { data: string }).data, 'base64');
    expect([0, 4, 8, 12].map((o) => bytes.readInt32LE(o))).toEqual([2, 36, 10, 3]);

    await session.client.setBreakpointsRequest({ source: { path: fixtures.statsC }, breakpoints: [] });
    expect(await d.runToEnd()).toBe(0);
    expect(d.stdout).toBe('3 points, average area 20\n');
    await expect(session.transcript.join('\n') + '\n').toMatchFileSnapshot('golden/c-O0.txt');
  });
});
