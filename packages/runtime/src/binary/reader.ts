/**
 * ByteReader: a cursor over a module binary that reads the binary format's primitive values
 * (bytes, LEB128 integers, IEEE floats, UTF-8 names) and reports every malformation as a
 * CompileError carrying the byte offset.
 *
 * The malformation rules follow the reference interpreter's decoder exactly, because the spec
 * suite checks the messages:
 *   - a LEB128 that runs past its maximum byte count (5 for 32-bit, 10 for 64-bit, 5 for s33)
 *     is "integer representation too long" (reported at the byte after the last allowed one);
 *   - unused bits set in the last allowed byte (for signed values: bits that do not agree with
 *     the sign) is "integer too large" (reported at that byte);
 *   - reading past the end of the input is "unexpected end of section or function" (the spec's
 *     tests also accept it for their "unexpected end" prefix);
 *   - a vector/string length larger than the bytes left is "length out of bounds".
 *
 * NB: the reader is NOT bounded to the current section: like the reference decoder, a section's
 * contents are read against the whole module and the section size is checked afterwards
 * ("section size mismatch"). `end` is the end of the input (the module), not of a section.
 *
 * Hot paths (u32, s32) work on plain numbers; 64-bit values are read as bigint only by the
 * dedicated u64/s64 readers, and `skipS64` validates a 64-bit LEB without allocating.
 */
import { CompileError } from '../errors.ts';

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

import type { ModuleLimits } from './limits.ts';

export const UNEXPECTED_END = 'unexpected end of section or function';

export class ByteReader {
  pos: number;
  readonly end: number;
  private view: DataView | undefined;
  /** Lower bounds than the JS API's that the decoder applies (binary/limits.ts `checkLimit`); null: none. */
  limits: ModuleLimits | null = null;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    end = bytes.length,
  ) {
    this.pos = start;
    this.end = end;
  }

  /** Throws a CompileError at `offset` (defaults to the current position). */
  fail(message: string, offset: number = this.pos): never {
    throw new CompileError(message, offset);
  }

  get eof(): boolean {
    return this.pos >= this.end;
  }

  /** The next byte without consuming it, or -1 at the end. */
  peek(): number {
    return this.pos < this.end ? this.bytes[this.pos] : -1;
  }

  u8(): number {
    if (this.pos >= this.end) this.fail(UNEXPECTED_END, this.end);
    return this.bytes[this.pos++];
  }

  /** Reads a byte that must equal `expected`, else fails with `message` at that byte. */
  expect(expected: number, message: string): void {
    const at = this.pos;
    if (this.u8() !== expected) this.fail(message, at);
  }

  skip(n: number): void {
    if (n < 0 || this.pos + n > this.end) this.fail(UNEXPECTED_END, this.end);
    this.pos += n;
  }

  /** Unsigned LEB128, at most 32 bits. */
  u32(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    if (pos < this.end) {
      const b = bytes[pos];
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    let result = 0;
    let shift = 0;
    for (let n = 32; ; n -= 7) {
      if (n <= 0) this.fail('integer representation too long', pos);
      if (pos >= this.end) this.fail(UNEXPECTED_END, this.end);
      const b = bytes[pos++];
      if (n < 7 && (b & 0x7f) >= 1 << n) this.fail('integer too large', pos - 1);
      result |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
    this.pos = pos;
    return result >>> 0;
  }

  /** Signed LEB128 of `bits` <= 33 bits, as a number (s33 may exceed int32 range). */
  private sSmall(bits: number): number {
    const bytes = this.bytes;
    let pos = this.pos;
    let result = 0;
    let mul = 1;
    for (let n = bits; ; n -= 7) {
      if (n <= 0) this.fail('integer representation too long', pos);
      if (pos >= this.end) this.fail(UNEXPECTED_END, this.end);
      const b = bytes[pos++];
      if (n < 7) {
        const mask = (-1 << (n - 1)) & 0x7f;
        const m = b & mask;
        if (m !== 0 && m !== mask) this.fail('integer too large', pos - 1);
      }
      if ((b & 0x80) === 0) {
        result += (b & 0x7f) * mul;
        if (b & 0x40) result -= 0x80 * mul;
        break;
      }
      result += (b & 0x7f) * mul;
      mul *= 128;
    }
    this.pos = pos;
    return result;
  }

  s32(): number {
    const pos = this.pos;
    if (pos < this.end) {
      const b = this.bytes[pos];
      if (b < 0x80) {
        this.pos = pos + 1;
        return b & 0x40 ? b - 0x80 : b;
      }
    }
    return this.sSmall(32) | 0;
  }

  /** Signed 33-bit LEB128 (block types, heap types): a number in [-2^32, 2^32). */
  s33(): number {
    return this.sSmall(33);
  }

  /** Signed 7-bit LEB128 as the spec's `s7`: one byte; a continuation bit is too long. */
  s7(): number {
    return this.sSmall(7);
  }

  /** Unsigned LEB128 up to 64 bits, as bigint. */
  u64(): bigint {
    const bytes = this.bytes;
    let pos = this.pos;
    let result = 0n;
    let shift = 0n;
    for (let n = 64; ; n -= 7) {
      if (n <= 0) this.fail('integer representation too long', pos);
      if (pos >= this.end) this.fail(UNEXPECTED_END, this.end);
      const b = bytes[pos++];
      if (n < 7 && (b & 0x7f) >= 1 << n) this.fail('integer too large', pos - 1);
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) break;
    }
    this.pos = pos;
    return result;
  }

  /** Signed LEB128 up to 64 bits, as bigint. */
  s64(): bigint {
    const start = this.pos;
    this.skipS64();
    const bytes = this.bytes;
    let result = 0n;
    let shift = 0n;
    for (let p = start; p < this.pos; p++) {
      result |= BigInt(bytes[p] & 0x7f) << shift;
      shift += 7n;
    }
    return BigInt.asIntN(64, result | (bytes[this.pos - 1] & 0x40 ? -1n << shift : 0n));
  }

  /** Validates and skips a signed 64-bit LEB128 without allocating. */
  skipS64(): void {
    const bytes = this.bytes;
    let pos = this.pos;
    for (let n = 64; ; n -= 7) {
      if (n <= 0) this.fail('integer representation too long', pos);
      if (pos >= this.end) this.fail(UNEXPECTED_END, this.end);
      const b = bytes[pos++];
      if (n < 7) {
        const mask = (-1 << (n - 1)) & 0x7f;
        const m = b & mask;
        if (m !== 0 && m !== mask) this.fail('integer too large', pos - 1);
      }
      if ((b & 0x80) === 0) break;
    }
    this.pos = pos;
  }

  /** Validates and skips an unsigned 64-bit LEB128 without allocating. */
  skipU64(): void {
    const bytes = this.bytes;
    let pos = this.pos;
    for (let n = 64; ; n -= 7) {
      if (n <= 0) this.fail('integer representation too long', pos);
      if (pos >= this.end) this.fail(UNEXPECTED_END, this.end);
      const b = bytes[pos++];
      if (n < 7 && (b & 0x7f) >= 1 << n) this.fail('integer too large', pos - 1);
      if ((b & 0x80) === 0) break;
    }
    this.pos = pos;
  }

  /**
   * Unsigned 64-bit LEB128 as a number when it fits 2^53 exactly, else +Infinity-like large
   * value (Number of the bigint). Used for memarg offsets, which validation only range-checks.
   */
  u64AsNumber(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    // Up to 7 bytes (49 bits) are exact in a double: no bigint needed.
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 7 && pos < this.end; i++) {
      const b = bytes[pos++];
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) {
        this.pos = pos;
        return result;
      }
      mul *= 128;
    }
    return Number(this.u64());
  }

  private dataView(): DataView {
    return (this.view ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength));
  }

  u32Fixed(): number {
    this.skip(4);
    return this.dataView().getUint32(this.pos - 4, true);
  }

  f32(): number {
    this.skip(4);
    return this.dataView().getFloat32(this.pos - 4, true);
  }

  f64(): number {
    this.skip(8);
    return this.dataView().getFloat64(this.pos - 8, true);
  }

  /** A vector or byte-string length: must not exceed the bytes left in the input. */
  len32(): number {
    const at = this.pos;
    const n = this.u32();
    // NB: like the reference decoder, the bound counts from the length's own first byte.
    if (n > this.end - at) this.fail('length out of bounds', at);
    return n;
  }

  /** `vec(byte)`: a view into the input (not a copy). */
  byteString(): Uint8Array {
    const n = this.len32();
    const start = this.pos;
    this.skip(n);
    return this.bytes.subarray(start, start + n);
  }

  /** A UTF-8 name; invalid UTF-8 is "malformed UTF-8 encoding" at the name's length field. */
  name(): string {
    const at = this.pos;
    const raw = this.byteString();
    // ASCII fast path.
    let ascii = raw.length <= 1024;
    for (let i = 0; ascii && i < raw.length; i++) {
      if (raw[i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, raw as unknown as number[]);
    try {
      return utf8Decoder.decode(raw);
    } catch {
      return this.fail('malformed UTF-8 encoding', at);
    }
  }
}
