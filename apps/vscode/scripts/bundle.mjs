/**
 * Bundles the extension (src/extension.ts, with @lantern/dap and everything below it) into one
 * CommonJS file, dist/extension.cjs, as VS Code loads it; `vscode` is the host's module.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const extensionBundle = fileURLToPath(new URL('../dist/extension.cjs', import.meta.url));

export async function bundleExtension() {
  await build({
    entryPoints: [fileURLToPath(new URL('../src/extension.ts', import.meta.url))],
    outfile: extensionBundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'error',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleExtension();
