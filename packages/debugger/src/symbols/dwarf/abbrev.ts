/**
 * .debug_abbrev: abbreviation tables (DWARF 4/5 §7.5.3). A unit's DIEs name an abbreviation code;
 * the table gives the tag, whether children follow, and the (attribute, form) list.
 *
 * Invariants: one table per `debug_abbrev_offset`, parsed once and shared by every unit that names
 * it (the DwarfInfo caches them). DW_FORM_implicit_const stores its value here, not in .debug_info.
 */

import { ByteReader } from '../byteReader.ts';
import { DW_FORM } from './constants.ts';

export interface AttributeSpec {
  readonly at: number;
  readonly form: number;
  /** Only for DW_FORM_implicit_const. */
  readonly implicitConst?: number;
}

export interface Abbreviation {
  readonly code: number;
  readonly tag: number;
  readonly hasChildren: boolean;
  readonly specs: readonly AttributeSpec[];
}

export type AbbreviationTable = Map<number, Abbreviation>;

export function parseAbbreviationTable(section: Uint8Array, offset: number): AbbreviationTable {
  const table: AbbreviationTable = new Map();
  const r = new ByteReader(section, offset);
  for (;;) {
    const code = r.uleb();
    if (code === 0) break;
    const tag = r.uleb();
    const hasChildren = r.u8() !== 0;
    const specs: AttributeSpec[] = [];
    for (;;) {
      const at = r.uleb();
      const form = r.uleb();
      if (at === 0 && form === 0) break;
      if (form === DW_FORM.implicit_const) specs.push({ at, form, implicitConst: r.sleb() });
      else specs.push({ at, form });
    }
    table.set(code, { code, tag, hasChildren, specs });
  }
  return table;
}
