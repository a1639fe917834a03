/**
 * A program file with its symbols (`loadProgramFile` of @lantern/debugger), its errors as one-line
 * CliErrors. Shared by `lantern run` (source-level trap reports) and `lantern debug`.
 */
import { loadProgramFile, ProgramFileError, type ProgramFile } from '@lantern/debugger';
import { CliError } from './cliError.ts';

export function loadProgramSymbols(file: string): ProgramFile {
  try {
    return loadProgramFile(file);
  } catch (error) {
    if (error instanceof ProgramFileError) throw new CliError(error.message);
    throw error;
  }
}
