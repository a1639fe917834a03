/**
 * `lantern run <file> [args...]`: runs a WASI command (its `_start`) or, with `--invoke`, one
 * export. The exit code is the program's; a trap prints the message and the source-level
 * backtrace on stderr and exits with TRAP_EXIT_CODE.
 */
import {
  callInvocation,
  compileModule,
  createEngine,
  createWasi,
  instantiateProgram,
  noStartError,
  prepareInvocation,
  type LanternWebAssembly,
  type ProgramOptions,
} from './programOptions.ts';
import type { ProgramFile } from '@lantern/debugger';
import { loadProgramSymbols } from '../programSymbols.ts';
import { describeTrap } from './trapReport.ts';

/** Distinct from any exit code a WASI program chooses in practice (128 + SIGABRT, like a crash). */
export const TRAP_EXIT_CODE = 134;

export type RunOptions = ProgramOptions;

export function runCommand(file: string, args: string[], options: RunOptions): void {
  runProgram(file, args, options, loadProgramSymbols(file));
}

/**
 * Runs a loaded program as `lantern run` does; `beforeStart` sees the engine once the program is
 * instantiated, before its code runs (`lantern profile` and `lantern coverage` start there).
 */
export function runProgram(
  file: string, args: string[], options: RunOptions, program: ProgramFile, beforeStart?: (WebAssembly: LanternWebAssembly) => void,
): void {
  const { bytes, symbols } = program;
  const reportTrap = (error: Error): void => {
    process.stderr.write(describeTrap(error, symbols));
    process.exitCode = TRAP_EXIT_CODE;
  };
  const WebAssembly = createEngine(options);
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
  beforeStart?.(WebAssembly);
  try {
    if (options.invoke !== undefined) {
      for (const line of callInvocation(exports, prepareInvocation(bytes, options.invoke, args))) console.log(line);
      return;
    }
    if (!('_start' in exports)) throw noStartError(file);
    process.exitCode = wasi.start({ exports });
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) return reportTrap(error);
    throw error;
  }
}
