// Fixtures: committed .wat files with their wabt-built .wasm (see fixtures/rebuild.sh); our
// encoding must match section by section (custom sections aside) and validate in Node.

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { wat2wasm, detectFeatures, parseWat } from '../src/index.ts';
import { compareModules } from './wasmSections.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.wat'))
  .map((f) => f.slice(0, -4))
  .sort();

describe('wabt fixtures', () => {
  it('has a representative set', () => {
    expect(names.length).toBeGreaterThanOrEqual(20);
  });
  for (const name of names) {
    it(name, () => {
      const text = readFileSync(join(dir, `${name}.wat`), 'utf8');
      const expected = new Uint8Array(readFileSync(join(dir, `${name}.wasm`)));
      const ours = wat2wasm(text);
      expect(compareModules(ours, expected)).toBeUndefined();
      // without the name section the bytes of a module are identical apart from LEB padding
      const plain = wat2wasm(text, { names: false });
      expect(compareModules(plain, expected)).toBeUndefined();
      const f = detectFeatures(parseWat(text));
      if (!f.has('memory64') && !f.has('multi-memory') && !f.has('extended-const')) {
        expect(WebAssembly.validate(ours)).toBe(true);
      }
    });
  }
});
