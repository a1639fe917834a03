/**
 * Address range lists: DWARF 4 `.debug_ranges` and DWARF 5 `.debug_rnglists` (incl. rnglistx).
 *
 * Invariants:
 * - Results are DWARF code addresses (code-section-relative), half-open [start, end).
 * - Dead code is dropped, never reported: entries whose start is a linker tombstone
 *   (0xFFFFFFFE in range lists, 0xFFFFFFFF elsewhere — WebAssembly tool-conventions, Debugging.md), empty entries, and
 *   entries starting at 0 (the pre-tombstone convention; address 0 is the function-count LEB,
 *   never an instruction).
 */

import { ByteReader } from '../byteReader.ts';
import type { CompileUnit } from './compileUnit.ts';
import { DW_RLE } from './constants.ts';
import { walkV4List, walkV5List } from './addressLists.ts';

export interface AddressRange {
  readonly start: number;
  readonly end: number;
}

export function isLiveRange(start: number, end: number): boolean {
  return start !== 0 && start < 0xfffffffe && end > start && end <= 0xffffffff;
}

/**
 * Reads the range list of `unit` at `offsetOrIndex`: a .debug_ranges offset (v4), a
 * .debug_rnglists offset (v5, DW_FORM_sec_offset) or, when `indexed`, a DW_FORM_rnglistx index.
 */
export function readRangeList(unit: CompileUnit, offsetOrIndex: number, indexed: boolean): AddressRange[] {
  const s = unit.dwarf.sections;
  const out: AddressRange[] = [];
  const push = (start: number, end: number) => {
    if (isLiveRange(start, end)) out.push({ start, end });
  };
  const none = () => undefined;
  if (unit.version < 5) {
    if (s.ranges) walkV4List(new ByteReader(s.ranges, offsetOrIndex), unit, none, push);
    return out;
  }
  const sec = s.rnglists;
  if (!sec) return out;
  let offset = offsetOrIndex;
  if (indexed) offset = unit.rnglistsBase + new ByteReader(sec, unit.rnglistsBase + 4 * offsetOrIndex).u32();
  walkV5List(new ByteReader(sec, offset), unit, DW_RLE, none, push);
  return out;
}

export function rangesContain(ranges: readonly AddressRange[], address: number): boolean {
  for (const r of ranges) if (address >= r.start && address < r.end) return true;
  return false;
}
