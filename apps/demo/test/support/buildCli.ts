/**
 * Vitest globalSetup: bundles the `lantern` CLI (src/cli.ts and every workspace package it uses)
 * into one plain-JavaScript file with esbuild, once per test run, and hands its path to the tests
 * (`inject('lanternCli')`). A test that spawns `node <bundle>` pays a Node start, not a tsx
 * compilation of the sources (seconds per process on a busy machine).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The bundled CLI: run it as `node <lanternCli> <command> ...`. */
    lanternCli: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-cli-bundle-'));
  const outfile = join(dir, 'lantern.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('../../src/cli.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    // commander is CommonJS: its require() of Node built-ins needs a require in the ES module.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  project.provide('lanternCli', outfile);
  return () => rmSync(dir, { recursive: true, force: true });
}
