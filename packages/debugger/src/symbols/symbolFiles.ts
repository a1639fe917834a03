/**
 * Loading symbols for a .wasm FILE (Node): picks the best provider for a module on disk.
 *
 * Order: embedded DWARF, else DWARF from the `external_debug_info` file, else the source map
 * named by `sourceMappingURL`, else `<wasm>.map` beside the module. Relative URLs resolve against
 * the wasm file's directory (tool-conventions Debugging.md); absolute http(s) URLs are not
 * fetched (no network). This and SymbolResolver.addFile are the only places that touch the file
 * system (through hostFiles.ts: Node only).
 */

import { DwarfSymbolProvider } from './dwarfSymbolProvider.ts';
import { hostFiles } from './hostFiles.ts';
import { SourceMapSymbolProvider } from './sourceMapProvider.ts';
import type { SymbolProvider } from './symbolProvider.ts';

function localPath(url: string, baseDir: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('file:')) return undefined;
  const p = url.startsWith('file:') ? new URL(url).pathname : url;
  const { path } = hostFiles('loadSymbolsForFile');
  return path.isAbsolute(p) ? p : path.resolve(baseDir, p);
}

function readIfExists(path: string | undefined): Buffer | undefined {
  const { fs } = hostFiles('loadSymbolsForFile');
  return path !== undefined && fs.existsSync(path) ? fs.readFileSync(path) : undefined;
}

/** Symbols for the module at `wasmPath` (bytes read from disk unless given), or undefined. */
export function loadSymbolsForFile(wasmPath: string, bytes?: Uint8Array): SymbolProvider | undefined {
  const { fs, path } = hostFiles('loadSymbolsForFile');
  const dir = path.dirname(wasmPath);
  const module = bytes ?? new Uint8Array(fs.readFileSync(wasmPath));
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
  return new SourceMapSymbolProvider(hostFiles('loadSourceMapFile').fs.readFileSync(mapPath, 'utf8'));
}
