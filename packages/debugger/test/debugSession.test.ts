/**
 * DebugSession on a C program (test/fixtures/crash, clang -g -O0) as a DAP client drives it:
 * launch with args and stdout as events, breakpoints set before the run (source line, function),
 * stackTrace / scopes / variables with paging, setVariable, evaluate, stepping, a trap stopped
 * before unwinding and resumed with a value, restart keeping breakpoints and their hits.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DebugSession, SymbolResolver, type Outcome, type Stop } from '../src/index.ts';
import { CRASH_WASM, fixtureSource } from './helpers.ts';

function session(args: string[]) {
  const symbols = new SymbolResolver({ readSource: fixtureSource });
  const bytes = symbols.addFile(CRASH_WASM);
  const s = new DebugSession({ bytes, name: 'crash', symbols, args, stdout: 'events' });
  let out = '';
  s.on('output', (e) => {
    if (e.category === 'stdout') out += e.text;
  });
  return { s, output: () => out };
}

function stopOf(o: Outcome): Stop {
  if (o.kind !== 'stopped') throw new Error(`expected a stop, the run ended: ${JSON.stringify(o.end)}`);
  return o.stop;
}

function topLine(s: DebugSession): string {
  const f = s.stackTrace(0, 1).frames[0]!;
  return `${f.name}:${f.source?.line}`;
}

describe('DebugSession', () => {
  it('breakpoints, frames, scopes, variables with paging, setVariable, evaluate, steps, exit code', async () => {
    const { s, output } = session([]);
    const line = s.breakpoints.add({ kind: 'source', file: 'crash.c', line: 38 });
    const fn = s.breakpoints.add({ kind: 'function', name: 'move_point' });
    const missing = s.breakpoints.add({ kind: 'source', file: 'nowhere.c', line: 1 });
    expect(line).toMatchObject({ id: 1, verified: true, line: 38 });
    expect(fn).toMatchObject({ id: 2, verified: true, function: 'move_point' });
    expect(missing).toMatchObject({ verified: false, message: 'No source file named nowhere.c.' });
    expect(s.state).toBe('idle');

    // A function breakpoint stops after the prologue.
    const first = stopOf(await s.start());
    expect(first.reason).toBe('breakpoint');
    expect(first.breakpointIds).toEqual([2]);
    expect(s.state).toBe('paused');
    expect(topLine(s)).toBe('move_point:19');
    expect(s.threads()).toEqual([{ id: 1, name: 'main' }]);

    const trace = s.stackTrace();
    expect(trace.total).toBeGreaterThanOrEqual(2);
    expect(trace.frames.map((f) => f.name).slice(0, 2)).toEqual(['move_point', 'main']);
    const mainFrame = trace.frames[1]!;
    const scopes = s.scopes(mainFrame.id);
    expect(scopes.map((x) => x.kind)).toEqual(['parameters', 'locals', 'wasmLocals', 'operands', 'globals', 'memory']);
    const locals = s.variables(scopes[1]!.variablesReference);
    const values = locals.find((v) => v.name === 'values')!;
    expect(values).toMatchObject({ type: 'int[4]', indexedVariables: 4 });
    expect(s.variables(values.variablesReference, 1, 2).map((v) => `${v.name}=${v.value}`)).toEqual(['[1]=1', '[2]=4']);
    const origin = locals.find((v) => v.name === 'origin')!;
    expect(s.variables(origin.variablesReference).map((v) => `${v.evaluateName}=${v.value}`)).toEqual(['origin.x=2', 'origin.y=7']);

    // A pointer parameter expands to the struct it points at; writing a member goes to memory.
    const params = s.variables(s.scopes(trace.frames[0]!.id)[0]!.variablesReference);
    const p = params.find((v) => v.name === 'p')!;
    expect(p.memoryReference).toMatch(/^memory0@0x/);
    const members = s.variables(p.variablesReference);
    expect(members.map((v) => v.evaluateName)).toEqual(['p->x', 'p->y']);
    expect(s.setVariable(p.variablesReference, 'x', '40')).toMatchObject({ name: 'x', value: '40' });
    expect(s.evaluate('p->x', trace.frames[0]!.id, 'watch').result).toBe('40');
    expect(s.evaluate('origin', mainFrame.id, 'repl')).toMatchObject({ result: '{x = 40, y = 7}' });
    expect(s.history).toHaveLength(1);
    expect(() => s.evaluate('nosuch', mainFrame.id)).toThrow('No symbol "nosuch" in current context.');
    expect(Array.from(s.readMemory(p.memoryReference!, 0, 4))).toEqual([40, 0, 0, 0]);

    // Out of move_point: the call was the last instruction of line 37, so the step lands on
    // line 38's first instruction, where breakpoint 1 is (the breakpoint is the reason).
    const out = stopOf(await s.step({ kind: 'out' }));
    expect(out).toMatchObject({ reason: 'breakpoint', breakpointIds: [1] });
    expect(topLine(s)).toBe('main:38');
    // Step into checked_sum stops after its prologue, on its first line of code.
    stopOf(await s.step({ kind: 'into' }));
    expect(s.stackTrace().frames[0]!.name).toBe('checked_sum');
    const end = await s.continue();
    expect(end).toEqual({ kind: 'ended', end: { kind: 'exited', exitCode: 0 } });
    expect(s.state).toBe('ended');
    expect(output()).toBe('sum=45 x=41\n');
    expect(s.breakpoints.get(1)!.hits).toBe(1);
  });

  it('a trap stops before unwinding: exceptionInfo, resume with a value, then the program completes', async () => {
    const { s, output } = session(['div']);
    const trap = stopOf(await s.start());
    expect(trap.reason).toBe('trap');
    expect(s.exceptionInfo()).toMatchObject({ message: 'integer divide by zero', resultCount: 1 });
    expect(() => s.resumeTrap([])).toThrow('produces 1 value');
    const end = await s.resumeTrap([1000]);
    expect(end).toEqual({ kind: 'ended', end: { kind: 'exited', exitCode: 0 } });
    expect(output()).toBe('1006\nsum=45 x=3\n');
  });

  it('restart keeps breakpoints and their hits; terminate ends a paused run; hit conditions and logpoints', async () => {
    const { s } = session([]);
    const logs: string[] = [];
    s.on('output', (e) => {
      if (e.category === 'console') logs.push(e.text);
    });
    s.breakpoints.add({ kind: 'function', name: 'move_point' }, { logMessage: 'dx={dx} p->x={p->x} {bogus}' });
    const bp = s.breakpoints.add({ kind: 'source', file: 'crash.c', line: 38 }, { hitCondition: '>= 2' });
    expect((await s.start()).kind).toBe('ended'); // the first hit does not stop
    expect(logs).toEqual(['dx=1 p->x=2 <error: No symbol "bogus" in current context.>\n']);
    const again = stopOf(await s.restart());
    expect(again.breakpointIds).toEqual([bp.id]);
    expect(s.breakpoints.get(bp.id)!.hits).toBe(2);
    await s.terminate();
    expect(s.state).toBe('ended');
    expect(() => s.stackTrace()).toThrow('The program is not being run.');
  });

  it('answers what editors ask: source files, lines with code, completion names; traps unwind when the filter is off', async () => {
    const { s } = session(['div']);
    expect(s.program.sourceFiles().some((f) => f.endsWith('crash.c'))).toBe(true);
    const lines = s.program.lineLocations('crash.c', 17, 20).map((l) => l.line);
    expect(lines).toEqual([18, 19, 20]); // 17 is blank; 18 opens move_point
    s.breakpoints.add({ kind: 'function', name: 'depth_sum' });
    stopOf(await s.start());
    const names = s.names();
    expect(names).toEqual(expect.arrayContaining(['n', 'divisor', '$__stack_pointer', '$local0']));
    s.breakpoints.remove(1);
    s.setExceptionFilters({ traps: false, exceptions: 'none' });
    const end = await s.continue();
    expect(end.kind === 'ended' && end.end.kind).toBe('trapped');
  });

  it('reports a module it cannot launch with the phase', async () => {
    const symbols = new SymbolResolver();
    const bytes = new Uint8Array(readFileSync(CRASH_WASM));
    const s = new DebugSession({ bytes, name: 'crash', symbols, invoke: { name: 'nope', args: [] } });
    await expect(s.start()).rejects.toMatchObject({ name: 'LaunchError', phase: 'entry' });
    expect(s.state).toBe('idle');
  });
});

describe('DebugSession with fuel', () => {
  it('stops where the fuel runs out, as a trap "out of fuel" with the frames alive', async () => {
    const symbols = new SymbolResolver({ readSource: fixtureSource });
    const bytes = symbols.addFile(CRASH_WASM);
    const s = new DebugSession({ bytes, name: 'crash', symbols, args: [], stdout: 'events', fuel: 50 });
    const stop = stopOf(await s.start());
    expect(stop.reason).toBe('trap');
    expect(s.exceptionInfo()).toMatchObject({ message: 'out of fuel' });
    expect(s.stackTrace().frames.length).toBeGreaterThan(0);
    expect(await s.continue()).toMatchObject({ kind: 'ended', end: { kind: 'trapped' } });
  });
});
