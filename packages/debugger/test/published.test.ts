// The packages as a user gets them: `pnpm pack` each public package (prepack builds it), install
// the tarballs with plain npm into a fresh project outside the workspace, then use them there
// with plain `node` (no TypeScript loader) and type-check a TypeScript consumer against the
// declarations they ship.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PACKAGES = ['traps', 'runtime', 'wat', 'wasi', 'debugger'];
const packagesDir = fileURLToPath(new URL('../../', import.meta.url));
const here = (file: string) => fileURLToPath(new URL(`./published/${file}`, import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

// pnpm's environment (npm_config_*, the workspace's node_modules/.bin on PATH) must not leak
// into the user's npm and node.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));

function run(command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', env: cleanEnv, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.stdout}\n${result.stderr}`);
  }
  return String(result.stdout);
}

describe('the packed packages, installed with npm outside the workspace', () => {
  let root: string;
  let project: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lantern-published-'));
    const tarballs = join(root, 'tarballs');
    for (const name of PACKAGES) {
      run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(packagesDir, name), env: process.env });
    }
    project = join(root, 'project');
    run('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const files = readdirSync(tarballs).map((file) => join(tarballs, file));
    expect(files).toHaveLength(PACKAGES.length);
    // The packages' own dependencies on each other resolve to these tarballs; third-party ones
    // (the debugger's) come from npm's cache when it has them.
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...files], { cwd: project });
    for (const file of ['consumer.mjs', 'consumer.ts']) copyFileSync(here(file), join(project, file));
  }, 600_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('ship only built JavaScript, declarations and maps', () => {
    for (const name of PACKAGES) {
      const dir = join(project, 'node_modules', '@lantern', name);
      const files = readdirSync(join(dir, 'dist'), { recursive: true }).map(String);
      expect(files).toContain('index.js');
      expect(files).toContain('index.d.ts');
      expect(files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
      expect(readdirSync(dir).sort()).toEqual(['README.md', 'dist', 'package.json']);
    }
  });

  it('run a WASI C program and stop at a breakpoint with plain node', () => {
    const programs = fileURLToPath(new URL('../../runtime/test/programs/hello/hello.wasm', import.meta.url));
    const stats = fileURLToPath(new URL('../../../apps/demo/examples/debugging/stats.wasm', import.meta.url));
    const lines = run(process.execPath, ['consumer.mjs', programs, stats], { cwd: project }).trim().split('\n');
    const seen = JSON.parse(lines.at(-1)!);
    expect(seen.helloExit).toBe(0);
    expect(seen.helloStdout).toContain('argv[1]=packed');
    expect(seen.statsExit).toBe(0);
    expect(seen.statsStdout).toBe('2 points, average area 9\n');
    expect(seen.stops).toEqual([{ reason: 'breakpoint', function: 'fib', line: 20 }]);
  });

  it('type-check a TypeScript consumer against the shipped declarations', () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext',
          lib: ['ES2022', 'DOM'], types: [], skipLibCheck: false,
        },
        files: ['consumer.ts'],
      }),
    );
    run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project });
  });
});
