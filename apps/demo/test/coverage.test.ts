// `lantern coverage`: lcov and istanbul files from a run of the coverage C fixture (the debugger
// package's cov.c: with its default argument never_called() and two early returns never run),
// runs merged with --merge, and its errors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lantern } from './support/lantern.ts';

const cov = fileURLToPath(new URL('../../../packages/debugger/test/fixtures/coverage/cov.wasm', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lantern-coverage-'));

/** The lcov record of cov.c. */
function covRecord(lcov: string): string {
  return /SF:\/fixtures\/coverage\/cov\.c\n[\s\S]*?end_of_record\n/.exec(lcov)![0];
}

describe('lantern coverage', () => {
  it('writes lcov: lines, functions and branches of the run, a summary on stderr', () => {
    const out = join(dir, 'lcov.info');
    const { code, stdout, stderr } = lantern(['coverage', '-o', out, cov]);
    expect([code, stdout]).toEqual([0, '13\n']);
    expect(stderr).toMatch(/^coverage: lines \d+\/\d+ \(\d+\.\d%\), functions \d+\/\d+, branches \d+\/\d+, \d+ files\n$/);
    const record = covRecord(readFileSync(out, 'utf8'));
    expect(record).toContain('FNDA:0,never_called\n');
    expect(record).toContain('FNDA:1,classify\n');
    expect(record).toMatch(/DA:17,0\n[\s\S]*DA:24,0\n[\s\S]*DA:33,0\n/);
    expect(record).toContain('DA:31,1\n');
    expect(record).toContain('BRDA:16,');
    expect(record).toMatch(/LF:24\nLH:19\nend_of_record\n$/);
  });

  it('--merge adds earlier runs (the output itself too); istanbul JSON by extension', () => {
    const out = join(dir, 'merged.info');
    expect(lantern(['coverage', '-o', out, cov]).code).toBe(0);
    expect(lantern(['coverage', '-o', out, '--merge', out, cov, '0']).code).toBe(0);
    const record = covRecord(readFileSync(out, 'utf8'));
    expect(record).toContain('DA:34,2\n'); // printf: both runs
    expect(record).toContain('DA:31,1\n'); // the loop body: only the first
    expect(record).toContain('FNDA:2,main\n');
    const json = join(dir, 'coverage.json');
    expect(lantern(['coverage', '-o', json, cov]).code).toBe(0);
    const file = JSON.parse(readFileSync(json, 'utf8'))['/fixtures/coverage/cov.c'];
    expect(Object.keys(file.statementMap).length).toBe(24);
  });

  it('rejects a bad format and an unreadable or malformed --merge file', () => {
    const out = join(dir, 'x.info');
    expect(lantern(['coverage', '--format', 'xml', '-o', out, cov]).stderr).toBe('lantern: --format "xml": expected lcov, istanbul\n');
    expect(lantern(['coverage', '--merge', join(dir, 'none.info'), '-o', out, cov]).stderr).toBe(`lantern: --merge ${join(dir, 'none.info')}: cannot read (ENOENT)\n`);
    const bad = join(dir, 'bad.info');
    writeFileSync(bad, 'SF:a.c\nXX:1\n');
    expect(lantern(['coverage', '--merge', bad, '-o', out, cov]).stderr).toBe(`lantern: --merge ${bad}:2: not an lcov record: XX:1\n`);
  });
});
