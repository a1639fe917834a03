/**
 * What a debugger needs beneath the JS API, said directly (no scanning of internals):
 *
 *   storeOf(x)          the Store behind a Lantern `WebAssembly` namespace or anything it made —
 *                       Module, Instance, an exported function, Memory, Table, Global, Tag,
 *                       Exception — or a Store itself; undefined for anything else (Node's own
 *                       WebAssembly objects included). NB: the namespace's Store is created on
 *                       first use, so asking for it creates it.
 *   funcInstanceOf(fn)  the FuncInstance an exported function calls (undefined when `fn` is not
 *                       one of Lantern's exported functions).
 *   asThrownToJs(x, e)  what calling into x's realm throws to JS for `e`: a wasm exception
 *                       (ExceptionInstance) as that realm's WebAssembly.Exception, anything else as is.
 *   exceptionOf(x)      the ExceptionInstance of a Lantern WebAssembly.Exception (undefined otherwise).
 *   declareHostRead(m, address, length)
 *                       a host function running now reads those bytes of memory m (a Lantern
 *                       WebAssembly.Memory): read and access watchpoints see it (debug/hostReads.ts).
 *
 * Objects are recognised by brand: the realm's interface objects are registered with their Realm
 * (realm.ts), exported functions are found in values.ts's registry.
 */
import { ExceptionInstance, Store } from './engine.ts';
import type { FuncInstance } from './engine.ts';
import { exportedFunctionTarget } from './values.ts';
import { realmOfInterface, type Realm } from './realm.ts';
import { ExceptionObject } from './exception.ts';
import { MemoryObject } from './memory.ts';
import { hostReadsWanted, noteHostRead } from '../debug/hostReads.ts';

/** The Realm of a Lantern JS-API object, class or namespace. */
function realmOfObject(x: object): Realm | undefined {
  const fn = exportedFunctionTarget(x);
  if (fn !== undefined) return fn.realm;
  // An interface object itself (WebAssembly.Memory, ...).
  const direct = realmOfInterface(x);
  if (direct !== undefined) return direct;
  // An object made by an interface object: it is the `constructor` of a prototype on its chain.
  for (let p = Object.getPrototypeOf(x) as object | null; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    const r = realmOfInterface(Object.getOwnPropertyDescriptor(p, 'constructor')?.value);
    if (r !== undefined) return r;
  }
  // A namespace: its Module interface names the realm.
  return realmOfInterface(Object.getOwnPropertyDescriptor(x, 'Module')?.value);
}

/** The Store behind a Lantern JS-API object (or the Store itself); undefined otherwise. */
export function storeOf(x: unknown): Store | undefined {
  if (x instanceof Store) return x;
  if (x === null || (typeof x !== 'object' && typeof x !== 'function')) return undefined;
  return realmOfObject(x)?.store;
}

/** The FuncInstance behind a Lantern exported function; undefined otherwise. */
export function funcInstanceOf(fn: unknown): FuncInstance | undefined {
  return exportedFunctionTarget(fn)?.func;
}

/** What a call into `x`'s realm throws to JS for `error` (a raw wasm exception wrapped as the JS API does). */
export function asThrownToJs(x: unknown, error: unknown): unknown {
  if (!(error instanceof ExceptionInstance) || x === null || (typeof x !== 'object' && typeof x !== 'function')) return error;
  return realmOfObject(x)?.wrapException(error) ?? error;
}

/**
 * A host function called from wasm reads [address, address + length) of `memory` (a Lantern
 * WebAssembly.Memory; anything else is ignored, as is a call while no watchpoint listens).
 */
export function declareHostRead(memory: unknown, address: number, length: number): void {
  if (!hostReadsWanted()) return;
  const m = MemoryObject.unwrap(memory);
  if (m !== undefined) noteHostRead(m, address, length);
}

/** The engine's exception behind a Lantern `WebAssembly.Exception`, else undefined. */
export function exceptionOf(x: unknown): ExceptionInstance | undefined {
  return ExceptionObject.unwrap(x);
}
