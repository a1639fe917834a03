/**
 * Launching a program under the debugger: a fresh engine, a WASI host with the program's
 * arguments, environment, preopened directories and stdio routing, the imports a program may
 * need beside WASI (programImports.ts; the caller's `imports` win), the Debugger attached before
 * compiling (so no breakpoint is missed), the module compiled and instantiated, and the calls
 * that run it — a command's `_start`, or a reactor's `_initialize` then the invoked export.
 * Each failure before the program runs is a LaunchError naming its phase.
 */
import { createWebAssembly, declareHostRead, funcInstanceOf, type Instance } from '@lantern/runtime';
import { Wasi, type StdioHooks } from '@lantern/wasi';
import { Debugger } from '../debugger.ts';
import type { SymbolResolver } from '../source/symbolResolver.ts';
import { programImports } from './programImports.ts';
import type { LaunchOptions, LaunchPhase } from './types.ts';

export class LaunchError extends Error {
  constructor(
    readonly phase: LaunchPhase,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'LaunchError';
  }
}

export type LanternWebAssembly = ReturnType<typeof createWebAssembly>;

export interface Launched {
  readonly WebAssembly: LanternWebAssembly;
  readonly dbg: Debugger;
  /** The program's instance (memory references name its memories). */
  readonly instance: Instance;
  /** The calls that run the program, in order (the last one's result is the run's). */
  readonly calls: readonly { readonly fn: unknown; readonly args: readonly unknown[] }[];
}

/**
 * Prepares a run. `attach` is called with the Debugger before the module compiles (breakpoints
 * arm there); on a LaunchError the Debugger is detached again.
 */
export function launch(options: LaunchOptions, symbols: SymbolResolver, stdio: StdioHooks, attach: (dbg: Debugger) => void): Launched {
  const WebAssembly = createWebAssembly({
    ...(options.stackCells !== undefined ? { stackCells: options.stackCells } : {}),
    ...(options.tier !== undefined ? { tier: options.tier } : {}),
    ...(options.fuel !== undefined ? { fuel: options.fuel } : {}),
  });
  const dbg = Debugger.attach(WebAssembly, { symbols, debugCompile: options.debugCompile ?? true, skipPrologue: true });
  attach(dbg);
  try {
    return { WebAssembly, dbg, ...instantiate(WebAssembly, options, stdio) };
  } catch (error) {
    dbg.detach();
    throw error;
  }
}

function instantiate(WebAssembly: LanternWebAssembly, options: LaunchOptions, stdio: StdioHooks): Pick<Launched, 'instance' | 'calls'> {
  let module;
  try {
    module = new WebAssembly.Module(options.bytes);
  } catch (error) {
    throw new LaunchError('compile', `${options.name}: ${messageOf(error)}`, error);
  }
  const wasi = new Wasi({
    // WASI's reads of memory, for read watchpoints (they leave no trace in the bytes).
    onMemoryRead: declareHostRead,
    args: [options.name, ...(options.args ?? [])],
    env: { ...options.env },
    preopens: { ...options.preopens },
    ...(options.fs ? { fs: options.fs } : {}),
    ...stdio,
  });
  const extra = programImports(WebAssembly.Module.imports(module));
  const imports: Record<string, Record<string, unknown>> = { ...extra.imports };
  for (const [name, fields] of Object.entries(options.imports ?? {})) imports[name] = { ...imports[name], ...fields };
  let instance;
  try {
    instance = new WebAssembly.Instance(module, { ...imports, wasi_snapshot_preview1: wasi.wasiImport });
  } catch (error) {
    if (error instanceof WebAssembly.LinkError) throw new LaunchError('link', `${options.name}: ${error.message}`, error);
    throw new LaunchError('instantiate', messageOf(error), error);
  }
  const exports = instance.exports as Record<string, unknown>;
  if (exports.memory instanceof WebAssembly.Memory) {
    wasi.setMemory(exports.memory);
    extra.setMemory(exports.memory);
  }
  const invoke = options.invoke;
  if (invoke === undefined) {
    if (typeof exports._start !== 'function') throw new LaunchError('entry', `${options.name} has no _start export; name an export to invoke`);
    return { instance: instanceOf(exports._start), calls: [{ fn: exports._start, args: [] }] };
  }
  const fn = exports[invoke.name];
  if (typeof fn !== 'function') throw new LaunchError('entry', `${options.name} has no exported function "${invoke.name}"`);
  const init = typeof exports._start !== 'function' ? exports._initialize : undefined;
  return { instance: instanceOf(fn), calls: [...(typeof init === 'function' ? [{ fn: init, args: [] }] : []), { fn, args: invoke.args }] };
}

/** The runtime's Instance an exported function belongs to. */
function instanceOf(fn: unknown): Instance {
  const instance = funcInstanceOf(fn)?.instance;
  if (!instance) throw new LaunchError('entry', 'the entry function is not a wasm function of the program');
  return instance;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
