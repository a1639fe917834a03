/**
 * The GC programs (test/gcPrograms/<name>/: a hand-written .wat, its .wasm, expected.stdout):
 * each runs `main` through Lantern's WebAssembly namespace with byte and number output imports,
 * on the interpreter and with the tier, and must print its committed expected output.
 * persistentMap's expected output was checked against an independent model of the same
 * persistent tree (word counts, sizes, heights, shared nodes).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '../../src/index.ts';

const DIR = new URL('../gcPrograms/', import.meta.url);
const PROGRAMS = readdirSync(DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

function run(name: string, tier: 'interpreter' | 'eager'): string {
  const WA = createWebAssembly({ tier });
  let out = '';
  const env = { putc: (c: number) => { out += String.fromCharCode(c); }, puti: (n: number) => { out += String(n); } };
  const module = new WA.Module(readFileSync(new URL(`${name}/${name}.wasm`, DIR)));
  const { exports } = new WA.Instance(module, { env }) as { exports: { main(): void } };
  exports.main();
  return out;
}

describe('GC programs print their expected output', () => {
  it('finds the programs', () => expect(PROGRAMS).toContain('persistentMap'));
  for (const name of PROGRAMS) {
    const expected = readFileSync(new URL(`${name}/expected.stdout`, DIR), 'utf8');
    it(`${name} (interpreter)`, () => expect(run(name, 'interpreter')).toBe(expected));
    it(`${name} (tier: eager; GC functions stay interpreted)`, () => expect(run(name, 'eager')).toBe(expected));
  }
});
