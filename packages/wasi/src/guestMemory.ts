/**
 * GuestMemory: checked little-endian access to the program's linear memory. Every access
 * re-reads `memory.buffer` (memory.grow replaces it) and checks [ptr, ptr + len) against its
 * length; a bad pointer throws WasiError(FAULT), which the call boundary turns into the
 * EFAULT return value. Nothing here ever throws into the engine.
 *
 * Pointers arrive as signed i32 Numbers; `>>> 0` makes them unsigned offsets.
 *
 * Reads are declared: every range a call reads (the accessors below, `string`, `ciovecs`,
 * `input`) is reported to `onRead` first, when one is given (WasiOptions.onMemoryRead) — how a
 * debugger's read watchpoints see WASI read a buffer, which leaves no trace in the bytes.
 */
import { Errno, WasiError } from './errno.ts';

/** Anything with a live `buffer`: a WebAssembly.Memory from any standard-compatible engine. */
export interface MemoryLike {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
export const utf8Encoder = new TextEncoder();

/** Told of each range of guest memory a call reads, before it reads it. */
export type MemoryReadHook = (memory: MemoryLike, address: number, length: number) => void;

export class GuestMemory {
  constructor(private readonly getMemory: () => MemoryLike | undefined, private readonly onRead?: MemoryReadHook) {}

  private buffer(): ArrayBuffer | SharedArrayBuffer {
    const memory = this.getMemory();
    if (!memory) throw new WasiError(Errno.FAULT);
    return memory.buffer;
  }

  /** [ptr, ptr + len) is about to be read (checked by the caller first). */
  private reading(ptr: number, len: number): void {
    if (this.onRead !== undefined && len > 0) this.onRead(this.getMemory()!, ptr >>> 0, len);
  }

  /** A DataView of [ptr, ptr + len) after a bounds check, that the call reads from. */
  input(ptr: number, len: number): DataView {
    const v = this.view(ptr, len);
    this.reading(ptr, len);
    return v;
  }

  /** A DataView of [ptr, ptr + len) after a bounds check. */
  view(ptr: number, len: number): DataView {
    const buffer = this.buffer();
    const start = ptr >>> 0;
    if (len < 0 || start + len > buffer.byteLength) throw new WasiError(Errno.FAULT);
    return new DataView(buffer, start, len);
  }

  /** A byte view of [ptr, ptr + len) that aliases guest memory. */
  bytes(ptr: number, len: number): Uint8Array {
    const buffer = this.buffer();
    const start = ptr >>> 0;
    const length = len >>> 0;
    if (start + length > buffer.byteLength) throw new WasiError(Errno.FAULT);
    return new Uint8Array(buffer, start, length);
  }

  u8(ptr: number): number { return this.input(ptr, 1).getUint8(0); }
  u16(ptr: number): number { return this.input(ptr, 2).getUint16(0, true); }
  u32(ptr: number): number { return this.input(ptr, 4).getUint32(0, true); }
  u64(ptr: number): bigint { return this.input(ptr, 8).getBigUint64(0, true); }

  setU8(ptr: number, v: number): void { this.view(ptr, 1).setUint8(0, v); }
  setU16(ptr: number, v: number): void { this.view(ptr, 2).setUint16(0, v, true); }
  setU32(ptr: number, v: number): void { this.view(ptr, 4).setUint32(0, v >>> 0, true); }
  setU64(ptr: number, v: bigint): void { this.view(ptr, 8).setBigUint64(0, BigInt.asUintN(64, v), true); }

  /** A UTF-8 string of `len` bytes (not NUL-terminated); invalid UTF-8 → EILSEQ. */
  string(ptr: number, len: number): string {
    const bytes = this.bytes(ptr, len);
    this.reading(ptr, bytes.length);
    try {
      // Copy: TextDecoder rejects views of SharedArrayBuffers.
      return utf8Decoder.decode(bytes.slice());
    } catch {
      throw new WasiError(Errno.ILSEQ);
    }
  }

  /** Copies `data` to `ptr`, checked first so a fault writes nothing. */
  write(ptr: number, data: Uint8Array): void {
    this.bytes(ptr, data.length).set(data);
  }

  /**
   * The iovec array at `ptr`: `count` pairs { buf u32, buf_len u32 } (the table is read), each
   * checked and returned as a view aliasing guest memory, for the call to fill.
   */
  iovecs(ptr: number, count: number): Uint8Array[] {
    const n = count >>> 0;
    const table = this.input(ptr, n * 8);
    const out: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      out.push(this.bytes(table.getUint32(i * 8, true), table.getUint32(i * 8 + 4, true)));
    }
    return out;
  }

  /** The ciovec array at `ptr`, as `iovecs`, for the call to read (every buffer is read). */
  ciovecs(ptr: number, count: number): Uint8Array[] {
    const views = this.iovecs(ptr, count);
    for (const v of views) this.reading(v.byteOffset, v.length);
    return views;
  }
}
