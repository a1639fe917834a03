/**
 * binaryen's translate-to-fuzz (`wasm-opt -ttf`) run in this process: the `binaryen` package's
 * wasm-opt is an Emscripten program (a 0.5 s start-up per process), so its script is evaluated once
 * with the initial run replaced by a hook, and its `main` is called once per program. Input: random
 * bytes that steer the generator; output: a valid module that imports binaryen's "fuzzing-support"
 * functions (hostImports.ts) and exports its functions.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';

/**
 * The features asked for: what Node 20 runs too (so every program can be compared with it).
 * binaryen leaves out GC, exnref, memory64, multi-memory, which our own generator covers.
 */
export const TTF_FEATURES = [
  '--enable-sign-ext', '--enable-mutable-globals', '--enable-nontrapping-float-to-int', '--enable-bulk-memory',
  '--enable-multivalue', '--enable-simd', '--enable-reference-types', '--enable-tail-call',
];

const INITIAL_RUN = 'var noInitialRun=Module["noInitialRun"]||false;if(!noInitialRun)callMain(args)';
const MODULE_DECL = 'var Module=typeof Module!="undefined"?Module:{};';

interface WasmOptMain {
  callMain(args: string[]): void;
}

let instance: Promise<WasmOptMain> | undefined;

function load(): Promise<WasmOptMain> {
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve('binaryen/package.json')), 'bin', 'wasm-opt');
  const source = readFileSync(file, 'utf8').replace(/^#!.*\n/, '');
  if (!source.includes(INITIAL_RUN) || !source.includes(MODULE_DECL)) throw new Error(`${file}: not the wasm-opt build this loader knows (binaryen changed its Emscripten output)`);
  const hooked = source.replace(MODULE_DECL, '').replace(INITIAL_RUN, 'Module.onReady(callMain)');
  return new Promise((resolve) => {
    const Module = {
      onReady: (callMain: (args: string[]) => void) => resolve({ callMain }),
      // wasm-opt's chatter ("no passes specified") is not ours to print.
      print: () => {},
      printErr: () => {},
    };
    const fn = runInThisContext(`(function (Module, require, __filename, __dirname, process) {${hooked}\n})`, { filename: file });
    fn(Module, require, file, dirname(file), process);
  });
}

const workDir = mkdtempSync(join(tmpdir(), 'lantern-ttf-'));

/** The module binaryen generates from `entropy` (bytes of any kind), with NaNs made deterministic (`--denan`). */
export async function translateToFuzz(entropy: Uint8Array, extraFlags: readonly string[] = []): Promise<Uint8Array> {
  const wasmOpt = await (instance ??= load());
  const input = join(workDir, 'entropy.bin');
  const output = join(workDir, 'out.wasm');
  writeFileSync(input, entropy);
  writeFileSync(output, new Uint8Array(0));
  try {
    wasmOpt.callMain(['-ttf', input, ...TTF_FEATURES, ...extraFlags, '--denan', '-o', output]);
  } catch (e) {
    // wasm-opt itself failed (it did, once in 1,300 runs, with a call_indirect signature trap):
    // its Emscripten state is not to be trusted after that, so the next program loads it afresh.
    instance = undefined;
    throw new Error(`wasm-opt -ttf failed: ${(e as Error)?.message ?? String(e)}`);
  }
  const bytes = new Uint8Array(readFileSync(output));
  if (bytes.length === 0) throw new Error('wasm-opt -ttf wrote no module');
  return bytes;
}
