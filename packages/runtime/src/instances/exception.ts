/**
 * ExceptionInstance (spec "exception instance"): what `throw` allocates and an `exnref` points
 * to — the tag and the payload as RawValues (values.ts), one per tag parameter. The JS GC owns
 * it; identity is preserved by `throw_ref`, `catch_ref`/`catch_all_ref` and the host boundary.
 *
 * The JS tag (`jsTag()`, the JS API's WebAssembly.JSTag): a JS value thrown by a host function
 * and passing through wasm is wrapped as an exception of this tag with the value as its one
 * externref parameter; when such an exception leaves wasm again the host sees the value itself
 * (same object). One tag for the whole runtime, made on first use (a tag needs the type
 * canonicaliser, which must not run while modules are still evaluating).
 *
 * NB: thrown to the host (exec/driver.ts `invoke`) an ExceptionInstance is thrown as is; the JS API
 * turns it into a WebAssembly.Exception (jsapi/exception.ts), the runtime does not know that class.
 */
import { EXTERNREF } from '../syntax/types.ts';
import type { RawValue } from './values.ts';
import { TagInstance } from './tag.ts';

export class ExceptionInstance {
  constructor(
    readonly tag: TagInstance,
    readonly payload: RawValue[],
  ) {}
}

let jsTagInstance: TagInstance | undefined;

/** The tag of JS exceptions seen from wasm: `(param externref)`. */
export function jsTag(): TagInstance {
  return (jsTagInstance ??= new TagInstance({ kind: 'func', params: [EXTERNREF], results: [] }));
}

/** A host error wrapped for wasm: an ExceptionInstance stays itself, anything else gets the JS tag. */
export function exceptionFromHost(error: unknown): ExceptionInstance {
  return error instanceof ExceptionInstance ? error : new ExceptionInstance(jsTag(), [error]);
}

/** What the host sees of an exception leaving wasm: a JS-tag exception's value, else the exception. */
export function exceptionToHost(exn: ExceptionInstance): unknown {
  return exn.tag === jsTagInstance ? exn.payload[0] : exn;
}

/**
 * May wasm catch this host error? Traps (a Trap thrown by a nested activation) and the JS
 * engine's own stack overflow are never caught (JS API: "not catchable").
 */
export function isCatchableHostError(error: unknown, isTrap: (e: unknown) => boolean): boolean {
  return !isTrap(error) && !isJsStackOverflow(error);
}

/**
 * The engine's error for an exhausted JS stack (V8's message, and JavaScriptCore's). Compared
 * as strings: there is almost no stack left to run anything else on (a regular expression fails).
 */
export function isJsStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && (error.message === 'Maximum call stack size exceeded' || error.message === 'Maximum call stack size exceeded.');
}
