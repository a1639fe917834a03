/**
 * WebAssembly.Global: a GlobalInstance seen from JS. `value` converts with values.ts; setting
 * an immutable global is a TypeError; v128 globals exist but their value cannot cross.
 */
import type { ValType } from '../syntax/types.ts';
import { descriptorObject } from './descriptors.ts';
import { GlobalInstance } from './engine.ts';
import { INTERNAL, realmOf } from './realm.ts';
import type { Realm } from './realm.ts';
import { defaultJSValue, toJSValue, toWebAssemblyValue, valTypeFromString } from './values.ts';

export class GlobalObject {
  readonly #global: GlobalInstance;
  readonly #realm: Realm;

  constructor(descriptor: unknown, value?: unknown) {
    const realm = realmOf(new.target);
    this.#realm = realm;
    if (descriptor === INTERNAL) {
      this.#global = value as GlobalInstance;
      return;
    }
    const what = 'WebAssembly.Global()';
    const d = descriptorObject(descriptor, what);
    const mutable = Boolean(d.mutable);
    const valType: ValType = valTypeFromString(d.value, what);
    const v = arguments.length < 2 || value === undefined ? defaultJSValue(valType) : value;
    this.#global = new GlobalInstance({ valType, mutable }, toWebAssemblyValue(v, valType));
    realm.globals.set(this.#global, this);
  }

  static unwrap(x: unknown): GlobalInstance | undefined {
    return x !== null && typeof x === 'object' && #global in x ? (x as GlobalObject).#global : undefined;
  }

  get value(): unknown {
    return toJSValue(this.#global.value, this.#global.type.valType, this.#realm);
  }

  set value(v: unknown) {
    if (!this.#global.type.mutable) throw new TypeError("WebAssembly.Global: Can't set the value of an immutable global.");
    if (arguments.length < 1) throw new TypeError('WebAssembly.Global: Argument 0 is required');
    this.#global.value = toWebAssemblyValue(v, this.#global.type.valType);
  }

  valueOf(): unknown {
    return this.value;
  }

  static {
    Object.defineProperty(this.prototype, Symbol.toStringTag, { value: 'WebAssembly.Global', configurable: true });
  }
}
