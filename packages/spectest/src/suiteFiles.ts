/**
 * Where the official suite lives and which of its files a run covers. The suite is data in
 * `../shared/spec` beside the checkout (see shared/spec/README.md); the SIMD and relaxed-SIMD
 * suites are beside it in `../shared/spec-more`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SPEC_ROOT = join(REPO_ROOT, '..', 'shared', 'spec');
export const SPEC_MORE_ROOT = join(REPO_ROOT, '..', 'shared', 'spec-more');

/** Folders of each suite: in shared/spec, or (`more`) in shared/spec-more. */
export const SUITES = {
  core: { folders: ['core', 'core/custom'] },
  exceptions: { folders: ['proposals/exception-handling', 'proposals/exception-handling/legacy'] },
  stackSwitching: { folders: ['proposals/stack-switching'] },
  simd: { folders: ['simd'], more: true },
  relaxedSimd: { folders: ['relaxed-simd'], more: true },
} as const;
export type SuiteName = keyof typeof SUITES;

/** Absolute paths of the .wast files in the named suites, in a stable order. */
export function suiteFiles(suites: readonly SuiteName[]): string[] {
  const files: string[] = [];
  for (const suite of suites) {
    const { folders } = SUITES[suite];
    const root = 'more' in SUITES[suite] ? SPEC_MORE_ROOT : SPEC_ROOT;
    if (!existsSync(root)) throw new Error(`the ${suite} suite is not in ${root} (expected ../shared beside the checkout)`);
    for (const folder of folders) {
      const dir = join(root, folder);
      for (const name of readdirSync(dir).sort()) if (name.endsWith('.wast')) files.push(join(dir, name));
    }
  }
  return files;
}

/** The name a file is reported under: its path inside shared/spec or shared/spec-more. */
export function displayName(file: string): string {
  return file.startsWith(SPEC_MORE_ROOT) ? relative(SPEC_MORE_ROOT, file) : relative(SPEC_ROOT, file);
}
