/**
 * ByteReader: a little-endian cursor over a Uint8Array, as needed by the wasm section walker and
 * the DWARF reader (LEB128, fixed-width integers, NUL-terminated and length-prefixed strings).
 *
 * Invariants:
 * - `pos` is relative to the start of `bytes` (callers that need absolute module offsets add their
 *   own base); reads past `end` throw a `RangeError` that names the position, so parsers above can
 *   catch it at one place and report the damaged unit instead of crashing.
 * - Integers up to 32 bits are returned as JS numbers (unsigned unless the name says signed); 64-bit
 *   quantities are bigint. LEB128 values that do not fit 2^53 are read with `ulebBig`/`slebBig`.
 */

const utf8 = new TextDecoder('utf-8', { fatal: false });

export class ByteReader {
  pos: number;
  readonly end: number;

  constructor(
    readonly bytes: Uint8Array,
    pos = 0,
    end = bytes.length,
  ) {
    this.pos = pos;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  private need(n: number): void {
    if (this.pos + n > this.end || n < 0) {
      throw new RangeError(`read of ${n} byte(s) past end at offset ${this.pos} (end ${this.end})`);
    }
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.pos++];
  }

  i8(): number {
    const v = this.u8();
    return v >= 0x80 ? v - 0x100 : v;
  }

  u16(): number {
    this.need(2);
    const b = this.bytes;
    const v = b[this.pos] | (b[this.pos + 1] << 8);
    this.pos += 2;
    return v;
  }

  u24(): number {
    this.need(3);
    const b = this.bytes;
    const v = b[this.pos] | (b[this.pos + 1] << 8) | (b[this.pos + 2] << 16);
    this.pos += 3;
    return v;
  }

  u32(): number {
    this.need(4);
    const b = this.bytes;
    const v = (b[this.pos] | (b[this.pos + 1] << 8) | (b[this.pos + 2] << 16) | (b[this.pos + 3] << 24)) >>> 0;
    this.pos += 4;
    return v;
  }

  u64(): bigint {
    const lo = BigInt(this.u32());
    const hi = BigInt(this.u32());
    return (hi << 32n) | lo;
  }

  /** Unsigned integer of `size` bytes (1, 2, 4 or 8) as a number; 8-byte values above 2^53 lose precision. */
  unsigned(size: number): number {
    switch (size) {
      case 1:
        return this.u8();
      case 2:
        return this.u16();
      case 4:
        return this.u32();
      case 8:
        return Number(this.u64());
      default:
        throw new RangeError(`unsupported integer size ${size} at offset ${this.pos}`);
    }
  }

  uleb(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.u8();
      if (shift < 49) result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) return result;
    }
  }

  sleb(): number {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = this.u8();
      if (shift < 49) result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    if (byte & 0x40 && shift < 53) result -= 2 ** shift;
    return result;
  }

  ulebBig(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = this.u8();
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if ((byte & 0x80) === 0) return result;
    }
  }

  slebBig(): bigint {
    let result = 0n;
    let shift = 0n;
    let byte: number;
    do {
      byte = this.u8();
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
    } while (byte & 0x80);
    if (byte & 0x40) result -= 1n << shift;
    return result;
  }

  bytesView(n: number): Uint8Array {
    this.need(n);
    const v = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  /** NUL-terminated UTF-8 string (the terminator is consumed). */
  cstring(): string {
    const start = this.pos;
    let i = start;
    while (i < this.end && this.bytes[i] !== 0) i++;
    if (i >= this.end) throw new RangeError(`unterminated string at offset ${start}`);
    this.pos = i + 1;
    return utf8.decode(this.bytes.subarray(start, i));
  }

  /** Wasm `name`: u32 LEB length + UTF-8 bytes. */
  name(): string {
    const len = this.uleb();
    return utf8.decode(this.bytesView(len));
  }
}

/** NUL-terminated string at `offset` of a string section, or undefined when out of range. */
export function cstringAt(section: Uint8Array | undefined, offset: number): string | undefined {
  if (!section || offset < 0 || offset >= section.length) return undefined;
  let i = offset;
  while (i < section.length && section[i] !== 0) i++;
  return utf8.decode(section.subarray(offset, i));
}
