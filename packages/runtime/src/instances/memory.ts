/**
 * MemoryInstance (spec "memory instance"): a linear memory.
 *
 * The bytes live in a backing ArrayBuffer (the store) that may be LARGER than the memory, so that
 * growing page by page is amortized O(1): a grow that fits the store only makes new views, one
 * that does not allocates a store twice as large (copying once). `view` and `u8` always have the
 * exact wasm-visible length, so every bounds check made against them (interpreter, JS tier,
 * debugger) traps right at the memory's size whatever the store's capacity. Store bytes past
 * the size are zero: nothing writes there, so growing into them needs no clearing.
 *
 * JS sees the memory through `buffer`, which must be an ArrayBuffer of the exact size that
 * aliases the memory and is detached on every grow (JS API). Reading `buffer` therefore shrinks
 * the store to the exact size (one copy, only when it is over-allocated) and marks it exposed;
 * the next grow, even by 0 pages, moves the bytes to a new store and detaches the exposed one.
 * Code that keeps views (the interpreter per instance context, the JS tier in locals) reloads
 * them after memory.grow and after calls, which covers a host function reading `buffer`.
 *
 * Sizes: `pages` is the current size in pages; the byte length is pages << pageSizeLog2. The
 * hard maximum is the type's max, else 65536 pages (4 GiB) for 32-bit memories and what an
 * ArrayBuffer can hold for memory64.
 */
import type { MemoryType } from '../syntax/moduleInfo.ts';
import type { MemoryAccount, MemoryBudget } from './resourceLimits.ts';

/** Largest byte length we try to allocate (an ArrayBuffer's practical limit). */
const MAX_BYTES = 2 ** 32;

/** Detaches `buffer` (Node 20 has no ArrayBuffer.prototype.transfer); the returned buffer owns its bytes, uncopied. */
function transfer(buffer: ArrayBuffer): ArrayBuffer {
  return structuredClone(buffer, { transfer: [buffer] });
}

export class MemoryInstance {
  /** The wasm-visible bytes, exactly `pages` long (views into the possibly larger store). */
  view: DataView;
  u8: Uint8Array;
  readonly is64: boolean;
  readonly pageSizeLog2: number;
  /** Maximum pages (from the type, else the address space's limit). */
  readonly maxPages: number;
  #store: ArrayBuffer;
  /** The store was handed out as `buffer` (it then has the exact size) and must be detached on grow. */
  #exposed = false;
  /** Its share of the store's StoreOptions.limits (memoryPages, memoryBytes); null: no caps. */
  readonly #account: MemoryAccount | null;

  constructor(readonly type: MemoryType, budget: MemoryBudget | null = null) {
    this.is64 = type.limits.is64;
    this.pageSizeLog2 = type.pageSizeLog2 ?? 16;
    const addrPages = this.is64 ? 2 ** (64 - this.pageSizeLog2) : 2 ** (32 - this.pageSizeLog2);
    const max = type.limits.max;
    this.maxPages = max === undefined ? addrPages : Math.min(Number(max), addrPages);
    const initial = Number(type.limits.min);
    const bytes = initial * 2 ** this.pageSizeLog2;
    if (bytes > MAX_BYTES) throw new RangeError('could not allocate memory');
    this.#account = budget === null ? null : budget.open(this);
    const over = this.#account?.resize(initial, bytes);
    if (over) throw new RangeError(`a memory of ${initial} pages is over the store's limit ${over} = ${budget![over === 'memoryPages' ? 'maxPages' : 'maxBytes']}`);
    this.#store = new ArrayBuffer(bytes);
    this.view = new DataView(this.#store);
    this.u8 = new Uint8Array(this.#store);
  }

  get pages(): number {
    return this.u8.length / 2 ** this.pageSizeLog2;
  }

  /** The memory as JS sees it: an ArrayBuffer of exactly the memory's size, valid until the next grow. */
  get buffer(): ArrayBuffer {
    if (this.#store.byteLength !== this.u8.length) this.#moveTo(new ArrayBuffer(this.u8.length), this.u8.length);
    this.#exposed = true;
    return this.#store;
  }

  /** Grows by `deltaPages`; returns the old page count, or -1 (never throws). */
  grow(deltaPages: number): number {
    const old = this.pages;
    const next = old + deltaPages;
    if (!(deltaPages >= 0) || next > this.maxPages) return -1;
    const bytes = next * 2 ** this.pageSizeLog2;
    if (bytes > MAX_BYTES) return -1;
    if (this.#account !== null && this.#account.resize(next, bytes) !== null) return -1;
    if (bytes <= this.#store.byteLength && !this.#exposed) {
      this.#setViews(bytes);
    } else if (bytes <= this.#store.byteLength) { // only grow(0) gets here: an exposed store is exact
      this.#exposed = false;
      this.#store = transfer(this.#store);
      this.#setViews(bytes);
    } else {
      const store = this.#allocate(bytes);
      if (store === undefined) {
        this.#account?.resize(old, this.u8.length);
        return -1;
      }
      this.#moveTo(store, bytes);
    }
    return old;
  }

  /** A store for `bytes`, with room to double (up to the maximum) when that can be had; undefined when even `bytes` cannot. */
  #allocate(bytes: number): ArrayBuffer | undefined {
    const roomy = Math.min(Math.max(bytes, 2 * this.u8.length), this.maxPages * 2 ** this.pageSizeLog2, MAX_BYTES);
    for (const size of roomy > bytes ? [roomy, bytes] : [bytes]) {
      try {
        return new ArrayBuffer(size);
      } catch { /* out of memory: try the exact size, then give up */ }
    }
    return undefined;
  }

  /** Copies the bytes into `store`, makes views of `bytes`, and detaches the old store (views kept past a move fail loudly). */
  #moveTo(store: ArrayBuffer, bytes: number): void {
    new Uint8Array(store).set(this.u8);
    const old = this.#store;
    this.#store = store;
    this.#exposed = false;
    this.#setViews(bytes);
    transfer(old);
  }

  #setViews(bytes: number): void {
    this.view = new DataView(this.#store, 0, bytes);
    this.u8 = new Uint8Array(this.#store, 0, bytes);
  }
}
