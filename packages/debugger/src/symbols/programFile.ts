/**
 * Loading a program FILE with its symbols (Node): `.wat` text is assembled with its text
 * positions, a `.wasm` gets the best symbols found in or beside it (symbolFiles.ts: DWARF,
 * external debug info, source maps); source text is read near the module. What every client
 * that debugs a file on disk needs (the CLI, the Debug Adapter Protocol server).
 */
import { WatError } from '@lantern/wat';
import { SymbolResolver } from '../source/symbolResolver.ts';
import { loadSymbolsForFile } from './symbolFiles.ts';
import type { SymbolProvider } from './symbolProvider.ts';
import { hostFiles } from './hostFiles.ts';

/** A program file that cannot be read or assembled; the message names the file (and line:column for text). */
export class ProgramFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProgramFileError';
  }
}

export interface ProgramFile {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly symbols: SymbolResolver;
}

/**
 * The disk path of a source file as the debug info names it: DWARF records paths of the build
 * machine, so a relative path is tried beside the module, and any path by its base name there too.
 */
export function sourcePathNear(file: string, moduleDir: string): string | undefined {
  const { fs, path: { basename, isAbsolute, join } } = hostFiles('sourcePathNear');
  const candidates = isAbsolute(file) ? [file, join(moduleDir, basename(file))] : [join(moduleDir, file), file, join(moduleDir, basename(file))];
  return candidates.find((path) => fs.statSync(path, { throwIfNoEntry: false })?.isFile());
}

function readSourceNear(file: string, dir: string): string | undefined {
  const path = sourcePathNear(file, dir);
  try {
    return path === undefined ? undefined : hostFiles('readSource').fs.readFileSync(path, 'utf8');
  } catch {
    return undefined; // unreadable: shown as a missing source
  }
}

/** `.wat` (by its extension) or `.wasm`, with the symbols a debugger uses. */
export function loadProgramFile(file: string): ProgramFile {
  const { fs, path: { basename, dirname } } = hostFiles('loadProgramFile');
  const dir = dirname(file);
  const symbols = new SymbolResolver({ readSource: (f) => readSourceNear(f, dir) });
  let input: Buffer;
  try {
    input = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ProgramFileError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? String(error)})`);
  }
  if (/\.wat$/i.test(file)) {
    try {
      return { bytes: symbols.addWat(input.toString('utf8'), basename(file)), symbols };
    } catch (error) {
      if (error instanceof WatError) throw new ProgramFileError(`${file}:${error.line}:${error.column}: ${error.reason}`);
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
