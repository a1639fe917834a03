/**
 * Vitest globalSetup: bundles the `lantern` CLI once per test run, as the build does
 * (scripts/cliBundle.mjs), into a temporary directory, and hands its path to the tests
 * (`inject('lanternCli')`). A test that spawns `node <bundle>` pays a Node start, not a compilation
 * of the sources; the temporary copy keeps the run independent of the checkout's dist/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildCli } from '../../scripts/cliBundle.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The bundled CLI: run it as `node <lanternCli> <command> ...`. */
    lanternCli: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-cli-bundle-'));
  const outfile = join(dir, 'lantern.mjs');
  await buildCli(outfile);
  project.provide('lanternCli', outfile);
  return () => rmSync(dir, { recursive: true, force: true });
}
