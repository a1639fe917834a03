/**
 * Tick exits (debug-compiled code: interpreter.ts Op.Tick, at function bodies and loop headers):
 * an async entry that has run for YIELD_EVERY_MS yields to the event loop here, so that JS can
 * run while wasm does — a debugger's pause() from a UI event, a timer, a SIGINT handler. The
 * activation stays on the VM stack meanwhile, protected like a paused async handler's
 * (exitProtocol.protectFrames); JS may call into the store synchronously. Synchronous entries never yield: the driver just re-enters.
 */
import type { Store } from '../store/store.ts';
import { protectFrames } from '../exit/exitProtocol.ts';

/** Short enough that a pause asked for from JS stops a program within ~10 ms (bench/pauseLatency.ts in the debugger). */
const YIELD_EVERY_MS = 4;

/**
 * One turn of the event loop, without a timer's clamping (setTimeout(0) waits ≥ 1 ms in Node,
 * 4 ms when nested in browsers): Node's setImmediate runs after due timers and I/O; elsewhere a
 * MessageChannel message is a task of its own, after those already queued.
 */
const nextTurn: () => Promise<void> = typeof setImmediate === 'function'
  ? () => new Promise<void>((resolve) => setImmediate(resolve))
  : (() => {
    const channel = new MessageChannel();
    const waiting: (() => void)[] = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    return () => new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(0);
    });
  })();

/** When each store's running async entry last gave the event loop a turn. */
const lastYield = new WeakMap<Store, number>();

/** Returns a promise to await before re-entering at thread.exit.resumePc, or undefined to re-enter now. */
export function yieldAtTick(store: Store, canAwait: boolean): Promise<void> | undefined {
  if (!canAwait) return undefined;
  const now = performance.now();
  const last = lastYield.get(store);
  if (last === undefined || now - last < YIELD_EVERY_MS) {
    if (last === undefined) lastYield.set(store, now);
    return undefined;
  }
  const release = protectFrames(store);
  const debug = store.debug;
  if (debug !== null) debug.suspendedAt = store.thread.exit.resumePc;
  return nextTurn().then(() => {
    release();
    if (debug !== null) debug.suspendedAt = -1;
    lastYield.set(store, performance.now());
  });
}

/**
 * Whether the running async entry is due to yield (YIELD_EVERY_MS since its last turn): compiled
 * code (src/tier/) polls this in loops and then leaves for the interpreter, whose Tick yields.
 */
export function yieldDue(store: Store): boolean {
  const now = performance.now();
  const last = lastYield.get(store);
  if (last === undefined) lastYield.set(store, now);
  return last !== undefined && now - last >= YIELD_EVERY_MS;
}
