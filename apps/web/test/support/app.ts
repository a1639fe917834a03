/**
 * The built app (dist/, made by `vite build` before the tests) served from 127.0.0.1 and one
 * headless Chromium, for the tests of one file: started before them, closed after them.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launch } from './browser.ts';
import { serveStatic, type StaticServer } from './staticServer.ts';

export const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');

export interface App {
  readonly server: StaticServer;
  readonly browser: Browser;
}

/** Registers the hooks; the returned object's fields are set once `beforeAll` ran. */
export function useApp(): App {
  const app = {} as { server: StaticServer; browser: Browser };
  beforeAll(async () => {
    app.server = await serveStatic(DIST);
    app.browser = await launch();
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}
