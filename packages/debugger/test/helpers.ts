/** Shared helpers of the debugger tests: fixture paths, running the C fixture under WASI on Lantern. */

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWebAssembly } from '@lantern/runtime';
import { Wasi } from '@lantern/wasi';
import { Trap } from '@lantern/traps';

export const TEST_DIR = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(TEST_DIR, 'fixtures');
export const CRASH_WASM = join(FIXTURES, 'crash', 'crash.wasm');
export const GOLDEN = join(TEST_DIR, 'golden');

export function fixtureText(...parts: string[]): string {
  return readFileSync(join(FIXTURES, ...parts), 'utf8');
}

/** Maps the fixture's recorded build path (-fdebug-prefix-map) to the committed sources. */
export function fixtureSource(file: string): string | undefined {
  const m = /^\/fixtures\/(.*)$/.exec(file);
  try {
    return readFileSync(m ? join(FIXTURES, m[1]) : file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A WASI program instance on a fresh Lantern namespace; stdout collected into `out`. */
export function wasiProgram(bytes: Uint8Array<ArrayBuffer>, args: string[]) {
  const WebAssembly = createWebAssembly();
  const out: string[] = [];
  const wasi = new Wasi({ args, env: {}, stdout: (b) => void out.push(new TextDecoder().decode(b)) });
  const module = new WebAssembly.Module(bytes);
  const instance = new WebAssembly.Instance(module, wasi.getImportObject()) as InstanceType<typeof WebAssembly.Instance> & {
    readonly exports: Record<string, unknown>;
  };
  return { WebAssembly, wasi, module, instance, out };
}

/** The Trap `f` throws (anything else it throws is rethrown; not throwing fails). */
export function trapOf(f: () => unknown): Trap {
  try {
    f();
  } catch (e) {
    if (e instanceof Trap) return e;
    throw e;
  }
  throw new Error('expected a trap');
}
