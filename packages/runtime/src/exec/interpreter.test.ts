import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('interpreter dispatch', () => {
  it('has exactly one case per internal opcode (the switch is exhaustive)', () => {
    const src = readFileSync(fileURLToPath(new URL('./interpreter.ts', import.meta.url)), 'utf8');
    const loop = src.slice(src.indexOf('run: for (;;)'));
    const cases = [...loop.matchAll(/case Op\.(\w+):/g)].map((m) => m[1]);
    const decl = src.slice(src.indexOf('export const enum Op {'), src.indexOf('Count,'));
    const names = [...decl.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/\b([A-Z]\w*)\s*,/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(250);
    expect(new Set(cases).size).toBe(cases.length);
    expect([...cases].sort()).toEqual([...names].sort());
  });
});
