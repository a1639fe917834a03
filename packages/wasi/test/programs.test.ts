/**
 * The WASI programs (packages/runtime/test/programs/<name>/: wasi-libc C programs, a Rust std
 * program and an AssemblyScript one, built by build.sh there; three use SIMD: C intrinsics,
 * autovectorized C loops and Rust with +simd128) run on Node's native WebAssembly and
 * on Lantern's, each with @lantern/wasi over the disk and over a MemoryFileSystem; every run must
 * print exactly the committed expected output, exit with the expected code and leave the
 * expected files behind (and nothing where the program must not write).
 */
import { describe, expect, it } from 'vitest';
import * as runtime from '@lantern/runtime';
import { backends } from './fsTrees.ts';
import { expectedOutput, programBytes, programNames, readSpec, runProgram, type WasmNamespace } from './runProgram.ts';

const lantern = runtime.createWebAssembly() as unknown as WasmNamespace;
const engines: [string, WasmNamespace][] = [['native', globalThis.WebAssembly as unknown as WasmNamespace], ['lantern', lantern]];

for (const [engine, ns] of engines) {
  for (const backend of backends) {
    describe(`WASI programs on ${engine} WebAssembly, files on ${backend.name}`, () => {
      for (const name of programNames()) {
        it(name, () => {
          const spec = readSpec(name);
          const { stdout, stderr, exitCode, tree } = runProgram(ns, name, backend);
          try {
            expect(stdout).toBe(expectedOutput(name, 'stdout'));
            expect(stderr).toBe(expectedOutput(name, 'stderr'));
            expect(exitCode).toBe(spec.exitCode);
            const preopen = Object.values(spec.preopens ?? {})[0] ?? '.';
            for (const [path, content] of Object.entries(spec.expectFiles ?? {})) {
              expect(tree.read(`${preopen}/${path}`), path).toBe(content);
            }
            for (const path of spec.expectMissing ?? []) expect(tree.exists(path), path).toBe(false);
          } finally {
            tree.cleanup();
          }
        });
      }
    });
  }
}

/** SIMD instructions in a module's function bodies. */
function simdInstructions(bytes: Uint8Array): number {
  const info = runtime.decodeModule(bytes);
  const reader = new runtime.ByteReader(bytes);
  let count = 0;
  for (const body of info.bodies) {
    reader.pos = body.codeStart;
    while (reader.pos < body.codeEnd) {
      if (bytes[reader.pos] === runtime.PREFIX_SIMD) count++;
      runtime.skipImmediates(reader, runtime.readOpcodeImm(reader));
    }
  }
  return count;
}

describe('the SIMD programs', () => {
  it('really use SIMD: the autovectorized loops as well as the intrinsics', () => {
    for (const name of ['simd_autovec', 'simd_intrinsics', 'rust_simd']) {
      expect(programNames()).toContain(name);
      expect(simdInstructions(programBytes(name)), name).toBeGreaterThan(20);
    }
    expect(simdInstructions(programBytes('hello'))).toBe(0);
  });

  // Compiled by the JS tier (v128 values as int32 lanes), and again with compiled frames
  // materialized for the interpreter every 3 polls: the same output.
  it.each(['simd_autovec', 'simd_intrinsics', 'rust_simd'].flatMap((name) => [[name, 0], [name, 3]] as const))('%s on the JS tier (deopt torture %i)', (name, deoptTorture) => {
    const ns = runtime.createWebAssembly({ tier: 'eager', deoptTorture });
    const { stdout, exitCode, tree } = runProgram(ns as unknown as WasmNamespace, name, backends.find((b) => b.name === 'memory')!);
    tree.cleanup();
    expect(stdout).toBe(expectedOutput(name, 'stdout'));
    expect(exitCode).toBe(readSpec(name).exitCode);
    const tier = runtime.storeOf(ns)!.tier!;
    expect(tier.compiled).toBeGreaterThan(0);
    expect([...tier.unsupported.keys()]).not.toContain('SIMD');
    if (deoptTorture > 0) expect(tier.deopts).toBeGreaterThan(0);
  });
});
