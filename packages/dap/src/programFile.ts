/**
 * A program file as the adapter launches it (`loadProgramFile` of @lantern/debugger: `.wat`
 * assembled with its positions, `.wasm` with the symbols in or beside it), and the two ways
 * between an editor's paths and the file names the debug info records (a build machine's
 * paths, found beside the module): `diskPath` is what the editor is told to open, `symbolFile`
 * what a breakpoint the editor sets in a file is set on.
 */
import { basename, dirname, resolve } from 'node:path';
import { loadProgramFile, sourcePathNear, type SymbolResolver } from '@lantern/debugger';

export interface ProgramFile {
  readonly path: string;
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly symbols: SymbolResolver;
  /** Whether the program has source positions (DWARF, a source map, or WAT text). */
  readonly hasSymbols: boolean;
  /** The file on disk a symbol file name refers to, when one exists. */
  diskPath(file: string): string | undefined;
  /** The symbol file name an editor's path refers to (itself when none does). */
  symbolFile(path: string): string;
}

export function openProgramFile(path: string): ProgramFile {
  const { bytes, symbols } = loadProgramFile(path);
  const provider = symbols.forModule(bytes).provider;
  if (/\.wat$/i.test(path)) {
    // Debugged at its own lines: the symbols name the text by its base name.
    return {
      path,
      bytes,
      symbols,
      hasSymbols: true,
      diskPath: (file) => (file === basename(path) ? path : sourcePathNear(file, dirname(path))),
      symbolFile: (p) => (resolve(p) === path ? basename(path) : p),
    };
  }
  const diskPath = (file: string) => sourcePathNear(file, dirname(path));
  return {
    path,
    bytes,
    symbols,
    hasSymbols: provider !== undefined,
    diskPath,
    symbolFile: (p) => provider?.sources().find((file) => diskPath(file) === resolve(p)) ?? p,
  };
}
