// Byte writer: a growable buffer with LEB128 helpers that also carries source marks
// (offset -> line:column), which follow the bytes when one writer is appended to another.

export class Writer {
  buf: Uint8Array<ArrayBuffer>;
  len = 0;
  /** flat triples: offset, line, column */
  marks: number[] = [];

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  private grow(extra: number): void {
    let cap = this.buf.length * 2;
    while (cap < this.len + extra) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }

  reset(): void {
    this.len = 0;
    this.marks.length = 0;
  }

  mark(line: number, col: number): void {
    this.marks.push(this.len, line, col);
  }

  byte(b: number): void {
    if (this.len >= this.buf.length) this.grow(1);
    this.buf[this.len++] = b;
  }

  u32(v: number): void {
    if (this.len + 5 > this.buf.length) this.grow(5);
    v >>>= 0;
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.buf[this.len++] = b;
    } while (v !== 0);
  }

  s32(v: number): void {
    if (this.len + 5 > this.buf.length) this.grow(5);
    v |= 0;
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
        this.buf[this.len++] = b;
        return;
      }
      this.buf[this.len++] = b | 0x80;
    }
  }

  /** signed LEB of a bigint (s33 / s64) */
  s64(v: bigint): void {
    if (v >= -0x40000000n && v < 0x40000000n) return this.s32(Number(v));
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
        this.byte(b);
        return;
      }
      this.byte(b | 0x80);
    }
  }

  u64(v: bigint): void {
    if (v <= 0xffffffffn) return this.u32(Number(v));
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) b |= 0x80;
      this.byte(b);
    } while (v !== 0n);
  }

  f32(bits: number): void {
    this.byte(bits & 0xff);
    this.byte((bits >>> 8) & 0xff);
    this.byte((bits >>> 16) & 0xff);
    this.byte((bits >>> 24) & 0xff);
  }

  f64(bits: bigint): void {
    const lo = Number(bits & 0xffffffffn);
    const hi = Number(bits >> 32n);
    this.f32(lo);
    this.f32(hi);
  }

  bytes(b: Uint8Array): void {
    if (this.len + b.length > this.buf.length) this.grow(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** length-prefixed byte string */
  vecBytes(b: Uint8Array): void {
    this.u32(b.length);
    this.bytes(b);
  }

  /** append another writer's bytes (and its marks, shifted) */
  append(w: Writer): void {
    const base = this.len;
    if (this.len + w.len > this.buf.length) this.grow(w.len);
    this.buf.set(w.buf.subarray(0, w.len), this.len);
    this.len += w.len;
    const m = w.marks;
    for (let i = 0; i < m.length; i += 3) this.marks.push(m[i]! + base, m[i + 1]!, m[i + 2]!);
  }

  toBytes(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.len);
  }
}
