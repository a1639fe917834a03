/**
 * WebAssembly.Instance: instantiates a Module with an import object, synchronously (which
 * Emscripten's addFunction and many tests rely on). `exports` is a frozen, null-prototype
 * object mapping export names to Exported Functions and Memory/Table/Global/Tag objects, each
 * the same object for the same engine entity.
 *
 * `WebAssembly.instantiate(module, importObject)` reads the imports at the call and instantiates
 * in a later task: it constructs with INTERNAL and the ResolvedImports read beforehand.
 */
import type { ModuleInfo } from '../syntax/moduleInfo.ts';
import { instantiate } from './engine.ts';
import type { EngineInstance, ExternValue, FuncInstance, GlobalInstance, MemoryInstance, TableInstance, TagInstance } from './engine.ts';
import { exportedFunction } from './values.ts';
import { resolveImports } from './imports.ts';
import { ModuleObject } from './module.ts';
import type { Realm } from './realm.ts';
import { INTERNAL, realmOf } from './realm.ts';
import { receiverError } from './webidl.ts';

/** A module with its imports already read ("read the imports" of the JS API). */
export interface ResolvedImports {
  info: ModuleInfo;
  imports: ExternValue[];
}

/** Reads the imports of a Module object from `importObject` (TypeError / LinkError as the spec says). */
export function readImports(realm: Realm, module: unknown, importObject: unknown, what: string): ResolvedImports {
  const info = ModuleObject.infoOf(module, what);
  return { info, imports: resolveImports(realm, info, importObject) };
}

function buildExports(realm: Realm, info: ModuleInfo, instance: EngineInstance): object {
  const exports = Object.create(null) as Record<string, unknown>;
  for (const e of info.exports) {
    const value = instance.exports.get(e.name);
    if (value === undefined) throw new Error(`engine instance lacks export "${e.name}"`);
    switch (e.kind) {
      case 'func': exports[e.name] = exportedFunction(realm, value as FuncInstance, e.index); break;
      case 'memory': exports[e.name] = realm.wrapMemory(value as MemoryInstance); break;
      case 'table': exports[e.name] = realm.wrapTable(value as TableInstance); break;
      case 'global': exports[e.name] = realm.wrapGlobal(value as GlobalInstance); break;
      case 'tag': exports[e.name] = realm.wrapTag(value as TagInstance); break;
    }
  }
  return Object.freeze(exports);
}

export class InstanceObject {
  readonly #exports: object;

  constructor(module: unknown, importObject?: unknown) {
    const realm = realmOf(new.target);
    const { info, imports } = module === INTERNAL
      ? (importObject as ResolvedImports)
      : readImports(realm, module, importObject, 'WebAssembly.Instance()');
    const instance = instantiate(realm.store, info, imports);
    this.#exports = buildExports(realm, info, instance);
  }

  get exports(): object {
    if (!(#exports in this)) throw receiverError('WebAssembly.Instance.exports', 'Instance');
    return this.#exports;
  }
}
