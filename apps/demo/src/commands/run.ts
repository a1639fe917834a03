/**
 * `lantern run <file> [args...]`: runs a WASI command (its `_start`) or, with `--invoke`, one
 * export. The exit code is the program's; a trap prints the message and the wasm backtrace on
 * stderr and exits with TRAP_EXIT_CODE.
 */
import { resolve } from 'node:path';
import { createWebAssembly, decodeModule } from '@lantern/runtime';
import { Wasi } from '@lantern/wasi';
import { CliError } from '../cliError.ts';
import { loadModuleBytes } from '../loadModule.ts';
import { exportedFuncType, formatResult, parseArgument } from './invokeArgs.ts';
import { describeTrap } from './trapReport.ts';

/** Distinct from any exit code a WASI program chooses in practice (128 + SIGABRT, like a crash). */
export const TRAP_EXIT_CODE = 134;

export interface RunOptions {
  dir: string[];
  env: string[];
  invoke?: string;
  stackSize?: string;
}

function parseDirs(dirs: string[]): Record<string, string> {
  const preopens: Record<string, string> = {};
  for (const spec of dirs) {
    const [host, guest] = spec.split(':');
    if (!host) throw new CliError(`--dir "${spec}": expected host[:guest]`);
    preopens[guest ?? host] = resolve(host);
  }
  return preopens;
}

function parseEnv(pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`--env "${pair}": expected KEY=VALUE`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

export function runCommand(file: string, args: string[], options: RunOptions): void {
  const bytes = loadModuleBytes(file);
  const stackCells = options.stackSize === undefined ? undefined : Number(options.stackSize);
  if (stackCells !== undefined && !(Number.isInteger(stackCells) && stackCells > 0)) {
    throw new CliError(`--stack-size "${options.stackSize}": expected a positive number of 8-byte cells`);
  }
  const WebAssembly = createWebAssembly(stackCells === undefined ? {} : { stackCells });
  let module;
  try {
    module = new WebAssembly.Module(bytes);
  } catch (error) {
    if (error instanceof WebAssembly.CompileError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
  const wasi = new Wasi({ args: [file, ...args], env: parseEnv(options.env), preopens: parseDirs(options.dir) });
  let instance;
  try {
    instance = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wasi.wasiImport });
  } catch (error) {
    if (error instanceof WebAssembly.LinkError) throw new CliError(`${file}: ${error.message}`);
    if (error instanceof WebAssembly.RuntimeError) return reportTrap(error);
    throw error;
  }
  const exports = instance.exports as Record<string, unknown>;
  try {
    if (options.invoke !== undefined) {
      const type = exportedFuncType(decodeModule(bytes), options.invoke);
      if (args.length !== type.params.length) {
        throw new CliError(`"${options.invoke}" takes ${type.params.length} arguments, got ${args.length}`);
      }
      const values = args.map((text, i) => parseArgument(text, type.params[i]!, i));
      const result = (exports[options.invoke] as (...a: unknown[]) => unknown)(...values);
      const results = type.results.length === 1 ? [result] : ((result as unknown[] | undefined) ?? []);
      results.forEach((value, i) => console.log(formatResult(value, type.results[i]!)));
      return;
    }
    if (!('_start' in exports)) throw new CliError(`${file} has no _start export; use --invoke <export>`);
    process.exitCode = wasi.start({ exports });
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) return reportTrap(error);
    throw error;
  }
}

function reportTrap(error: Error): void {
  process.stderr.write(describeTrap(error));
  process.exitCode = TRAP_EXIT_CODE;
}
