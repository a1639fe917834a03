// The public packages load unchanged in a browser (run by `node --test scripts/`): no source file
// of theirs imports a Node built-in statically. Node-only features look node:fs up at run time
// (a dynamic import behind a check for Node, or process.getBuiltinModule), so one `exports` entry
// serves Node and browsers alike and no `browser` condition is needed; type-only imports vanish.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importsOf } from './boundaries.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const PUBLIC = ['traps', 'runtime', 'wat', 'wasi', 'debugger'];

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (/\.(ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** Static value imports of Node built-ins, as "file: spec". */
function staticNodeImports(files) {
  const found = [];
  for (const [file, text] of files) {
    for (const { spec, typeOnly, dynamic } of importsOf(text)) {
      if (!typeOnly && !dynamic && (spec.startsWith('node:') || ['fs', 'path', 'os', 'url', 'module', 'child_process'].includes(spec))) found.push(`${file}: ${spec}`);
    }
  }
  return found;
}

test('the check sees a static import of a built-in, and lets type-only and dynamic ones pass', () => {
  const files = [
    ['a.ts', "import { readFileSync } from 'node:fs';"],
    ['b.ts', "import type { Stats } from 'node:fs';\nconst fs = await import('node:fs');"],
    ['c.ts', "import { dirname } from 'path';"],
  ];
  assert.deepEqual(staticNodeImports(files), ['a.ts: node:fs', 'c.ts: path']);
});

test('no public package imports a Node built-in statically', () => {
  const files = [];
  for (const name of PUBLIC) {
    for (const file of sources(join(root, 'packages', name, 'src'))) files.push([relative(root, file), readFileSync(file, 'utf8')]);
  }
  assert.ok(files.length > 100);
  assert.deepEqual(staticNodeImports(files), []);
});
