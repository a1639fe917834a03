/**
 * The manifest's launch attributes (`contributes.debuggers[0].configurationAttributes.launch`)
 * are a copy of the adapter's launch schema (`launchSchema` in @lantern/dap, the one source of
 * truth): `pnpm --filter lantern-vscode manifest` writes the copy, and `manifestDrift()` (checked by
 * test/manifest.test.ts) says whether it is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { launchSchema } from '@lantern/dap';

export const manifestPath = fileURLToPath(new URL('../package.json', import.meta.url));

interface Manifest {
  contributes: { debuggers: Array<{ type: string; configurationAttributes: { launch: unknown } }> };
}

export function readManifest(): Manifest {
  return JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
}

/** The launch attributes as the manifest must have them (JSON: no readonly, no undefined). */
export function expectedLaunchAttributes(): unknown {
  return JSON.parse(JSON.stringify(launchSchema));
}

/** Undefined when the manifest's launch attributes equal the schema; else what to run. */
export function manifestDrift(): string | undefined {
  const launch = readManifest().contributes.debuggers[0]!.configurationAttributes.launch;
  if (isDeepStrictEqual(launch, expectedLaunchAttributes())) return undefined;
  return 'apps/vscode/package.json: the launch attributes differ from @lantern/dap\'s launchSchema; run `pnpm --filter lantern-vscode manifest`';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const manifest = readManifest();
  manifest.contributes.debuggers[0]!.configurationAttributes.launch = expectedLaunchAttributes();
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}
