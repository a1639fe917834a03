/**
 * The `WebAssembly` namespace object, drop-in compatible with the standard JS API (Module,
 * Instance, Memory, Table, Global, Tag, Exception, the three error classes, validate, compile,
 * instantiate and the streaming variants), running modules on Lantern's interpreter.
 *
 * `createWebAssembly(options)` makes an independent namespace with its own Store (options are
 * the Store's). Importing this file builds nothing: there is no default namespace (polyfill.ts
 * installs one as the global `WebAssembly` on request). Each namespace has its own class objects
 * (thin subclasses carrying the Realm), so `instanceof` works per namespace, while brand
 * checks accept objects of any Lantern namespace.
 */
import { Trap } from '@lantern/traps';
import { CompileError, LinkError } from '../errors.ts';
import { copyBufferSource } from './bufferSource.ts';
import { ExceptionObject } from './exception.ts';
import { GlobalObject } from './global.ts';
import { InstanceObject } from './instance.ts';
import { MemoryObject } from './memory.ts';
import { ModuleObject, compileBytes } from './module.ts';
import { REALM, Realm } from './realm.ts';
import type { StoreOptions } from './realm.ts';
import { TableObject } from './table.ts';
import { TagObject } from './tag.ts';
import { jsTag } from './engine.ts';

export type WebAssemblyOptions = StoreOptions;

/** The namespace's shape: the standard members, typed with Lantern's classes. */
export interface LanternWebAssembly {
  Module: typeof ModuleObject;
  Instance: typeof InstanceObject;
  Memory: typeof MemoryObject;
  Table: typeof TableObject;
  Global: typeof GlobalObject;
  Tag: typeof TagObject;
  Exception: typeof ExceptionObject;
  JSTag: TagObject;
  CompileError: typeof CompileError;
  LinkError: typeof LinkError;
  RuntimeError: typeof Trap;
  validate(bytes: BufferSource): boolean;
  compile(bytes: BufferSource): Promise<ModuleObject>;
  instantiate(bytes: BufferSource, importObject?: object): Promise<{ module: ModuleObject; instance: InstanceObject }>;
  instantiate(module: ModuleObject, importObject?: object): Promise<InstanceObject>;
  compileStreaming(source: Response | PromiseLike<Response>): Promise<ModuleObject>;
  instantiateStreaming(
    source: Response | PromiseLike<Response>,
    importObject?: object,
  ): Promise<{ module: ModuleObject; instance: InstanceObject }>;
}

/** Runs `fn` as a promise job: synchronous throws become rejections. */
function later<T>(fn: () => T): Promise<T> {
  return new Promise<T>((resolve) => queueMicrotask(() => resolve(Promise.resolve().then(fn))));
}

export function createWebAssembly(options: WebAssemblyOptions = {}): LanternWebAssembly {
  const realm = new Realm(options);
  // Per-namespace classes: same behaviour, own identity, a static slot naming the Realm.
  class Module extends ModuleObject { static readonly [REALM] = realm; }
  class Instance extends InstanceObject { static readonly [REALM] = realm; }
  class Memory extends MemoryObject { static readonly [REALM] = realm; }
  class Table extends TableObject { static readonly [REALM] = realm; }
  class Global extends GlobalObject { static readonly [REALM] = realm; }
  class Tag extends TagObject { static readonly [REALM] = realm; }
  class Exception extends ExceptionObject { static readonly [REALM] = realm; }
  realm.classes = { Memory, Table, Global, Tag, Exception };

  const compileAsync = (bytes: unknown): Promise<ModuleObject> => {
    let copy: Uint8Array<ArrayBuffer>;
    try {
      copy = copyBufferSource(bytes, 'WebAssembly.compile()');
    } catch (err) {
      return Promise.reject(err);
    }
    return later(() => new Module(copy));
  };

  const instantiate = ((source: unknown, importObject?: object): Promise<unknown> => {
    if (source instanceof ModuleObject) return later(() => new Instance(source, importObject));
    return compileAsync(source).then((module) => later(() => ({ module, instance: new Instance(module, importObject) })));
  }) as LanternWebAssembly['instantiate'];

  // The streaming variants always exist; `Response` is looked up only when one is called (in
  // Node, reading the global loads undici, which must not happen as a side effect of importing).
  const responseBytes = async (source: Response | PromiseLike<Response>, what: string): Promise<ArrayBuffer> => {
    const response = await source;
    const ResponseClass = (globalThis as { Response?: typeof Response }).Response;
    if (ResponseClass === undefined || !(response instanceof ResponseClass)) {
      throw new TypeError(`${what}: Argument 0 must be a Response or a promise of one`);
    }
    const type = response.headers.get('Content-Type');
    if (type?.split(';')[0].trim().toLowerCase() !== 'application/wasm') {
      throw new TypeError(`${what}: Incorrect response MIME type. Expected 'application/wasm'.`);
    }
    if (!response.ok) throw new TypeError(`${what}: HTTP status code is not ok`);
    return response.arrayBuffer();
  };
  const ns: LanternWebAssembly = {
    Module, Instance, Memory, Table, Global, Tag, Exception,
    JSTag: undefined as unknown as TagObject,
    CompileError, LinkError, RuntimeError: Trap,
    validate(bytes: BufferSource): boolean {
      const copy = copyBufferSource(bytes, 'WebAssembly.validate()');
      try {
        compileBytes(copy, realm);
        return true;
      } catch {
        return false;
      }
    },
    compile: (bytes: BufferSource) => compileAsync(bytes),
    instantiate,
    compileStreaming: async (source) => compileAsync(await responseBytes(source, 'WebAssembly.compileStreaming()')),
    instantiateStreaming: async (source, importObject) => {
      const module = await compileAsync(await responseBytes(source, 'WebAssembly.instantiateStreaming()'));
      return { module, instance: await later(() => new Instance(module, importObject)) };
    },
  };
  // JSTag: the tag of JS exceptions seen from wasm (one externref; the runtime's jsTag(), so a JS
  // exception passing through wasm is catchable as `catch $JSTag`). Wrapped lazily: building a
  // tag needs the engine, which must not be touched while modules are still evaluating.
  Object.defineProperty(ns, 'JSTag', { get: () => realm.wrapTag(jsTag()), enumerable: false, configurable: true });

  // Like the standard namespace: members are non-enumerable, and it reports itself by name.
  for (const key of Object.keys(ns)) Object.defineProperty(ns, key, { enumerable: false });
  Object.defineProperty(ns, Symbol.toStringTag, { value: 'WebAssembly', configurable: true });
  return ns;
}
