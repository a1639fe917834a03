/**
 * Exported GC Objects (JS API, "Garbage Collected Objects"): how a wasm struct or array is seen
 * from JS. It is an exotic object with a null prototype, no properties and no way to add any:
 * reads give undefined, `in` false, defining and prototype changes fail (false, so
 * Object.defineProperty / Object.setPrototypeOf / Object.preventExtensions throw a TypeError
 * and their Reflect forms return false), setting and deleting throw a TypeError. (Node 20's V8,
 * behind --experimental-wasm-gc, agrees except that its Reflect forms throw too.)
 *
 * The interpreter keeps its own GcStruct / GcArray (instances/gcObjects.ts: fast field access,
 * nothing allocated per instruction); the exotic object is a Proxy made only when the object
 * first crosses to JS, one per object (the JS API's Exported GC Object cache), so identity holds
 * across calls, globals, tables and exceptions, and crossing back to wasm gives the GcStruct
 * itself. Both maps are weak (ephemerons): while the struct or its JS object is reachable, both
 * are; once neither is, the garbage collector takes the pair.
 */
import { GcArray, GcStruct } from '../instances/gcObjects.ts';

const refuse = (what: string) => (): never => {
  throw new TypeError(`cannot ${what} a WebAssembly GC object: it is opaque to JavaScript`);
};

/**
 * The internal methods of the spec, as Proxy traps. Proxy invariants hold because every proxy's
 * target is the empty, non-extensible, null-prototype object below: the traps report exactly it.
 */
const EXOTIC: ProxyHandler<object> = {
  getPrototypeOf: () => null,
  setPrototypeOf: () => false,
  isExtensible: () => false,
  preventExtensions: () => false,
  getOwnPropertyDescriptor: () => undefined,
  defineProperty: () => false,
  has: () => false,
  get: () => undefined,
  set: refuse('set a property of'),
  deleteProperty: refuse('delete a property of'),
  ownKeys: () => [],
};

const EMPTY_TARGET: object = Object.preventExtensions(Object.create(null) as object);

const exported = new WeakMap<GcStruct | GcArray, object>();
const internal = new WeakMap<object, GcStruct | GcArray>();

/** The Exported GC Object of a struct or array (made on its first crossing, then the same one). */
export function exportGcObject(o: GcStruct | GcArray): object {
  let js = exported.get(o);
  if (js === undefined) {
    js = new Proxy(EMPTY_TARGET, EXOTIC);
    exported.set(o, js);
    internal.set(js, o);
  }
  return js;
}

/** The struct or array an Exported GC Object stands for; undefined for any other JS value. */
export function gcObjectOf(v: object): GcStruct | GcArray | undefined {
  return internal.get(v);
}

/** A struct or array of the interpreter (as it must cross to JS through exportGcObject). */
export function isGcObject(raw: unknown): raw is GcStruct | GcArray {
  return raw instanceof GcStruct || raw instanceof GcArray;
}
