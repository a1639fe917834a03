/**
 * WebAssembly.Exception: a tag plus payload, created and inspected from JS (constructor,
 * `is`, `getArg` in both the spec's one-argument and the older (tag, index) form that
 * Emscripten glue uses, `stack` with traceStack).
 *
 * NB: what works today is the JS side only. Lantern's interpreter does not yet let wasm code
 * catch a WebAssembly.Exception thrown by JS, nor turn an uncaught wasm exception into one;
 * such an Exception crosses wasm frames like any other JS exception (unchanged, uncatchable
 * by wasm `try`/`try_table`).
 */
import { TagObject } from './tag.ts';
import type { Realm } from './realm.ts';
import { realmOf } from './realm.ts';
import type { RawValue, TagInstance } from './engine.ts';
import { toJSValue, toWebAssemblyValue } from './values.ts';

export class ExceptionObject {
  readonly #tag: TagInstance;
  readonly #payload: RawValue[];
  readonly #realm: Realm;
  declare readonly stack: string | undefined;

  constructor(tag: unknown, payload: unknown, options?: unknown) {
    this.#realm = realmOf(new.target);
    const what = 'WebAssembly.Exception()';
    const t = TagObject.unwrap(tag);
    if (!t) throw new TypeError(`${what}: Argument 0 must be a WebAssembly tag`);
    if (payload === null || payload === undefined || typeof (payload as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`${what}: Argument 1 must be a sequence`);
    }
    const values = [...(payload as Iterable<unknown>)];
    const params = t.type.params;
    if (values.length !== params.length) throw new TypeError(`${what}: Number of exception values does not match signature length`);
    this.#tag = t;
    this.#payload = values.map((v, i) => toWebAssemblyValue(v, params[i]));
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
    return t === this.#tag;
  }

  /** getArg(index), or the older getArg(tag, index) (TypeError if the tag does not match). */
  getArg(first: unknown, second?: unknown): unknown {
    let index = first;
    const tag = TagObject.unwrap(first);
    if (tag) {
      if (tag !== this.#tag) throw new TypeError('WebAssembly.Exception.getArg(): First argument does not match the exception tag');
      index = second;
    }
    const n = Number(index);
    if (!Number.isInteger(n) || n < 0) throw new TypeError('WebAssembly.Exception.getArg(): Index must be a non-negative integer');
    if (n >= this.#payload.length) throw new RangeError('WebAssembly.Exception.getArg(): Index out of range');
    return toJSValue(this.#payload[n], this.#tag.type.params[n], this.#realm);
  }

  static {
    Object.defineProperty(this.prototype, Symbol.toStringTag, { value: 'WebAssembly.Exception', configurable: true });
  }
}
