/**
 * A program file as the adapter launches it: `.wat` text assembled with its positions (debugged at
 * its own lines), a `.wasm` with the best symbols in or beside it (DWARF, external debug info,
 * source map). DWARF names the build machine's paths, so a source file is looked for as named,
 * then beside the module by its base name: `diskPath` is what the editor is told to open.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { loadSymbolsForFile, SymbolResolver, type SymbolProvider } from '@lantern/debugger';
import { WatError } from '@lantern/wat';

/** The program cannot be read or assembled; the message names the file (and line:column). */
export class ProgramFileError extends Error {
  override name = 'ProgramFileError';
}

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

export function loadProgramFile(path: string): ProgramFile {
  const dir = dirname(path);
  const diskPath = (file: string): string | undefined => {
    const candidates = isAbsolute(file) ? [file, join(dir, basename(file))] : [resolve(dir, file), join(dir, basename(file))];
    return candidates.find((candidate) => existsSync(candidate));
  };
  const symbols = new SymbolResolver({
    readSource: (file) => {
      const found = diskPath(file);
      return found === undefined ? undefined : readFileSync(found, 'utf8');
    },
  });
  let input: Buffer;
  try {
    input = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ProgramFileError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(error)})`);
  }
  if (/\.wat$/i.test(path)) {
    try {
      const bytes = symbols.addWat(input.toString('utf8'), basename(path));
      const watPath = (file: string) => (file === basename(path) ? path : diskPath(file));
      return { path, bytes, symbols, hasSymbols: true, diskPath: watPath, symbolFile: (p) => (resolve(p) === path ? basename(path) : p) };
    } catch (error) {
      if (error instanceof WatError) throw new ProgramFileError(`${path}:${error.line}:${error.column}: ${error.reason}`);
      throw error;
    }
  }
  const bytes = new Uint8Array(input);
  let provider: SymbolProvider | undefined;
  try {
    provider = loadSymbolsForFile(path, bytes);
  } catch {
    provider = undefined; // malformed debug info: debug without symbols
  }
  symbols.register(bytes, provider, basename(path));
  const symbolFile = (p: string): string => provider?.sources().find((file) => diskPath(file) === resolve(p)) ?? p;
  return { path, bytes, symbols, hasSymbols: provider !== undefined, diskPath, symbolFile };
}
