/**
 * The `spectest` module every script may import: print functions, four globals, a table and a
 * memory, as the reference interpreter's host module defines them.
 */
import type { WebAssemblyLike } from './specEngine.ts';

export function spectestModule(wasm: WebAssemblyLike): Record<string, unknown> {
  const print = () => {};
  return {
    print,
    print_i32: print,
    print_i64: print,
    print_f32: print,
    print_f64: print,
    print_i32_f32: print,
    print_f64_f64: print,
    global_i32: new wasm.Global({ value: 'i32' }, 666),
    global_i64: new wasm.Global({ value: 'i64' }, 666n),
    global_f32: new wasm.Global({ value: 'f32' }, 666.6),
    global_f64: new wasm.Global({ value: 'f64' }, 666.6),
    table: new wasm.Table({ element: 'anyfunc', initial: 10, maximum: 20 }),
    ...table64(wasm),
    memory: new wasm.Memory({ initial: 1, maximum: 2 }),
  };
}

/**
 * `table64`: as `table` but with i64 addresses (the reference interpreter's spectest has it,
 * for the memory64 proposal). Only where the engine's JS API knows `address: 'i64'`.
 */
function table64(wasm: WebAssemblyLike): Record<string, unknown> {
  try {
    const descriptor = { element: 'anyfunc', address: 'i64', initial: 10n, maximum: 20n };
    return { table64: new wasm.Table(descriptor as unknown as { element: string; initial: number }) };
  } catch {
    return {};
  }
}
