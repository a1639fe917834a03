/**
 * Lantern as the global `WebAssembly`, the drop-in mode for glue that names the global
 * (Emscripten's `WebAssembly.instantiate`, Node's own fetch, which compiles its HTTP parser
 * through whatever `globalThis.WebAssembly` is). The property is defined as the host defines its
 * own: writable, configurable, not enumerable.
 */
import { createWebAssembly, type LanternWebAssembly, type WebAssemblyOptions } from './webAssembly.ts';

export interface InstallOptions extends WebAssemblyOptions {
  /** Replace a native `WebAssembly` too (by default it is kept, and nothing is installed). */
  force?: boolean;
}

/** Installs a new Lantern namespace as `globalThis.WebAssembly`; undefined when a native one was kept. */
export function installWebAssembly(options: InstallOptions = {}): LanternWebAssembly | undefined {
  const { force = false, ...storeOptions } = options;
  if (!force && (globalThis as { WebAssembly?: unknown }).WebAssembly !== undefined) return undefined;
  const ns = createWebAssembly(storeOptions);
  Object.defineProperty(globalThis, 'WebAssembly', { value: ns, writable: true, enumerable: false, configurable: true });
  return ns;
}
