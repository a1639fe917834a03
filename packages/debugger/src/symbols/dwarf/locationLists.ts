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
  const size = unit.header.addressSize;
  const out: LocationListEntry[] = [];
  const push = (start: number, end: number, expression: Uint8Array) => {
    if (isLiveRange(start, end)) out.push({ start, end, expression });
  };
  if (unit.version < 5) {
    if (!s.loc || typeof a.value !== 'number') return out;
    const r = new ByteReader(s.loc, a.value);
    const maxAddr = size === 8 ? Number.MAX_SAFE_INTEGER : 0xffffffff;
    let base = unit.baseAddress;
    for (;;) {
      const begin = r.unsigned(size);
      const end = r.unsigned(size);
      if (begin === 0 && end === 0) break;
      if (begin === maxAddr) {
        base = end;
        continue;
      }
      const expr = r.bytesView(r.u16());
      if (begin >= 0xfffffffe) continue;
      push(base + begin, base + end, expr);
    }
    return out;
  }
  const sec = s.loclists;
  if (!sec || typeof a.value !== 'number') return out;
  let offset = a.value;
  if (a.form === DW_FORM.loclistx) {
    offset = unit.loclistsBase + new ByteReader(sec, unit.loclistsBase + 4 * a.value).u32();
  }
  const r = new ByteReader(sec, offset);
  let base = unit.baseAddress;
  let baseDead = false;
  const addrx = (i: number) => unit.addressAtIndex(i) ?? 0xffffffff;
  const expr = () => r.bytesView(r.uleb());
  for (;;) {
    const kind = r.u8();
    switch (kind) {
      case DW_LLE.end_of_list:
        return out;
      case DW_LLE.base_addressx:
        base = addrx(r.uleb());
        baseDead = base >= 0xfffffffe;
        break;
      case DW_LLE.startx_endx: {
        const a0 = addrx(r.uleb());
        const b0 = addrx(r.uleb());
        push(a0, b0, expr());
        break;
      }
      case DW_LLE.startx_length: {
        const a0 = addrx(r.uleb());
        const len = r.uleb();
        push(a0, a0 + len, expr());
        break;
      }
      case DW_LLE.offset_pair: {
        const a0 = r.uleb();
        const b0 = r.uleb();
        const e = expr();
        if (!baseDead) push(base + a0, base + b0, e);
        break;
      }
      case DW_LLE.default_location:
        out.push({ start: 0, end: Number.POSITIVE_INFINITY, expression: expr(), isDefault: true });
        break;
      case DW_LLE.base_address:
        base = r.unsigned(size);
        baseDead = base >= 0xfffffffe;
        break;
      case DW_LLE.start_end: {
        const a0 = r.unsigned(size);
        const b0 = r.unsigned(size);
        push(a0, b0, expr());
        break;
      }
      case DW_LLE.start_length: {
        const a0 = r.unsigned(size);
        const len = r.uleb();
        push(a0, a0 + len, expr());
        break;
      }
      default:
        throw new RangeError(`unknown DW_LLE 0x${kind.toString(16)} at ${r.pos - 1}`);
    }
  }
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
