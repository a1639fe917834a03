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
const layers = { 'packages/runtime/src': ['exec', 'exit', 'debug'] };
const check = (root, pending = []) => findViolations(root, { layers, pending });

test('runtime importing the debugger is a violation', () => {
  const root = workspace({
    'packages/runtime/package.json': runtimePkg,
    'packages/runtime/src/a.ts': "import { Debugger } from '@lantern/debugger';\n",
  });
  assert.deepEqual(check(root), ['packages/runtime/src/a.ts: @lantern/runtime must not import @lantern/debugger']);
});

test('traps importing the runtime is a violation', () => {
  const root = workspace({
    'packages/traps/package.json': { name: '@lantern/traps' },
    'packages/traps/src/a.ts': "export { x } from '@lantern/runtime';\n",
  });
  assert.equal(check(root).length, 1);
});

test('undeclared and deep imports are violations; declared ones are fine', () => {
  const root = workspace({
    'packages/runtime/package.json': runtimePkg,
    'packages/runtime/src/ok.ts': "import { Trap } from '@lantern/traps';\n",
    'packages/runtime/src/deep.ts': "import { Trap } from '@lantern/traps/src/trap.ts';\n",
    'packages/runtime/src/undeclared.ts': "import { wat2wasm } from '@lantern/wat';\n",
  });
  const problems = check(root).sort();
  assert.equal(problems.length, 2);
  assert.match(problems[0], /deep\.ts: deep import/);
  assert.match(problems[1], /undeclared\.ts: imports @lantern\/wat/);
});

test('a value import from a higher directory is a violation; type-only imports are not', () => {
  const root = workspace({
    'packages/runtime/package.json': runtimePkg,
    'packages/runtime/src/exec/run.ts': [
      "import type { A } from '../debug/a.ts';",
      "import { type B, type C } from '../debug/a.ts';",
      "export type { D } from '../debug/a.ts';",
      '// import { x } from "../debug/a.ts";',
      "import { frames } from '../exit/frames.ts';",
      '',
    ].join('\n'),
    'packages/runtime/src/exit/frames.ts': "import { Op } from '../exec/run.ts';\nexport const frames = 1;\n",
    'packages/runtime/src/debug/a.ts': "import { frames } from '../exit/frames.ts';\nexport const x = frames;\n",
    'packages/runtime/src/index.ts': "export * from './debug/a.ts';\n",
  });
  assert.deepEqual(check(root), [
    "packages/runtime/src/exec/run.ts: imports packages/runtime/src/exit/frames.ts at the value level, but exit/ lies above exec/ in packages/runtime/src (LAYERS); a type-only import is fine",
    'packages/runtime/src/exec/run.ts: value-level import cycle packages/runtime/src/exec/run.ts → packages/runtime/src/exit/frames.ts → packages/runtime/src/exec/run.ts; make one of these imports type-only or move what is shared below them',
  ]);
});

test('a mixed import (one value name) counts as a value import', () => {
  const root = workspace({
    'packages/runtime/package.json': runtimePkg,
    'packages/runtime/src/exec/run.ts': "import {\n  type A,\n  helper,\n} from '../debug/a.ts';\n",
    'packages/runtime/src/debug/a.ts': 'export const helper = 1;\n',
  });
  assert.equal(check(root).length, 1);
  assert.match(check(root)[0], /run\.ts: imports .*debug\/a\.ts at the value level/);
});

test('a directory missing from the order is reported', () => {
  const root = workspace({
    'packages/runtime/package.json': runtimePkg,
    'packages/runtime/src/tier/jit.ts': 'export const jit = 1;\n',
  });
  assert.deepEqual(check(root), ['packages/runtime/src/tier/: a directory with no place in the layer order; add it to LAYERS in scripts/boundaries.mjs']);
});

test('a value-level cycle fails in any package; a cycle through a type-only import does not', () => {
  const root = workspace({
    'packages/wat/package.json': { name: '@lantern/wat' },
    'packages/wat/src/a.ts': "import { b } from './b.ts';\nexport const a = 1;\n",
    'packages/wat/src/b.ts': "import { c } from './c.ts';\nexport const b = 1;\n",
    'packages/wat/src/c.ts': "import { a } from './a.ts';\nexport const c = 1;\n",
    'packages/wat/src/d.ts': "import { e } from './e.ts';\nexport const d = 1;\n",
    'packages/wat/src/e.ts': "import type { d } from './d.ts';\nexport const e = 1;\n",
  });
  assert.deepEqual(check(root), [
    'packages/wat/src/a.ts: value-level import cycle packages/wat/src/a.ts → packages/wat/src/b.ts → packages/wat/src/c.ts → packages/wat/src/a.ts; make one of these imports type-only or move what is shared below them',
  ]);
});

test('a pending allowance excuses its import, and is reported once the import is gone', () => {
  const root = workspace({
    'packages/runtime/package.json': runtimePkg,
    'packages/runtime/src/exec/run.ts': "import { x } from '../debug/a.ts';\n",
    'packages/runtime/src/debug/a.ts': 'export const x = 1;\n',
  });
  const allowance = { from: 'packages/runtime/src/exec/run.ts', to: 'packages/runtime/src/debug/a.ts', why: 'moving' };
  assert.deepEqual(check(root, [allowance]), []);
  const stale = { from: 'packages/runtime/src/exec/run.ts', to: 'packages/runtime/src/exit/gone.ts', why: 'moved' };
  assert.deepEqual(check(root, [allowance, stale]), [
    'packages/runtime/src/exec/run.ts: the pending allowance for importing packages/runtime/src/exit/gone.ts matches no import any more; remove it from PENDING',
  ]);
});

test('an entry the target package declares in `exports` is not a deep import', () => {
  const root = workspace({
    'packages/traps/package.json': { name: '@lantern/traps', exports: { '.': './src/index.ts', './extra': './src/extra.ts' } },
    'packages/runtime/package.json': runtimePkg,
    'packages/runtime/src/ok.ts': "import '@lantern/traps/extra';\n",
    'packages/runtime/src/deep.ts': "import '@lantern/traps/src/extra.ts';\n",
  });
  assert.deepEqual(check(root), [
    "packages/runtime/src/deep.ts: deep import @lantern/traps/src/extra.ts; import an entry of its package.json's exports",
  ]);
});
