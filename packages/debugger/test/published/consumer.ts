// Type-checked (not run) in a fresh project against the declarations the packed tarballs ship.
// The @ts-expect-error lines fail the check if the declarations degrade to `any`.
import { Debugger, type WasmFrameInfo } from '@lantern/debugger';
import { createWebAssembly } from '@lantern/runtime';
import { installWebAssembly } from '@lantern/runtime/polyfill';
import { Trap } from '@lantern/traps';
import { MemoryFileSystem, Wasi } from '@lantern/wasi';
import { wat2wasm } from '@lantern/wat';

const WebAssembly = createWebAssembly();
const bytes = wat2wasm('(module (func (export "f")))');
const wasi = new Wasi({ args: ['consumer'], env: {}, fs: new MemoryFileSystem({ '/data/in.txt': 'text' }) });
const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), wasi.getImportObject());
const dbg = Debugger.attach(instance);
dbg.on('paused', ({ context }) => {
  const frames: readonly unknown[] = context.frames();
  void frames;
});
const describe = (frame: WasmFrameInfo): string => `${frame.function} @ ${frame.pc}`;
const isTrap = (error: unknown): boolean => error instanceof Trap;
installWebAssembly({ force: false });
void describe;
void isTrap;

// @ts-expect-error: `tier` is one of the documented names
createWebAssembly({ tier: 'fastest' });
// @ts-expect-error: a breakpoint needs an offset or a file and line
dbg.setBreakpoint({ line: 3 });
