/**
 * The engines a program runs on: Node's own WebAssembly (the reference where it implements the
 * module's features) and Lantern four ways — the interpreter, a debug-compiled store (what a
 * debugger attaches: every operand materialized, no fusions), the JS tier compiling every function
 * at its first call, and that tier materializing its frames into the interpreter every 3 polls.
 * Each Lantern namespace is one store, replaced every RENEW programs so a long run does not keep
 * every program it ran.
 */
import { createWebAssembly, DebugHooks, storeOf, type StoreOptions } from '@lantern/runtime';

export type EngineName = 'node' | 'interpreter' | 'debug' | 'eager' | 'deoptTorture';
export const LANTERN_ENGINES: readonly EngineName[] = ['interpreter', 'debug', 'eager', 'deoptTorture'];
const RENEW = 200;

const OPTIONS: Record<Exclude<EngineName, 'node'>, StoreOptions> = {
  interpreter: {},
  debug: {},
  eager: { tier: 'eager' },
  deoptTorture: { tier: 'eager', deoptTorture: 3 },
};

function makeLantern(name: Exclude<EngineName, 'node'>): typeof WebAssembly {
  const ns = createWebAssembly(OPTIONS[name]);
  if (name === 'debug') DebugHooks.setDebugCompile(storeOf(ns)!, true);
  return ns as unknown as typeof WebAssembly;
}

const made = new Map<EngineName, { ns: typeof WebAssembly; uses: number }>();

/** The namespace of `name` for one more program. */
export function engine(name: EngineName): typeof WebAssembly {
  if (name === 'node') return WebAssembly;
  let e = made.get(name);
  if (e === undefined || e.uses >= RENEW) made.set(name, (e = { ns: makeLantern(name), uses: 0 }));
  e.uses++;
  return e.ns;
}
