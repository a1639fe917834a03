/**
 * Writes a core dump when wasm traps (`lantern run --coredump-on-trap`): an exit handler on the
 * store's thread that captures the stack, memories and globals while every frame is still alive,
 * then lets the trap unwind as it would have. With no trap it costs nothing.
 */
import { registerHandler, trapMessage } from '@lantern/traps';
import type { PauseContext as RuntimePauseContext } from '@lantern/runtime';
import { debugStoreOf } from '../engineLink.ts';
import { captureCoreDump, encodeCoreDump } from './coreDump.ts';

/** Calls `write` with the dump's bytes at each trap of `target`'s store (a Store or a Lantern JS-API object); returns the remover. */
export function dumpCoreOnTrap(target: unknown, executable: string, write: (core: Uint8Array) => void): () => void {
  const store = debugStoreOf(target);
  if (!store) throw new TypeError('dumpCoreOnTrap: not a Lantern Store or an object of a Lantern WebAssembly namespace');
  return registerHandler<RuntimePauseContext>(store.thread.state, (ctx) => {
    if (ctx.reason === 'trap') write(encodeCoreDump(captureCoreDump(ctx.frames(), executable, { kind: 'trap', message: trapMessage(ctx.trapCode) })));
    return undefined;
  });
}
