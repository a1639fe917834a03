/** SymbolResolver's registrations: a later one replaces the symbols of a module asked about before. */

import { describe, expect, it } from 'vitest';
import { SymbolResolver } from '../../src/source/symbolResolver.ts';

const WAT = '(module (func $main (export "main") (result i32) i32.const 7))';
const OTHER = '(module (func $other (export "other")))';

describe('SymbolResolver', () => {
  it('answers with a registration made after the module was first asked about', () => {
    const resolver = new SymbolResolver({ readSource: () => undefined });
    const bytes = resolver.addWat(WAT, 'first.wat');
    const before = resolver.forModule(bytes);
    expect(before.label).toBe('first.wat');
    expect(before.provider?.sources()).toEqual(['first.wat']);

    resolver.register(bytes.slice(), undefined, 'second');
    const after = resolver.forModule(bytes);
    expect(after).not.toBe(before);
    expect(after.label).toBe('second');
    expect(after.provider).toBeUndefined();
  });

  it('keeps its answer for modules a registration does not concern', () => {
    const resolver = new SymbolResolver({ readSource: () => undefined });
    const bytes = resolver.addWat(WAT, 'main.wat');
    const symbols = resolver.forModule(bytes);
    resolver.addWat(OTHER, 'other.wat');
    expect(resolver.forModule(bytes)).toBe(symbols);
  });

  it('serves source text added for a generated file', () => {
    const resolver = new SymbolResolver({ readSource: () => undefined });
    resolver.addSourceText('gen.wat', '(module\n  (func))');
    expect(resolver.sourceLine('gen.wat', 2)).toBe('  (func))');
    expect(resolver.sourceLine('missing.wat', 1)).toBeUndefined();
  });
});
