// `lantern profile`: each output format written from a run of the profiler's C fixture (the
// debugger package's hot.c: hot() does nine times cold()'s work), and its errors.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { lantern } from './support/lantern.ts';

const hot = fileURLToPath(new URL('../../../packages/debugger/test/fixtures/profile/hot.wasm', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lantern-profile-'));

describe('lantern profile', () => {
  it('--exact: counts instructions, prints the hottest functions and lines, writes a .cpuprofile', () => {
    const out = join(dir, 'hot.cpuprofile');
    const { code, stdout, stderr } = lantern(['profile', '--exact', '-o', out, hot, '1']);
    expect(code).toBe(0);
    expect(stdout).toBe('1190206469\n');
    expect(stderr).toMatch(/^profile: \d+ instructions\n/);
    const hotRow = /^\s+(\d+\.\d)%\s+\d+\.\d%\s+hot$/m.exec(stderr);
    expect(Number(hotRow![1])).toBeGreaterThan(85);
    expect(Number(hotRow![1])).toBeLessThan(95);
    expect(stderr).toMatch(/%\s+\/fixtures\/profile\/hot\.c:8\n/);
    const profile = JSON.parse(readFileSync(out, 'utf8')) as { nodes: { callFrame: { functionName: string } }[]; samples: number[]; timeDeltas: number[] };
    expect(profile.samples.length).toBe(profile.timeDeltas.length);
    expect(profile.nodes.map((n) => n.callFrame.functionName)).toEqual(expect.arrayContaining(['(root)', 'main', 'hot', 'spin [inlined]']));
  });

  it('writes pprof (gzipped), folded stacks and HTML, by --format or by the extension', () => {
    const pprof = join(dir, 'hot.pb.gz');
    expect(lantern(['profile', '--interval', '0.5', '-o', pprof, hot, '2']).code).toBe(0);
    const pb = gunzipSync(readFileSync(pprof));
    expect(pb.toString('latin1')).toContain('spin');
    const folded = join(dir, 'hot.out');
    expect(lantern(['profile', '--format', 'folded', '-o', folded, hot, '2']).code).toBe(0);
    expect(readFileSync(folded, 'utf8')).toMatch(/;main;hot;spin \[inlined\] \d+\n/);
    const html = join(dir, 'hot.html');
    expect(lantern(['profile', '--tier', 'auto', '-o', html, hot, '4']).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>[\s\S]*"n":"main"/);
  });

  it('rejects a bad format, interval, or --exact with a tier', () => {
    const out = join(dir, 'x');
    expect(lantern(['profile', '--format', 'svg', '-o', out, hot]).stderr).toBe('lantern: --format "svg": expected cpuprofile, pprof, folded, html\n');
    expect(lantern(['profile', '--interval', '0', '-o', out, hot]).stderr).toBe('lantern: --interval "0": expected a positive number of milliseconds\n');
    expect(lantern(['profile', '--exact', '--tier', 'auto', '-o', out, hot]).stderr).toBe('lantern: --exact counts in the interpreter: drop --tier\n');
    expect(lantern(['profile', hot]).code).not.toBe(0);
  });
});
