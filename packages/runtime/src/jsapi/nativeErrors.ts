/**
 * WebAssembly.CompileError, LinkError and RuntimeError with the NativeError structure the JS API
 * asks for: callable with or without `new`, (message, options) as Error takes them, `length` 1,
 * inheriting from Error, with own `name`, `message` and `constructor` on the prototype.
 *
 * The engine throws its own classes (errors.ts, and the traps package's Trap for RuntimeError);
 * each constructor here shares its class's prototype, so what the engine throws is an instance
 * of it and names it as its `constructor`. They are made once, on first use, and shared by every
 * namespace.
 */
import { Trap } from '@lantern/traps';
import { CompileError, LinkError } from '../errors.ts';

export interface NativeErrorConstructors {
  CompileError: ErrorConstructor;
  LinkError: ErrorConstructor;
  RuntimeError: ErrorConstructor;
}

function nativeError(name: string, engineClass: abstract new (...args: never[]) => Error, init?: (e: Error) => void): ErrorConstructor {
  const constructor = function (this: unknown, message?: unknown, options?: unknown): Error {
    const args = arguments.length < 2 ? [message] : [message, options];
    const e = Reflect.construct(Error, args, new.target ?? constructor) as Error;
    init?.(e);
    return e;
  } as unknown as ErrorConstructor;
  Object.setPrototypeOf(constructor, Error);
  Object.defineProperty(constructor, 'length', { value: 1, configurable: true });
  Object.defineProperty(constructor, 'name', { value: name, configurable: true });
  const prototype = engineClass.prototype;
  Object.defineProperty(constructor, 'prototype', { value: prototype, writable: false, enumerable: false, configurable: false });
  Object.defineProperty(prototype, 'constructor', { value: constructor, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(prototype, 'name', { value: name, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(prototype, 'message', { value: '', writable: true, enumerable: false, configurable: true });
  return constructor;
}

let constructors: NativeErrorConstructors | undefined;

export function nativeErrorConstructors(): NativeErrorConstructors {
  return (constructors ??= {
    CompileError: nativeError('CompileError', CompileError),
    LinkError: nativeError('LinkError', LinkError),
    // A RuntimeError made by user code is a Trap with no code and no frames.
    RuntimeError: nativeError('RuntimeError', Trap, (e) => Object.defineProperty(e, 'frames', { value: [], writable: true, configurable: true })),
  });
}
