// A module without sources (apps/demo/examples/debugging/squares.wat built to a .wasm without
// a source map): every frame's `source` is the whole module printed as WAT (printWat), the
// frame's line is its instruction there, and breakpoints set on that source's lines stop at
// their instructions; a line without an instruction gets an unverified breakpoint saying so.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { wat2wasm } from '@lantern/wat';
import { openSession, type Session } from './support/client.ts';
import { Driver } from './support/driver.ts';
import { fixtures } from './support/fixtures.ts';

describe('the module as WAT for frames without sources', () => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('shows frames at their instruction in the printed module and stops at breakpoints set on its lines', async () => {
    const program = join(mkdtempSync(join(tmpdir(), 'lantern-wat-source-')), 'squares.wasm');
    writeFileSync(program, wat2wasm(readFileSync(fixtures.squaresWat, 'utf8')));
    session = await openSession('stdio');
    const c = session.client;
    const d = new Driver(session);
    await d.launch({ program, invoke: 'sum', args: ['3'] }, { functions: [{ name: 'square' }] });
    const [square, sum] = await d.frames();
    expect(square!.source).toMatchObject({ name: 'squares.wasm (WAT)', sourceReference: 1 });
    const text = (await c.sourceRequest({ sourceReference: 1, source: square!.source })).body.content;
    const lines = text.split('\n');
    expect(lines[0]).toBe('(module $squares');
    // Each frame's line is its instruction: the callee's first (`global.get 0` disassembled,
    // `global.get $calls` in the text, with names), the caller's call.
    const listing = async (ref: string) => ((await c.send('disassemble', { memoryReference: ref, instructionCount: 1 })).body as { instructions: Array<{ instruction: string }> }).instructions[0]!.instruction;
    expect(await listing(square!.instructionPointerReference!)).toBe('global.get 0');
    expect(lines[square!.line - 1]!.trim()).toBe('global.get $calls');
    expect(lines[sum!.line - 1]!.trim()).toMatch(/^call \$square/);

    // A breakpoint on the `i32.mul` line of $square, and one on a line without an instruction.
    const mul = lines.findIndex((l) => l.trim() === 'i32.mul') + 1;
    expect(mul).toBeGreaterThan(square!.line);
    await c.setFunctionBreakpointsRequest({ breakpoints: [] });
    const set = await c.setBreakpointsRequest({ source: square!.source!, breakpoints: [{ line: mul }, { line: 1 }] });
    expect(set.body.breakpoints[0]).toMatchObject({ verified: true, line: mul, source: { sourceReference: 1 } });
    expect(set.body.breakpoints[1]).toMatchObject({ verified: false, message: "No instruction on line 1 of the module's WAT." });
    const stop = await d.resume('continue');
    expect(stop.body.reason).toBe('breakpoint');
    const [top] = await d.frames();
    expect(top).toMatchObject({ name: 'square', line: mul, instructionPointerReference: set.body.breakpoints[0]!.instructionReference });

    // Instruction breakpoints set meanwhile keep the WAT-line breakpoints, and the other way round.
    await c.send('setInstructionBreakpoints', { breakpoints: [] });
    expect((await d.resume('continue')).body.reason).toBe('breakpoint');
    await c.setBreakpointsRequest({ source: square!.source!, breakpoints: [] });
    const output: string[] = [];
    c.on('output', (e: DebugProtocol.OutputEvent) => {
      if (e.body.category === 'console') output.push(e.body.output);
    });
    expect(await d.runToEnd()).toBe(0);
    expect(output.join('')).toBe('sum returned 14\n');
  });
});
