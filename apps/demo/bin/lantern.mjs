#!/usr/bin/env node
// The `lantern` binary: runs the CLI bundled to plain JavaScript (scripts/cliBundle.mjs). In a
// checkout, where the sources sit beside it, it first rebuilds the bundle if it is missing or
// older than any source it was built from (a few milliseconds of stat calls when it is fresh).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

// `lantern --version` answers from package.json (as the CLI's own --version does): no bundle to
// check or load, so it starts as fast as Node does.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
  process.exit(0);
}

const bundle = fileURLToPath(new URL('../dist/lantern.mjs', import.meta.url));
const bundler = new URL('../scripts/cliBundle.mjs', import.meta.url);
if (existsSync(bundler)) {
  const { buildCli, cliBundleIsStale } = await import(bundler.href);
  if (cliBundleIsStale(bundle)) await buildCli(bundle);
}
// No process.setSourceMapsEnabled(true) here: Node then parses every loaded chunk's map (megabytes)
// at load, which was most of the start-up. `NODE_OPTIONS=--enable-source-maps lantern ...` maps an
// internal error's stack to the TypeScript sources when wanted.
await import(pathToFileURL(bundle).href);
