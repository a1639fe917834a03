/**
 * The built web debugger (dist/, made by `vite build` before the tests) served from 127.0.0.1
 * and driven in Debian's headless Chromium the way a user drives it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useApp } from './support/app.ts';
import { openPage } from './support/browser.ts';
import { DebuggerPage } from './support/debuggerPage.ts';

const here = dirname(fileURLToPath(import.meta.url));
const HELLO_WASM = join(here, '..', '..', 'demo', 'examples', 'hello', 'hello.wasm');
const DEBUGGER_FIXTURES = join(here, '..', '..', '..', 'packages', 'debugger', 'test', 'fixtures');
const fixture = (path: string, mimeType = 'text/plain') => ({ name: path.slice(path.lastIndexOf('/') + 1), mimeType, buffer: readFileSync(join(DEBUGGER_FIXTURES, path)) });

const app = useApp();

describe('the web debugger in Chromium', () => {
  it('debugs the C example: gutter breakpoint, a struct field, step over, the trap, resume with a value', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, 'c-example');
    const ui = new DebuggerPage(page);
    await ui.openExample('stats');
    expect(await page.textContent('#source-tabs .tab.active')).toContain('stats.c');

    // average(): `int total = s->total;` is line 32 of stats.c.
    await ui.clickGutter(32);
    await page.locator('.bp-marker:visible').first().waitFor();
    await page.click('#run');
    expect(await ui.waitStatus(/^Paused/)).toBe('Paused (breakpoint) at stats.c:32');
    expect(await ui.currentLineText()).toContain('int total = s->total;');
    expect((await ui.frames()).slice(0, 2)).toEqual(['average', 'main']);

    // s is a `const struct stats *`: expanding it shows the struct's fields.
    expect(await ui.variable('s')).toMatch(/^0x[0-9a-f]+/);
    await ui.expand('s');
    expect(await ui.variable('count')).toBe('0');
    expect(await ui.variable('total')).toBe('0');
    // The memory view follows the pointer: the struct's bytes (count, total, last: all zero).
    const pointer = /^0x0*([0-9a-f]+)/.exec(await ui.variable('s'))![1]!;
    await page.locator('#variables .var[data-name="s"] button', { hasText: '→ memory' }).click();
    await page.waitForFunction((a) => (document.querySelector('#memory pre')?.textContent ?? '').startsWith(a.padStart(8, '0')), pointer);
    expect((await page.textContent('#memory pre'))!.split('\n')[0]).toMatch(new RegExp(`^${pointer.padStart(8, '0')}  (00 ){16}`));

    // An expression in the stopped frame, through the core's evaluator.
    await page.fill('#evaluate', '*s');
    await page.press('#evaluate', 'Enter');
    await page.locator('#evaluated .var').waitFor();
    expect(await ui.variable('*s', '#evaluated')).toBe('{count = 0, total = 0, last = {x = 0, y = 0}}');
    await page.fill('#evaluate', 'nosuchname');
    await page.press('#evaluate', 'Enter');
    await page.locator('#evaluated .eval-error').waitFor();
    expect(await page.textContent('#evaluated .eval-error')).toMatch(/nosuchname/);

    await page.click('#step-over');
    expect(await ui.waitStatus(/^Paused \(step\)/)).toBe('Paused (step) at stats.c:33');
    expect(await ui.currentLineText()).toContain('return total / s->count;');

    await page.click('#continue');
    expect(await ui.waitStatus(/^Trapped/)).toBe('Trapped: integer divide by zero');
    expect(await page.isVisible('#trap-panel')).toBe(true);
    expect(await ui.currentLineText()).toContain('return total / s->count;');

    // The division "returns" 7 and the program goes on to print it.
    await page.fill('#trap-value', '7');
    await page.click('#trap-resume');
    const out = await ui.waitOutput('[exited with code 0]');
    expect(out).toContain('0 points, average area 7\n');
    expect(await page.textContent('#exit-status')).toBe('[exited with code 0]');
    await ui.expectNoErrors(errors);
  });

  it('pauses a spinning .wat program from the UI and shows where it stopped', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, 'spin');
    const ui = new DebuggerPage(page);
    await ui.openExample('spin');
    await page.click('#run');
    await ui.waitStatus(/^Running/);
    // The page stays responsive while wasm runs in the worker: the button reacts.
    await page.click('#pause');
    const status = await ui.waitStatus(/^Paused/);
    expect(status).toMatch(/^Paused \(pause\) at spin\.wat:\d+$/);
    const frames = await ui.frames();
    expect(frames).toContain('spin');
    expect(['spin', 'step']).toContain(frames[0]);
    // The highlighted line is the one the status names.
    const line = Number(/:(\d+)$/.exec(status)![1]);
    const lines = readFileSync(join(here, '..', '..', 'demo', 'examples', 'debugging', 'spin.wat'), 'utf8').split('\n');
    expect(await ui.currentLineText()).toBe(lines[line - 1]);
    // It stopped mid-loop: in $spin, $i counts the rounds so far; in $step, $x is the state.
    const local = frames[0] === 'spin' ? '$i' : '$x';
    expect(await ui.variable(local, '[data-scope="Wasm locals"]')).toMatch(/^-?\d+$/);
    await page.click('#stop');
    await ui.waitStatus(/^\[stopped\]/);
    await ui.expectNoErrors(errors);
  });

  it("shows a trap inside a continuation with the boundary in the call stack, and unwinds it", async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, 'scheduler');
    const ui = new DebuggerPage(page);
    await ui.openExample('scheduler');
    await page.click('#run');
    expect(await ui.waitStatus(/^Trapped/)).toBe('Trapped: integer divide by zero');
    expect(await ui.frames()).toEqual(['ratio', 'mean', 'report', 'averager', 'run_threads', 'main_crash', '_start']);
    // The continuation's frames sit above the boundary, the scheduler that resumed it below.
    const rows = await page.locator('#call-stack > div').evaluateAll((els) => els.map((e) => e.className));
    expect(rows.indexOf('frame-boundary')).toBe(4);
    expect(await page.textContent('#call-stack .frame-boundary')).toMatch(/continuation #\d+ resumed \(suspended with \$yield\)/);
    await page.click('#trap-unwind');
    expect(await ui.waitOutput('[terminated: integer divide by zero]')).toContain('thread 2: mean over a window of 1 = 42\n');
    await ui.expectNoErrors(errors);
  });

  it('a conditional breakpoint set from the gutter menu, and a logpoint, with the network off', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, 'conditions');
    const ui = new DebuggerPage(page);
    // Once loaded, the page needs no network (offline.e2e.test.ts reloads it offline too).
    await page.waitForFunction(() => (document.querySelector('#engine')?.textContent ?? '') !== '');
    await page.context().setOffline(true);
    await ui.openExample('squares');
    // Line 19 stores i*i; stop there only when $i is 3. Line 22 (i += 1) logs the round's $acc.
    await ui.clickGutter(19, 'right');
    await page.fill('#bp-text', '$i == 3');
    await page.click('#bp-ok');
    await ui.clickGutter(22, 'right');
    await page.selectOption('#bp-kind', 'log');
    await page.fill('#bp-text', 'acc={$acc}');
    await page.click('#bp-ok');
    await page.click('#run');
    expect(await ui.waitStatus(/^Paused/)).toBe('Paused (breakpoint) at squares.wat:19');
    expect(await ui.variable('$i', '[data-scope="Wasm locals"]')).toBe('3');
    expect(await ui.output()).toBe('acc=1\nacc=5\n');
    await page.click('#continue');
    expect(await ui.waitOutput('[exited with code 0; result 30]')).toBe('acc=1\nacc=5\nacc=14\nacc=30\n[exited with code 0; result 30]\n');
    await ui.expectNoErrors(errors);
  });

  it('stops a spinning program from the Stop button, and runs again', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, 'stop-running');
    const ui = new DebuggerPage(page);
    await ui.openExample('spin');
    await page.click('#run');
    await ui.waitStatus(/^Running/);
    await page.click('#stop');
    await ui.waitStatus(/^\[stopped\]/);
    // The worker is free again: a short run finishes.
    await page.fill('#args', '1000');
    await page.click('#run');
    expect(await ui.waitOutput('[exited with code 0; result')).toMatch(/\[exited with code 0; result -?\d+\]\n$/);
    await ui.expectNoErrors(errors);
  });

  it('adds a file to the WASI filesystem and downloads it back', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, 'files');
    const ui = new DebuggerPage(page);
    await ui.openExample('stats');
    await page.setInputFiles('#add-file', { name: 'input.txt', mimeType: 'text/plain', buffer: Buffer.from('3 4 5\n') });
    const entry = page.locator('#files .file', { hasText: '/input.txt' });
    await entry.waitFor();
    expect(await entry.textContent()).toContain('6 B');
    const [download] = await Promise.all([page.waitForEvent('download'), entry.locator('button').click()]);
    expect(download.suggestedFilename()).toBe('input.txt');
    const path = await download.path();
    expect(readFileSync(path!, 'utf8')).toBe('3 4 5\n');
    await ui.expectNoErrors(errors);
  });

  it('opens a .wasm dropped onto the page and runs it', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, 'drop');
    const ui = new DebuggerPage(page);
    const bytes = [...readFileSync(HELLO_WASM)];
    const dataTransfer = await page.evaluateHandle((data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], 'hello.wasm', { type: 'application/wasm' }));
      return dt;
    }, bytes);
    await page.dispatchEvent('body', 'dragover', { dataTransfer });
    await page.dispatchEvent('body', 'drop', { dataTransfer });
    await ui.waitStatus(/^Ready$/);
    expect(await page.textContent('#program-name')).toContain('hello.wasm');
    await page.fill('#args', 'Ada');
    await page.click('#run');
    const out = await ui.waitOutput('[exited with code 0]');
    expect(out).toContain('Hello, Ada, from Lantern!\n');
    expect(out).toContain('20! = 2432902008176640000\n');
    await ui.expectNoErrors(errors);
  });
});

describe('exceptions, set value, return from a frame, every memory', () => {
  it('stops before an uncaught wasm throw, changes a local, reads the second memory, returns from the frame', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, 'exceptions');
    const ui = new DebuggerPage(page);
    await page.setInputFiles('#file-input', { name: 'bank.wat', mimeType: 'text/plain', buffer: readFileSync(join(here, 'fixtures', 'bank.wat')) });
    await ui.waitStatus(/^Ready$/);
    await page.selectOption('#entry', 'run');
    await page.fill('#args', '25');
    await page.selectOption('#stop-exceptions', 'uncaught');
    await page.click('#run');
    // The caught overdraft (through $tryWithdraw) runs on; the uncaught one stops before its throw.
    expect(await ui.waitStatus(/^Paused on/)).toBe('Paused on an uncaught wasm exception: $overdraft(i32 15) at bank.wat:12');
    expect(await ui.frames()).toEqual(['withdraw', 'run']);

    // Double-click a value to change it: the worker assigns it and the panel shows it.
    const balance = '[data-scope="Wasm locals"] .var[data-name="$balance"]';
    expect(await ui.variable('$balance', '[data-scope="Wasm locals"]')).toBe('10');
    await page.dblclick(`${balance} .var-value`);
    await page.fill(`${balance} .var-edit`, '99');
    await page.press(`${balance} .var-edit`, 'Enter');
    await page.waitForFunction((sel) => document.querySelector(`${sel} .var-value`)?.textContent === '99', balance);

    // The memory view reads either memory: "ledger" is at 16 of the second, zeros in the first.
    await page.fill('#memory-address', '16');
    await page.press('#memory-address', 'Enter');
    await page.waitForFunction(() => (document.querySelector('#memory pre')?.textContent ?? '').startsWith('00000010'));
    expect((await page.textContent('#memory pre'))!.split('\n')[0]).toMatch(/^00000010  (00 ){16}/);
    expect(await page.locator('#memory-index option').allTextContents()).toEqual(['memory0 — 1 pages (65536 bytes)', 'memory1 — 1 pages (65536 bytes)']);
    await page.selectOption('#memory-index', '1');
    await page.waitForFunction(() => (document.querySelector('#memory pre')?.textContent ?? '').includes('ledger'));
    expect((await page.textContent('#memory pre'))!.split('\n')[0]).toBe('00000010  6c 65 64 67 65 72 00 00 00 00 00 00 00 00 00 00  ledger..........');

    // Return 3 from $withdraw at once: the throw never happens and run returns 3.
    await page.fill('#return-values', '3');
    await page.click('#force-return');
    expect(await ui.waitOutput('[exited with code 0; result 3]')).toContain('[exited with code 0; result 3]');
    await ui.expectNoErrors(errors);
  });
});

describe('stepping, restart, retry, inlined frames, source maps', () => {
  it('steps into and out of a C function by line, by instruction within a line, and restarts from the beginning', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, 'stepping');
    const ui = new DebuggerPage(page);
    await ui.openExample('stats');
    await page.fill('#args', '3 4 5');
    // main's loop: `add_point(&s, p);`
    await ui.clickGutter(40);
    await page.click('#run');
    expect(await ui.waitStatus(/^Paused/)).toBe('Paused (breakpoint) at stats.c:40');
    expect(await ui.variable('i')).toBe('1');

    await page.click('#step-into');
    expect(await ui.waitStatus(/^Paused \(step\)/)).toBe('Paused (step) at stats.c:26');
    expect(await ui.currentLineText()).toContain('s->count += 1;');
    expect((await ui.frames()).slice(0, 2)).toEqual(['add_point', 'main']);
    await page.click('#step-out');
    expect(await ui.waitStatus(/^Paused \(step\) at stats\.c:(?!26)/)).toMatch(/^Paused \(step\) at stats\.c:(38|40)$/);
    expect((await ui.frames())[0]).toBe('main');

    // By instruction: `int total = s->total;` is several instructions, each a stop on line 32.
    await page.click('#continue');
    await ui.waitStatus(/^Paused \(breakpoint\)/);
    await ui.clickGutter(40);
    await ui.clickGutter(32);
    await page.click('#continue');
    expect(await ui.waitStatus(/^Paused \(breakpoint\) at stats\.c:32/)).toBe('Paused (breakpoint) at stats.c:32');
    const pcOf = async () => page.locator('#call-stack .frame.selected').getAttribute('data-pc');
    const first = await pcOf();
    await page.check('#by-instruction');
    await page.click('#step-over');
    await page.waitForFunction((pc) => document.querySelector('#call-stack .frame.selected')?.getAttribute('data-pc') !== pc, first);
    expect(await ui.status()).toBe('Paused (step) at stats.c:32');
    expect(Number(await pcOf())).toBeGreaterThan(Number(first));
    await page.uncheck('#by-instruction');

    // Restart from past the loop: the program runs again from its start, into the loop's first round.
    await ui.clickGutter(32);
    await ui.clickGutter(40);
    await page.click('#restart');
    expect(await ui.waitStatus(/^Paused \(breakpoint\)/)).toBe('Paused (breakpoint) at stats.c:40');
    expect(await ui.variable('i')).toBe('1');
    await ui.clickGutter(40);
    await page.click('#continue');
    expect(await ui.waitOutput('[exited with code 0]')).toBe('3 points, average area 14\n[exited with code 0]\n');
    await ui.expectNoErrors(errors);
  });

  it('inspects a trap, changes the divisor on the operand stack, and retries the instruction', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, 'retry');
    const ui = new DebuggerPage(page);
    await ui.openExample('stats');
    await page.click('#run');
    expect(await ui.waitStatus(/^Trapped/)).toBe('Trapped: integer divide by zero');
    // Inspect: s->count is 0; the division's operands are on the stack, the divisor on top.
    await ui.expand('s');
    expect(await ui.variable('count')).toBe('0');
    const divisor = '[data-scope="Operand stack"] .var[data-name="[1]"]';
    expect(await ui.variable('[0]', '[data-scope="Operand stack"]')).toBe('0');
    expect(await ui.variable('[1]', '[data-scope="Operand stack"]')).toBe('0');
    await page.dblclick(`${divisor} .var-value`);
    await page.fill(`${divisor} .var-edit`, '2');
    await page.press(`${divisor} .var-edit`, 'Enter');
    await page.waitForFunction((sel) => document.querySelector(`${sel} .var-value`)?.textContent === '2', divisor);
    // The division runs again, 0 / 2, and the program goes on.
    await page.click('#trap-retry');
    expect(await ui.waitOutput('[exited with code 0]')).toBe('0 points, average area 0\n[exited with code 0]\n');
    await ui.expectNoErrors(errors);
  });

  it('opens a C program with its sources from the file picker: a trap in an inlined helper, its inlined frame, an array in main', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, 'inlined');
    const ui = new DebuggerPage(page);
    await page.setInputFiles('#file-input', [fixture('crash/crash.wasm', 'application/wasm'), fixture('crash/crash.c'), fixture('crash/util.h'), fixture('crash/sum.c')]);
    await ui.waitStatus(/^Ready$/);
    expect(await page.textContent('#program-name')).toBe('crash.wasm — symbols: dwarf');
    await page.fill('#args', 'div');
    await page.click('#run');
    expect(await ui.waitStatus(/^Trapped/)).toBe('Trapped: integer divide by zero');
    // ratio() (util.h, always_inline) inlined into depth_sum's recursion.
    const frames = await ui.frames();
    expect(frames.slice(0, 2)).toEqual(['ratio [inlined]', 'depth_sum']);
    expect(frames).toContain('main');
    expect(await page.textContent('#source-tabs .tab.active')).toMatch(/util\.h$/);
    expect(await ui.currentLineText()).toContain('return a / b;');
    expect(await page.textContent('#call-stack .frame-inlined .frame-where')).toMatch(/util\.h:6:\d+$/);
    // main's frame: its source line, its array.
    await page.locator('#call-stack .frame', { hasText: /^main/ }).click();
    expect(await page.textContent('#source-tabs .tab.active')).toMatch(/crash\.c$/);
    expect(await ui.currentLineText()).toContain('printf("%d\\n", depth_sum(3, argc - 2));');
    await page.locator('#variables .var[data-name="values"]').waitFor();
    await ui.expand('values');
    expect(await Promise.all(['[0]', '[1]', '[2]', '[3]'].map((i) => ui.variable(i)))).toEqual(['3', '1', '4', '1']);
    await ui.expectNoErrors(errors);
  });

  it('opens a .wasm with its source map and its TypeScript source from the file picker, and stops at a source line', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, 'source-map');
    const ui = new DebuggerPage(page);
    await page.setInputFiles('#file-input', [fixture('assemblyscript/sums.wasm', 'application/wasm'), fixture('assemblyscript/sums.wasm.map', 'application/json'), fixture('assemblyscript/sums.ts')]);
    await ui.waitStatus(/^Ready$/);
    expect(await page.textContent('#program-name')).toBe('sums.wasm — symbols: sourceMap');
    await page.selectOption('#entry', 'run');
    await page.fill('#args', '3 0');
    // sumSquares: `total += square(i);`
    await ui.clickGutter(11);
    await page.click('#run');
    expect(await ui.waitStatus(/^Paused/)).toMatch(/^Paused \(breakpoint\) at .*sums\.ts:11$/);
    expect(await ui.currentLineText()).toContain('total += square(i);');
    // AssemblyScript names functions by their file: sums/sumSquares.
    expect((await ui.frames()).slice(0, 2)).toEqual(['sums/sumSquares', 'sums/run']);
    await ui.clickGutter(11);
    await page.click('#continue');
    expect(await ui.waitOutput('[exited with code 0; result 14]')).toContain('[exited with code 0; result 14]');
    await ui.expectNoErrors(errors);
  });
});
