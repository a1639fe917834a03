/**
 * Offline once loaded: the built app is opened once from a static server, its service worker
 * (src/offline/serviceWorker.ts) caches it; then the server is shut and the browser is offline,
 * and the page reloads and debugs a shipped example to its end.
 */
import { describe, expect, it } from 'vitest';
import { useApp } from './support/app.ts';
import { openPage } from './support/browser.ts';
import { DebuggerPage } from './support/debuggerPage.ts';

const app = useApp();

describe('the web debugger offline', () => {
  it('reloads with no server and no network, and debugs the C example to its end', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, 'offline');
    // The first visit installs the service worker, which caches the build and takes the page over.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 120_000 });
    await app.server.close();
    await page.context().setOffline(true);
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);

    const ui = new DebuggerPage(page);
    await ui.openExample('stats');
    await page.fill('#args', '3 4 5');
    await ui.clickGutter(32);
    await page.click('#run');
    expect(await ui.waitStatus(/^Paused/)).toBe('Paused (breakpoint) at stats.c:32');
    await ui.clickGutter(32);
    await page.click('#continue');
    // Widths 3, 4, 5 times heights fib(3..5) = 2, 3, 5: (6 + 12 + 25) / 3.
    expect(await ui.waitOutput('[exited with code 0]')).toBe('3 points, average area 14\n[exited with code 0]\n');
    await ui.expectNoErrors(errors);
  });
});
