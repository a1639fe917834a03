/**
 * How the `lantern` CLI is bundled — the one source of truth for the build (`pnpm --filter
 * @lantern/demo build`), bin/lantern.mjs (which rebuilds a missing or stale bundle in a checkout)
 * and the tests' globalSetup: esbuild bundles src/cli.ts and every workspace package it uses into
 * plain-JavaScript ES modules with source maps (the entry and a chunk per command, loaded when it
 * runs), so starting the CLI compiles no TypeScript.
 *
 * Beside the bundle, `<bundle>.inputs.json` lists the source files it was built from (relative to
 * the bundle), so the staleness check stats exactly those files.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const cliEntry = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

/** Where the CLI is built: bin/lantern.mjs runs this file. */
export const cliBundlePath = fileURLToPath(new URL('../dist/lantern.mjs', import.meta.url));

/** Bundles the CLI to `outfile` (+ `.map`, + `.inputs.json`), each file replaced atomically. */
export async function buildCli(outfile = cliBundlePath) {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [cliEntry],
    // The commands are loaded on demand (src/cli.ts), so each becomes a chunk of its own.
    outdir: dirname(outfile),
    entryNames: basename(outfile, '.mjs'),
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    metafile: true,
    write: false,
    logLevel: 'error',
    // commander is CommonJS: its require() of Node built-ins needs a require in the ES module.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  const outDir = dirname(outfile);
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes('node_modules/'))
    .map((input) => relative(outDir, resolve(input)));
  const bundle = resolve(outfile);
  /** @type {Array<[string, string | Uint8Array]>} */
  const files = [
    [`${bundle}.inputs.json`, JSON.stringify(inputs)],
    ...result.outputFiles
      .map((file) => /** @type {[string, Uint8Array]} */ ([file.path, file.contents]))
      .sort(([path]) => (path === bundle ? 1 : -1)),
  ];
  // Two processes may build at once (tests, a user's shell): each writes its own temporary file
  // and renames it, so no reader ever sees a half-written bundle. The bundle goes last, as its
  // time is what the staleness check compares against.
  for (const [path, contents] of files) {
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
  }
  // Chunks of builds from older sources (their names carry a content hash) would otherwise pile
  // up and be packed; a build running at the same time from the same sources writes the same names.
  const chunkDir = resolve(outDir, 'chunks');
  const written = new Set(files.map(([path]) => resolve(path)));
  for (const name of readdirSync(chunkDir)) {
    const path = resolve(chunkDir, name);
    if (/\.mjs(\.map)?$/.test(name) && !written.has(path)) rmSync(path, { force: true });
  }
}

/** True when the bundle is missing or any source it was built from changed after it. */
export function cliBundleIsStale(outfile = cliBundlePath) {
  let builtAt;
  /** @type {string[]} */
  let inputs;
  try {
    builtAt = statSync(outfile).mtimeMs;
    inputs = JSON.parse(readFileSync(`${outfile}.inputs.json`, 'utf8'));
  } catch {
    return true;
  }
  const outDir = dirname(outfile);
  return inputs.some((input) => {
    try {
      return statSync(resolve(outDir, input)).mtimeMs > builtAt;
    } catch {
      return true; // a source was moved or deleted
    }
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
