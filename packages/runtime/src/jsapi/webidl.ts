/**
 * The shapes WebIDL gives the JS API's objects, built per namespace from the implementation
 * classes (module.ts, memory.ts, ...), whose instances carry the internal slots as private fields:
 *
 *   interface object   a constructor that throws without `new`, with the IDL's `length` and
 *                      `name`, a non-writable `prototype`, its static operations (enumerable);
 *   prototype object   inherits Object.prototype directly and holds, as own properties, the
 *                      operations (writable, enumerable, configurable) and attribute accessors
 *                      (enumerable, configurable) of the implementation class, `constructor`
 *                      (writable, configurable) and `@@toStringTag` "WebAssembly.X" (configurable).
 *
 * Objects are created by Reflect.construct(implementation, args, new.target): the implementation's
 * constructor installs the private fields on an object whose prototype is new.target's, so
 * subclasses of the interface object work and brand checks (`#field in x`) hold in every namespace.
 */
import { registerInterface, type Realm } from './realm.ts';

type Implementation = abstract new (...args: never[]) => object;

export interface InterfaceSpec {
  /** The interface's identifier: "Module", "Memory", ... */
  name: string;
  /** The length of the shortest constructor overload (its required arguments). */
  length: number;
  implementation: Implementation;
  /** Names of the implementation's static methods that are IDL static operations. */
  statics?: readonly string[];
}

/** The TypeError of an operation or attribute called on an object that is not an `interfaceName`. */
export function receiverError(what: string, interfaceName: string): TypeError {
  return new TypeError(`${what}: Receiver is not a WebAssembly.${interfaceName}`);
}

const hidden = { enumerable: false, writable: false, configurable: true } as const;

export function defineInterface(realm: Realm, spec: InterfaceSpec): (new (...args: unknown[]) => object) {
  const { name, implementation } = spec;
  const interfaceObject = function (this: unknown, ...args: unknown[]): object {
    if (new.target === undefined) throw new TypeError(`WebAssembly.${name}(): WebAssembly.${name} must be invoked with 'new'`);
    return Reflect.construct(implementation as unknown as new (...a: unknown[]) => object, args, new.target);
  } as unknown as new (...args: unknown[]) => object;
  Object.defineProperty(interfaceObject, 'length', { ...hidden, value: spec.length });
  Object.defineProperty(interfaceObject, 'name', { ...hidden, value: name });
  registerInterface(interfaceObject, realm);
  for (const key of spec.statics ?? []) {
    const method = (implementation as unknown as Record<string, unknown>)[key];
    Object.defineProperty(interfaceObject, key, { value: method, writable: true, enumerable: true, configurable: true });
  }

  const prototype = Object.create(Object.prototype) as object;
  for (const key of Reflect.ownKeys(implementation.prototype)) {
    if (key === 'constructor' || key === Symbol.toStringTag) continue;
    const d = Object.getOwnPropertyDescriptor(implementation.prototype, key)!;
    const member = d.get !== undefined || d.set !== undefined
      ? { get: d.get, set: d.set, enumerable: true, configurable: true }
      : { value: d.value as unknown, writable: true, enumerable: true, configurable: true };
    Object.defineProperty(prototype, key, member);
  }
  Object.defineProperty(prototype, 'constructor', { value: interfaceObject, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(prototype, Symbol.toStringTag, { ...hidden, value: `WebAssembly.${name}` });
  Object.defineProperty(interfaceObject, 'prototype', { value: prototype, writable: false, enumerable: false, configurable: false });
  return interfaceObject;
}
