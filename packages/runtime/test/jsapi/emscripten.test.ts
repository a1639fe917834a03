/**
 * The headline compatibility test: Emscripten's generated glue (committed unmodified, built by
 * emscripten/build.sh) runs with Lantern's WebAssembly in place of the global and must behave
 * exactly as with Node's native one — same output, exit status and export results, including
 * memory growth (detached buffers) and addFunction (runtime-built wasm + table.grow/set).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runEmscripten } from './emscripten/runEmscripten.ts';
import { engines } from './lantern.ts';

const expected = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'emscripten', 'expected.json'), 'utf8')) as {
  stdout: string;
  stderr: string;
  status: number;
  calls: string[];
};

describe.each(engines())('Emscripten glue on %s WebAssembly', (_engine, WA) => {
  it('runs main and the exports with the expected output', async () => {
    const run = await runEmscripten(WA);
    expect(run.stdout).toBe(expected.stdout);
    expect(run.stderr).toBe(expected.stderr);
    expect(run.status).toBe(expected.status);
    expect(run.calls.map(String)).toEqual(expected.calls);
    expect(run.memoryBytes).toBeGreaterThan(64 << 20);
    expect(run.viewsFollowedGrowth).toBe(true);
  });
});
