/** A minimal protocol-buffers writer (varints, length-delimited fields, packed repeated varints): what pprof.ts needs. */
export class ProtoWriter {
  private bytes: number[] = [];

  private varint(v: number): void {
    // Non-negative integers up to 2^53 (ids, offsets, nanoseconds); split to stay exact past 2^31.
    let n = Math.max(0, Math.floor(v));
    while (n >= 0x80) {
      this.bytes.push((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.bytes.push(n);
  }

  private key(field: number, wireType: 0 | 2): void {
    this.varint(field * 8 + wireType);
  }

  /** A varint field (written even when 0: pprof readers accept it). */
  uint(field: number, v: number): this {
    this.key(field, 0);
    this.varint(v);
    return this;
  }

  packed(field: number, values: readonly number[]): this {
    if (values.length === 0) return this;
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    return this.bytesField(field, inner.finish());
  }

  string(field: number, s: string): this {
    return this.bytesField(field, new TextEncoder().encode(s));
  }

  message(field: number, m: ProtoWriter): this {
    return this.bytesField(field, m.finish());
  }

  private bytesField(field: number, b: Uint8Array): this {
    this.key(field, 2);
    this.varint(b.length);
    for (const x of b) this.bytes.push(x);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}
