/**
 * The two list encodings that range lists and location lists share, walked once for both:
 * DWARF 4 (`.debug_ranges`, `.debug_loc`: address pairs, base-address selection entries, a (0, 0)
 * terminator) and DWARF 5 (`.debug_rnglists`, `.debug_loclists`: typed entries, DW_RLE_* and
 * DW_LLE_*, which differ only in their codes and in loclists' default entry).
 *
 * A location list carries an expression after each entry's addresses (a u16-prefixed block in v4,
 * a uleb-prefixed one in v5); a range list carries nothing: `readPayload` says which.
 * `emit` receives every bounded entry with absolute DWARF addresses; it filters dead code itself.
 * Entries relative to a tombstoned base (dead code) are skipped here.
 */
import type { ByteReader } from '../byteReader.ts';
import type { CompileUnit } from './compileUnit.ts';

export type Emit<T> = (start: number, end: number, payload: T) => void;

/** DWARF 4: (begin, end[, payload]) until (0, 0); begin = max address selects a new base. */
export function walkV4List<T>(r: ByteReader, unit: CompileUnit, readPayload: () => T, emit: Emit<T>): void {
  const size = unit.header.addressSize;
  const maxAddr = size === 8 ? Number.MAX_SAFE_INTEGER : 0xffffffff;
  let base = unit.baseAddress;
  for (;;) {
    const begin = r.unsigned(size);
    const end = r.unsigned(size);
    if (begin === 0 && end === 0) return;
    if (begin === maxAddr) {
      base = end;
      continue;
    }
    const payload = readPayload();
    if (begin < 0xfffffffe) emit(base + begin, base + end, payload);
  }
}

/** The entry codes of a DWARF 5 list section (DW_RLE_* or DW_LLE_*). */
export interface V5ListCodes {
  readonly end_of_list: number;
  readonly base_addressx: number;
  readonly startx_endx: number;
  readonly startx_length: number;
  readonly offset_pair: number;
  readonly base_address: number;
  readonly start_end: number;
  readonly start_length: number;
  readonly default_location?: number;
}

/** DWARF 5: typed entries until end_of_list; `emitDefault` gets a default_location's payload. */
export function walkV5List<T>(
  r: ByteReader,
  unit: CompileUnit,
  codes: V5ListCodes,
  readPayload: () => T,
  emit: Emit<T>,
  emitDefault?: (payload: T) => void,
): void {
  const size = unit.header.addressSize;
  const addrx = (i: number) => unit.addressAtIndex(i) ?? 0xffffffff;
  let base = unit.baseAddress;
  let baseDead = false;
  for (;;) {
    const kind = r.u8();
    switch (kind) {
      case codes.end_of_list:
        return;
      case codes.base_addressx:
        base = addrx(r.uleb());
        baseDead = base >= 0xfffffffe;
        break;
      case codes.base_address:
        base = r.unsigned(size);
        baseDead = base >= 0xfffffffe;
        break;
      case codes.startx_endx: {
        const start = addrx(r.uleb());
        const end = addrx(r.uleb());
        emit(start, end, readPayload());
        break;
      }
      case codes.startx_length: {
        const start = addrx(r.uleb());
        const length = r.uleb();
        emit(start, start + length, readPayload());
        break;
      }
      case codes.offset_pair: {
        const start = r.uleb();
        const end = r.uleb();
        const payload = readPayload();
        if (!baseDead) emit(base + start, base + end, payload);
        break;
      }
      case codes.start_end: {
        const start = r.unsigned(size);
        const end = r.unsigned(size);
        emit(start, end, readPayload());
        break;
      }
      case codes.start_length: {
        const start = r.unsigned(size);
        const length = r.uleb();
        emit(start, start + length, readPayload());
        break;
      }
      default:
        if (kind === codes.default_location && emitDefault) {
          emitDefault(readPayload());
          break;
        }
        throw new RangeError(`unknown list entry kind 0x${kind.toString(16)} at ${r.pos - 1}`);
    }
  }
}
