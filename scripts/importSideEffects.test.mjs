// Importing a package must do nothing observable (run by `node --test scripts/`): each entry of
// every workspace package's `exports` — except a polyfill, whose whole purpose is to act — is
// imported in a fresh process whose globals with side effects are instrumented (importProbe.mjs),
// and none of them may be read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const probe = fileURLToPath(new URL('./importProbe.mjs', import.meta.url));

function* entries() {
  for (const group of ['packages', 'apps']) {
    for (const dir of readdirSync(join(root, group))) {
      const manifest = join(root, group, dir, 'package.json');
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      for (const [key, target] of Object.entries(pkg.exports ?? {})) {
        if (key.endsWith('/polyfill')) continue;
        yield { name: `${pkg.name}${key.slice(1)}`, path: join(root, group, dir, target) };
      }
    }
  }
}

const list = [...entries()];

test('the probe sees reads: a module reading globalThis.Response, which makes Node load undici, which reads WebAssembly', () => {
  const result = spawnSync(process.execPath, [probe, 'data:text/javascript,globalThis.Response;'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const reads = JSON.parse(result.stdout.trim().split('\n').pop());
  assert.deepEqual(reads.map((r) => r.split('\n')[0]), ['Response', 'WebAssembly']);
});

test('every package is probed, @lantern/runtime among them', () => {
  assert.ok(list.some((e) => e.name === '@lantern/runtime'));
  assert.ok(list.length >= 5);
});

for (const { name, path } of list) {
  test(`importing ${name} reads none of Response, fetch, Request, Headers, WebAssembly`, () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', probe, path], { encoding: 'utf8', cwd: root });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout.trim().split('\n').pop()), []);
  });
}
