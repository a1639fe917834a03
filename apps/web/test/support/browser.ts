/**
 * Debian's Chromium, headless, driven by playwright-core (no browser download: `.ci/run` installs
 * the `chromium` package). Each test gets a fresh page; a failing test leaves a screenshot in
 * test-results/.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { onTestFailed } from 'vitest';

export const CHROMIUM = process.env.LANTERN_CHROMIUM ?? '/usr/bin/chromium';
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results');

export async function launch(extraArgs: string[] = []): Promise<Browser> {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...(root ? ['--no-sandbox'] : []), ...extraArgs] });
}

/** A new page whose console errors and page errors are collected, screenshotted if the test fails. */
export async function openPage(browser: Browser, url: string, name: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  onTestFailed(async () => {
    mkdirSync(RESULTS, { recursive: true });
    const file = join(RESULTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.error(`screenshot of the failure: ${file}\npage errors: ${errors.join('\n') || 'none'}`);
  });
  await page.goto(url);
  return { page, errors };
}
