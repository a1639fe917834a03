// The boundary check must catch what it promises to catch (run by `node --test scripts/`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findViolations } from './boundaries.mjs';

function workspace(files) {
  const root = mkdtempSync(join(tmpdir(), 'lantern-boundaries-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), typeof text === 'string' ? text : JSON.stringify(text));
  }
  return root;
}

const runtimePkg = { name: '@lantern/runtime', dependencies: { '@lantern/traps': 'workspace:*' } };

test('runtime importing the debugger is a violation', () => {
  const root = workspace({
    'packages/runtime/package.json': runtimePkg,
    'packages/runtime/src/a.ts': "import { Debugger } from '@lantern/debugger';\n",
  });
  assert.deepEqual(findViolations(root), ['packages/runtime/src/a.ts: @lantern/runtime must not import @lantern/debugger']);
});

test('traps importing the runtime is a violation', () => {
  const root = workspace({
    'packages/traps/package.json': { name: '@lantern/traps' },
    'packages/traps/src/a.ts': "export { x } from '@lantern/runtime';\n",
  });
  assert.equal(findViolations(root).length, 1);
});

test('undeclared and deep imports are violations; declared ones are fine', () => {
  const root = workspace({
    'packages/runtime/package.json': runtimePkg,
    'packages/runtime/src/ok.ts': "import { Trap } from '@lantern/traps';\n",
    'packages/runtime/src/deep.ts': "import { Trap } from '@lantern/traps/src/trap.ts';\n",
    'packages/runtime/src/undeclared.ts': "import { wat2wasm } from '@lantern/wat';\n",
  });
  const problems = findViolations(root).sort();
  assert.equal(problems.length, 2);
  assert.match(problems[0], /deep\.ts: deep import/);
  assert.match(problems[1], /undeclared\.ts: imports @lantern\/wat/);
});
