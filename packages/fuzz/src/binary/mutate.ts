/**
 * Mutations of a valid module's bytes, each aimed at a way decoders go wrong: bit flips and
 * "interesting" bytes, LEB128 edits (other values, overlong and over-wide encodings), section
 * splices from another module, truncations, dropped/duplicated/swapped sections, and inflated
 * vector counts (a count far past what the section holds must fail fast, not allocate it).
 */
import type { Rng } from '../rng.ts';
import { readUleb, uleb, ulebPadded } from '../leb.ts';
import { sectionsOf } from './sections.ts';

/** Largest mutant produced: far past every seed, so growth stays bounded (see README: input caps). */
export const MAX_MUTANT_BYTES = 8 << 20;

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x40, 0x0b, 0x6f, 0x70, 0x7b, 0xfb, 0xfc, 0xfd, 0xfe];
const INTERESTING_VALUES: readonly bigint[] = [0n, 1n, 2n, 0x7fn, 0x80n, 0x3fffn, 0xffffn, 0x10000n, 10_000_001n, 0x7fffffffn, 0xffffffffn, 0x100000000n];

export type MutationKind =
  | 'flip' | 'byte' | 'leb' | 'overlong' | 'truncate' | 'insert' | 'delete' | 'dropSection'
  | 'duplicateSection' | 'swapSections' | 'spliceSection' | 'sectionSize' | 'inflateCount';

export const MUTATIONS: readonly MutationKind[] = [
  'flip', 'byte', 'leb', 'overlong', 'truncate', 'insert', 'delete', 'dropSection',
  'duplicateSection', 'swapSections', 'spliceSection', 'sectionSize', 'inflateCount',
];

function concat(...parts: ArrayLike<number>[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A position inside the module, past the header most of the time (the header is checked first and cheaply). */
function position(r: Rng, bytes: Uint8Array): number {
  if (bytes.length <= 8 || r.oneIn(40)) return r.int(bytes.length);
  return 8 + r.int(bytes.length - 8);
}

/** The LEB128 that covers or starts near `pos`, or null. */
function lebNear(bytes: Uint8Array, pos: number): { at: number; length: number; value: bigint } | null {
  let at = pos;
  while (at > 8 && at > pos - 4 && (bytes[at - 1] & 0x80) !== 0) at--;
  const leb = readUleb(bytes, at);
  return leb === null ? null : { at, ...leb };
}

function replace(bytes: Uint8Array, at: number, length: number, by: ArrayLike<number>): Uint8Array {
  return concat(bytes.subarray(0, at), by, bytes.subarray(at + length));
}

/** One mutation of `bytes` (a fresh array); `donor` is another seed, for splices. */
export function mutateOnce(r: Rng, bytes: Uint8Array, donor: Uint8Array, kind: MutationKind): Uint8Array {
  if (bytes.length === 0) return concat(donor.subarray(0, r.int(donor.length + 1)));
  const sections = sectionsOf(bytes);
  const section = sections.length > 0 ? r.pick(sections) : null;
  switch (kind) {
    case 'flip': {
      const out = bytes.slice();
      out[position(r, out)] ^= 1 << r.int(8);
      return out;
    }
    case 'byte': {
      const out = bytes.slice();
      out[position(r, out)] = r.oneIn(2) ? r.pick(INTERESTING_BYTES) : r.int(256);
      return out;
    }
    case 'leb':
    case 'overlong': {
      const leb = lebNear(bytes, position(r, bytes));
      if (leb === null) return mutateOnce(r, bytes, donor, 'flip');
      const value = r.oneIn(2) ? r.pick(INTERESTING_VALUES) : leb.value + BigInt(r.int(5) - 2);
      const v = value < 0n ? 0n : value;
      const encoded = kind === 'leb' ? uleb(v) : ulebPadded(v, Math.max(leb.length, uleb(v).length) + 1 + r.int(5));
      return replace(bytes, leb.at, leb.length, encoded);
    }
    case 'truncate':
      return bytes.slice(0, r.int(bytes.length));
    case 'insert': {
      const n = 1 + r.int(r.oneIn(8) ? 64 : 4);
      const chunk = Array.from({ length: n }, () => (r.oneIn(2) ? r.pick(INTERESTING_BYTES) : r.int(256)));
      return replace(bytes, position(r, bytes), 0, chunk);
    }
    case 'delete': {
      const at = position(r, bytes);
      return replace(bytes, at, Math.min(bytes.length - at, 1 + r.int(r.oneIn(8) ? 64 : 4)), []);
    }
    case 'dropSection':
      return section === null ? bytes.slice(0, 8) : replace(bytes, section.start, section.end - section.start, []);
    case 'duplicateSection':
      return section === null ? bytes.slice() : replace(bytes, section.end, 0, bytes.subarray(section.start, section.end));
    case 'swapSections': {
      if (sections.length < 2) return mutateOnce(r, bytes, donor, 'flip');
      const i = r.int(sections.length - 1);
      const a = sections[i], b = sections[i + 1];
      return concat(bytes.subarray(0, a.start), bytes.subarray(b.start, b.end), bytes.subarray(a.start, a.end), bytes.subarray(b.end));
    }
    case 'spliceSection': {
      const theirs = sectionsOf(donor);
      if (theirs.length === 0) return mutateOnce(r, bytes, donor, 'flip');
      const t = r.pick(theirs);
      const piece = donor.subarray(t.start, t.end);
      // Replace our section of the same id when there is one (a plausible module), else insert.
      const same = sections.find((s) => s.id === t.id);
      if (same !== undefined && !r.oneIn(4)) return replace(bytes, same.start, same.end - same.start, piece);
      const at = section === null ? bytes.length : r.oneIn(2) ? section.start : section.end;
      return replace(bytes, at, 0, piece);
    }
    case 'sectionSize': {
      if (section === null) return mutateOnce(r, bytes, donor, 'flip');
      const size = section.end - section.payload;
      const sizeLength = section.payload - section.start - 1;
      const next = r.oneIn(3) ? r.pick(INTERESTING_VALUES) : BigInt(Math.max(0, size + r.int(9) - 4));
      return replace(bytes, section.start + 1, sizeLength, uleb(next));
    }
    case 'inflateCount': {
      // Most sections start with a vector count; so do function bodies' local declarations.
      if (section === null || section.payload === section.end) return mutateOnce(r, bytes, donor, 'flip');
      const at = section.id === 0 || r.oneIn(4) ? position(r, bytes) : section.payload;
      const leb = lebNear(bytes, at);
      if (leb === null) return mutateOnce(r, bytes, donor, 'flip');
      const value = r.pick([leb.value + 1n, leb.value * 2n + 1n, 10_000_001n, 0x7fffffffn, 0xffffffffn, 1n << 20n]);
      return replace(bytes, leb.at, leb.length, uleb(value));
    }
  }
}

/** One to three stacked mutations of `seed`, capped at MAX_MUTANT_BYTES. */
export function mutate(r: Rng, seed: Uint8Array, donor: Uint8Array): { bytes: Uint8Array; kinds: MutationKind[] } {
  let bytes = seed;
  const kinds: MutationKind[] = [];
  const n = 1 + (r.oneIn(3) ? r.int(3) : 0);
  for (let i = 0; i < n; i++) {
    const kind = r.pick(MUTATIONS);
    kinds.push(kind);
    bytes = mutateOnce(r, bytes, donor, kind);
    if (bytes.length > MAX_MUTANT_BYTES) bytes = bytes.subarray(0, MAX_MUTANT_BYTES);
  }
  return { bytes, kinds };
}
