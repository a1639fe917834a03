/**
 * Import resolution, JS API "read the imports": for each import of the module, in order, look
 * up importObject[module][name] and turn it into an engine ExternValue.
 *   - a missing importObject (when there are imports) or a non-object module namespace → TypeError;
 *   - a value of the wrong kind, or of the wrong type → LinkError naming "module" "name";
 *   - a JS function → a host function of the import's type; an Exported Function of this
 *     realm → its FuncInstance itself (identity preserved);
 *   - a Number/BigInt for an immutable global import → a new global holding it.
 * Types and limits are checked with the engine's own import matching (linker.ts), here so the
 * error names the import; instantiate checks every import again.
 */
import { LinkError } from '../errors.ts';
import type { Import, ModuleInfo } from '../syntax/moduleInfo.ts';
import { F32, F64, I32, I64, V128 } from '../syntax/types.ts';
import { GlobalInstance, canonicalFuncTypeOf, canonicalTypeIds, matchImport, toCanonicalValType } from './engine.ts';
import type { ExternValue } from './engine.ts';
import { exportedFunctionTarget, hostFunction } from './exportedFunction.ts';
import { GlobalObject } from './global.ts';
import { MemoryObject } from './memory.ts';
import type { Realm } from './realm.ts';
import { TableObject } from './table.ts';
import { TagObject } from './tag.ts';
import { toWebAssemblyValue } from './values.ts';

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
        out.push(new GlobalInstance({ valType: canonical, mutable: false }, toWebAssemblyValue(v, valType)));
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
