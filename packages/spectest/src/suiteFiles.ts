/**
 * Where the official suite lives and which of its files a run covers. The suite is data in
 * `../shared/spec` beside the checkout (see shared/spec/README.md).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SPEC_ROOT = join(REPO_ROOT, '..', 'shared', 'spec');

/** Folders of a run: the core suite always; the proposals when asked. */
export const SUITES = {
  core: ['core', 'core/custom'],
  exceptions: ['proposals/exception-handling', 'proposals/exception-handling/legacy'],
  stackSwitching: ['proposals/stack-switching'],
} as const;
export type SuiteName = keyof typeof SUITES;

/** Absolute paths of the .wast files in the named suites, in a stable order. */
export function suiteFiles(suites: readonly SuiteName[]): string[] {
  if (!existsSync(SPEC_ROOT)) throw new Error(`the spec suite is not at ${SPEC_ROOT} (expected ../shared/spec beside the checkout)`);
  const files: string[] = [];
  for (const suite of suites) {
    for (const folder of SUITES[suite]) {
      const dir = join(SPEC_ROOT, folder);
      for (const name of readdirSync(dir).sort()) if (name.endsWith('.wast')) files.push(join(dir, name));
    }
  }
  return files;
}

/** The name a file is reported under: its path inside shared/spec. */
export function displayName(file: string): string {
  return relative(SPEC_ROOT, file);
}
