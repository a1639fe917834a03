/**
 * The WASI C programs (packages/runtime/test/programs/<name>/) run on Node's native WebAssembly and on
 * Lantern's, each with @lantern/wasi; both must print exactly the committed expected output,
 * exit with the expected code and leave the expected files behind.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as runtime from '@lantern/runtime';
import { expectedOutput, programNames, readSpec, runProgram, type WasmNamespace } from './runProgram.ts';

const lantern = (runtime as Record<string, unknown>).WebAssembly as WasmNamespace | undefined;
const engines: [string, WasmNamespace][] = [['native', globalThis.WebAssembly as unknown as WasmNamespace]];
if (lantern) engines.push(['lantern', lantern]);

it('@lantern/runtime exports a WebAssembly namespace to run the programs on', () => {
  expect(lantern).toBeDefined();
});

for (const [engine, ns] of engines) {
  describe(`WASI programs on ${engine} WebAssembly`, () => {
    for (const name of programNames()) {
      it(name, () => {
        const spec = readSpec(name);
        const result = runProgram(ns, name);
        try {
          expect(result.stdout).toBe(expectedOutput(name, 'stdout'));
          expect(result.stderr).toBe(expectedOutput(name, 'stderr'));
          expect(result.exitCode).toBe(spec.exitCode);
          for (const [path, content] of Object.entries(spec.expectFiles ?? {})) {
            const host = spec.preopens ? join(result.tmp, Object.values(spec.preopens)[0], path) : join(result.tmp, path);
            expect(readFileSync(host, 'utf8'), path).toBe(content);
          }
          for (const path of spec.expectMissing ?? []) expect(existsSync(join(result.tmp, path)), path).toBe(false);
        } finally {
          result.cleanup();
        }
      }, 120_000);
    }
  });
}
