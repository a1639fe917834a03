/**
 * The `WebAssembly` namespace object, drop-in compatible with the standard JS API (Module,
 * Instance, Memory, Table, Global, Tag, Exception, JSTag, the three error classes, validate,
 * compile, instantiate and the streaming variants), running modules on Lantern's interpreter.
 *
 * `createWebAssembly(options)` makes an independent namespace with its own Store (options are
 * the Store's). Importing this file builds nothing: there is no default namespace (polyfill.ts
 * installs one as the global `WebAssembly` on request). Each namespace has its own interface
 * objects (webidl.ts), so `instanceof` works per namespace, while brand checks accept objects
 * of any Lantern namespace. Properties have WebIDL's attributes: operations and JSTag
 * enumerable, interface objects and error constructors not, @@toStringTag "WebAssembly".
 */
import type { Trap } from '@lantern/traps';
import type { CompileError, LinkError } from '../errors.ts';
import { copyBufferSource } from './bufferSource.ts';
import { ExceptionObject } from './exception.ts';
import { GlobalObject } from './global.ts';
import { InstanceObject, readImports } from './instance.ts';
import { MemoryObject } from './memory.ts';
import { ModuleObject, compileBytes } from './module.ts';
import { nativeErrorConstructors } from './nativeErrors.ts';
import { INTERNAL, Realm, type RealmClasses } from './realm.ts';
import type { StoreOptions } from './realm.ts';
import { TableObject } from './table.ts';
import { TagObject } from './tag.ts';
import { jsTag } from './engine.ts';
import { missing } from './descriptors.ts';
import { defineInterface } from './webidl.ts';

export type WebAssemblyOptions = StoreOptions;

/** An interface object: constructible with the implementation's arguments, making its instances. */
type Interface<C extends abstract new (...args: never[]) => object> = new (...args: ConstructorParameters<C>) => InstanceType<C>;
type NativeError<E extends Error> = (new (message?: string, options?: ErrorOptions) => E) & ((message?: string, options?: ErrorOptions) => E);

/** The namespace's shape: the standard members, typed with Lantern's classes. */
export interface LanternWebAssembly {
  Module: Interface<typeof ModuleObject> & Pick<typeof ModuleObject, 'exports' | 'imports' | 'customSections'>;
  Instance: Interface<typeof InstanceObject>;
  Memory: Interface<typeof MemoryObject>;
  Table: Interface<typeof TableObject>;
  Global: Interface<typeof GlobalObject>;
  Tag: Interface<typeof TagObject>;
  Exception: Interface<typeof ExceptionObject>;
  readonly JSTag: TagObject;
  CompileError: NativeError<CompileError>;
  LinkError: NativeError<LinkError>;
  RuntimeError: NativeError<Trap>;
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

/** A promise-returning operation turns a synchronous throw into a rejection (WebIDL). */
function rejecting<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return fn();
  } catch (err) {
    return Promise.reject(err);
  }
}

/** An `optional object` argument: undefined or an object, else TypeError. */
function optionalObject(v: unknown, what: string, index: number): object | undefined {
  if (v === undefined) return undefined;
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) throw new TypeError(`${what}: Argument ${index} must be an object`);
  return v;
}

export function createWebAssembly(options: WebAssemblyOptions = {}): LanternWebAssembly {
  const realm = new Realm(options);
  const Module = defineInterface(realm, { name: 'Module', length: 1, implementation: ModuleObject, statics: ['exports', 'imports', 'customSections'] });
  const Instance = defineInterface(realm, { name: 'Instance', length: 1, implementation: InstanceObject });
  const Memory = defineInterface(realm, { name: 'Memory', length: 1, implementation: MemoryObject });
  const Table = defineInterface(realm, { name: 'Table', length: 1, implementation: TableObject });
  const Global = defineInterface(realm, { name: 'Global', length: 1, implementation: GlobalObject });
  const Tag = defineInterface(realm, { name: 'Tag', length: 1, implementation: TagObject });
  const Exception = defineInterface(realm, { name: 'Exception', length: 2, implementation: ExceptionObject });
  realm.classes = { Memory, Table, Global, Tag, Exception } as unknown as RealmClasses;

  const compileAsync = (bytes: unknown, what: string): Promise<ModuleObject> =>
    rejecting(() => {
      const copy = copyBufferSource(bytes, what);
      return later(() => new Module(copy) as ModuleObject);
    });
  // "Asynchronously instantiate": the imports are read now, the instance made in a later job.
  const instantiateModule = (module: unknown, importObject: unknown): Promise<InstanceObject> =>
    rejecting(() => {
      const resolved = readImports(realm, module, importObject, 'WebAssembly.instantiate()');
      return later(() => new Instance(INTERNAL, resolved) as InstanceObject);
    });

  // The streaming variants (WebAssembly Web API) look `Response` up only when called: in Node,
  // reading the global loads undici, which must not happen as a side effect of importing.
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

  // Object literal methods: not constructors, `name` from the key; a rest parameter keeps an
  // optional argument out of `length`.
  const operations = {
    validate(bytes: unknown): boolean {
      const copy = copyBufferSource(bytes, 'WebAssembly.validate()');
      try {
        compileBytes(copy, realm);
        return true;
      } catch {
        return false;
      }
    },
    compile(bytes: unknown): Promise<ModuleObject> {
      return compileAsync(bytes, 'WebAssembly.compile()');
    },
    instantiate(source: unknown, ...rest: unknown[]): Promise<unknown> {
      const what = 'WebAssembly.instantiate()';
      return rejecting(() => {
        if (arguments.length < 1) throw missing(what, 'Argument 0');
        const importObject = optionalObject(rest[0], what, 1);
        if (ModuleObject.is(source)) return instantiateModule(source, importObject);
        return compileAsync(source, what).then((module) => instantiateModule(module, importObject).then((instance) => ({ module, instance })));
      });
    },
    compileStreaming(source: Response | PromiseLike<Response>): Promise<ModuleObject> {
      return responseBytes(source, 'WebAssembly.compileStreaming()').then((bytes) => compileAsync(bytes, 'WebAssembly.compileStreaming()'));
    },
    instantiateStreaming(source: Response | PromiseLike<Response>, ...rest: unknown[]): Promise<unknown> {
      const what = 'WebAssembly.instantiateStreaming()';
      return rejecting(() => {
        const importObject = optionalObject(rest[0], what, 1);
        return responseBytes(source, what)
          .then((bytes) => compileAsync(bytes, what))
          .then((module) => instantiateModule(module, importObject).then((instance) => ({ module, instance })));
      });
    },
  };

  const ns = {};
  for (const [key, value] of Object.entries(operations)) {
    Object.defineProperty(ns, key, { value, writable: true, enumerable: true, configurable: true });
  }
  // JSTag: the tag of JS exceptions seen from wasm (the runtime's jsTag()), a readonly attribute.
  Object.defineProperty(ns, 'JSTag', {
    get: Object.getOwnPropertyDescriptor({ get JSTag() { return realm.wrapTag(jsTag()); } }, 'JSTag')!.get,
    enumerable: true,
    configurable: true,
  });
  const interfaces = { Module, Instance, Memory, Table, Global, Tag, Exception, ...nativeErrorConstructors() };
  for (const [key, value] of Object.entries(interfaces)) {
    Object.defineProperty(ns, key, { value, writable: true, enumerable: false, configurable: true });
  }
  Object.defineProperty(ns, Symbol.toStringTag, { value: 'WebAssembly', writable: false, enumerable: false, configurable: true });
  return ns as LanternWebAssembly;
}
