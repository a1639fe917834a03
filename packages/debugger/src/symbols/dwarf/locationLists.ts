/**
 * Location lists: DWARF 4 `.debug_loc` and DWARF 5 `.debug_loclists` (incl. loclistx), turning a
 * DW_AT_location that is not an exprloc into entries {start, end, expression}.
 *
 * Invariants: addresses are DWARF code addresses; dead entries (tombstoned bases/starts, empty
 * ranges) are dropped; a DW_LLE_default_location entry is returned with start = 0, end = +Infinity
 * and `isDefault` set, and is only chosen when no bounded entry covers the address.
 */

import { ByteReader } from '../byteReader.ts';
import type { CompileUnit } from './compileUnit.ts';
import { DW_FORM, DW_LLE } from './constants.ts';
import type { Attribute } from './die.ts';
import { isLiveRange } from './ranges.ts';
import { walkV4List, walkV5List } from './addressLists.ts';

export interface LocationListEntry {
  readonly start: number;
  readonly end: number;
  readonly expression: Uint8Array;
  readonly isDefault?: boolean;
}

/** True when the attribute is a location-list reference rather than an inline expression. */
export function isLocationListAttribute(a: Attribute): boolean {
  return !(a.value instanceof Uint8Array) && (a.form === DW_FORM.sec_offset || a.form === DW_FORM.loclistx || a.form === DW_FORM.data4);
}

export function readLocationList(unit: CompileUnit, a: Attribute): LocationListEntry[] {
  const s = unit.dwarf.sections;
  const out: LocationListEntry[] = [];
  const push = (start: number, end: number, expression: Uint8Array) => {
    if (isLiveRange(start, end)) out.push({ start, end, expression });
  };
  if (typeof a.value !== 'number') return out;
  if (unit.version < 5) {
    if (!s.loc) return out;
    const r = new ByteReader(s.loc, a.value);
    walkV4List(r, unit, () => r.bytesView(r.u16()), push);
    return out;
  }
  const sec = s.loclists;
  if (!sec) return out;
  let offset = a.value;
  if (a.form === DW_FORM.loclistx) offset = unit.loclistsBase + new ByteReader(sec, unit.loclistsBase + 4 * a.value).u32();
  const r = new ByteReader(sec, offset);
  walkV5List(r, unit, DW_LLE, () => r.bytesView(r.uleb()), push, (expression) =>
    out.push({ start: 0, end: Number.POSITIVE_INFINITY, expression, isDefault: true }),
  );
  return out;
}

/** The entry covering DWARF address `address` (bounded entries first, then a default entry). */
export function chooseLocation(entries: readonly LocationListEntry[], address: number): LocationListEntry | undefined {
  let fallback: LocationListEntry | undefined;
  for (const e of entries) {
    if (e.isDefault) fallback ??= e;
    else if (address >= e.start && address < e.end) return e;
  }
  return fallback;
}
