/** A growing byte buffer with the wasm binary encodings a core dump needs (LEB128, names, sections). */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.len++] = b;
  }

  bytes(b: ArrayLike<number>): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  u32(n: number): void {
    this.u64(n);
  }

  /** Unsigned LEB128 of a non-negative integer below 2^53. */
  u64(n: number): void {
    do {
      const low = n % 128;
      n = Math.floor(n / 128);
      this.byte(n > 0 ? low | 0x80 : low);
    } while (n > 0);
  }

  s32(n: number): void {
    this.s64(BigInt(n | 0));
  }

  /** Signed LEB128. */
  s64(v: bigint): void {
    for (;;) {
      const low = Number(v & 0x7fn);
      v >>= 7n;
      const done = (v === 0n && (low & 0x40) === 0) || (v === -1n && (low & 0x40) !== 0);
      this.byte(done ? low : low | 0x80);
      if (done) return;
    }
  }

  fixed32(bits: number): void {
    for (let i = 0; i < 4; i++) this.byte((bits >>> (8 * i)) & 0xff);
  }

  fixed64(bits: bigint): void {
    for (let i = 0n; i < 8n; i++) this.byte(Number((bits >> (8n * i)) & 0xffn));
  }

  name(text: string): void {
    const utf8 = new TextEncoder().encode(text);
    this.u32(utf8.length);
    this.bytes(utf8);
  }

  /** A section: its id, then its contents (written by `body`) with their size first. */
  section(id: number, body: (s: ByteWriter) => void): void {
    const inner = new ByteWriter();
    body(inner);
    const contents = inner.finish();
    this.byte(id);
    this.u32(contents.length);
    this.bytes(contents);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
