/**
 * WebAssembly.Table: a TableInstance seen from JS. Elements cross with the value conversions of
 * values.ts (funcref: null or an Exported Function; externref: anything). A missing `value`
 * argument means DefaultValue(element type): null for funcref, undefined for externref.
 * `set` and `grow` take the value as an optional second argument (so their `length` is 1).
 */
import type { ValType } from '../syntax/types.ts';
import { addressValueToU64, dictionary, enforceRangeU32, enumValue, missing, optional, u64ToAddressValue, type AddressType } from './descriptors.ts';
import { JS_API_LIMITS, TableInstance } from './engine.ts';
import { INTERNAL, realmOf } from './realm.ts';
import type { Realm } from './realm.ts';
import { defaultJSValue, tableKindFromString, toJSValue, toWebAssemblyValue } from './values.ts';
import { receiverError } from './webidl.ts';

const MAX_TABLE_SIZE = BigInt(JS_API_LIMITS.tableSize);

export class TableObject {
  readonly #table: TableInstance;
  readonly #realm: Realm;
  readonly #address: AddressType;

  constructor(descriptor: unknown, ...value: unknown[]) {
    const realm = realmOf(new.target);
    this.#realm = realm;
    if (descriptor === INTERNAL) {
      this.#table = value[0] as TableInstance;
      this.#address = this.#table.type.limits.is64 ? 'i64' : 'i32';
      return;
    }
    const what = 'WebAssembly.Table()';
    if (arguments.length < 1) throw missing(what, 'Argument 0');
    // TableDescriptor's members, in WebIDL's (lexicographic) order.
    const d = dictionary(descriptor, what);
    const addressMember = d.address;
    const address = addressMember === undefined ? 'i32' : enumValue(addressMember, ['i32', 'i64'] as const, what, "Descriptor property 'address'");
    const elementMember = d.element;
    if (elementMember === undefined) throw missing(what, "Descriptor property 'element'");
    const elemType: ValType = tableKindFromString(elementMember, what, "Descriptor property 'element'");
    const initialMember = d.initial;
    if (initialMember === undefined) throw missing(what, "Descriptor property 'initial'");
    const maximumMember = d.maximum;
    const initial = addressValueToU64(initialMember, address, what, "Descriptor property 'initial'");
    const maximum = maximumMember === undefined ? undefined : addressValueToU64(maximumMember, address, what, "Descriptor property 'maximum'");
    if (initial > MAX_TABLE_SIZE) throw new RangeError(`${what}: Property 'initial': value ${initial} is above the upper bound ${MAX_TABLE_SIZE}`);
    if (maximum !== undefined && maximum < initial) throw new RangeError(`${what}: Property 'maximum': value ${maximum} is below the lower bound ${initial}`);
    const init = toWebAssemblyValue(optional(value, defaultJSValue(elemType)), elemType);
    this.#table = new TableInstance({ elemType, limits: { min: initial, max: maximum, is64: address === 'i64', shared: false } }, init, realmOf(new.target).store.limits.tableElements);
    this.#address = address;
    realm.tables.set(this.#table, this);
  }

  static unwrap(x: unknown): TableInstance | undefined {
    return x !== null && typeof x === 'object' && #table in x ? (x as TableObject).#table : undefined;
  }

  #index(i: unknown, what: string): number {
    // i32 tables (Emscripten's function tables: get/set on every indirect call from JS) stay in Numbers.
    const n = this.#address === 'i32' ? enforceRangeU32(i, what, 'Argument 0') : addressValueToU64(i, this.#address, what, 'Argument 0');
    if (n >= this.#table.size) throw new RangeError(`${what}: invalid address ${n} in ${this.#address} table of size ${this.#table.size}`);
    return Number(n);
  }

  get length(): number | bigint {
    if (!(#table in this)) throw receiverError('WebAssembly.Table.length', 'Table');
    return u64ToAddressValue(this.#table.size, this.#address);
  }

  get(index: unknown): unknown {
    const what = 'WebAssembly.Table.get()';
    if (!(#table in this)) throw receiverError(what, 'Table');
    if (arguments.length < 1) throw missing(what, 'Argument 0');
    const i = this.#index(index, what);
    return toJSValue(this.#table.get(i), this.#table.type.elemType, this.#realm);
  }

  set(index: unknown, ...value: unknown[]): void {
    const what = 'WebAssembly.Table.set()';
    if (!(#table in this)) throw receiverError(what, 'Table');
    if (arguments.length < 1) throw missing(what, 'Argument 0');
    const i = this.#index(index, what);
    const elemType = this.#table.type.elemType;
    this.#table.set(i, toWebAssemblyValue(optional(value, defaultJSValue(elemType)), elemType));
  }

  grow(delta: unknown, ...value: unknown[]): number | bigint {
    const what = 'WebAssembly.Table.grow()';
    if (!(#table in this)) throw receiverError(what, 'Table');
    if (arguments.length < 1) throw missing(what, 'Argument 0');
    const n = addressValueToU64(delta, this.#address, what, 'Argument 0');
    const elemType = this.#table.type.elemType;
    const init = toWebAssemblyValue(optional(value, defaultJSValue(elemType)), elemType);
    const size = this.#table.size;
    const old = BigInt(size) + n > MAX_TABLE_SIZE ? -1 : this.#table.grow(Number(n), init);
    if (old < 0) throw new RangeError(`${what}: failed to grow table by ${n}`);
    return u64ToAddressValue(old, this.#address);
  }
}
