/**
 * Bundles the extension into dist/: `extension.cjs` (src/extension.ts, CommonJS as VS Code loads
 * it; `vscode` is the host's module) and `adapter.mjs` (src/adapter.ts: @lantern/dap and
 * everything below it, an ES module because those packages use top-level await).
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const dist = (/** @type {string} */ name) => fileURLToPath(new URL(`../dist/${name}`, import.meta.url));
const source = (/** @type {string} */ name) => fileURLToPath(new URL(`../src/${name}`, import.meta.url));

export async function bundleExtension() {
  /** @type {import('esbuild').BuildOptions} */
  const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'inline', logLevel: 'error' };
  await build({ ...common, entryPoints: [source('extension.ts')], outfile: dist('extension.cjs'), format: 'cjs', external: ['vscode'] });
  await build({
    ...common,
    entryPoints: [source('adapter.ts')],
    outfile: dist('adapter.mjs'),
    format: 'esm',
    // @vscode/debugadapter is CommonJS: its require() of Node built-ins needs a require in the ES module.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleExtension();
