/**
 * `@lantern/runtime/polyfill`: Lantern as the global `WebAssembly` (lanternAsGlobal.child.ts,
 * each mode in a child process of its own). Installed right after import, it must serve Node's
 * own fetch — undici compiles its llhttp parser through the global, the SIMD build first (its
 * fallback build only if that fails), so one successful compile is the SIMD parser running on
 * Lantern — and a WASI C program, with no error anywhere, handled or not.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectedOutput } from './runProgram.ts';

const child = fileURLToPath(new URL('./lanternAsGlobal.child.ts', import.meta.url));

function run(nodeFlags: string[], mode: string): Record<string, unknown> {
  const result = spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', child, mode], { encoding: 'utf8' });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  expect(result.status, `child failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
  return JSON.parse(line) as Record<string, unknown>;
}

function expectFetchAndProgramOnLantern(seen: Record<string, unknown>): void {
  expect(seen.errors).toEqual([]);
  expect(seen.globalIsLantern).toBe(true);
  expect(seen.body).toBe('200 hello from node:http');
  const compiles = seen.compiles as string[];
  expect(compiles).toHaveLength(1);
  expect(compiles[0]).toMatch(/^\d+ bytes: compiled$/);
  expect(seen.stdout).toBe(expectedOutput('hello', 'stdout'));
  expect(seen.exitCode).toBe(0);
}

describe('Lantern as the global WebAssembly (@lantern/runtime/polyfill)', () => {
  it('next to a native WebAssembly: the import keeps it, installWebAssembly({ force: true }) right after replaces it; fetch and a C program work', () => {
    const seen = run([], 'force');
    expect(seen.keptNative).toBe(true);
    expect(seen.installedIsGlobal).toBe(true);
    expectFetchAndProgramOnLantern(seen);
  }, 300_000);

  it('where there is no native WebAssembly (node --jitless): the import alone installs it; fetch and a C program work', () => {
    expectFetchAndProgramOnLantern(run(['--jitless'], 'default'));
  }, 600_000);
});
