/**
 * Import resolution, JS API "read the imports": for each import of the module, in order, look
 * up importObject[module][name] and turn it into an engine ExternValue.
 *   - a missing importObject (when there are imports) or a non-object module namespace → TypeError;
 *   - a value of the wrong kind, or of the wrong type → LinkError naming "module" "name";
 *   - a JS function → a host function of the import's type, whose callback converts the values
 *     (what it throws is thrown into wasm: a WebAssembly.Exception as its engine exception,
 *     catchable by its tag, anything else as a JSTag exception); an Exported Function of this
 *     realm → its FuncInstance itself (identity preserved);
 *   - a Number/BigInt for an immutable global import → a new global holding it.
 * Types and limits are checked with the engine's own import matching (linker.ts), here so the
 * error names the import; instantiate checks every import again.
 */
import { LinkError } from '../errors.ts';
import type { FuncType, Import, ModuleInfo } from '../syntax/moduleInfo.ts';
import { F32, F64, I32, I64, V128 } from '../syntax/types.ts';
import { FuncInstance, GlobalInstance, canonicalFuncTypeOf, canonicalTypeIds, matchImport, toCanonicalValType } from './engine.ts';
import type { ExternValue, RawValue } from './engine.ts';
import { ExceptionObject } from './exception.ts';
import { GlobalObject } from './global.ts';
import { MemoryObject } from './memory.ts';
import type { Realm } from './realm.ts';
import { TableObject } from './table.ts';
import { TagObject } from './tag.ts';
import { boundaryTypeError, exportedFunctionTarget, toJSValue, toWebAssemblyValue } from './values.ts';

function linkError(i: number, imp: Import, detail: string): LinkError {
  return new LinkError(`WebAssembly.Instance(): Import #${i} "${imp.module}" "${imp.name}": ${detail}`);
}

export function resolveImports(realm: Realm, info: ModuleInfo, importObject: unknown): ExternValue[] {
  if (info.imports.length > 0 && importObject === undefined) {
    throw new TypeError('WebAssembly.Instance(): Imports argument must be present and must be an object');
  }
  if (importObject !== undefined && (importObject === null || (typeof importObject !== 'object' && typeof importObject !== 'function'))) {
    throw new TypeError('WebAssembly.Instance(): Argument 1 must be an object');
  }
  const out: ExternValue[] = [];
  info.imports.forEach((imp, i) => {
    const ns = (importObject as Record<string, unknown>)[imp.module];
    if (ns === null || (typeof ns !== 'object' && typeof ns !== 'function')) {
      throw new TypeError(`WebAssembly.Instance(): Import #${i} "${imp.module}": module is not an object or function`);
    }
    const v = (ns as Record<string, unknown>)[imp.name];
    const desc = imp.desc;
    switch (desc.kind) {
      case 'func': {
        if (typeof v !== 'function') throw linkError(i, imp, 'function import requires a callable');
        const target = exportedFunctionTarget(v);
        if (target && target.realm.store === realm.store) {
          if (!matchImport(info, imp, target.func)) throw linkError(i, imp, 'imported function does not match the expected type');
          out.push(target.func);
        } else {
          // A JS function, or a wasm function of another Lantern namespace (another Store),
          // which is called through JS like any other callable.
          const type = canonicalFuncTypeOf(info, desc.typeIndex);
          out.push(hostFunction(realm, v as (...args: unknown[]) => unknown, type, `${imp.module}.${imp.name}`));
        }
        return;
      }
      case 'global': {
        const { valType, mutable } = desc.type;
        const g = GlobalObject.unwrap(v);
        if (g) {
          if (!matchImport(info, imp, g)) throw linkError(i, imp, 'imported global does not match the expected type or mutability');
          out.push(g);
          return;
        }
        if (valType === I64 && typeof v !== 'bigint') throw linkError(i, imp, 'global import must be a BigInt or a WebAssembly.Global object');
        if ((valType === I32 || valType === F32 || valType === F64) && typeof v !== 'number') {
          throw linkError(i, imp, 'global import must be a number or a WebAssembly.Global object');
        }
        if (valType === V128) throw linkError(i, imp, 'a v128 global cannot be imported from a JS value');
        if (mutable) throw linkError(i, imp, 'imported mutable global must be a WebAssembly.Global object');
        const canonical = toCanonicalValType(valType, canonicalTypeIds(info));
        let value;
        try {
          value = toWebAssemblyValue(v, valType);
        } catch (err) {
          // The JS API: a value ToWebAssemblyValue refuses with a TypeError is a LinkError here.
          if (err instanceof TypeError) throw linkError(i, imp, err.message);
          throw err;
        }
        out.push(new GlobalInstance({ valType: canonical, mutable: false }, value));
        return;
      }
      case 'memory': {
        const m = MemoryObject.unwrap(v);
        if (!m) throw linkError(i, imp, 'memory import must be a WebAssembly.Memory object');
        if (!matchImport(info, imp, m)) throw linkError(i, imp, 'memory import has incompatible limits or type');
        out.push(m);
        return;
      }
      case 'table': {
        const t = TableObject.unwrap(v);
        if (!t) throw linkError(i, imp, 'table import requires a WebAssembly.Table');
        if (!matchImport(info, imp, t)) throw linkError(i, imp, 'table import has an incompatible element type or limits');
        out.push(t);
        return;
      }
      case 'tag': {
        const t = TagObject.unwrap(v);
        if (!t) throw linkError(i, imp, 'tag import requires a WebAssembly.Tag');
        if (!matchImport(info, imp, t)) throw linkError(i, imp, 'imported tag does not match the expected type');
        out.push(t);
        return;
      }
    }
  });
  return out;
}

/** Wraps a JS callable as a host function of type `type` in the realm's Store. */
function hostFunction(realm: Realm, callable: (...args: unknown[]) => unknown, type: FuncType, debugName: string): FuncInstance {
  const { params, results } = type;
  const uncallable = boundaryTypeError(params, results);
  const f = FuncInstance.host(
    realm.store,
    type,
    (args: RawValue[]): RawValue[] => {
      if (uncallable !== null) throw new TypeError(uncallable);
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
