/**
 * The program of `lantern run`, in its worker thread (commands/run.ts starts it): compiles,
 * instantiates and runs a WASI command (its `_start`) or, with `--invoke`, one export, with fuel
 * and the interrupt flag the main thread raises on Ctrl-C and --timeout. A trap prints the
 * message and the source-level backtrace on stderr. Returns the exit code: the program's, or
 * TRAP_EXIT_CODE.
 */
import {
  callInvocation,
  compileModule,
  createWasi,
  instantiateProgram,
  noStartError,
  prepareInvocation,
  engineOptions,
  type LanternWebAssembly,
  type ProgramOptions,
} from './programOptions.ts';
import { writeFileSync } from 'node:fs';
import { AbortError, dumpCoreOnTrap, type ProgramFile } from '@lantern/debugger';
import { createWebAssembly } from '@lantern/runtime';
import { CliError } from '../cliError.ts';
import { loadProgramSymbols } from '../programSymbols.ts';
import { describeTrap, describeUncaughtException } from './trapReport.ts';

/** Distinct from any exit code a WASI program chooses in practice (128 + SIGABRT, like a crash). */
export const TRAP_EXIT_CODE = 134;

export interface RunOptions extends ProgramOptions {
  /** Seconds before the program is interrupted (main thread: commands/run.ts). */
  timeout?: string;
  /** Write a core dump here when the program traps. */
  coredumpOnTrap?: string;
}

export interface RunHooks {
  /** The flag whose element 0 the main thread raises to stop the program (lantern run's worker). */
  interrupt?: Int32Array;
  /** The program, when the caller loaded it already. */
  program?: ProgramFile;
  /** Sees the engine once the program is instantiated, before its code runs (`lantern profile` and `lantern coverage` start there). */
  beforeStart?: (WebAssembly: LanternWebAssembly) => void;
}

/** Runs the program; returns its exit code. */
export function runProgram(file: string, args: string[], options: RunOptions, hooks: RunHooks = {}): number {
  const engine = engineOptions(options); // argument mistakes first, before the file is read
  const { bytes, symbols } = hooks.program ?? loadProgramSymbols(file);
  const dumpFile = options.coredumpOnTrap;
  const reportTrap = (error: Error): number => {
    process.stderr.write(describeTrap(error, symbols));
    if (dumpFile !== undefined) process.stderr.write(`(core dumped to ${dumpFile})\n`);
    return TRAP_EXIT_CODE;
  };
  const WebAssembly = createWebAssembly({ ...engine, ...(hooks.interrupt ? { interruptible: hooks.interrupt } : {}) });
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
  hooks.beforeStart?.(WebAssembly);
  try {
    if (options.invoke !== undefined) {
      for (const line of callInvocation(exports, prepareInvocation(bytes, options.invoke, args))) console.log(line);
      return 0;
    }
    if (!('_start' in exports)) throw noStartError(file);
    return wasi.start({ exports });
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) return reportTrap(error);
    const uncaught = describeUncaughtException(error);
    if (uncaught !== undefined) {
      process.stderr.write(uncaught);
      return TRAP_EXIT_CODE;
    }
    if (error instanceof AbortError) {
      // The program's own abort (an AssemblyScript assertion): reported like a trap.
      process.stderr.write(`abort: ${error.message}\n`);
      return TRAP_EXIT_CODE;
    }
    throw error;
  }
}
