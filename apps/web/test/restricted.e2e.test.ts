/**
 * The web debugger where the browser gives no engine: the worker without a `WebAssembly` global
 * (deleted before the program is opened; Lantern reads no global when imported), and a
 * Content-Security-Policy that forbids both `unsafe-eval` and `wasm-unsafe-eval` (no code from
 * strings: Lantern's JS-compiling tier is off and the interpreter runs alone; no native wasm
 * compilation either).
 */
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { DIST } from './support/app.ts';
import { launch, openPage } from './support/browser.ts';
import { DebuggerPage } from './support/debuggerPage.ts';
import { serveStatic, type StaticServer } from './support/staticServer.ts';

const CSP = "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'";

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of cleanup.reverse()) await close();
});

async function start(headers: Record<string, string>, args: string[]): Promise<{ server: StaticServer; browser: Browser }> {
  const server = await serveStatic(DIST, headers);
  cleanup.push(() => server.close());
  const browser = await launch(args);
  cleanup.push(() => browser.close());
  return { server, browser };
}

/** Runs the .wat example to its end and checks its result. */
async function runSquares(ui: DebuggerPage): Promise<void> {
  await ui.openExample('squares');
  await ui.clickGutter(17);
  await ui.page.click('#run');
  expect(await ui.waitStatus(/^Paused/)).toBe('Paused (breakpoint) at squares.wat:17');
  await ui.clickGutter(17);
  await ui.page.click('#continue');
  // 1 + 4 + 9 + 16
  expect(await ui.waitOutput('[exited with code 0; result 30]')).toContain('[exited with code 0; result 30]');
}

describe('the web debugger without a browser engine', () => {
  it('works when the worker has no WebAssembly global: Lantern is the only engine', async () => {
    const { server, browser } = await start({}, []);
    const { page, errors } = await openPage(browser, server.url, 'no-webassembly');
    const ui = new DebuggerPage(page);
    await page.waitForFunction(() => document.body.dataset.state === 'none');
    expect(page.workers()).toHaveLength(1);
    const removed = await page.workers()[0]!.evaluate(() => {
      const scope = globalThis as { WebAssembly?: unknown };
      delete scope.WebAssembly;
      return typeof scope.WebAssembly;
    });
    expect(removed).toBe('undefined');
    await runSquares(ui);
    expect(errors).toEqual([]);
  });

  it('works under a CSP that forbids unsafe-eval and wasm-unsafe-eval', async () => {
    const { server, browser } = await start({ 'content-security-policy': CSP }, []);
    const { page, errors } = await openPage(browser, server.url, 'csp');
    const ui = new DebuggerPage(page);
    await page.waitForFunction(() => document.body.dataset.state === 'none');
    // The policy is in force in the worker (as its own code sees it; DevTools' evaluation would
    // bypass it): no code from strings.
    await page.waitForFunction(() => (document.querySelector('#engine')?.textContent ?? '') !== '');
    expect(await page.textContent('#engine')).toContain("code generation forbidden by the page's CSP");
    await runSquares(ui);
    // The only complaint is the worker's probe for code generation, refused as the policy says.
    expect(errors.filter((e) => !/Evaluating a string as JavaScript violates|unsafe-eval/.test(e))).toEqual([]);
  });
});
