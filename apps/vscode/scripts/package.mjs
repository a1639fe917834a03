/**
 * Builds the extension's .vsix (dist/lantern.vsix): bundles it (scripts/bundle.mjs), then packs
 * it with @vscode/vsce, offline (no dependencies to collect: everything is in the bundle). The
 * manifest has no repository (the extension is not published), so its check is turned off.
 */
import { createVSIX } from '@vscode/vsce';
import { fileURLToPath } from 'node:url';
import { bundleExtension } from './bundle.mjs';

export const vsixPath = fileURLToPath(new URL('../dist/lantern.vsix', import.meta.url));

export async function packageExtension() {
  await bundleExtension();
  await createVSIX({
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    packagePath: vsixPath,
    dependencies: false,
    allowMissingRepository: true,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await packageExtension();
