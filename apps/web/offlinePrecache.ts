/**
 * The build step of the offline service worker (src/offline/serviceWorker.ts): once the bundle is
 * complete, writes `sw.js` at the root of dist/ — the worker's code with, in front of it, the list
 * of every file to cache (the bundle's files and public/'s, not the source maps) and a version
 * that changes whenever any of them does.
 *
 * Hand-written rather than vite-plugin-pwa/workbox: the app is one page whose files all carry
 * content hashes, so precaching them and answering from the cache is the whole job — a few
 * dozen lines, where workbox-build brings its own bundler toolchain and generated runtime.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformWithOxc, type Plugin } from 'vite';

const SOURCE = fileURLToPath(new URL('./src/offline/serviceWorker.ts', import.meta.url));
export const SERVICE_WORKER_FILE = 'sw.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}

export function offlinePrecache(): Plugin {
  let publicDir = '';
  return {
    name: 'lantern-offline-precache',
    apply: 'build',
    // After Vite's own generateBundle (it adds index.html there).
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    async generateBundle(_options, bundle) {
      const contents = new Map<string, string | Uint8Array>();
      for (const [name, file] of Object.entries(bundle)) if (!name.endsWith('.map')) contents.set(name, file.type === 'chunk' ? file.code : file.source);
      if (publicDir !== '') for (const name of filesUnder(publicDir)) contents.set(name, readFileSync(join(publicDir, name)));
      const files = [...contents.keys()].sort();
      const hash = createHash('sha256');
      for (const name of files) hash.update(name).update('\0').update(contents.get(name)!).update('\0');
      const { code } = await transformWithOxc(readFileSync(SOURCE, 'utf8'), SOURCE, { lang: 'ts' });
      // './' too: the page as the browser asks for it.
      const precache = { version: hash.digest('hex').slice(0, 16), files: ['./', ...files] };
      this.emitFile({ type: 'asset', fileName: SERVICE_WORKER_FILE, source: `const PRECACHE = ${JSON.stringify(precache)};\n${code}` });
    },
  };
}
