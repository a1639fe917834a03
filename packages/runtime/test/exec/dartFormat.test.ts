/**
 * A real program from a GC toolchain: the Dart formatter (dart_style) compiled by dart2wasm, as
 * published on npm (@wasm-fmt/dart_fmt 0.4.0, a devDependency: its .wasm and its own JS glue,
 * dart_fmt.mjs), run on Lantern's WebAssembly namespace — structs, arrays, i31, casts,
 * exceptions and JS interop through its imports. It formats test/dartFormat/input.dart into the
 * committed expected.dart (produced by this run and read as dart format's style: idempotence is
 * checked too). Node 20's own engine cannot compile the module (it predates the standard GC
 * encoding), so there is no native run beside it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '../../src/index.ts';

const require = createRequire(import.meta.url);
const PACKAGE = require.resolve('@wasm-fmt/dart_fmt/package.json').replace(/package\.json$/, '');
const text = (name: string) => readFileSync(new URL(`../dartFormat/${name}`, import.meta.url), 'utf8');

interface Glue {
  initSync(module: unknown): unknown;
  formatWrapper(app: unknown, source: string, filename: string, options: object): string;
}

describe('dart2wasm output (the Dart formatter from npm) on Lantern', () => {
  it('formats a Dart program into the expected text, and that text is a fixed point', async () => {
    const WA = createWebAssembly();
    const glue = (await import(`${PACKAGE}dart_fmt.mjs`)) as Glue;
    const module = new WA.Module(readFileSync(`${PACKAGE}dart_fmt.wasm`));
    // The glue instantiates through the global `WebAssembly` (and asks for JS String Builtins,
    // which Lantern does not have: it then supplies them as ordinary imports).
    const saved = globalThis.WebAssembly;
    let app: unknown;
    try {
      globalThis.WebAssembly = WA as unknown as typeof WebAssembly;
      app = glue.initSync(module);
    } finally {
      globalThis.WebAssembly = saved;
    }
    const expected = text('expected.dart');
    expect(glue.formatWrapper(app, text('input.dart'), 'input.dart', {})).toBe(expected);
    expect(glue.formatWrapper(app, expected, 'input.dart', {})).toBe(expected);
    expect(() => glue.formatWrapper(app, 'void main( {', 'bad.dart', {})).toThrow();
  }, 600_000);

  it.skipIf(Number(process.versions.node.split('.')[0]) > 20)("Node 20's engine refuses the module (so the test above has no native twin)", () => {
    expect(() => new WebAssembly.Module(readFileSync(`${PACKAGE}dart_fmt.wasm`))).toThrow(WebAssembly.CompileError);
  });
});
