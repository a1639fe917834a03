/**
 * How the tests start the `lantern` CLI: `node` on the bundle built once by buildCli.ts (the
 * vitest globalSetup), as a child process with its own stdin, stdout, stderr and exit code.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { inject } from 'vitest';

/** The command line that starts `lantern <args>` (for spawn, or a pseudo-terminal's `script -c`). */
export function lanternCommand(...args: string[]): string[] {
  return [process.execPath, inject('lanternCli'), ...args];
}

export interface LanternResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `lantern <args>` to completion (`options`: cwd, env, input for stdin). */
export function lantern(args: string[], options: Omit<SpawnSyncOptions, 'encoding'> = {}): LanternResult {
  const [node, ...argv] = lanternCommand(...args);
  const result = spawnSync(node!, argv, { ...options, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
