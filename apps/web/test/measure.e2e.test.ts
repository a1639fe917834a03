/**
 * Profile and Coverage from the web debugger's toolbar: the program runs under @lantern/debugger's
 * Profiler or Coverage in the worker, and the page shows the hottest functions and lines, the
 * flame graph, and the covered and uncovered lines in the source gutter, with the files to
 * download.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useApp } from './support/app.ts';
import { openPage } from './support/browser.ts';
import { DebuggerPage } from './support/debuggerPage.ts';

const HOT_WAT = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'hot.wat');

const app = useApp();

/** The profile's function rows: name → [total, self] shares in percent. */
async function functionShares(page: Page): Promise<Map<string, [number, number]>> {
  const rows = await page.locator('#profile-functions tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  return new Map(rows.map(([total, self, name]) => [name!, [parseFloat(total!), parseFloat(self!)]]));
}

async function openHot(page: Page, ui: DebuggerPage, n: string): Promise<void> {
  await page.setInputFiles('#file-input', { name: 'hot.wat', mimeType: 'text/plain', buffer: readFileSync(HOT_WAT) });
  await ui.waitStatus(/^Ready$/);
  await page.selectOption('#entry', 'main');
  await page.fill('#args', n);
}

describe('Profile', () => {
  it('counts instructions (exact): $hot does 20 times the work of $cold, at its loop lines; the flame graph and .cpuprofile have it', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, 'profile-exact');
    const ui = new DebuggerPage(page);
    await openHot(page, ui, '200000');
    await page.check('#profile-exact');
    await page.click('#profile');
    await ui.waitOutput('[exited with code 0; result');
    await page.locator('#profile-panel').waitFor();
    expect(await page.textContent('#profile-panel h3')).toMatch(/^Profile \d+ instructions/);
    const shares = await functionShares(page);
    // Counts per instruction, no call stacks: a function's total is its own.
    expect([...shares.keys()]).toEqual(['hot', 'cold', 'main']);
    const [hotTotal, hotSelf] = shares.get('hot')!;
    const [, coldSelf] = shares.get('cold')!;
    expect(hotSelf).toBe(hotTotal);
    // The same loop body, n and n/20 times: counts in a ratio of 20 (give or take the entries).
    expect(hotSelf / coldSelf).toBeGreaterThan(19.5);
    expect(hotSelf / coldSelf).toBeLessThan(20.5);
    expect(hotSelf).toBeGreaterThan(94);
    // The hottest lines are $hot's loop (hot.wat lines 9 to 12).
    const topLines = await page.locator('#profile-lines tbody tr').evaluateAll((trs) => trs.slice(0, 4).map((tr) => tr.getAttribute('data-line')));
    expect(topLines.sort()).toEqual(['hot.wat:10', 'hot.wat:11', 'hot.wat:12', 'hot.wat:9']);
    // A line of the table opens it in the source view.
    await page.locator('#profile-lines button', { hasText: 'hot.wat:10' }).click();
    expect(await ui.currentLineText()).toBe('        (local.set $acc (i32.xor (local.get $acc) (i32.rotl (local.get $i) (i32.const 7))))');
    // The profiler's own flame graph, in its frame.
    const flame = page.frameLocator('#flame-graph');
    await flame.locator('text=hot').first().waitFor();
    // The .cpuprofile to download is V8's format, with $hot's node.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#profile-download')]);
    expect(download.suggestedFilename()).toBe('hot.wat.cpuprofile');
    const cpuprofile = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { nodes: { callFrame: { functionName: string } }[]; samples: number[] };
    expect(cpuprofile.nodes.map((n) => n.callFrame.functionName)).toEqual(expect.arrayContaining(['(root)', 'main', 'hot', 'cold']));
    await ui.expectNoErrors(errors);
  });

  it('samples a run: main is under every sample, $hot is a leaf with its share of the time', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, 'profile-sampling');
    const ui = new DebuggerPage(page);
    await openHot(page, ui, '3000000');
    await page.click('#profile');
    await ui.waitOutput('[exited with code 0; result');
    await page.locator('#profile-panel').waitFor();
    expect(await page.textContent('#profile-panel h3')).toMatch(/^Profile \d+ samples, [\d.]+ ms/);
    // Shares of wall time (how fast each loop ran, interpreted or compiled, decides the split;
    // the exact test above checks the work): the stacks are right whatever the split.
    const shares = await functionShares(page);
    expect(shares.get('main')![0]).toBe(100);
    expect(shares.get('hot')![1]).toBeGreaterThan(0);
    expect(shares.get('hot')![0]).toBe(shares.get('hot')![1]);
    const selfSum = [...shares.values()].reduce((sum, [, self]) => sum + self, 0);
    expect(selfSum).toBeGreaterThan(99.5);
    expect(selfSum).toBeLessThan(100.5);
    await ui.expectNoErrors(errors);
  });
});

describe('Coverage', () => {
  it('marks the lines of the C example that ran before its trap and those that did not, and offers lcov', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, 'coverage');
    const ui = new DebuggerPage(page);
    await ui.openExample('stats');
    // No arguments: the loop's body never runs, average() divides by zero.
    await page.click('#coverage');
    expect(await ui.waitStatus(/^Trapped/)).toBe('Trapped: integer divide by zero');
    await page.click('#trap-unwind');
    await ui.waitOutput('[terminated: integer divide by zero]');
    await page.locator('#coverage-panel').waitFor();
    const marker = (line: number) => page.locator(`.cm-coverage-gutter .cov-marker[data-line="${line}"]`);
    await marker(42).waitFor();
    // Ran: main's set-up, the call of average(), average() up to the division.
    for (const line of [37, 42, 32, 33]) expect(await marker(line).getAttribute('class'), `line ${line}`).toBe('cov-marker cov-ran');
    // Did not: add_point(), fib(), the loop's body, the printf after the trap.
    for (const line of [20, 26, 27, 39, 40, 43]) expect(await marker(line).getAttribute('class'), `line ${line}`).toBe('cov-marker cov-missed');
    // Comments and blank lines have no code: no mark.
    expect(await marker(1).count()).toBe(0);
    expect(await page.textContent('#coverage-panel .coverage-file[data-file="stats.c"]')).toMatch(/^stats\.c: 7\/21 lines ran \(33\.3%\)$/);
    // The C library's files (their line tables are in the module, their sources are not) in one row.
    expect(await page.locator('#coverage-panel .coverage-file').last().textContent()).toMatch(/^\d+ more files without source here: \d+\/\d+ lines ran/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#coverage-download')]);
    expect(download.suggestedFilename()).toBe('lcov.info');
    const lcov = readFileSync((await download.path())!, 'utf8');
    expect(lcov).toMatch(/^SF:.*stats\.c$/m);
    expect(lcov).toContain('\nDA:42,1\n');
    expect(lcov).toContain('\nDA:27,0\n');
    await ui.expectNoErrors(errors);
  });
});
