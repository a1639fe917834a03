/**
 * WebAssembly.Memory: a MemoryInstance seen from JS. `buffer` is the live backing store; when
 * the memory grows (from wasm's memory.grow or from `grow` here) the engine switches to a new
 * ArrayBuffer and calls our onGrow hook with the old one, which we DETACH, as the spec
 * requires — Emscripten's glue notices growth by its views going stale. Node 20 has no
 * ArrayBuffer.prototype.transfer, so detaching is done by transferring it with structuredClone.
 */
import { INTERNAL, realmOf } from './realm.ts';
import { MemoryInstance } from './engine.ts';
import { addressType, descriptorObject, enforceRange, sizeField } from './descriptors.ts';

const MAX_PAGES_32 = 65536;
const MAX_PAGES_64 = 2 ** 48; // beyond any host, but the spec's bound for i64 memories

function detach(buffer: ArrayBuffer | SharedArrayBuffer): void {
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0) return;
  structuredClone(buffer, { transfer: [buffer] });
}

export class MemoryObject {
  readonly #memory: MemoryInstance;
  readonly #is64: boolean;

  constructor(descriptor: unknown, entity?: MemoryInstance) {
    if (descriptor === INTERNAL) {
      this.#memory = entity!;
      this.#is64 = entity!.type?.limits?.is64 ?? false;
    } else {
      realmOf(new.target);
      const what = 'WebAssembly.Memory()';
      const d = descriptorObject(descriptor, what);
      const address = addressType(d, what);
      const initial = sizeField(d, 'initial', what, address, true)!;
      const maximum = sizeField(d, 'maximum', what, address, false);
      const shared = Boolean(d.shared);
      const limit = address === 'i64' ? MAX_PAGES_64 : MAX_PAGES_32;
      if (initial > limit) throw new RangeError(`${what}: Property 'initial': value ${initial} is above the upper bound ${limit}`);
      if (maximum !== undefined && maximum > limit) throw new RangeError(`${what}: Property 'maximum': value ${maximum} is above the upper bound ${limit}`);
      if (maximum !== undefined && maximum < initial) throw new RangeError(`${what}: Property 'maximum': value ${maximum} is below the lower bound ${initial}`);
      if (shared && maximum === undefined) throw new TypeError(`${what}: a shared memory needs a maximum`);
      const memory = new MemoryInstance({
        limits: { min: BigInt(initial), max: maximum === undefined ? undefined : BigInt(maximum), is64: address === 'i64', shared },
        pageSizeLog2: 16,
      });
      if (shared && !(typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer)) {
        throw new TypeError(`${what}: shared memories are not supported by Lantern yet`);
      }
      this.#memory = memory;
      this.#is64 = address === 'i64';
      realmOf(new.target).memories.set(memory, this);
    }
    const previous = this.#memory.onGrow;
    this.#memory.onGrow = (old: ArrayBuffer) => {
      previous?.(old);
      detach(old);
    };
  }

  /** The MemoryInstance of a Memory object (any realm), or undefined. */
  static unwrap(x: unknown): MemoryInstance | undefined {
    return x !== null && typeof x === 'object' && #memory in x ? (x as MemoryObject).#memory : undefined;
  }

  get buffer(): ArrayBuffer {
    return this.#memory.buffer;
  }

  grow(delta: unknown): number | bigint {
    const what = 'WebAssembly.Memory.grow()';
    const n = enforceRange(delta, 'delta', what, this.#is64 ? 'i64' : 'i32');
    const old = this.#memory.grow(n);
    if (old < 0) throw new RangeError(`${what}: Maximum memory size exceeded`);
    return this.#is64 ? BigInt(old) : old;
  }

  static {
    Object.defineProperty(this.prototype, Symbol.toStringTag, { value: 'WebAssembly.Memory', configurable: true });
  }
}
