/** A module's top-level layout (header, then id + size + payload per section), read leniently so the mutators can work section by section. */
import { readUleb } from '../leb.ts';

export interface SectionSpan {
  id: number;
  /** offset of the id byte */
  start: number;
  /** offset of the payload */
  payload: number;
  /** offset after the payload */
  end: number;
}

/** The sections of `bytes` up to the first one whose size does not fit (the rest is left out). */
export function sectionsOf(bytes: Uint8Array): SectionSpan[] {
  const out: SectionSpan[] = [];
  let pos = 8;
  while (pos < bytes.length) {
    const size = readUleb(bytes, pos + 1);
    if (size === null) break;
    const payload = pos + 1 + size.length;
    const end = payload + Number(size.value);
    if (end > bytes.length) break;
    out.push({ id: bytes[pos], start: pos, payload, end });
    pos = end;
  }
  return out;
}
