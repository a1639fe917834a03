/**
 * What the printer needs of a decoded module's layout that ModuleInfo does not keep: where each
 * custom section sits among the standard ones (for `(@custom "…" (after …))`), and how the types
 * were grouped (a `rec` group of one type is encoded differently from a plain type, and `(rec)`
 * may be empty). Read from a module that decodeModule has accepted.
 */
import type { ModuleInfo } from '../syntax/moduleInfo.ts';
import { SectionId, readSubType } from '../binary/decoder.ts';
import { ByteReader } from '../binary/reader.ts';

/** The text format's name of each standard section, by id (for custom section placement). */
const SECTION_KIND: Record<number, string> = {
  [SectionId.Type]: 'type',
  [SectionId.Import]: 'import',
  [SectionId.Function]: 'func',
  [SectionId.Table]: 'table',
  [SectionId.Memory]: 'memory',
  [SectionId.Global]: 'global',
  [SectionId.Export]: 'export',
  [SectionId.Start]: 'start',
  [SectionId.Element]: 'elem',
  [SectionId.Code]: 'code',
  [SectionId.Data]: 'data',
  [SectionId.DataCount]: 'datacount',
  [SectionId.Tag]: 'tag',
};

interface Section {
  id: number;
  /** first byte of the contents (after the size) */
  start: number;
  end: number;
}

function sections(bytes: Uint8Array): Section[] {
  const r = new ByteReader(bytes, 8);
  const out: Section[] = [];
  while (!r.eof) {
    const id = r.u8();
    const size = r.u32();
    out.push({ id, start: r.pos, end: r.pos + size });
    r.skip(size);
  }
  return out;
}

/** A custom section with its placement: `(before first)` or `(after <section>)`, `last` past the name section. */
export interface PlacedCustom {
  name: string;
  start: number;
  end: number;
  placement: string;
  /** the first `name` section (printed as names, not bytes, when the module's names are used) */
  isNameSection: boolean;
}

export function placedCustomSections(info: ModuleInfo): PlacedCustom[] {
  const out: PlacedCustom[] = [];
  let placement = '(before first)';
  let customIndex = 0;
  let nameSeen = false;
  for (const s of sections(info.bytes)) {
    if (s.id !== SectionId.Custom) {
      placement = `(after ${SECTION_KIND[s.id]})`;
      nameSeen = false;
      continue;
    }
    const custom = info.customSections[customIndex++];
    const isNameSection = custom.name === 'name' && !out.some((c) => c.isNameSection);
    // The text's encoder writes the name section after the data section and before `(after last)`.
    out.push({ ...custom, placement: nameSeen ? '(after last)' : placement, isNameSection });
    if (isNameSection) nameSeen = true;
  }
  return out;
}

/** One group of the type section: types [first, first + size), and whether it was written `rec`. */
export interface TypeGroup {
  first: number;
  size: number;
  rec: boolean;
}

export function typeGroups(info: ModuleInfo): TypeGroup[] {
  const section = sections(info.bytes).find((s) => s.id === SectionId.Type);
  if (section === undefined) return [];
  const r = new ByteReader(info.bytes, section.start, section.end);
  const groups: TypeGroup[] = [];
  const count = r.u32();
  let first = 0;
  for (let g = 0; g < count; g++) {
    const rec = r.peek() === 0x4e;
    let size = 1;
    if (rec) {
      r.pos++;
      size = r.u32();
    }
    groups.push({ first, size, rec });
    for (let i = 0; i < size; i++) readSubType(r, first, size);
    first += size;
  }
  return groups;
}
