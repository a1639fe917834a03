/**
 * WebAssembly.Global: a GlobalInstance seen from JS. `value` converts with values.ts; setting
 * an immutable global is a TypeError; a v128 global cannot be made or read from JS.
 */
import { V128 } from '../syntax/types.ts';
import type { ValType } from '../syntax/types.ts';
import { dictionary, missing, optional } from './descriptors.ts';
import { GlobalInstance } from './engine.ts';
import { INTERNAL, realmOf } from './realm.ts';
import type { Realm } from './realm.ts';
import { defaultJSValue, toJSValue, toWebAssemblyValue, valTypeFromString } from './values.ts';
import { receiverError } from './webidl.ts';

export class GlobalObject {
  readonly #global: GlobalInstance;
  readonly #realm: Realm;

  constructor(descriptor: unknown, ...v: unknown[]) {
    const realm = realmOf(new.target);
    this.#realm = realm;
    if (descriptor === INTERNAL) {
      this.#global = v[0] as GlobalInstance;
      return;
    }
    const what = 'WebAssembly.Global()';
    if (arguments.length < 1) throw missing(what, 'Argument 0');
    // GlobalDescriptor's members, in WebIDL's (lexicographic) order.
    const d = dictionary(descriptor, what);
    const mutable = Boolean(d.mutable);
    const valueMember = d.value;
    if (valueMember === undefined) throw missing(what, "Descriptor property 'value'");
    const valType: ValType = valTypeFromString(valueMember, what, "Descriptor property 'value'");
    if (valType === V128) throw new TypeError(`${what}: a v128 global cannot be created from JS`);
    this.#global = new GlobalInstance({ valType, mutable }, toWebAssemblyValue(optional(v, defaultJSValue(valType)), valType));
    realm.globals.set(this.#global, this);
  }

  static unwrap(x: unknown): GlobalInstance | undefined {
    return x !== null && typeof x === 'object' && #global in x ? (x as GlobalObject).#global : undefined;
  }

  /** GetGlobalValue. */
  #read(what: string): unknown {
    const { valType } = this.#global.type;
    if (valType === V128) throw new TypeError(`${what}: the value of a v128 global cannot cross to JS`);
    return toJSValue(this.#global.value, valType, this.#realm);
  }

  get value(): unknown {
    const what = 'WebAssembly.Global.value';
    if (!(#global in this)) throw receiverError(what, 'Global');
    return this.#read(what);
  }

  set value(v: unknown) {
    const what = 'WebAssembly.Global.value';
    if (!(#global in this)) throw receiverError(what, 'Global');
    if (arguments.length < 1) throw missing(what, 'Argument 0');
    const { valType, mutable } = this.#global.type;
    if (valType === V128) throw new TypeError(`${what}: the value of a v128 global cannot cross from JS`);
    if (!mutable) throw new TypeError(`${what}: Can't set the value of an immutable global.`);
    this.#global.value = toWebAssemblyValue(v, valType);
  }

  valueOf(): unknown {
    const what = 'WebAssembly.Global.valueOf()';
    if (!(#global in this)) throw receiverError(what, 'Global');
    return this.#read(what);
  }
}
