// `lantern run --fuel`, `--timeout` and Ctrl-C, as a user sees them: a child process's stderr and exit code.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lantern, lanternCommand } from './support/lantern.ts';

/** A WASI command that prints "ready", then spins in $spin, called through $outer and $middle. */
const SPIN = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "ready\\n")
  (func $spin (loop $l (br $l)))
  (func $middle (call $spin))
  (func $outer (call $middle))
  (func $start (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $outer)))
`;
const BACKTRACE = '  #0 spin (spin.wat:5:16)\n  #1 middle (spin.wat:6:18)\n  #2 outer (spin.wat:7:17)\n  #3 start (spin.wat:12:6)\n';
/**
 * An interruption stops the program at its next function entry or loop iteration: where that is
 * depends on when it comes (even before "ready", on a loaded machine), so the frames are matched
 * by shape, down to $start.
 */
const INTERRUPTED = /^trap: interrupted\n(  #\d+ (spin|middle|outer) \(spin\.wat:\d+:\d+\)\n)*  #\d+ start \(spin\.wat:\d+:\d+\)\n/;

function spinFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lantern-limits-')), 'spin.wat');
  writeFileSync(path, SPIN);
  return path;
}

describe('lantern run: limits', () => {
  it('--fuel stops an endless loop with "out of fuel" and the backtrace, on every tier', () => {
    const spin = spinFile();
    for (const tier of ['interpreter', 'eager']) {
      const { code, stdout, stderr } = lantern(['run', '--fuel', '100000', '--tier', tier, spin], { cwd: join(spin, '..') });
      expect([code, stdout, stderr]).toEqual([134, 'ready\n', `trap: out of fuel\n${BACKTRACE}`]);
    }
    // Enough fuel: a program runs to its end.
    expect(lantern(['run', '--fuel', '1000000', join(import.meta.dirname, '../examples/hello/hello.wasm'), 'fuel']).code).toBe(0);
  });

  it('--timeout stops it with "interrupted", the backtrace and exit code 124', () => {
    const spin = spinFile();
    const { code, stderr } = lantern(['run', '--timeout', '0.5', spin], { cwd: join(spin, '..') });
    expect(code).toBe(124);
    expect(stderr).toMatch(INTERRUPTED);
    expect(stderr).toMatch(/\nlantern: stopped by --timeout 0\.5 s\n$/);
  });

  it('Ctrl-C (SIGINT) stops it with "interrupted", the backtrace and exit code 130', async () => {
    const spin = spinFile();
    const [node, ...argv] = lanternCommand('run', '--tier', 'eager', spin);
    const child = spawn(node!, argv, { cwd: join(spin, '..') });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The program prints "ready" once it runs; the handler is installed before it starts.
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('ready')) resolve();
    }));
    child.kill('SIGINT');
    const [code] = await new Promise<[number | null]>((resolve) => child.on('close', (c) => resolve([c])));
    expect([code, stdout]).toEqual([130, 'ready\n']);
    expect(stderr).toMatch(INTERRUPTED);
    expect(stderr).toMatch(/\nlantern: interrupted by Ctrl-C \(SIGINT\)\n$/);
  });

  it('rejects bad values, and the help names the flags', () => {
    const spin = spinFile();
    expect(lantern(['run', '--fuel', 'lots', spin])).toMatchObject({ code: 2, stderr: 'lantern: --fuel "lots": expected a whole number of instructions\n' });
    expect(lantern(['run', '--timeout', '0', spin])).toMatchObject({ code: 2, stderr: 'lantern: --timeout "0": expected a positive number of seconds\n' });
    const help = lantern(['run', '--help']).stdout;
    expect(help).toContain('--fuel <n>');
    expect(help).toContain('--timeout <seconds>');
    expect(help).toContain('Ctrl-C stops the program');
  });
});
