/**
 * Modules that declare many items cheaply: a section whose vector holds `count` copies of one
 * encoded item, written into one Uint8Array by doubling copies (a 30 MB module is built in
 * milliseconds), for the JS API's limits.
 */
import { HEADER, u32, type Bytes } from '../decodeValidate/wasmBuilder.ts';

/** Section `id` holding a vector of `count` copies of `item`, preceded by `prefix` in the vector's place. */
export function repeatedSection(id: number, count: number, item: Bytes, prefix: Bytes = []): Uint8Array {
  const head = [...prefix, ...u32(count)];
  const contentsLength = head.length + count * item.length;
  const sectionHead = [id, ...u32(contentsLength)];
  const out = new Uint8Array(sectionHead.length + contentsLength);
  out.set(sectionHead, 0);
  out.set(head, sectionHead.length);
  const start = sectionHead.length + head.length;
  if (count > 0) {
    out.set(item, start);
    let filled = item.length;
    const total = count * item.length;
    while (filled < total) {
      const n = Math.min(filled, total - filled);
      out.copyWithin(start + filled, start, start + n);
      filled += n;
    }
  }
  return out;
}

/** A module of the header and the given sections (plain byte lists or built ones). */
export function moduleOf(...sections: (Bytes | Uint8Array)[]): Uint8Array<ArrayBuffer> {
  const parts = [Uint8Array.from(HEADER), ...sections.map((s) => (s instanceof Uint8Array ? s : Uint8Array.from(s)))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
