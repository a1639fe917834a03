/**
 * `lantern run <file> [args...]`: runs a WASI command (its `_start`) or, with `--invoke`, one
 * export. The exit code is the program's; a trap prints the message and the source-level
 * backtrace on stderr and exits with TRAP_EXIT_CODE (so does an AssemblyScript abort).
 */
import { AbortError } from '@lantern/debugger';
import {
  callInvocation,
  compileModule,
  createEngine,
  createWasi,
  instantiateProgram,
  noStartError,
  prepareInvocation,
  type ProgramOptions,
} from './programOptions.ts';
import { loadProgramSymbols } from '../programSymbols.ts';
import { describeTrap } from './trapReport.ts';
import { writeFileSync } from 'node:fs';
import { dumpCoreOnTrap } from '@lantern/debugger';
import { CliError } from '../cliError.ts';

/** Distinct from any exit code a WASI program chooses in practice (128 + SIGABRT, like a crash). */
export const TRAP_EXIT_CODE = 134;

export interface RunOptions extends ProgramOptions {
  /** Write a core dump here when the program traps. */
  coredumpOnTrap?: string;
}

export function runCommand(file: string, args: string[], options: RunOptions): void {
  const { bytes, symbols } = loadProgramSymbols(file);
  const dumpFile = options.coredumpOnTrap;
  const reportTrap = (error: Error): void => {
    process.stderr.write(describeTrap(error, symbols));
    if (dumpFile !== undefined) process.stderr.write(`(core dumped to ${dumpFile})\n`);
    process.exitCode = TRAP_EXIT_CODE;
  };
  const WebAssembly = createEngine(options);
  if (dumpFile !== undefined) {
    dumpCoreOnTrap(WebAssembly, file, (core) => {
      try {
        writeFileSync(dumpFile, core);
      } catch (error) {
        throw new CliError(`--coredump-on-trap ${dumpFile}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
    });
  }
  const module = compileModule(WebAssembly, bytes, file);
  const wasi = createWasi(file, args, options);
  let instance;
  try {
    instance = instantiateProgram(WebAssembly, module, wasi, file);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) return reportTrap(error);
    throw error;
  }
  const exports = instance.exports as Record<string, unknown>;
  try {
    if (options.invoke !== undefined) {
      for (const line of callInvocation(exports, prepareInvocation(bytes, options.invoke, args))) console.log(line);
      return;
    }
    if (!('_start' in exports)) throw noStartError(file);
    process.exitCode = wasi.start({ exports });
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) return reportTrap(error);
    if (error instanceof AbortError) {
      // The program's own abort (an AssemblyScript assertion): reported like a trap.
      process.stderr.write(`abort: ${error.message}\n`);
      process.exitCode = TRAP_EXIT_CODE;
      return;
    }
    throw error;
  }
}
