/** Where the harnesses find their inputs and put what they find. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The spec suites beside the checkout (as `pnpm spec` finds them). */
export const SPEC_ROOTS = [join(REPO_ROOT, '..', 'shared', 'spec'), join(REPO_ROOT, '..', 'shared', 'spec-more')];
/** Inputs behind findings of a long run, for triage and regression tests (not committed). */
export const FINDINGS_DIR = join(REPO_ROOT, 'packages', 'fuzz', 'findings');
