/**
 * WebAssembly.Exception: a tag plus payload, created and inspected from JS (constructor,
 * `is(tag)`, `getArg(tag, index)`, `stack` with traceStack).
 *
 * It wraps the engine's ExceptionInstance (instances/exception.ts): a WebAssembly.Exception thrown
 * by JS into wasm is that instance (catchable by its tag, rethrown with identity), and a wasm
 * exception reaching JS is wrapped once per realm (Realm.wrapException), so the same wasm
 * exception is always the same JS object.
 */
import { V128 } from '../syntax/types.ts';
import { TagObject } from './tag.ts';
import type { Realm } from './realm.ts';
import { realmOf } from './realm.ts';
import { ExceptionInstance, jsTag } from './engine.ts';
import type { TagInstance } from './engine.ts';
import { INTERNAL } from './realm.ts';
import { dictionary, enforceRangeU32, missing, sequence } from './descriptors.ts';
import { toJSValue, toWebAssemblyValue } from './values.ts';
import { receiverError } from './webidl.ts';

/** A `Tag exceptionTag` argument: a WebAssembly.Tag of any Lantern namespace, else TypeError. */
function tagArgument(tag: unknown, what: string, index: number): TagInstance {
  const t = TagObject.unwrap(tag);
  if (!t) throw new TypeError(`${what}: Argument ${index} must be a WebAssembly.Tag`);
  return t;
}

export class ExceptionObject {
  readonly #exn: ExceptionInstance;
  readonly #realm: Realm;
  readonly #stack: string | undefined;

  /** The engine's exception of a WebAssembly.Exception (of any Lantern namespace), else undefined. */
  static unwrap(x: unknown): ExceptionInstance | undefined {
    return x !== null && typeof x === 'object' && #exn in x ? (x as ExceptionObject).#exn : undefined;
  }

  constructor(tag: unknown, payload: unknown, options?: unknown) {
    this.#realm = realmOf(new.target);
    if (tag === INTERNAL) {
      this.#exn = payload as ExceptionInstance;
      this.#stack = undefined;
      return;
    }
    const what = 'WebAssembly.Exception()';
    if (arguments.length < 2) throw missing(what, `${arguments.length < 1 ? 'Argument 0' : 'Argument 1'}`);
    const t = tagArgument(tag, what, 0);
    const values = sequence(payload, what, 'Argument 1');
    const traceStack = Boolean(dictionary(options, what, 2).traceStack);
    if (t === jsTag()) throw new TypeError(`${what}: an Exception cannot be created with WebAssembly.JSTag`);
    const params = t.type.params;
    if (values.length !== params.length) throw new TypeError(`${what}: Number of exception values does not match signature length`);
    if (params.includes(V128)) throw new TypeError(`${what}: a v128 payload cannot cross from JS`);
    this.#exn = new ExceptionInstance(t, values.map((v, i) => toWebAssemblyValue(v, params[i])));
    // Thrown into wasm and back out, it must come back as this very object.
    this.#realm.exceptions.set(this.#exn, this);
    this.#stack = traceStack ? new Error().stack?.replace(/^Error\n/, '') : undefined;
  }

  is(exceptionTag: unknown): boolean {
    const what = 'WebAssembly.Exception.is()';
    if (!(#exn in this)) throw receiverError(what, 'Exception');
    if (arguments.length < 1) throw missing(what, 'Argument 0');
    return tagArgument(exceptionTag, what, 0) === this.#exn.tag;
  }

  getArg(exceptionTag: unknown, index: unknown): unknown {
    const what = 'WebAssembly.Exception.getArg()';
    if (!(#exn in this)) throw receiverError(what, 'Exception');
    if (arguments.length < 2) throw missing(what, `${arguments.length < 1 ? 'Argument 0' : 'Argument 1'}`);
    const tag = tagArgument(exceptionTag, what, 0);
    const i = enforceRangeU32(index, what, 'Argument 1');
    if (tag !== this.#exn.tag) throw new TypeError(`${what}: First argument does not match the exception tag`);
    if (i >= this.#exn.payload.length) throw new RangeError(`${what}: Index out of range`);
    const type = this.#exn.tag.type.params[i];
    if (type === V128) throw new TypeError(`${what}: a v128 value cannot cross to JS`);
    return toJSValue(this.#exn.payload[i], type, this.#realm);
  }

  get stack(): string | undefined {
    if (!(#exn in this)) throw receiverError('WebAssembly.Exception.stack', 'Exception');
    return this.#stack;
  }
}
