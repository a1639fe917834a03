// Test helper: loads every .wast of the shared spec corpus (path computed from the repo root) —
// the spec suite and the SIMD and relaxed-SIMD suites beside it — and compiles each module once,
// cached for all corpus tests.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScript } from '../src/index.ts';
import type { Command, CompileResult, ScriptModule } from '../src/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** packages/wat/test -> repo root */
export const repoRoot = resolve(here, '../../..');
export const specRoot = join(repoRoot, '..', 'shared', 'spec');
/** the suites kept beside the spec suite; the corpus takes these folders of it */
export const specMoreRoot = join(repoRoot, '..', 'shared', 'spec-more');
const SPEC_MORE_SUITES = ['simd', 'relaxed-simd'];

export interface CorpusModule {
  file: string;
  line: number;
  command: Command['type'];
  module: ScriptModule;
  result: CompileResult;
}

export function wastFiles(): string[] {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (e.name !== 'old-typed-continuations') walk(join(d, e.name));
      } else if (e.name.endsWith('.wast')) files.push(join(d, e.name));
    }
  };
  if (existsSync(specRoot)) walk(specRoot);
  for (const suite of SPEC_MORE_SUITES) if (existsSync(join(specMoreRoot, suite))) walk(join(specMoreRoot, suite));
  return files.sort();
}

/** a corpus file's name: `core/i32.wast` in the spec suite, `simd/simd_lane.wast` beside it */
export function corpusName(path: string): string {
  return path.startsWith(specMoreRoot) ? relative(specMoreRoot, path) : relative(specRoot, path);
}

let cache: { modules: CorpusModule[]; scriptErrors: string[]; bytes: number } | undefined;

export function loadCorpus(): { modules: CorpusModule[]; scriptErrors: string[]; bytes: number } {
  if (cache !== undefined) return cache;
  const modules: CorpusModule[] = [];
  const scriptErrors: string[] = [];
  let bytes = 0;
  for (const path of wastFiles()) {
    const file = corpusName(path);
    const text = readFileSync(path, 'utf8');
    bytes += text.length;
    let cmds: Command[];
    try {
      cmds = parseScript(text);
    } catch (e) {
      scriptErrors.push(`${file}: ${(e as Error).message}`);
      continue;
    }
    for (const c of cmds) {
      if (!('module' in c) || c.module === undefined || typeof c.module === 'string') continue;
      if (c.module.form === 'binary') continue;
      modules.push({ file, line: c.line, command: c.type, module: c.module, result: c.module.compile() });
    }
  }
  cache = { modules, scriptErrors, bytes };
  return cache;
}

/** Well-formed text modules: everything except malformed assertions. */
export function isWellFormed(m: CorpusModule): boolean {
  return m.command !== 'assert_malformed' && m.command !== 'assert_malformed_custom' && m.command !== 'assert_invalid_custom';
}

/** Modules the spec expects to validate. */
export function isValid(m: CorpusModule): boolean {
  return isWellFormed(m) && m.command !== 'assert_invalid';
}
