/** Runs one .wast file on a named engine: the unit of work of the pool's workers. */
import { readFileSync } from 'node:fs';
import type { TierPolicy } from '@lantern/runtime';
import { ENGINES } from './engines.ts';
import { displayName } from './suiteFiles.ts';
import { type FileReport, WastRunner } from './wastRunner.ts';

export function runFile(file: string, engineName: string, tier?: TierPolicy, deoptTorture?: number, recordTraps?: boolean): FileReport {
  const makeEngine = ENGINES[engineName];
  if (!makeEngine) throw new Error(`unknown engine ${engineName}`);
  // Each proposal's suite runs with the features of its own reference interpreter: the
  // exception-handling one has no stack switching (so tags must have empty results).
  const name = displayName(file);
  const engine = makeEngine({ stackSwitching: !name.startsWith('proposals/exception-handling'), tier, deoptTorture, recordTraps });
  return new WastRunner(engine, name, engine.features).run(readFileSync(file, 'utf8'));
}
