// The CLI as a user gets it: `pnpm pack` (prepack bundles it), then `npm exec` of the tarball in
// a fresh folder outside the workspace — what `npx` does with a published package. The bundle
// carries every package it uses, so the tarball needs nothing else installed.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const demoDir = fileURLToPath(new URL('..', import.meta.url));
const version = (await import('../package.json', { with: { type: 'json' } })).default.version;

// pnpm's environment (npm_config_*, the workspace's node_modules/.bin on PATH) must not leak
// into the user's npm.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));

function run(command: string, args: string[], options: SpawnSyncOptions = {}): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(command, args, { encoding: 'utf8', env: cleanEnv, ...options });
  if (result.error) throw result.error;
  return { stdout: String(result.stdout), stderr: String(result.stderr), status: result.status };
}

describe('the packed lantern CLI, run with npm exec (npx) outside the workspace', () => {
  let root: string;
  let tarball: string;
  let project: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lantern-packed-cli-'));
    const packed = run('pnpm', ['pack', '--pack-destination', join(root, 'tarballs')], { cwd: demoDir, env: process.env });
    expect(packed.status, packed.stderr).toBe(0);
    const [file] = readdirSync(join(root, 'tarballs'));
    tarball = join(root, 'tarballs', file!);
    project = join(root, 'project');
    mkdirSync(project);
    copyFileSync(join(demoDir, 'examples', 'hello', 'hello.wasm'), join(project, 'hello.wasm'));
  }, 600_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const lantern = (...args: string[]) =>
    run('npm', ['exec', '--yes', '--prefer-offline', `--package=${tarball}`, '--cache', join(root, 'npm-cache'), '--', 'lantern', ...args], { cwd: project });

  it('ships the bundle, no sources and no dependencies', () => {
    const listed = run('tar', ['tzf', tarball]).stdout.trim().split('\n').sort();
    expect(listed).toContain('package/bin/lantern.mjs');
    expect(listed).toContain('package/dist/lantern.mjs');
    expect(listed.filter((f) => !/^package\/(bin\/lantern\.mjs|dist\/.+\.mjs(\.map)?|README\.md|package\.json)$/.test(f))).toEqual([]);
    const manifest = JSON.parse(run('tar', ['xzf', tarball, '-O', 'package/package.json']).stdout) as Record<string, unknown>;
    expect(manifest.dependencies).toBeUndefined();
  });

  it('answers --version and runs a WASI program', () => {
    const v = lantern('--version');
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout.trim()).toBe(version);
    const hello = lantern('run', 'hello.wasm', 'Ada');
    expect(hello.status, hello.stderr).toBe(0);
    expect(hello.stdout).toContain('Hello, Ada, from Lantern!\n');
  });
});
