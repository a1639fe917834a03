/** Runs one .wast file on a named engine: the unit of work of the pool's workers. */
import { readFileSync } from 'node:fs';
import { ENGINES } from './engines.ts';
import type { Feature } from './features.ts';
import { displayName } from './suiteFiles.ts';
import { type FileReport, WastRunner } from './wastRunner.ts';

/** What Lantern executes today; modules needing anything else are skipped by feature. */
export const LANTERN_FEATURES: ReadonlySet<Feature> = new Set<Feature>([]);

export function runFile(file: string, engineName: string): FileReport {
  const makeEngine = ENGINES[engineName];
  if (!makeEngine) throw new Error(`unknown engine ${engineName}`);
  return new WastRunner(makeEngine(), displayName(file), LANTERN_FEATURES).run(readFileSync(file, 'utf8'));
}
