/**
 * A module with no sources (no DWARF, no source map, not given as .wat) is debugged at WAT printed
 * from its binary: breakpoints in that view's gutter, stepping by instruction, the current
 * instruction highlighted.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printWat } from '@lantern/runtime';
import { wat2wasm } from '@lantern/wat';
import { describe, expect, it } from 'vitest';
import { useApp } from './support/app.ts';
import { openPage } from './support/browser.ts';
import { DebuggerPage } from './support/debuggerPage.ts';

const SQUARES_WAT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'demo', 'examples', 'debugging', 'squares.wat');

const app = useApp();

describe('the WAT view of a module without sources', () => {
  it('sets a breakpoint on a WAT line, stops there, steps by instruction into a call', async () => {
    // The binary of the .wat example: names, but no positions of any source.
    const bytes = wat2wasm(readFileSync(SQUARES_WAT, 'utf8'));
    const lines = printWat(bytes, { customSections: 'omit' }).text.split('\n');
    const lineOf = (text: string, from = 0) => lines.findIndex((l, i) => i >= from && l.trim() === text) + 1;
    const firstCall = lineOf('call $square', lineOf('(func $sum (type 0) (param $n i32) (result i32)'));

    const { page, errors } = await openPage(app.browser, app.server.url, 'generated-wat');
    const ui = new DebuggerPage(page);
    await page.setInputFiles('#file-input', { name: 'squares.wasm', mimeType: 'application/wasm', buffer: Buffer.from(bytes) });
    await ui.waitStatus(/^Ready$/);
    expect(await page.textContent('#program-name')).toBe('squares.wasm — symbols: generated');
    expect(await page.textContent('#source-tabs .tab.active')).toBe('squares.wasm.wat (generated)');
    expect(await page.locator('.cm-content').textContent()).toContain('(func $sum (type 0) (param $n i32) (result i32)');

    await ui.clickGutter(firstCall);
    await page.selectOption('#entry', 'sum');
    await page.fill('#args', '3');
    await page.click('#run');
    expect(await ui.waitStatus(/^Paused/)).toBe(`Paused (breakpoint) at squares.wasm.wat:${firstCall}`);
    expect((await ui.currentLineText()).trim()).toBe('call $square');
    expect(await ui.frames()).toEqual(['sum']);
    // The call's operands, i*4 (the store's address) and i, on the stack; no call counted yet.
    const operand = (name: string) => ui.variable(name, '[data-scope="Operand stack"]');
    expect([await operand('[0]'), await operand('[1]')]).toEqual(['4', '1']);
    expect(await ui.variable('$calls', '[data-scope="Globals"]')).toBe('0');

    // Step over by instruction: the call runs, the store after it is next.
    await page.click('#step-over');
    expect(await ui.waitStatus(/^Paused \(step\)/)).toBe(`Paused (step) at squares.wasm.wat:${firstCall + 1}`);
    expect((await ui.currentLineText()).trim()).toBe('i32.store');
    expect([await operand('[0]'), await operand('[1]')]).toEqual(['4', '1']);
    expect(await ui.variable('$calls', '[data-scope="Globals"]')).toBe('1');

    // Step into the second call: the highlight moves into $square's body.
    const secondCall = lineOf('call $square', firstCall);
    // Each step goes forward, one instruction (with code of its own) at a time, to that call.
    for (let at = firstCall + 1; at < secondCall; ) {
      await page.click('#step-over');
      await page.waitForFunction((b) => document.querySelector('#status')?.textContent !== b, `Paused (step) at squares.wasm.wat:${at}`);
      const next = Number(/^Paused \(step\) at squares\.wasm\.wat:(\d+)$/.exec(await ui.status())?.[1]);
      expect(next).toBeGreaterThan(at);
      expect(next).toBeLessThanOrEqual(secondCall);
      expect(await ui.currentLineText()).toBe(lines[next - 1]);
      at = next;
    }
    await page.click('#step-into');
    const inSquare = await ui.waitStatus(/^Paused \(step\) at squares\.wasm\.wat:\d+$/);
    const line = Number(/:(\d+)$/.exec(inSquare)![1]);
    expect(line).toBeGreaterThan(lineOf('(func $square (type 0) (param $x i32) (result i32)'));
    expect(line).toBeLessThan(lineOf('(func $sum (type 0) (param $n i32) (result i32)'));
    expect(await ui.currentLineText()).toBe(lines[line - 1]);
    expect(await ui.frames()).toEqual(['square', 'sum']);

    await ui.clickGutter(firstCall);
    await page.click('#continue');
    expect(await ui.waitOutput('[exited with code 0; result 14]')).toContain('[exited with code 0; result 14]');
    await ui.expectNoErrors(errors);
  });
});
