/**
 * One end-to-end run of a real program on one engine, in a fresh worker (lib/isolated.ts): the
 * engine becomes this worker's global `WebAssembly`, so the package's own glue uses it, then the
 * workload runs and is timed: compiling and instantiating the package's .wasm through the glue,
 * and the work. (The workload's module and its static imports load before the clock starts.)
 */
import { engineById, type WasmNamespace } from './engines.ts';

export interface RealTask {
  engine: string;
  program: string;
}

export interface RealResult {
  ms: number;
  result: string;
  /** Lantern with a tier: milliseconds its tier spent compiling during the run. */
  compileMs?: number;
}

/**
 * `ns` as the global namespace, except for modules Node's engine compiled: Node's own fetch
 * (undici) compiles its HTTP parser with the native engine and instantiates it through the
 * global `WebAssembly`, which must then still be able to instantiate it.
 */
function asGlobal(ns: WasmNamespace): WasmNamespace {
  const native = globalThis.WebAssembly;
  if ((ns as unknown) === native) return ns;
  const instantiate = (source: unknown, imports?: object): Promise<unknown> =>
    source instanceof native.Module ? native.instantiate(source, imports as WebAssembly.Imports) : ns.instantiate(source as BufferSource, imports);
  return Object.create(ns, { instantiate: { value: instantiate } }) as WasmNamespace;
}

export async function measureReal(task: RealTask): Promise<RealResult> {
  const engine = engineById(task.engine);
  const created = await engine.create();
  const ns = asGlobal(created);
  Object.defineProperty(globalThis, 'WebAssembly', { value: ns, writable: true, configurable: true, enumerable: false });
  const { workload } = (await import(`../real/${task.program}.ts`)) as { workload(): Promise<string> };
  const start = performance.now();
  const result = await workload();
  return { ms: performance.now() - start, result, compileMs: engine.tierCompileMs?.(created) };
}
