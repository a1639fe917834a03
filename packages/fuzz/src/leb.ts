/** LEB128 reading and writing for the mutators and generators (the runtime's own reader is the thing under test, so it is not used here). */

export interface LebAt {
  value: bigint;
  /** bytes the encoding occupies */
  length: number;
}

/** The unsigned LEB128 at `pos` (at most 10 bytes), or null when none ends there. */
export function readUleb(bytes: Uint8Array, pos: number): LebAt | null {
  let value = 0n;
  for (let i = 0; i < 10 && pos + i < bytes.length; i++) {
    const b = bytes[pos + i];
    value |= BigInt(b & 0x7f) << BigInt(7 * i);
    if ((b & 0x80) === 0) return { value, length: i + 1 };
  }
  return null;
}

export function uleb(value: number | bigint): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v === 0n ? b : b | 0x80);
  } while (v !== 0n);
  return out;
}

export function sleb(value: number | bigint): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** `value` encoded in exactly `width` bytes (overlong when wider than needed: padding continuation bytes). */
export function ulebPadded(value: number | bigint, width: number): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  for (let i = 0; i < width; i++) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(i === width - 1 ? b : b | 0x80);
  }
  return out;
}
