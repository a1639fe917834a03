/**
 * Realm: one JS-API namespace's world — its Store (created on first use), its classes, and
 * the per-agent caches the spec requires so that the same engine entity always surfaces as the
 * same JS object (exported functions, Memory, Table, Global, Tag: identity matters to
 * Emscripten's glue, which compares and caches them).
 *
 * The classes of a namespace are thin subclasses of the shared implementations (module.ts,
 * memory.ts, ...) that carry their Realm in a static slot, read with `new.target`. Wrappers
 * for existing entities are built with the INTERNAL token as first constructor argument, a
 * value user code can never pass.
 */
import type { ExceptionInstance, FuncInstance, GlobalInstance, MemoryInstance, TableInstance, TagInstance } from './engine.ts';
import { Store } from './engine.ts';
import type { TierPolicy } from '../tier/tier.ts';

export const REALM = Symbol('lantern.realm');
/** First constructor argument meaning "wrap this existing engine entity". */
export const INTERNAL: unique symbol = Symbol('lantern.internal');

export interface StoreOptions {
  stackCells?: number;
  maxCallDepth?: number;
  contStackCells?: number;
  contSegments?: number;
  /**
   * Stack switching (default true). Off, tags must have empty results, as in the
   * exception-handling proposal alone (its test suite checks that).
   */
  stackSwitching?: boolean;
  /** Execution tier (the Store's option: runtime/store.ts). */
  tier?: TierPolicy;
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

/** The Realm of the class `new.target` was constructed through. */
export function realmOf(newTarget: unknown): Realm {
  const realm = (newTarget as { [REALM]?: Realm } | undefined)?.[REALM];
  if (!realm) throw new TypeError('Illegal constructor');
  return realm;
}
