/**
 * Exported Functions (wasm → JS) and host functions (JS → wasm).
 *
 * An Exported Function is a plain, non-constructible JS function with `length` = parameter
 * count and `name` = the function's index; calling it converts the arguments
 * (ToWebAssemblyValue), runs the function on the realm's Store and converts the results (none
 * → undefined, one → the value, several → an array). There is one per FuncInstance and realm,
 * so identity holds across exports, tables and funcref globals.
 *
 * A JS function imported by a module becomes a host FuncInstance whose callback converts the
 * other way round. Exceptions (runtime/exception.ts, calls.ts): what a host function throws is
 * thrown into wasm — a WebAssembly.Exception as its engine exception (catchable by its tag),
 * anything else as a JSTag exception — and an uncaught wasm exception reaches JS as a
 * WebAssembly.Exception (a JS value that only passed through comes back as itself).
 */
import type { FuncType } from '../syntax/moduleInfo.ts';
import { ExceptionInstance, FuncInstance, invoke } from './engine.ts';
import { ExceptionObject } from './exception.ts';
import type { RawValue } from './engine.ts';
import type { Realm } from './realm.ts';
import { toJSValue, toWebAssemblyValue } from './values.ts';

interface Target {
  func: FuncInstance;
  realm: Realm;
}

/** Exported Function object → what it calls. Shared by all realms (a brand check). */
const targets = new WeakMap<object, Target>();

export function exportedFunctionTarget(fn: unknown): Target | undefined {
  return typeof fn === 'function' ? targets.get(fn) : undefined;
}

/**
 * The function's index for `name`: its index in its defining instance; a host function (index
 * -1) takes the index under which it is being exported, as in V8.
 */
function indexOf(func: FuncInstance, fallback: number | undefined): string {
  return String(func.funcIndex >= 0 ? func.funcIndex : (fallback ?? 0));
}

export function exportedFunction(realm: Realm, func: FuncInstance, index?: number): (...args: unknown[]) => unknown {
  const cached = realm.functions.get(func);
  if (cached) return cached;
  const type = func.type;
  const params = type.params;
  const results = type.results;
  // An arrow function: not a constructor and no `prototype`, like a built-in function.
  const fn = (...args: unknown[]): unknown => {
    const raw: RawValue[] = new Array(params.length);
    for (let i = 0; i < params.length; i++) raw[i] = toWebAssemblyValue(args[i], params[i]);
    let out: RawValue[];
    try {
      out = invoke(realm.store, func, raw);
    } catch (error) {
      throw error instanceof ExceptionInstance ? realm.wrapException(error) : error;
    }
    if (results.length === 0) return undefined;
    if (results.length === 1) return toJSValue(out[0], results[0], realm);
    return results.map((t, i) => toJSValue(out[i], t, realm));
  };
  Object.defineProperty(fn, 'length', { value: params.length });
  Object.defineProperty(fn, 'name', { value: indexOf(func, index) });
  realm.functions.set(func, fn);
  targets.set(fn, { func, realm });
  return fn;
}

/** Wraps a JS callable as a host function of type `type` in the realm's Store. */
export function hostFunction(realm: Realm, callable: (...args: unknown[]) => unknown, type: FuncType, debugName: string): FuncInstance {
  const { params, results } = type;
  const f = FuncInstance.host(
    realm.store,
    type,
    (args: RawValue[]): RawValue[] => {
      const jsArgs = new Array<unknown>(params.length);
      for (let i = 0; i < params.length; i++) jsArgs[i] = toJSValue(args[i], params[i], realm);
      let ret: unknown;
      try {
        ret = Reflect.apply(callable, undefined, jsArgs);
      } catch (error) {
        throw ExceptionObject.unwrap(error) ?? error;
      }
      if (results.length === 0) return [];
      if (results.length === 1) return [toWebAssemblyValue(ret, results[0])];
      if (ret === null || typeof ret !== 'object' || !(Symbol.iterator in ret)) {
        throw new TypeError(`${debugName}: a function with ${results.length} results must return an iterable`);
      }
      const values = [...(ret as Iterable<unknown>)];
      if (values.length !== results.length) {
        throw new TypeError(`${debugName}: expected ${results.length} results, got ${values.length}`);
      }
      return values.map((v, i) => toWebAssemblyValue(v, results[i]));
    },
    debugName,
  );
  f.hostName = typeof callable.name === 'string' && callable.name !== '' ? callable.name : undefined;
  return f;
}
