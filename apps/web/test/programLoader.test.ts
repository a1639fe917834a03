/**
 * The worker's program loader, in Node (it uses nothing of the DOM): which symbols a set of
 * files gives, and the WAT printed from the binary when there are none.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DebugSession } from '@lantern/debugger';
import { describe, expect, it } from 'vitest';
import { loadProgram, ProgramError } from '../src/worker/programLoader.ts';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'demo', 'examples');
const file = (path: string) => ({ name: path.slice(path.lastIndexOf('/') + 1), bytes: new Uint8Array(readFileSync(join(EXAMPLES, path))) });

describe('loadProgram', () => {
  it('uses DWARF and shows the C source given beside the module', () => {
    const p = loadProgram('stats.wasm', [file('debugging/stats.wasm'), file('debugging/stats.c')]);
    expect(p.summary.symbols).toBe('dwarf');
    expect(p.summary.sources.map((s) => [s.file.replace(/^.*\//, ''), s.language, s.generated])).toEqual([['stats.c', 'c', false]]);
    expect(p.summary.sources[0]!.text).toBe(readFileSync(join(EXAMPLES, 'debugging/stats.c'), 'utf8'));
    expect(p.summary.hasStart).toBe(true);
    expect(p.provider?.breakpointOffsets(p.summary.sources[0]!.file, 33)?.line).toBe(33);
  });

  it('uses a source map named by the module, and shows the sources given', () => {
    const dir = join(EXAMPLES, '..', '..', '..', 'packages', 'debugger', 'test', 'fixtures', 'assemblyscript');
    const given = ['sums.wasm', 'sums.wasm.map', 'sums.ts'].map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
    const p = loadProgram('sums.wasm', given);
    expect(p.summary.symbols).toBe('sourceMap');
    // The map also names AssemblyScript's library files (~lib/...), not given: only sums.ts is shown.
    expect(p.summary.sources.map((s) => [s.file.replace(/^.*\//, ''), s.generated])).toEqual([['sums.ts', false]]);
    expect(p.summary.sources[0]!.text).toBe(readFileSync(join(dir, 'sums.ts'), 'utf8'));
  });

  it('debugs a module without its sources at WAT printed from the binary, one instruction per line', () => {
    const p = loadProgram('stats.wasm', [file('debugging/stats.wasm')]);
    expect(p.summary.symbols).toBe('generated');
    const [wat] = p.summary.sources;
    expect(wat).toMatchObject({ file: 'stats.wasm.wat', language: 'wat', generated: true });
    const lines = wat!.text.split('\n');
    expect(lines[0]).toMatch(/^;; custom sections left out: ".debug_info"/);
    // The division of average(): its line is where the debugger places the instruction, and a
    // breakpoint on that line binds to it alone.
    const at = lines.findIndex((l) => /^\s*i32\.div_s$/.test(l));
    expect(at).toBeGreaterThan(0);
    const offset = p.provider!.breakpointOffsets(wat!.file, at + 1)!.offsets;
    expect(offset).toHaveLength(1);
    expect(p.provider!.sourcePosition(offset[0]!)).toMatchObject({ file: wat!.file, line: at + 1 });
    // The byte at that offset is i32.div_s (0x6d).
    expect(p.bytes[offset[0]!]).toBe(0x6d);
    // The debugger binds a breakpoint on that line through the program's symbols.
    const session = new DebugSession({ bytes: p.bytes, name: p.name, symbols: p.symbols });
    const [state] = session.breakpoints.replace('source', wat!.file, [{ target: { kind: 'source', file: wat!.file, line: at + 1 } }]);
    expect(state).toMatchObject({ verified: true, line: at + 1, offsets: offset });
  });

  it('lists exported functions with their parameter types for the entry chooser', () => {
    const p = loadProgram('squares.wat', [file('debugging/squares.wat')]);
    expect(p.summary.symbols).toBe('wat');
    expect(p.summary.hasStart).toBe(false);
    expect(p.summary.functions).toEqual([{ name: 'sum', params: ['i32'] }]);
    expect(p.summary.sources.map((s) => s.file)).toEqual(['squares.wat']);
  });

  it('names the file and the place of what is wrong', () => {
    const bad = { name: 'bad.wat', bytes: new TextEncoder().encode('(module\n  (func (i32.bogus)))') };
    expect(() => loadProgram('bad.wat', [bad])).toThrow(ProgramError);
    expect(() => loadProgram('bad.wat', [bad])).toThrow(/^bad\.wat:2:\d+: /);
    const invalid = { name: 'invalid.wat', bytes: new TextEncoder().encode('(module\n  (func (i32.add)))') };
    expect(() => loadProgram('invalid.wat', [invalid])).toThrow(/^invalid\.wat: .*type mismatch/);
    const junk = { name: 'junk.wasm', bytes: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99]) };
    expect(() => loadProgram('junk.wasm', [junk])).toThrow(/^junk\.wasm: /);
    expect(() => loadProgram('missing.wasm', [junk])).toThrow('missing.wasm: not among the files given');
  });
});
