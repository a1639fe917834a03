/**
 * WebAssembly.Memory: a MemoryInstance seen from JS. `buffer` is the instance's exact-size
 * buffer, which the instance itself detaches when the memory grows (from wasm's memory.grow or
 * from `grow` here, even by 0), as the spec requires — Emscripten's glue notices growth by its
 * views going stale.
 */
import { INTERNAL, realmOf } from './realm.ts';
import { MemoryInstance } from './engine.ts';
import { addressValueToU64, dictionary, enumValue, missing, u64ToAddressValue, type AddressType } from './descriptors.ts';
import { receiverError } from './webidl.ts';

const MAX_PAGES_32 = 65536n;
const MAX_PAGES_64 = 2n ** 48n; // valid memtype's bound for i64 memories; allocation fails far below it

export class MemoryObject {
  readonly #memory: MemoryInstance;
  readonly #address: AddressType;

  constructor(descriptor: unknown, entity?: MemoryInstance) {
    if (descriptor === INTERNAL) {
      this.#memory = entity!;
      this.#address = entity!.type?.limits?.is64 ? 'i64' : 'i32';
    } else {
      const realm = realmOf(new.target);
      const what = 'WebAssembly.Memory()';
      if (arguments.length < 1) throw missing(what, 'Argument 0');
      // MemoryDescriptor's members, in WebIDL's (lexicographic) order.
      const d = dictionary(descriptor, what);
      const addressMember = d.address;
      const address = addressMember === undefined ? 'i32' : enumValue(addressMember, ['i32', 'i64'] as const, what, "Descriptor property 'address'");
      const initialMember = d.initial;
      if (initialMember === undefined) throw missing(what, "Descriptor property 'initial'");
      const maximumMember = d.maximum;
      const shared = Boolean(d.shared);
      const initial = addressValueToU64(initialMember, address, what, "Descriptor property 'initial'");
      const maximum = maximumMember === undefined ? undefined : addressValueToU64(maximumMember, address, what, "Descriptor property 'maximum'");
      const limit = address === 'i64' ? MAX_PAGES_64 : MAX_PAGES_32;
      if (initial > limit) throw new RangeError(`${what}: Property 'initial': value ${initial} is above the upper bound ${limit}`);
      if (maximum !== undefined && maximum > limit) throw new RangeError(`${what}: Property 'maximum': value ${maximum} is above the upper bound ${limit}`);
      if (maximum !== undefined && maximum < initial) throw new RangeError(`${what}: Property 'maximum': value ${maximum} is below the lower bound ${initial}`);
      if (shared && maximum === undefined) throw new TypeError(`${what}: a shared memory needs a maximum`);
      const memory = new MemoryInstance({ limits: { min: initial, max: maximum, is64: address === 'i64', shared }, pageSizeLog2: 16 }, realm.store.memoryBudget);
      if (shared && !(typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer)) {
        throw new TypeError(`${what}: shared memories are not supported by Lantern yet`);
      }
      this.#memory = memory;
      this.#address = address;
      realm.memories.set(memory, this);
    }
  }

  /** The MemoryInstance of a Memory object (any realm), or undefined. */
  static unwrap(x: unknown): MemoryInstance | undefined {
    return x !== null && typeof x === 'object' && #memory in x ? (x as MemoryObject).#memory : undefined;
  }

  get buffer(): ArrayBuffer {
    if (!(#memory in this)) throw receiverError('WebAssembly.Memory.buffer', 'Memory');
    return this.#memory.buffer;
  }

  /** The buffer is always a fixed-length one here (resizable buffers are not made yet). */
  toFixedLengthBuffer(): ArrayBuffer {
    if (!(#memory in this)) throw receiverError('WebAssembly.Memory.toFixedLengthBuffer()', 'Memory');
    return this.#memory.buffer;
  }

  grow(delta: unknown): number | bigint {
    const what = 'WebAssembly.Memory.grow()';
    if (!(#memory in this)) throw receiverError(what, 'Memory');
    if (arguments.length < 1) throw missing(what, 'Argument 0');
    const n = addressValueToU64(delta, this.#address, what, 'Argument 0');
    const old = n > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : this.#memory.grow(Number(n));
    if (old < 0) throw new RangeError(`${what}: Maximum memory size exceeded`);
    return u64ToAddressValue(old, this.#address);
  }
}
