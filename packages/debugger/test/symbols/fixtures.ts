/** Loads the committed fixture modules (built by fixtures/shapes/build.sh) for the symbols tests. */

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const SHAPES_DIR = join(FIXTURE_DIR, 'shapes');

/** The four builds of the shapes fixture: [name, DWARF version of our two units, optimized]. */
export const SHAPES_BUILDS = [
  { name: 'shapes-O0', version: 4, optimized: false },
  { name: 'shapes-O2', version: 4, optimized: true },
  { name: 'shapes-O0-dwarf5', version: 5, optimized: false },
  { name: 'shapes-O2-dwarf5', version: 5, optimized: true },
] as const;

export function shapesWasm(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(SHAPES_DIR, `${name}.wasm`)));
}

export function shapesDump(name: string, kind: 'debug-line' | 'debug-info'): string {
  return join(SHAPES_DIR, `${name}.${kind}.txt`);
}

/** The source lines of a fixture file, 1-based (index 0 unused), for choosing lines by content. */
export function sourceLines(file: string): string[] {
  return ['', ...readFileSync(join(SHAPES_DIR, file), 'utf8').split('\n')];
}

/** 1-based line number of the first line containing `text`. */
export function lineOf(file: string, text: string): number {
  const i = sourceLines(file).findIndex((l, n) => n > 0 && l.includes(text));
  if (i < 0) throw new Error(`${text} not found in ${file}`);
  return i;
}
