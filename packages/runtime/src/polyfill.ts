/**
 * `import '@lantern/runtime/polyfill'`: installs Lantern as the global `WebAssembly` where the
 * host has none (the one entry of this package that acts when imported). To replace a native
 * `WebAssembly` as well, call `installWebAssembly({ force: true })`.
 */
import { installWebAssembly } from './jsapi/install.ts';

export { installWebAssembly, type InstallOptions } from './jsapi/install.ts';

installWebAssembly();
