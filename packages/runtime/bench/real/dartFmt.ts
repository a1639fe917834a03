/**
 * The Dart formatter (Dart compiled by dart2wasm: Wasm GC) from the `@wasm-fmt/dart_fmt` package,
 * through its own glue, which instantiates through the global `WebAssembly`: formats
 * test/dartFormat/input.dart into test/dartFormat/expected.dart.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface DartFormatter {
  format(source: string): string;
}

const input = readFileSync(new URL('../../test/dartFormat/input.dart', import.meta.url), 'utf8');
const expected = readFileSync(new URL('../../test/dartFormat/expected.dart', import.meta.url), 'utf8');

export interface DartGlue {
  initSync(module: unknown): unknown;
  formatWrapper(app: unknown, source: string, filename: string, options: object): string;
}

const DIR = createRequire(import.meta.url).resolve('@wasm-fmt/dart_fmt/package.json').replace(/package\.json$/, '');

/** The package's glue module. */
export async function dartGlue(): Promise<DartGlue> {
  return (await import(`${DIR}dart_fmt.mjs`)) as DartGlue;
}

/** The formatter compiled and instantiated by `engine` (a WebAssembly namespace). */
export function dartFormatter(glue: DartGlue, engine: object): DartFormatter {
  const saved = globalThis.WebAssembly;
  globalThis.WebAssembly = engine as typeof WebAssembly;
  try {
    const app = glue.initSync(new globalThis.WebAssembly.Module(readFileSync(`${DIR}dart_fmt.wasm`)));
    return { format: (source) => glue.formatWrapper(app, source, 'input.dart', {}) };
  } finally {
    globalThis.WebAssembly = saved;
  }
}

/** One format of input.dart, checked against expected.dart. */
export function formatInput(formatter: DartFormatter): string {
  const out = formatter.format(input);
  if (out !== expected) throw new Error('dart_fmt: the output differs from test/dartFormat/expected.dart');
  return out;
}

export async function workload(): Promise<string> {
  const formatter = dartFormatter(await dartGlue(), globalThis.WebAssembly);
  for (let k = 0; k < 4; k++) formatInput(formatter);
  return String(formatInput(formatter).length);
}
