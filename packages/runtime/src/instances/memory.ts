/**
 * MemoryInstance (spec "memory instance"): a linear memory backed by one ArrayBuffer.
 *
 * Growing allocates a new ArrayBuffer, copies, and replaces `buffer`/`view`/`u8`; then `onGrow`
 * is called with the old buffer so the JS API can detach it (Emscripten recreates its views when
 * `memory.buffer` changes identity). The interpreter caches `view` per instance context and
 * reloads it after memory.grow, on calls/returns across instances and on every loop entry.
 *
 * Sizes: `pages` is the current size in pages; the byte length is pages << pageSizeLog2. The
 * hard maximum is the type's max, else 65536 pages (4 GiB) for 32-bit memories and what an
 * ArrayBuffer can hold for memory64.
 */
import type { MemoryType } from '../syntax/moduleInfo.ts';

/** Largest byte length we try to allocate (an ArrayBuffer's practical limit). */
const MAX_BYTES = 2 ** 32;

export class MemoryInstance {
  buffer: ArrayBuffer;
  view: DataView;
  u8: Uint8Array;
  readonly is64: boolean;
  readonly pageSizeLog2: number;
  /** Maximum pages (from the type, else the address space's limit). */
  readonly maxPages: number;
  onGrow: ((oldBuffer: ArrayBuffer) => void) | undefined = undefined;

  constructor(readonly type: MemoryType) {
    this.is64 = type.limits.is64;
    this.pageSizeLog2 = type.pageSizeLog2 ?? 16;
    const addrPages = this.is64 ? 2 ** (64 - this.pageSizeLog2) : 2 ** (32 - this.pageSizeLog2);
    const max = type.limits.max;
    this.maxPages = max === undefined ? addrPages : Math.min(Number(max), addrPages);
    const initial = Number(type.limits.min);
    const bytes = initial * 2 ** this.pageSizeLog2;
    if (bytes > MAX_BYTES) throw new RangeError('could not allocate memory');
    this.buffer = new ArrayBuffer(bytes);
    this.view = new DataView(this.buffer);
    this.u8 = new Uint8Array(this.buffer);
  }

  get pages(): number {
    return this.buffer.byteLength / 2 ** this.pageSizeLog2;
  }

  /** Grows by `deltaPages`; returns the old page count, or -1 (never throws). */
  grow(deltaPages: number): number {
    const old = this.pages;
    if (deltaPages === 0) return old;
    const next = old + deltaPages;
    if (!(deltaPages > 0) || next > this.maxPages) return -1;
    const bytes = next * 2 ** this.pageSizeLog2;
    if (bytes > MAX_BYTES) return -1;
    let buffer: ArrayBuffer;
    try {
      buffer = new ArrayBuffer(bytes);
    } catch {
      return -1;
    }
    const u8 = new Uint8Array(buffer);
    u8.set(this.u8);
    const oldBuffer = this.buffer;
    this.buffer = buffer;
    this.view = new DataView(buffer);
    this.u8 = u8;
    this.onGrow?.(oldBuffer);
    return old;
  }
}
