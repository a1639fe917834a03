/**
 * WebAssembly.Table: a TableInstance seen from JS. Elements cross with the value conversions of
 * values.ts (funcref: null or an Exported Function; externref: anything). A missing `value`
 * argument means DefaultValue(element type): null for funcref, undefined for externref.
 */
import { EXTERNREF, FUNCREF } from '../syntax/types.ts';
import type { ValType } from '../syntax/types.ts';
import { addressType, descriptorObject, enforceRange, sizeField } from './descriptors.ts';
import { TableInstance } from './engine.ts';
import { INTERNAL, realmOf } from './realm.ts';
import type { Realm } from './realm.ts';
import { defaultJSValue, toJSValue, toWebAssemblyValue } from './values.ts';

/** Implementation limit on table sizes (V8's, which the spec suite's JS tests assume). */
const MAX_TABLE_SIZE = 10_000_000;

function elementType(s: unknown, what: string): ValType {
  switch (String(s)) {
    case 'anyfunc':
    case 'funcref': return FUNCREF;
    case 'externref': return EXTERNREF;
  }
  throw new TypeError(`${what}: Descriptor property 'element' must be a WebAssembly reference type`);
}

export class TableObject {
  readonly #table: TableInstance;
  readonly #realm: Realm;
  readonly #is64: boolean;

  constructor(descriptor: unknown, value?: unknown) {
    const realm = realmOf(new.target);
    this.#realm = realm;
    if (descriptor === INTERNAL) {
      this.#table = value as TableInstance;
      this.#is64 = this.#table.type.limits.is64;
      return;
    }
    const what = 'WebAssembly.Table()';
    const d = descriptorObject(descriptor, what);
    const elemType = elementType(d.element, what);
    const address = addressType(d, what);
    const initial = sizeField(d, 'initial', what, address, true)!;
    const maximum = sizeField(d, 'maximum', what, address, false);
    if (initial > MAX_TABLE_SIZE) throw new RangeError(`${what}: Property 'initial': value ${initial} is above the upper bound ${MAX_TABLE_SIZE}`);
    if (maximum !== undefined && maximum < initial) throw new RangeError(`${what}: Property 'maximum': value ${maximum} is below the lower bound ${initial}`);
    const init = toWebAssemblyValue(arguments.length < 2 ? defaultJSValue(elemType) : value, elemType);
    this.#table = new TableInstance(
      { elemType, limits: { min: BigInt(initial), max: maximum === undefined ? undefined : BigInt(maximum), is64: address === 'i64', shared: false } },
      init,
    );
    this.#is64 = address === 'i64';
    realm.tables.set(this.#table, this);
  }

  static unwrap(x: unknown): TableInstance | undefined {
    return x !== null && typeof x === 'object' && #table in x ? (x as TableObject).#table : undefined;
  }

  #index(i: unknown, what: string): number {
    const n = enforceRange(i, 'index', what, this.#is64 ? 'i64' : 'i32');
    if (n >= this.#table.size) throw new RangeError(`${what}: invalid address ${n} in ${this.#is64 ? 'i64' : 'i32'} table of size ${this.#table.size}`);
    return n;
  }

  get length(): number | bigint {
    return this.#is64 ? BigInt(this.#table.size) : this.#table.size;
  }

  get(index: unknown): unknown {
    const i = this.#index(index, 'WebAssembly.Table.get()');
    return toJSValue(this.#table.get(i), this.#table.type.elemType, this.#realm);
  }

  set(index: unknown, value?: unknown): void {
    const i = this.#index(index, 'WebAssembly.Table.set()');
    const elemType = this.#table.type.elemType;
    this.#table.set(i, toWebAssemblyValue(arguments.length < 2 ? defaultJSValue(elemType) : value, elemType));
  }

  grow(delta: unknown, value?: unknown): number | bigint {
    const what = 'WebAssembly.Table.grow()';
    const n = enforceRange(delta, 'delta', what, this.#is64 ? 'i64' : 'i32');
    const elemType = this.#table.type.elemType;
    const init = toWebAssemblyValue(arguments.length < 2 ? defaultJSValue(elemType) : value, elemType);
    const old = this.#table.size + n > MAX_TABLE_SIZE ? -1 : this.#table.grow(n, init);
    if (old < 0) throw new RangeError(`${what}: failed to grow table by ${n}`);
    return this.#is64 ? BigInt(old) : old;
  }

  static {
    Object.defineProperty(this.prototype, Symbol.toStringTag, { value: 'WebAssembly.Table', configurable: true });
  }
}
