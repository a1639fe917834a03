import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import { offlinePrecache } from './offlinePrecache.ts';

/**
 * `import b64 from './x.wasm?base64'`: the file's bytes as a base64 string inside the bundle, so
 * the shipped examples open offline and under a CSP that forbids fetching data: URLs.
 */
function base64Import(): Plugin {
  return {
    name: 'lantern-base64-import',
    enforce: 'pre',
    load(id) {
      if (!id.endsWith('?base64')) return null;
      const file = id.slice(0, -'?base64'.length);
      this.addWatchFile(file);
      return `export default ${JSON.stringify(readFileSync(file).toString('base64'))};`;
    },
  };
}

export default defineConfig({
  // Relative asset URLs: the built dist/ works from any static path (a subfolder, a file server).
  base: './',
  plugins: [base64Import(), offlinePrecache()],
  // The packages reach node:fs / node:path only by a dynamic import behind a check for Node
  // (never taken in a browser): leave those imports as they are instead of shimming them.
  worker: { format: 'es', rollupOptions: { external: [/^node:/] } },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2048, rollupOptions: { external: [/^node:/] } },
  server: { host: '127.0.0.1', fs: { allow: ['..'] } },
  preview: { host: '127.0.0.1' },
});
