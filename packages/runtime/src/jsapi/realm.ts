/**
 * Realm: one JS-API namespace's world — its Store (created on first use), its classes, and
 * the per-agent caches the spec requires so that the same engine entity always surfaces as the
 * same JS object (exported functions, Memory, Table, Global, Tag: identity matters to
 * Emscripten's glue, which compares and caches them).
 *
 * The interface objects of a namespace (webidl.ts) construct the shared implementations
 * (module.ts, memory.ts, ...) with themselves as `new.target`; the Realm is found from it
 * (registerInterface / realmOf), also through a user's subclass. Wrappers for existing entities
 * are built with the INTERNAL token as first constructor argument, a value user code can never
 * pass.
 */
import type { StoreOptions as EngineStoreOptions } from '../store/store.ts';
import type { ExceptionInstance, FuncInstance, GlobalInstance, MemoryInstance, TableInstance, TagInstance } from './engine.ts';
import { Store } from './engine.ts';

/** First constructor argument meaning "wrap this existing engine entity". */
export const INTERNAL: unique symbol = Symbol('lantern.internal');

/** The engine's Store options (store/store.ts: stack, tier, fuel, interruption, resource limits), and the JS API's own. */
export interface StoreOptions extends EngineStoreOptions {
  /**
   * Stack switching (default true). Off, tags must have empty results, as in the
   * exception-handling proposal alone (its test suite checks that).
   */
  stackSwitching?: boolean;
}

// The realm's classes, typed loosely to avoid a cycle of class types between files.
type WrapperClass<E> = new (token: typeof INTERNAL, entity: E) => object;
export interface RealmClasses {
  Memory: WrapperClass<MemoryInstance>;
  Table: WrapperClass<TableInstance>;
  Global: WrapperClass<GlobalInstance>;
  Tag: WrapperClass<TagInstance>;
  Exception: WrapperClass<ExceptionInstance>;
}

export class Realm {
  private storeValue: Store | undefined;
  readonly functions = new WeakMap<FuncInstance, (...args: unknown[]) => unknown>();
  readonly memories = new WeakMap<MemoryInstance, object>();
  readonly tables = new WeakMap<TableInstance, object>();
  readonly globals = new WeakMap<GlobalInstance, object>();
  readonly tags = new WeakMap<TagInstance, object>();
  /** One WebAssembly.Exception per wasm exception, so an exception keeps its identity in JS. */
  readonly exceptions = new WeakMap<ExceptionInstance, object>();
  classes!: RealmClasses;

  constructor(readonly options: StoreOptions = {}) {}

  get store(): Store {
    return (this.storeValue ??= new Store(this.options));
  }

  wrapMemory(m: MemoryInstance): object {
    let w = this.memories.get(m);
    if (!w) this.memories.set(m, (w = new this.classes.Memory(INTERNAL, m)));
    return w;
  }
  wrapTable(t: TableInstance): object {
    let w = this.tables.get(t);
    if (!w) this.tables.set(t, (w = new this.classes.Table(INTERNAL, t)));
    return w;
  }
  wrapGlobal(g: GlobalInstance): object {
    let w = this.globals.get(g);
    if (!w) this.globals.set(g, (w = new this.classes.Global(INTERNAL, g)));
    return w;
  }
  wrapException(e: ExceptionInstance): object {
    let w = this.exceptions.get(e);
    if (!w) this.exceptions.set(e, (w = new this.classes.Exception(INTERNAL, e)));
    return w;
  }
  wrapTag(t: TagInstance): object {
    let w = this.tags.get(t);
    if (!w) this.tags.set(t, (w = new this.classes.Tag(INTERNAL, t)));
    return w;
  }
}

/** Interface object (WebAssembly.Memory, ...) → its namespace's Realm. */
const interfaceRealms = new WeakMap<object, Realm>();

export function registerInterface(interfaceObject: object, realm: Realm): void {
  interfaceRealms.set(interfaceObject, realm);
}

/** The Realm of an interface object or of a class extending one; undefined for anything else. */
export function realmOfInterface(c: unknown): Realm | undefined {
  for (let f = c; typeof f === 'function'; f = Object.getPrototypeOf(f) as unknown) {
    const realm = interfaceRealms.get(f);
    if (realm !== undefined) return realm;
  }
  return undefined;
}

/** The Realm of the interface object `new.target` was constructed through. */
export function realmOf(newTarget: unknown): Realm {
  const realm = realmOfInterface(newTarget);
  if (!realm) throw new TypeError('Illegal constructor');
  return realm;
}
