// The `lantern` CLI as a user runs it: a child process, its stdout/stderr and exit code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeListing, decodeModule, printWat, validateModule } from '@lantern/runtime';
import { wat2wasm } from '@lantern/wat';
import { lantern, lanternCommand } from './support/lantern.ts';

const hello = fileURLToPath(new URL('../examples/hello/hello.wasm', import.meta.url));
const bin = fileURLToPath(new URL('../bin/lantern.mjs', import.meta.url));

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lantern-cli-')), name);
  writeFileSync(path, text);
  return path;
}

const DIV = `(module $m (func $div (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))`;

describe('lantern run', () => {
  it('runs the shipped WASI example with its arguments and environment', () => {
    const { code, stdout } = lantern(['run', '--env', 'LANTERN_GREETING=hi', hello, 'tester']);
    expect(code).toBe(0);
    expect(stdout).toContain('Hello, tester, from Lantern!');
    expect(stdout).toContain('20! = 2432902008176640000');
    expect(stdout).toContain('LANTERN_GREETING=hi');
  });

  it('invokes an export with typed arguments', () => {
    const { code, stdout } = lantern(['run', '--invoke', 'div', tempFile('div.wat', DIV), '-7', '2']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('i32:-3');
  });

  it('reports a trap on stderr with a source-level backtrace and a distinct exit code', () => {
    const nested = `(module
  (func $outer (export "div") (param i32 i32) (result i32)
    (call $inner (local.get 0) (local.get 1)))
  (func $inner (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1))))`;
    const { code, stderr } = lantern(['run', '--invoke', 'div', tempFile('nested.wat', nested), '1', '0']);
    expect(code).toBe(134);
    expect(stderr).toBe('trap: integer divide by zero\n  #0 inner (nested.wat:5:6)\n  #1 outer (nested.wat:3:6)\n');
  });

  it('reports a wasm exception no handler caught like a trap (its payload), not as a crash', () => {
    const thrower = `(module
  (tag $oops (param i32 i64))
  (func (export "fail") (param i32) (throw $oops (local.get 0) (i64.const -2))))`;
    const { code, stdout, stderr } = lantern(['run', '--invoke', 'fail', tempFile('thrower.wat', thrower), '6']);
    expect([code, stdout, stderr]).toEqual([134, '', 'uncaught wasm exception: (i32 6, i64 -2)\n']);
  });

  it("supplies AssemblyScript's env.abort: its message and position, reported like a trap", () => {
    const sums = fileURLToPath(new URL('../../../packages/debugger/test/fixtures/assemblyscript/sums.wasm', import.meta.url));
    expect(lantern(['run', '--invoke', 'pick', sums, '2']).stdout.trim()).toBe('i32:4');
    const { code, stderr } = lantern(['run', '--invoke', 'pick', sums, '9']);
    expect(code).toBe(134);
    expect(stderr).toBe('abort: Index out of range at ~lib/staticarray.ts:78:41\n');
  });

  it('--tier: compiled code traps with the same report; where code generation is forbidden it interprets', () => {
    const nested = tempFile('nested.wat', `(module
  (func $outer (export "div") (param i32 i32) (result i32)
    (call $inner (local.get 0) (local.get 1)))
  (func $inner (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1))))`);
    const interpreted = lantern(['run', '--invoke', 'div', nested, '1', '0']);
    expect(interpreted.code).toBe(134);
    for (const tier of ['auto', 'eager']) expect(lantern(['run', '--tier', tier, '--invoke', 'div', nested, '1', '0'])).toEqual(interpreted);
    const [node, ...argv] = lanternCommand('run', '--tier', 'eager', '--invoke', 'div', nested, '7', '2');
    const noEval = spawnSync(node!, ['--disallow-code-generation-from-strings', ...argv], { encoding: 'utf8' });
    expect([noEval.status, noEval.stdout.trim()]).toEqual([0, 'i32:3']);
    const bad = lantern(['run', '--tier', 'fast', hello]);
    expect([bad.code, bad.stderr.trim()]).toEqual([2, 'lantern: --tier "fast": expected interpreter, auto, eager']);
  });

  it('gives one clear line for a missing file, bad text, and a bad argument', () => {
    const missing = lantern(['run', '/nonexistent/x.wasm']);
    expect([missing.code, missing.stderr.trim()]).toEqual([2, 'lantern: /nonexistent/x.wasm: no such file']);
    const bad = lantern(['run', tempFile('bad.wat', '(module (func')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^lantern: .*bad\.wat:1:\d+: /);
    const arg = lantern(['run', '--invoke', 'div', tempFile('div.wat', DIV), 'x', '1']);
    expect(arg.stderr.trim()).toBe('lantern: argument 1 "x" is not a valid i32');
  });

  it('rejects a malformed binary with its byte offset', () => {
    const { code, stderr } = lantern(['run', tempFile('junk.wasm', 'not wasm at all')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/magic header not detected.*offset/);
  });
});

describe('lantern wat2wasm and inspect', () => {
  it('assembles text into a binary Node accepts', () => {
    const input = tempFile('div.wat', DIV);
    const output = input.replace(/\.wat$/, '.wasm');
    expect(lantern(['wat2wasm', input, '-o', output]).code).toBe(0);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(output)));
    expect((instance.exports.div as (a: number, b: number) => number)(9, 2)).toBe(4);
  });

  it('lists imports, exports, named functions and custom sections', () => {
    const { code, stdout } = lantern(['inspect', hello]);
    expect(code).toBe(0);
    expect(stdout).toContain('wasi_snapshot_preview1.fd_write: func (i32 i32 i32 i32) -> (i32)');
    expect(stdout).toContain('_start: func 70');
    expect(stdout).toMatch(/\d+ factorial \(i32\) -> \(i64\)/);
    expect(stdout).toContain('custom ".debug_line"');
    expect(stdout).toMatch(/DWARF: \d+ compile units\n[\s\S]*\n  hello\.c  \(in /);
    expect(stdout).toMatch(/Source files \(\d+\):[\s\S]*hello\.c/);
  });

  it('reports SIMD use, and disassembles SIMD instructions with their immediates', () => {
    const file = tempFile('simd.wat', `(module (memory 1)
      (func $scalar (result i32) (i32.const 1))
      (func $vector (export "vector") (param v128) (result i32)
        (v128.load8_lane offset=4 5 (i32.const 0)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 (local.get 0) (v128.const i32x4 1 2 0xffffffff 4)))
        (i32x4.relaxed_laneselect (local.get 0) (local.get 0))
        (i32x4.extract_lane 3)))`);
    const { code, stdout } = lantern(['inspect', file]);
    expect(code).toBe(0);
    expect(stdout).toContain('Features used: SIMD, relaxed SIMD');
    expect(stdout).toContain('SIMD: 5 instructions (1 relaxed) in 1 of 2 functions');
    const disasm = lantern(['inspect', '--disasm', 'vector', file]).stdout;
    expect(disasm).toContain('   v128.const i32x4 0x00000001 0x00000002 0xffffffff 0x00000004\n');
    expect(disasm).toContain('   i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31\n');
    expect(disasm).toContain('   v128.load8_lane offset=4 align=1 5\n');
    expect(disasm).toContain('   i32x4.extract_lane 3\n');
  });

  describe('--code and --disasm <func>', () => {
    const info = decodeModule(new Uint8Array(readFileSync(hello)));
    validateModule(info);
    const factorial = [...info.names!.functions].find(([, name]) => name === 'factorial')![0];

    it('--code shows the compiled internal code, as codeListing lists it', () => {
      const { code, stdout } = lantern(['inspect', '--code', 'factorial', hello]);
      expect(code).toBe(0);
      expect(stdout).toBe(`${codeListing(info, factorial)}\n`);
      expect(stdout).toMatch(/^func\[\d+\] <factorial>: \d+ words/);
      const debug = lantern(['inspect', '--code', String(factorial), '--debug-compile', hello]);
      expect(debug.stdout).toBe(`${codeListing(info, factorial, { debugCompile: true })}\n`);
      expect(debug.stdout.split('\n')[0]).toContain('debug-compiled');
    });

    it("--disasm lists the wasm instructions, and the code's offsets are theirs", () => {
      const { code, stdout } = lantern(['inspect', '--disasm', 'factorial', hello]);
      expect(code).toBe(0);
      const body = info.bodies[factorial - info.importedFuncs]!;
      const offsets = [...stdout.matchAll(/^ {2}0x([0-9a-f]{6}): /gm)].map((m) => parseInt(m[1]!, 16));
      expect(offsets[0]).toBe(body.codeStart);
      expect(stdout.trimEnd().endsWith('| end')).toBe(true);
      const internal = [...codeListing(info, factorial).matchAll(/^ *\d+ {2}0x([0-9a-f]{6}) {2}/gm)].map((m) => parseInt(m[1]!, 16));
      expect(internal.length).toBeGreaterThan(0);
      expect(internal.filter((o) => !offsets.includes(o))).toEqual([]);
    });

    it('--wat prints the whole module as text, which encodes back to the same module', () => {
      const { code, stdout } = lantern(['inspect', '--wat', hello]);
      expect(code).toBe(0);
      expect(stdout).toBe(printWat(readFileSync(hello)).text);
      // The example's recursive factorial, by its name-section name, its block labelled.
      expect(stdout).toMatch(/^\(module\n {2}\(type \(;0;\) \(func/);
      expect(stdout).toMatch(/\n {2}\(func \$factorial \(type \d+\) \(param i32\) \(result i64\)\n {4}\(local i64\)\n/);
      expect(stdout).toMatch(/\n {4}block \$B0\n(.*\n)* {6}call \$factorial\n/);
      // hello.wasm is wasm-ld output (padded LEB128s), so compare the text of its encoding: the same module.
      expect(printWat(wat2wasm(stdout)).text).toBe(stdout);
      const both = lantern(['inspect', '--wat', '--disasm', 'factorial', hello]);
      expect([both.code, both.stderr]).toEqual([2, 'lantern: --wat prints the whole module: it goes without --code and --disasm\n']);
    });

    it('finds a function by export name; an unknown or imported one is a clear error', () => {
      const byExport = lantern(['inspect', '--disasm', '_start', hello]);
      expect(byExport.code).toBe(0);
      expect(byExport.stdout).toMatch(/^func\[\d+\] <_start>/);
      const unknown = lantern(['inspect', '--code', 'nope', hello]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('no function named "nope"');
      const imported = lantern(['inspect', '--code', '0', hello]);
      expect(imported.code).toBe(2);
      expect(imported.stderr).toContain('function 0 is imported: it has no code');
    });
  });
});

describe('lantern as installed', () => {
  // The other tests run a bundle built for the test run; bin/lantern.mjs (the README's
  // `pnpm lantern`) runs dist/lantern.mjs, building it first when it is missing or stale.
  it('--version prints the version of the package', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(lantern(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it("bin/lantern.mjs answers --version and -V without the bundle, as the bundle's own --version does", () => {
    const bundled = lantern(['--version']).stdout;
    for (const flag of ['--version', '-V']) {
      const fast = spawnSync(process.execPath, [bin, flag], { encoding: 'utf8', env: { ...process.env, NODE_DEBUG: 'esm' } });
      expect([fast.status, fast.stdout]).toEqual([0, bundled]);
      // Node's ES module debug log names every module it loads: neither the bundle nor its builder.
      expect(fast.stderr).toContain('bin/lantern.mjs');
      expect(fast.stderr).not.toMatch(/dist\/lantern\.mjs|cliBundle/);
    }
  });

  it('bin/lantern.mjs runs the shipped example as the bundled CLI does', () => {
    const fromSources = spawnSync(process.execPath, [bin, 'run', hello, 'tester'], { encoding: 'utf8' });
    expect(fromSources.status).toBe(0);
    expect(fromSources.stdout).toContain('Hello, tester, from Lantern!');
    expect(fromSources.stdout).toBe(lantern(['run', hello, 'tester']).stdout);
  });
});
