/**
 * Reads a module from disk: `.wasm` as is, `.wat` through @lantern/wat. Every failure becomes a
 * CliError naming the file and the place (line:column for text, byte offset for binary).
 */
import { readFileSync } from 'node:fs';
import { WatError, wat2wasm } from '@lantern/wat';
import { CliError } from './cliError.ts';

export function readInput(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(error)})`);
  }
}

export function isTextModule(path: string): boolean {
  return /\.wat$/i.test(path);
}

/** The module's binary; text is assembled with names so backtraces show `$ids`. */
export function loadModuleBytes(path: string): Uint8Array<ArrayBuffer> {
  const input = readInput(path);
  if (!isTextModule(path)) return new Uint8Array(input);
  try {
    return wat2wasm(input.toString('utf8'));
  } catch (error) {
    if (error instanceof WatError) throw new CliError(`${path}:${error.line}:${error.column}: ${error.reason}`);
    throw error;
  }
}
