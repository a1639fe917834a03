// Wasm GC values over DAP (test/fixtures/gcvalues.wat): structs expand to their fields by name,
// a large array pages through `variables` start/count, i31 values show as numbers in locals, the
// operand stack and globals, and `setVariable` on a struct field changes what the program computes.
import { afterEach, describe, expect, it } from 'vitest';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { openSession, type Session } from './support/client.ts';
import { Driver, named } from './support/driver.ts';
import { fixtures } from './support/fixtures.ts';

describe('GC values over DAP', () => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('expands structs and arrays, pages a large array, shows i31s, writes a field', async () => {
    session = await openSession('stdio');
    const d = new Driver(session);
    const consoleText: string[] = [];
    session.client.on('output', (e: DebugProtocol.OutputEvent) => {
      if (e.body.category === 'console') consoleText.push(e.body.output);
    });
    // Line 28: the call of $inspect, its arguments not evaluated yet.
    const stop = await d.launch({ program: fixtures.gcValuesWat, invoke: 'run', args: [] }, { source: { path: fixtures.gcValuesWat, breakpoints: [{ line: 28 }] } });
    expect(stop.body.reason).toBe('breakpoint');
    let [top] = await d.frames();
    expect(top).toMatchObject({ name: 'run', line: 28 });
    expect(await d.scope(top!.id, 'Operand stack')).toEqual([]);

    const first = named(await d.scope(top!.id, 'Wasm locals'), '$first');
    expect(first).toMatchObject({ value: '$node {$key: $bytes[2], $count: 3, $next: $node}', namedVariables: 3 });
    const fields = await d.children(first.variablesReference);
    expect(fields.map((v) => `${v.name}=${v.value}`)).toEqual(['$key=$bytes[2] {104, 105}', '$count=3', '$next=$node {$key: $bytes[4], $count: 1, $next: null}']);
    expect((await d.children(fields[0]!.variablesReference)).map((v) => `${v.name}=${v.value}`)).toEqual(['[0]=104', '[1]=105']);

    const globals = await d.scope(top!.id, 'Globals');
    expect(named(globals, '$tiny').value).toBe('i31 21');
    expect(named(globals, '$head').value).toBe(first.value);
    const table = named(globals, '$table');
    expect(table).toMatchObject({ indexedVariables: 1000 });
    // A page from the end: only the elements asked for.
    const page = await d.children(table.variablesReference, 995, 10);
    expect(page.map((v) => `${v.name}=${v.value}`)).toEqual(['[995]=5', '[996]=5', '[997]=5', '[998]=5', '[999]=5']);

    // The count is mutable: written here, $inspect computes with it (2 + 42 - 7).
    const set = await session.client.setVariableRequest({ variablesReference: first.variablesReference, name: '$count', value: '42' });
    expect(set.body.value).toBe('42');
    expect((await d.children(first.variablesReference)).map((v) => v.value)[1]).toBe('42');
    // The key is not.
    await expect(session.client.setVariableRequest({ variablesReference: first.variablesReference, name: '$key', value: '0' })).rejects.toThrow('$key is immutable');
    // An array element through the global's expansion.
    expect((await session.client.setVariableRequest({ variablesReference: table.variablesReference, name: '[999]', value: '-1' })).body.value).toBe('-1');

    // Two instructions on (i32.const -7, ref.i31): the i31 argument is on the operand stack.
    for (let k = 0; k < 2; k++) await d.resume('stepIn', { threadId: 1, granularity: 'instruction' });
    [top] = await d.frames();
    expect((await d.scope(top!.id, 'Operand stack')).map((v) => v.value)).toEqual(['i31 -7']);

    expect(await d.runToEnd()).toBe(0);
    expect(consoleText.join('')).toBe('run returned 37\n');
  });
});
