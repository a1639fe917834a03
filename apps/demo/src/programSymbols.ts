/**
 * Loads a program with its symbols: `.wat` text is assembled with its text positions, a `.wasm`
 * gets the best symbols found in or beside it (DWARF, external debug info, source map). Shared by
 * `lantern run` (source-level trap reports) and `lantern debug`.
 */
import { basename, dirname, isAbsolute, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { loadSymbolsForFile, SymbolResolver, type SymbolProvider } from '@lantern/debugger';
import { WatError } from '@lantern/wat';
import { CliError } from './cliError.ts';
import { isTextModule, readInput } from './loadModule.ts';

export interface ProgramSymbols {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly symbols: SymbolResolver;
}

/**
 * Source text by path; DWARF records paths of the build machine, so relative paths are tried
 * beside the module and any path by its base name there too.
 */
function readSourceNear(file: string, dir: string): string | undefined {
  const candidates = isAbsolute(file) ? [file, join(dir, basename(file))] : [join(dir, file), file, join(dir, basename(file))];
  for (const path of candidates) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}

export function loadProgramSymbols(file: string): ProgramSymbols {
  const dir = dirname(file);
  const symbols = new SymbolResolver({ readSource: (f) => readSourceNear(f, dir) });
  const input = readInput(file);
  if (isTextModule(file)) {
    try {
      return { bytes: symbols.addWat(input.toString('utf8'), basename(file)), symbols };
    } catch (error) {
      if (error instanceof WatError) throw new CliError(`${file}:${error.line}:${error.column}: ${error.reason}`);
      throw error;
    }
  }
  const bytes = new Uint8Array(input);
  let provider: SymbolProvider | undefined;
  try {
    provider = loadSymbolsForFile(file, bytes);
  } catch {
    provider = undefined; // malformed debug info: run without symbols
  }
  symbols.register(bytes, provider, basename(file));
  return { bytes, symbols };
}
