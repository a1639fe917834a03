/**
 * Seed modules for the binary mutators: every committed .wasm of the repository, the .wat
 * fixtures compiled by @lantern/wat, every module the spec suites define (compiled from their
 * .wast scripts), and large real programs (SQLite, QuickJS, Brotli) from the runtime's bench
 * dependencies. The smoke test uses the repository's own files only; long runs use all.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseScript, wat2wasm } from '@lantern/wat';
import { REPO_ROOT, SPEC_ROOTS } from '../paths.ts';

export interface Seed {
  name: string;
  bytes: Uint8Array;
}

export type CorpusPart = 'fixtures' | 'wat' | 'spec' | 'real';

const REAL_MODULES = [
  'packages/runtime/node_modules/sql.js/dist/sql-wasm.wasm',
  'packages/runtime/node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm',
  'packages/runtime/node_modules/brotli-wasm/pkg.node/brotli_wasm_bg.wasm',
];
/** Committed modules larger than this are "real" (mutating them costs a full decode each). */
const FIXTURE_MAX_BYTES = 300_000;

function* filesUnder(dir: string, ext: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist' || name === 'findings') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* filesUnder(path, ext);
    else if (name.endsWith(ext)) yield path;
  }
}

function repoFiles(ext: string): string[] {
  return ['packages', 'apps'].flatMap((d) => [...filesUnder(join(REPO_ROOT, d), ext)]);
}

const isWasm = (b: Uint8Array): boolean => b.length >= 8 && b[0] === 0 && b[1] === 0x61 && b[2] === 0x73 && b[3] === 0x6d;

function fixtures(): Seed[] {
  return repoFiles('.wasm')
    .map((path) => ({ name: relative(REPO_ROOT, path), bytes: new Uint8Array(readFileSync(path)) }))
    .filter((s) => isWasm(s.bytes) && s.bytes.length <= FIXTURE_MAX_BYTES);
}

function watFixtures(): Seed[] {
  const out: Seed[] = [];
  for (const path of repoFiles('.wat')) {
    try {
      out.push({ name: relative(REPO_ROOT, path), bytes: wat2wasm(readFileSync(path, 'utf8')) });
    } catch {
      // Some .wat files are deliberately invalid text (parser tests): they are not seeds.
    }
  }
  return out;
}

function specModules(): Seed[] {
  const out: Seed[] = [];
  for (const root of SPEC_ROOTS) {
    if (!existsSync(root)) throw new Error(`the spec suite is not at ${root} (expected ../shared beside the checkout)`);
    for (const path of filesUnder(root, '.wast')) {
      let commands;
      try {
        commands = parseScript(readFileSync(path, 'utf8'));
      } catch {
        continue; // a script our parser rejects is the text format's concern, not a seed
      }
      commands.forEach((c, i) => {
        if (c.type !== 'module') return;
        const result = c.module.compile();
        if (result.ok) out.push({ name: `${relative(join(root, '..'), path)}#${i}`, bytes: result.binary });
      });
    }
  }
  return out;
}

function realModules(): Seed[] {
  const big = repoFiles('.wasm')
    .map((path) => ({ name: relative(REPO_ROOT, path), bytes: new Uint8Array(readFileSync(path)) }))
    .filter((s) => isWasm(s.bytes) && s.bytes.length > FIXTURE_MAX_BYTES);
  const deps = REAL_MODULES.map((p) => join(REPO_ROOT, p)).filter(existsSync)
    .map((path) => ({ name: relative(REPO_ROOT, path), bytes: new Uint8Array(readFileSync(path)) }));
  return [...big, ...deps];
}

export function loadCorpus(parts: readonly CorpusPart[]): Seed[] {
  const loaders: Record<CorpusPart, () => Seed[]> = { fixtures, wat: watFixtures, spec: specModules, real: realModules };
  return parts.flatMap((p) => loaders[p]());
}
