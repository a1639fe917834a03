/**
 * Coverage (src/coverage/) on the C fixture fixtures/coverage/cov.c, built at -O0 and -O2: the
 * lines, functions and branch edges reported are checked against what the program does with its
 * default argument (classify never sees a negative number, clamp — inlined — never clamps from
 * below, never_called is never called) and against llvm-dwarfdump's line tables of each build.
 * Then the one-shot probes (gone once reached), .wat positions and source maps, the lcov and
 * istanbul outputs, and merging runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWebAssembly, DebugHooks, storeOf } from '@lantern/runtime';
import { Wasi } from '@lantern/wasi';
import { Coverage, SourceMapSymbolProvider, SymbolResolver, mergeCoverage, parseLcov, toIstanbul, toLcov, type CoverageData } from '../src/index.ts';
import { FIXTURES } from './helpers.ts';
import { parseLineDump } from './symbols/dwarfdumpOracle.ts';

const COV_C = '/fixtures/coverage/cov.c';

function runCov(build: string, args: string[] = []): { data: CoverageData; stdout: string; patchesLeft: number } {
  const WebAssembly = createWebAssembly();
  let stdout = '';
  const wasi = new Wasi({ args: ['cov', ...args], env: {}, stdout: (b) => void (stdout += new TextDecoder().decode(b)) });
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'coverage', `${build}.wasm`)));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), wasi.getImportObject());
  const coverage = Coverage.start(WebAssembly);
  wasi.start(instance as never);
  const data = coverage.stop();
  return { data, stdout, patchesLeft: DebugHooks.patchTable(storeOf(WebAssembly)!).size };
}

/** The lines of cov.c that rows of the build's line table name (line 0 is no line). */
function tableLines(build: string): Set<number> {
  const lines = new Set<number>();
  for (const table of parseLineDump(join(FIXTURES, 'coverage', `${build}.debug-line.txt`))) {
    const files = new Set([...table.files].filter(([, f]) => f.name === 'cov.c').map(([i]) => i));
    for (const row of table.rows) if (files.has(row.file) && row.line > 0) lines.add(row.line);
  }
  return lines;
}

const covered = (data: CoverageData, hit: boolean) =>
  [...data.get(COV_C)!.lines].filter(([, h]) => (h > 0) === hit).map(([l]) => l).sort((a, b) => a - b);

describe('C at -O0', () => {
  const { data, stdout, patchesLeft } = runCov('cov');

  it('runs the program unchanged and leaves no probe behind', () => {
    expect(stdout).toBe('13\n');
    expect(patchesLeft).toBe(0);
  });

  it('reports exactly the lines that did not run as uncovered, every line one of the line table', () => {
    const table = tableLines('cov');
    const reported = [...data.get(COV_C)!.lines.keys()];
    for (const line of reported) expect(table).toContain(line);
    // Lines the table has that are not reported hold only structure (a block's end): at most a few.
    expect(reported.length).toBeGreaterThanOrEqual(table.size - 3);
    expect(covered(data, false)).toEqual([9, 17, 23, 24, 33]); // return lo; return -1; never_called; its call
    expect(covered(data, true)).toEqual([8, 10, 11, 12, 13, 15, 16, 18, 19, 20, 21, 27, 28, 29, 30, 31, 32, 34, 35]);
  });

  it('reports functions entered and not', () => {
    const fns = Object.fromEntries([...data.get(COV_C)!.functions.values()].map((f) => [f.name, [f.line, f.hits]]));
    expect(fns).toEqual({ classify: [15, 1], never_called: [23, 0], main: [27, 1] });
  });

  it('reports the branch edges taken: if (x < 0) only falls past its then arm, if (x == 0) both ways', () => {
    const edges = (line: number) => [...data.get(COV_C)!.branches.values()].filter((b) => b.line === line).map((b) => [b.edge, b.hits]);
    // br_if skips the then arm (edge 0, taken) or falls into it (edge 1).
    expect(edges(16)).toEqual([[0, 1], [1, 0]]);
    expect(edges(18)).toEqual([[0, 1], [1, 1]]);
    // The inlined clamp: v < lo never, v > hi once (i = 4).
    expect(edges(8)).toEqual([[0, 1], [1, 0]]);
    expect(edges(10)).toEqual([[0, 1], [1, 1]]);
    expect(edges(32)).toEqual([[1, 0]]);
  });
});

describe('C at -O2 (classify and clamp inlined or if-converted)', () => {
  const { data, stdout } = runCov('cov-O2');

  it('every reported line is one of the line table; what never ran is uncovered, inlined code counts for its own lines', () => {
    expect(stdout).toBe('13\n');
    const table = tableLines('cov-O2');
    for (const line of data.get(COV_C)!.lines.keys()) expect(table).toContain(line);
    const hit = covered(data, true), missed = covered(data, false);
    expect(missed).toEqual(expect.arrayContaining([23, 24, 33]));
    expect(hit).toEqual(expect.arrayContaining([8, 16, 28, 30, 31, 34, 35])); // 8: clamp, inlined into main
    expect(hit).not.toContain(9);
    expect(hit).not.toContain(17);
    expect(data.get(COV_C)!.functions.get('never_called')!.hits).toBe(0);
    const call = [...data.get(COV_C)!.branches.values()].filter((b) => b.line === 32);
    expect(call.map((b) => b.hits)).toContain(0);
  });
});

describe('one-shot probes', () => {
  it('each fires once: after the first call of a function none of its probes is left', () => {
    const symbols = new SymbolResolver();
    const bytes = symbols.addWat(
      `(module
  (func $step (export "step") (param i32) (result i32)
    (if (result i32) (i32.gt_s (local.get 0) (i32.const 10))
      (then (i32.sub (local.get 0) (i32.const 10)))
      (else (i32.add (local.get 0) (i32.const 1)))))
  (func $unused (export "unused") (result i32)
    (i32.const 7)))`,
      'step.wat',
    );
    const WebAssembly = createWebAssembly();
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const { step } = instance.exports as { step: (x: number) => number };
    const coverage = Coverage.start(WebAssembly, { symbols });
    const store = storeOf(WebAssembly)!;
    step(1);
    const afterFirst = DebugHooks.patchTable(store).size;
    for (let i = 0; i < 1000; i++) step(1);
    expect(DebugHooks.patchTable(store).size).toBe(afterFirst); // the else arm ran: nothing new left to fire
    step(20);
    expect(DebugHooks.patchTable(store).size).toBeLessThan(afterFirst);
    const data = coverage.stop();
    expect(DebugHooks.patchTable(store).size).toBe(0);
    const file = data.get('step.wat')!;
    expect([...file.lines].filter(([, h]) => h === 0).map(([l]) => l)).toEqual([7]);
    expect(file.functions.get('unused')?.hits).toBe(0);
    expect(file.functions.get('step')?.hits).toBe(1);
  });

  it('maps through a source map (AssemblyScript)', () => {
    const dir = join(FIXTURES, 'assemblyscript');
    const bytes = new Uint8Array(readFileSync(join(dir, 'sums.wasm')));
    const symbols = new SymbolResolver();
    symbols.register(bytes, new SourceMapSymbolProvider(readFileSync(join(dir, 'sums.wasm.map'), 'utf8')), 'sums.wasm');
    const WebAssembly = createWebAssembly();
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { abort: () => {} } });
    const coverage = Coverage.start(WebAssembly, { symbols });
    (instance.exports as { run: (n: number, min: number) => number }).run(3, 0);
    const data = coverage.stop();
    const sums = [...data.values()].find((f) => f.file.endsWith('sums.ts'))!;
    expect(sums.lines.get(5)).toBe(1); // square's body
    expect(sums.lines.get(17)).toBe(0); // divide's body: only mean calls it
    expect(sums.lines.get(22)).toBe(0); // check's unreachable()
  });
});

describe('outputs and merging', () => {
  const a = runCov('cov').data;
  const b = runCov('cov', ['0']).data; // no loop iteration: classify is never called

  it('lcov: records per file, round trip through the parser', () => {
    const text = toLcov(new Map([[COV_C, a.get(COV_C)!]]));
    expect(text).toMatch(/^TN:\nSF:\/fixtures\/coverage\/cov\.c\nFN:15,classify\n/);
    expect(text).toContain('FNDA:0,never_called\n');
    expect(text).toContain('DA:17,0\n');
    expect(text).toContain('BRDA:16,');
    expect(text).toMatch(/LF:24\nLH:19\nend_of_record\n$/);
    expect(toLcov(parseLcov(text))).toBe(text);
    expect(() => parseLcov('DA:1,1\n', 'x.info')).toThrow('x.info:1: not an lcov record: DA:1,1');
  });

  it('merging adds the hits of runs', () => {
    const merged = mergeCoverage(parseLcov(toLcov(a)), parseLcov(toLcov(b)));
    const lines = merged.get(COV_C)!.lines;
    expect(lines.get(34)).toBe(2); // printf: both runs
    expect(lines.get(31)).toBe(1); // the loop body: the first run only
    expect(merged.get(COV_C)!.functions.get('classify')!.hits).toBe(1);
    expect(merged.get(COV_C)!.functions.get('main')!.hits).toBe(2);
  });

  it('istanbul JSON: statements, functions and branches with their hits', () => {
    const json = JSON.parse(JSON.stringify(toIstanbul(a)))[COV_C];
    expect(json.path).toBe(COV_C);
    const stmt = Object.entries(json.statementMap as Record<string, { start: { line: number } }>).find(([, r]) => r.start.line === 17)![0];
    expect(json.s[stmt]).toBe(0);
    const fn = Object.entries(json.fnMap as Record<string, { name: string }>).find(([, f]) => f.name === 'never_called')![0];
    expect(json.f[fn]).toBe(0);
    const br = Object.entries(json.branchMap as Record<string, { line: number }>).find(([, m]) => m.line === 16)![0];
    expect(json.b[br]).toEqual([1, 0]);
  });
});
