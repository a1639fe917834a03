#!/usr/bin/env node
// The `lantern` binary: runs the CLI bundled to plain JavaScript (scripts/cliBundle.mjs). In a
// checkout, where the sources sit beside it, it first rebuilds the bundle if it is missing or
// older than any source it was built from (a few milliseconds of stat calls when it is fresh).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/lantern.mjs', import.meta.url));
const bundler = new URL('../scripts/cliBundle.mjs', import.meta.url);
if (existsSync(bundler)) {
  const { buildCli, cliBundleIsStale } = await import(bundler.href);
  if (cliBundleIsStale(bundle)) await buildCli(bundle);
}
process.setSourceMapsEnabled(true);
await import(pathToFileURL(bundle).href);
