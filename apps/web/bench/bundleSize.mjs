/**
 * `pnpm bench` (the web app's part): how many bytes a browser downloads for Lantern. esbuild
 * bundles each package set for the browser (platform 'browser') minified, and gzip -9
 * compresses it. No package imports a Node built-in statically (scripts/browserImports.test.mjs):
 * what reads files looks node:fs up at run time. Then the built web debugger itself
 * (apps/web/dist: page and worker scripts, CodeMirror, xterm.js, the examples), when built.
 *
 * Usage: node bench/bundleSize.mjs
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('..', import.meta.url));

const SETS = [
  ['@lantern/runtime', ['@lantern/runtime']],
  ['@lantern/wasi', ['@lantern/wasi']],
  ['@lantern/debugger (with runtime, wat)', ['@lantern/debugger']],
  ['runtime + wasi + debugger', ['@lantern/runtime', '@lantern/wasi', '@lantern/debugger']],
];

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const row = (name, min, gz) => console.log(`  ${name.padEnd(40)} ${kb(min).padStart(11)} min  ${kb(gz).padStart(10)} gzip`);

console.log('Browser bundle sizes (esbuild --minify, platform browser; gzip -9)');
for (const [name, packages] of SETS) {
  const result = await build({
    stdin: { contents: packages.map((p) => `export * from '${p}';`).join('\n'), resolveDir: here, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  row(name, code.length, gzipSync(code, { level: 9 }).length);
}

const assets = join(here, 'dist', 'assets');
let files = [];
try {
  files = readdirSync(assets).filter((f) => /\.(js|css)$/.test(f));
} catch {
  console.log('  (apps/web/dist is not built: `pnpm --filter @lantern/web build` adds the web debugger\'s own size)');
}
if (files.length > 0) {
  let min = 0;
  let gz = 0;
  for (const f of files) {
    const bytes = readFileSync(join(assets, f));
    min += statSync(join(assets, f)).size;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  row(`web debugger (apps/web/dist: ${files.length} files)`, min, gz);
}
