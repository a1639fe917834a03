/** The debugger's instruction-shape table is generated from the interpreter and must be current. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generate } from '../../scripts/genOpLayout.ts';

const read = (p: string) => readFileSync(fileURLToPath(new URL(p, import.meta.url)), 'utf8');

describe('opLayout.generated.ts', () => {
  it('is up to date with src/exec/interpreter.ts (run `pnpm --filter @lantern/runtime gen:oplayout`)', () => {
    expect(read('../../src/debug/opLayout.generated.ts')).toBe(generate(read('../../src/exec/interpreter.ts')));
  });
});
