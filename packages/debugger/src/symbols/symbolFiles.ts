/**
 * Loading symbols for a .wasm FILE (Node): picks the best provider for a module on disk.
 *
 * Order: embedded DWARF, else DWARF from the `external_debug_info` file, else the source map
 * named by `sourceMappingURL`, else `<wasm>.map` beside the module. Relative URLs resolve against
 * the wasm file's directory (tool-conventions Debugging.md); absolute http(s) URLs are not
 * fetched (no network). This is the only symbols file that touches the file system.
 */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { DwarfSymbolProvider } from './dwarfSymbolProvider.ts';
import { SourceMapSymbolProvider } from './sourceMapProvider.ts';
import type { SymbolProvider } from './symbolProvider.ts';

function localPath(url: string, baseDir: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('file:')) return undefined;
  const p = url.startsWith('file:') ? new URL(url).pathname : url;
  return isAbsolute(p) ? p : resolve(baseDir, p);
}

function readIfExists(path: string | undefined): Buffer | undefined {
  return path !== undefined && existsSync(path) ? readFileSync(path) : undefined;
}

/** Symbols for the module at `wasmPath` (bytes read from disk unless given), or undefined. */
export function loadSymbolsForFile(wasmPath: string, bytes?: Uint8Array): SymbolProvider | undefined {
  const dir = dirname(wasmPath);
  const module = bytes ?? new Uint8Array(readFileSync(wasmPath));
  const dwarf = DwarfSymbolProvider.fromModule(module, {
    loadExternal: (url) => {
      const b = readIfExists(localPath(url, dir));
      return b ? new Uint8Array(b) : undefined;
    },
  });
  if (dwarf) return dwarf;
  const mapped = SourceMapSymbolProvider.fromModule(module, (url) => readIfExists(localPath(url, dir))?.toString('utf8'));
  if (mapped) return mapped;
  const beside = readIfExists(`${wasmPath}.map`);
  return beside ? new SourceMapSymbolProvider(beside.toString('utf8')) : undefined;
}

/** A source-map provider from a `.map` file path. */
export function loadSourceMapFile(mapPath: string): SourceMapSymbolProvider {
  return new SourceMapSymbolProvider(readFileSync(mapPath, 'utf8'));
}
