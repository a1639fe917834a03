/**
 * WebAssembly.Exception: a tag plus payload, created and inspected from JS (constructor,
 * `is`, `getArg` in both the spec's one-argument and the older (tag, index) form that
 * Emscripten glue uses, `stack` with traceStack).
 *
 * It wraps the engine's ExceptionInstance (instances/exception.ts): a WebAssembly.Exception thrown
 * by JS into wasm is that instance (catchable by its tag, rethrown with identity), and a wasm
 * exception reaching JS is wrapped once per realm (Realm.wrapException), so the same wasm
 * exception is always the same JS object.
 */
import { TagObject } from './tag.ts';
import type { Realm } from './realm.ts';
import { realmOf } from './realm.ts';
import { ExceptionInstance } from './engine.ts';
import type { TagInstance } from './engine.ts';
import { INTERNAL } from './realm.ts';
import { toJSValue, toWebAssemblyValue } from './values.ts';

export class ExceptionObject {
  readonly #exn: ExceptionInstance;
  readonly #realm: Realm;
  declare readonly stack: string | undefined;

  /** The engine's exception of a WebAssembly.Exception (of any Lantern namespace), else undefined. */
  static unwrap(x: unknown): ExceptionInstance | undefined {
    return x !== null && typeof x === 'object' && #exn in x ? (x as ExceptionObject).#exn : undefined;
  }

  constructor(tag: unknown, payload: unknown, options?: unknown) {
    this.#realm = realmOf(new.target);
    if (tag === INTERNAL) {
      this.#exn = payload as ExceptionInstance;
      Object.defineProperty(this, 'stack', { value: undefined, writable: true, configurable: true });
      return;
    }
    const what = 'WebAssembly.Exception()';
    const t = TagObject.unwrap(tag);
    if (!t) throw new TypeError(`${what}: Argument 0 must be a WebAssembly tag`);
    if (payload === null || payload === undefined || typeof (payload as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`${what}: Argument 1 must be a sequence`);
    }
    const values = [...(payload as Iterable<unknown>)];
    const params = t.type.params;
    if (values.length !== params.length) throw new TypeError(`${what}: Number of exception values does not match signature length`);
    this.#exn = new ExceptionInstance(t, values.map((v, i) => toWebAssemblyValue(v, params[i])));
    // Thrown into wasm and back out, it must come back as this very object.
    this.#realm.exceptions.set(this.#exn, this);
    const traceStack = options !== null && typeof options === 'object' && Boolean((options as { traceStack?: unknown }).traceStack);
    Object.defineProperty(this, 'stack', {
      value: traceStack ? new Error().stack?.replace(/^Error\n/, '') : undefined,
      writable: true,
      configurable: true,
    });
  }

  is(tag: unknown): boolean {
    const t = TagObject.unwrap(tag);
    if (!t) throw new TypeError('WebAssembly.Exception.is(): Argument 0 must be a WebAssembly tag');
    return t === this.#exn.tag;
  }

  /** getArg(index), or the older getArg(tag, index) (TypeError if the tag does not match). */
  getArg(first: unknown, second?: unknown): unknown {
    let index = first;
    const tag = TagObject.unwrap(first);
    if (tag) {
      if (tag !== this.#exn.tag) throw new TypeError('WebAssembly.Exception.getArg(): First argument does not match the exception tag');
      index = second;
    }
    const n = Number(index);
    if (!Number.isInteger(n) || n < 0) throw new TypeError('WebAssembly.Exception.getArg(): Index must be a non-negative integer');
    if (n >= this.#exn.payload.length) throw new RangeError('WebAssembly.Exception.getArg(): Index out of range');
    return toJSValue(this.#exn.payload[n], this.#exn.tag.type.params[n], this.#realm);
  }

  static {
    Object.defineProperty(this.prototype, Symbol.toStringTag, { value: 'WebAssembly.Exception', configurable: true });
  }
}
