/**
 * What `lantern run` and `lantern debug` share: the program options (--dir, --env, --invoke,
 * --stack-size, --tier, --fuel), turning them into an engine and a WASI host, compiling and instantiating with
 * one-line errors, and the typed arguments and results of `--invoke`.
 */
import { resolve } from 'node:path';
import { exportedFunctionType, parseInvokeArguments, programImports, UserError } from '@lantern/debugger';
import { createWebAssembly, decodeModule, valTypeName, type FuncType, type TierPolicy } from '@lantern/runtime';
import { Wasi } from '@lantern/wasi';
import { CliError } from '../cliError.ts';

export interface ProgramOptions {
  dir: string[];
  env: string[];
  invoke?: string;
  stackSize?: string;
  /** `run` only: the execution tier (debugging always interprets). */
  tier?: string;
  /** Fuel: how many wasm instructions the program may run (the runtime's `fuel` option). */
  fuel?: string;
}

export type LanternWebAssembly = ReturnType<typeof createWebAssembly>;
export type LanternModule = InstanceType<LanternWebAssembly['Module']>;
export type LanternInstance = InstanceType<LanternWebAssembly['Instance']>;

export function parseDirs(dirs: string[]): Record<string, string> {
  const preopens: Record<string, string> = {};
  for (const spec of dirs) {
    const [host, guest] = spec.split(':');
    if (!host) throw new CliError(`--dir "${spec}": expected host[:guest]`);
    preopens[guest ?? host] = resolve(host);
  }
  return preopens;
}

export function parseEnv(pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`--env "${pair}": expected KEY=VALUE`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

const TIERS: readonly string[] = ['interpreter', 'auto', 'eager'] satisfies TierPolicy[];

/** The engine options of `--stack-size`, `--tier` and `--fuel` (validated). */
export function engineOptions(options: ProgramOptions): { stackCells?: number; tier?: TierPolicy; fuel?: number } {
  const out: { stackCells?: number; tier?: TierPolicy; fuel?: number } = {};
  if (options.fuel !== undefined) {
    const fuel = Number(options.fuel);
    if (!(Number.isSafeInteger(fuel) && fuel >= 0)) throw new CliError(`--fuel "${options.fuel}": expected a whole number of instructions`);
    out.fuel = fuel;
  }
  if (options.stackSize !== undefined) {
    const stackCells = Number(options.stackSize);
    if (!(Number.isInteger(stackCells) && stackCells > 0)) {
      throw new CliError(`--stack-size "${options.stackSize}": expected a positive number of 8-byte cells`);
    }
    out.stackCells = stackCells;
  }
  if (options.tier !== undefined) {
    if (!TIERS.includes(options.tier)) throw new CliError(`--tier "${options.tier}": expected ${TIERS.join(', ')}`);
    out.tier = options.tier as TierPolicy;
  }
  return out;
}

/** The WASI host of a program: argv[0] is the file, then `args`. */
export function createWasi(file: string, args: string[], options: ProgramOptions): Wasi {
  return new Wasi({ args: [file, ...args], env: parseEnv(options.env), preopens: parseDirs(options.dir) });
}

/** Compiles, turning a CompileError into a one-line CliError naming the file. */
export function compileModule(WebAssembly: LanternWebAssembly, bytes: Uint8Array<ArrayBuffer>, file: string): LanternModule {
  try {
    return new WebAssembly.Module(bytes);
  } catch (error) {
    if (error instanceof WebAssembly.CompileError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

/**
 * Instantiates with the WASI imports (and those programImports supplies, such as AssemblyScript's
 * `env.abort`) and hands the WASI host the exported memory, so WASI calls
 * work from any entry (`--invoke` as well as `_start`); a LinkError becomes a CliError (a trap is
 * rethrown).
 */
export function instantiateProgram(WebAssembly: LanternWebAssembly, module: LanternModule, wasi: Wasi, file: string): LanternInstance {
  try {
    const extra = programImports(WebAssembly.Module.imports(module));
    const instance = new WebAssembly.Instance(module, { ...extra.imports, wasi_snapshot_preview1: wasi.wasiImport });
    const memory = (instance.exports as Record<string, unknown>).memory;
    if (memory instanceof WebAssembly.Memory) {
      wasi.setMemory(memory);
      extra.setMemory(memory);
    }
    return instance;
  } catch (error) {
    if (error instanceof WebAssembly.LinkError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

/** A prepared `--invoke`: the export's type and its parsed arguments. */
export interface Invocation {
  readonly name: string;
  readonly type: FuncType;
  readonly values: unknown[];
}

/** The export to call and its arguments typed by its parameters; a mistake in either is a CliError. */
export function prepareInvocation(bytes: Uint8Array, name: string, args: string[]): Invocation {
  try {
    const info = decodeModule(bytes);
    return { name, type: exportedFunctionType(info, name), values: parseInvokeArguments(info, name, args) };
  } catch (error) {
    if (error instanceof UserError) throw new CliError(error.message);
    throw error;
  }
}

/** Calls the export; returns its results as `type:value` lines. */
export function callInvocation(exports: Record<string, unknown>, invocation: Invocation): string[] {
  const result = (exports[invocation.name] as (...a: unknown[]) => unknown)(...invocation.values);
  return formatInvocationResults(invocation, result);
}

export function formatInvocationResults(invocation: Invocation, result: unknown): string[] {
  const { results } = invocation.type;
  const values = results.length === 1 ? [result] : ((result as unknown[] | undefined) ?? []);
  return values.map((value, i) => `${valTypeName(results[i]!)}:${String(value)}`);
}

/** The CliError of a program without `_start` run without --invoke. */
export function noStartError(file: string): CliError {
  return new CliError(`${file} has no _start export; use --invoke <export>`);
}
