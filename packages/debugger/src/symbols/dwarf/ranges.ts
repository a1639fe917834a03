/**
 * Address range lists: DWARF 4 `.debug_ranges` and DWARF 5 `.debug_rnglists` (incl. rnglistx).
 *
 * Invariants:
 * - Results are DWARF code addresses (code-section-relative), half-open [start, end).
 * - Dead code is dropped, never reported: entries whose start is a linker tombstone
 *   (0xFFFFFFFE in range lists, 0xFFFFFFFF elsewhere — specs-digest §4.2), empty entries, and
 *   entries starting at 0 (the pre-tombstone convention; address 0 is the function-count LEB,
 *   never an instruction).
 */

import { ByteReader } from '../byteReader.ts';
import type { CompileUnit } from './compileUnit.ts';
import { DW_RLE } from './constants.ts';

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
  const size = unit.header.addressSize;
  const out: AddressRange[] = [];
  const push = (start: number, end: number) => {
    if (isLiveRange(start, end)) out.push({ start, end });
  };
  if (unit.version < 5) {
    if (!s.ranges) return out;
    const r = new ByteReader(s.ranges, offsetOrIndex);
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
      if (begin >= 0xfffffffe) continue;
      push(base + begin, base + end);
    }
    return out;
  }
  const sec = s.rnglists;
  if (!sec) return out;
  let offset = offsetOrIndex;
  if (indexed) {
    const at = unit.rnglistsBase + 4 * offsetOrIndex;
    offset = unit.rnglistsBase + new ByteReader(sec, at).u32();
  }
  const r = new ByteReader(sec, offset);
  let base = unit.baseAddress;
  let baseDead = false;
  const addrx = (i: number) => unit.addressAtIndex(i) ?? 0xffffffff;
  for (;;) {
    const kind = r.u8();
    switch (kind) {
      case DW_RLE.end_of_list:
        return out;
      case DW_RLE.base_addressx:
        base = addrx(r.uleb());
        baseDead = base >= 0xfffffffe;
        break;
      case DW_RLE.startx_endx: {
        const a = addrx(r.uleb());
        const b = addrx(r.uleb());
        push(a, b);
        break;
      }
      case DW_RLE.startx_length: {
        const a = addrx(r.uleb());
        push(a, a + r.uleb());
        break;
      }
      case DW_RLE.offset_pair: {
        const a = r.uleb();
        const b = r.uleb();
        if (!baseDead) push(base + a, base + b);
        break;
      }
      case DW_RLE.base_address:
        base = r.unsigned(size);
        baseDead = base >= 0xfffffffe;
        break;
      case DW_RLE.start_end: {
        const a = r.unsigned(size);
        push(a, r.unsigned(size));
        break;
      }
      case DW_RLE.start_length: {
        const a = r.unsigned(size);
        push(a, a + r.uleb());
        break;
      }
      default:
        throw new RangeError(`unknown DW_RLE 0x${kind.toString(16)} at ${r.pos - 1}`);
    }
  }
}

export function rangesContain(ranges: readonly AddressRange[], address: number): boolean {
  for (const r of ranges) if (address >= r.start && address < r.end) return true;
  return false;
}
