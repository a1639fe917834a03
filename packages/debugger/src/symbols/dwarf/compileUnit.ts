/**
 * CompileUnit: one unit of .debug_info (DWARF 4 or 5, 32-bit format), parsed in two stages:
 * the header and the top DIE (enough to learn the unit's name, comp_dir, address ranges, line
 * program offset and the DWARF 5 bases), and — only when a query needs it — the whole DIE tree.
 *
 * Invariants:
 * - `dies()` parses the tree at most once and bumps `DwarfInfo.stats.unitsParsed`; the top DIE
 *   object is reused as the tree's root.
 * - References (`refN`) are stored as absolute .debug_info offsets; `dieAtOffset` resolves them in
 *   this unit, or asks the DwarfInfo for another unit (DW_FORM_ref_addr).
 * - 64-bit DWARF (unit_length 0xffffffff) is rejected by the header reader: wasm32 toolchains
 *   emit only the 32-bit format.
 */

import { ByteReader, cstringAt } from '../byteReader.ts';
import type { AbbreviationTable } from './abbrev.ts';
import { DW_AT, DW_FORM, DW_TAG, TOMBSTONE_ADDRESS } from './constants.ts';
import { Die, isConstantForm } from './die.ts';
import type { Attribute, AttributeValue } from './die.ts';
import type { DwarfInfo } from './dwarfInfo.ts';
import type { LineProgram } from './lineProgram.ts';
import { readRangeList } from './ranges.ts';
import type { AddressRange } from './ranges.ts';

export interface UnitHeader {
  /** Offset of the unit header in .debug_info. */
  readonly offset: number;
  readonly version: number;
  readonly unitType: number;
  readonly addressSize: number;
  readonly abbrevOffset: number;
  /** Offset of the first DIE. */
  readonly firstDieOffset: number;
  /** Offset one past the unit. */
  readonly end: number;
}

/** Reads the unit header at `offset`; throws RangeError on truncation or 64-bit DWARF. */
export function readUnitHeader(info: Uint8Array, offset: number): UnitHeader {
  const r = new ByteReader(info, offset);
  const length = r.u32();
  if (length >= 0xfffffff0) throw new RangeError(`64-bit DWARF unit at ${offset} is not supported`);
  const end = r.pos + length;
  if (end > info.length) throw new RangeError(`unit at ${offset} runs past .debug_info`);
  const version = r.u16();
  let unitType = 1;
  let addressSize: number;
  let abbrevOffset: number;
  if (version >= 5) {
    unitType = r.u8();
    addressSize = r.u8();
    abbrevOffset = r.u32();
    // Skeleton/split units carry a dwo_id; type units a signature and type offset.
    if (unitType === 4 || unitType === 5) r.skip(8);
    else if (unitType === 2 || unitType === 6) r.skip(12);
  } else if (version >= 2) {
    abbrevOffset = r.u32();
    addressSize = r.u8();
  } else {
    throw new RangeError(`unsupported DWARF version ${version} at ${offset}`);
  }
  return { offset, version, unitType, addressSize, abbrevOffset, firstDieOffset: r.pos, end };
}

export class CompileUnit {
  private rootDie: Die | undefined;
  private rootEnd = 0;
  private parsed = false;
  private byOffset: Map<number, Die> | undefined;
  private lineProgramCache: LineProgram | null | undefined;
  private rangesCache: AddressRange[] | undefined;
  /** Resolved DWARF 5 bases (from the top DIE). */
  strOffsetsBase = 8;
  addrBase = 8;
  rnglistsBase = 12;
  loclistsBase = 12;
  /** Problems met while parsing this unit (bad forms, truncation); never thrown. */
  readonly problems: string[] = [];

  constructor(
    readonly dwarf: DwarfInfo,
    readonly header: UnitHeader,
    readonly abbrevs: AbbreviationTable,
  ) {}

  get version(): number {
    return this.header.version;
  }

  get offset(): number {
    return this.header.offset;
  }

  /** The unit's top DIE (DW_TAG_compile_unit), parsed on first access without its children. */
  get root(): Die {
    if (!this.rootDie) {
      const r = new ByteReader(this.dwarf.sections.info ?? new Uint8Array(0), this.header.firstDieOffset, this.header.end);
      const die = this.readDie(r);
      if (!die) throw new RangeError(`unit at ${this.offset} has no top DIE`);
      this.dwarf.stats.unitRootsRead++;
      this.rootDie = die;
      this.rootEnd = r.pos;
      const b = (at: number) => {
        const a = die.attr(at);
        return a && typeof a.value === 'number' ? a.value : undefined;
      };
      this.strOffsetsBase = b(DW_AT.str_offsets_base) ?? 8;
      this.addrBase = b(DW_AT.addr_base) ?? 8;
      this.rnglistsBase = b(DW_AT.rnglists_base) ?? 12;
      this.loclistsBase = b(DW_AT.loclists_base) ?? 12;
    }
    return this.rootDie;
  }

  get isParsed(): boolean {
    return this.parsed;
  }

  get name(): string | undefined {
    return this.root.string(DW_AT.name);
  }

  get compDir(): string | undefined {
    return this.root.string(DW_AT.comp_dir);
  }

  /** Base address for range/location lists (the top DIE's low_pc, 0 when absent). */
  get baseAddress(): number {
    return this.root.address(DW_AT.low_pc) ?? 0;
  }

  /** Code ranges (DWARF addresses) of the unit, dead ranges dropped. */
  ranges(): AddressRange[] {
    if (!this.rangesCache) this.rangesCache = this.dieRanges(this.root);
    return this.rangesCache;
  }

  /** Ranges of any DIE with low_pc/high_pc or DW_AT_ranges; [] for dead or code-less DIEs. */
  dieRanges(die: Die): AddressRange[] {
    const ranges = die.attr(DW_AT.ranges);
    if (ranges) {
      let offset: number | undefined;
      let indexed = false;
      if (ranges.form === DW_FORM.rnglistx && typeof ranges.value === 'number') {
        offset = ranges.value;
        indexed = true;
      } else if (typeof ranges.value === 'number') offset = ranges.value;
      if (offset === undefined) return [];
      try {
        return readRangeList(this, offset, indexed);
      } catch (e) {
        this.problems.push(`range list of DIE ${die.offset}: ${(e as Error).message}`);
        return [];
      }
    }
    const low = die.address(DW_AT.low_pc);
    if (low === undefined || low === TOMBSTONE_ADDRESS || low === 0xfffffffe) return [];
    const highAttr = die.attr(DW_AT.high_pc);
    if (!highAttr) return [];
    let high: number | undefined;
    if (isConstantForm(highAttr.form)) high = low + Number(highAttr.value);
    else high = this.resolveAddress(highAttr);
    if (high === undefined || high <= low) return [];
    if (low === 0 && die.tag !== DW_TAG.compile_unit) return []; // pre-tombstone toolchains used 0
    return [{ start: low, end: high }];
  }

  /** Full DIE tree (parses on first call). */
  dies(): Die {
    const root = this.root;
    if (this.parsed) return root;
    this.parsed = true;
    this.dwarf.stats.unitsParsed++;
    this.byOffset = new Map([[root.offset, root]]);
    if (!root.hasChildren) return root;
    const r = new ByteReader(this.dwarf.sections.info ?? new Uint8Array(0), this.rootEnd, this.header.end);
    const stack: Die[] = [root];
    try {
      while (stack.length > 0 && !r.atEnd) {
        const die = this.readDie(r);
        if (!die) {
          stack.pop();
          continue;
        }
        const parent = stack[stack.length - 1];
        die.parent = parent;
        parent.children.push(die);
        this.byOffset.set(die.offset, die);
        if (die.hasChildren) stack.push(die);
      }
    } catch (e) {
      this.problems.push(`DIE tree of unit ${this.offset} truncated: ${(e as Error).message}`);
    }
    return root;
  }

  dieAtOffset(offset: number): Die | undefined {
    if (offset >= this.header.offset && offset < this.header.end) {
      this.dies();
      return this.byOffset?.get(offset);
    }
    return this.dwarf.dieAtOffset(offset);
  }

  /** The unit's line program (parsed on first call), or undefined without DW_AT_stmt_list. */
  lineProgram(): LineProgram | undefined {
    if (this.lineProgramCache === undefined) {
      const stmt = this.root.attr(DW_AT.stmt_list);
      const line = this.dwarf.sections.line;
      this.lineProgramCache = null;
      if (stmt && typeof stmt.value === 'number' && line) {
        try {
          this.lineProgramCache = this.dwarf.lineProgramAt(stmt.value, this);
        } catch (e) {
          this.problems.push(`line program at ${stmt.value}: ${(e as Error).message}`);
        }
      }
    }
    return this.lineProgramCache ?? undefined;
  }

  /** Path of file number `index` as used by DW_AT_decl_file / call_file (line-table numbering). */
  fileName(index: number | undefined): string | undefined {
    if (index === undefined) return undefined;
    return this.lineProgram()?.files[index]?.path;
  }

  resolveString(a: Attribute): string | undefined {
    const s = this.dwarf.sections;
    switch (a.form) {
      case DW_FORM.string:
        return a.value as string;
      case DW_FORM.strp:
        return cstringAt(s.str, a.value as number);
      case DW_FORM.line_strp:
        return cstringAt(s.lineStr, a.value as number);
      case DW_FORM.strx:
      case DW_FORM.strx1:
      case DW_FORM.strx2:
      case DW_FORM.strx3:
      case DW_FORM.strx4:
      case DW_FORM.GNU_str_index: {
        const so = s.strOffsets;
        const at = this.strOffsetsBase + 4 * (a.value as number);
        if (!so || at + 4 > so.length) return undefined;
        return cstringAt(s.str, new ByteReader(so, at).u32());
      }
      default:
        return undefined;
    }
  }

  resolveAddress(a: Attribute): number | undefined {
    if (a.form === DW_FORM.addr) return a.value as number;
    if (
      a.form === DW_FORM.addrx ||
      a.form === DW_FORM.addrx1 ||
      a.form === DW_FORM.addrx2 ||
      a.form === DW_FORM.addrx3 ||
      a.form === DW_FORM.addrx4 ||
      a.form === DW_FORM.GNU_addr_index
    ) {
      return this.addressAtIndex(a.value as number);
    }
    return undefined;
  }

  /** Entry `index` of this unit's .debug_addr table. */
  addressAtIndex(index: number): number | undefined {
    const addr = this.dwarf.sections.addr;
    const size = this.header.addressSize;
    const at = this.addrBase + index * size;
    if (!addr || at + size > addr.length) return undefined;
    return new ByteReader(addr, at).unsigned(size);
  }

  /** Reads one DIE at r.pos; returns undefined for a null entry (end of siblings). */
  private readDie(r: ByteReader): Die | undefined {
    const offset = r.pos;
    const code = r.uleb();
    if (code === 0) return undefined;
    const abbrev = this.abbrevs.get(code);
    if (!abbrev) throw new RangeError(`unknown abbreviation code ${code} at DIE ${offset}`);
    const attributes: Attribute[] = new Array(abbrev.specs.length);
    for (let i = 0; i < abbrev.specs.length; i++) {
      const spec = abbrev.specs[i];
      let form = spec.form;
      while (form === DW_FORM.indirect) form = r.uleb();
      const value = form === DW_FORM.implicit_const ? (spec.implicitConst ?? 0) : this.readForm(r, form);
      attributes[i] = { at: spec.at, form, value };
    }
    return new Die(this, offset, abbrev.tag, abbrev.hasChildren, attributes);
  }

  private readForm(r: ByteReader, form: number): AttributeValue {
    const addressSize = this.header.addressSize;
    switch (form) {
      case DW_FORM.addr:
        return r.unsigned(addressSize);
      case DW_FORM.data1:
      case DW_FORM.ref1:
      case DW_FORM.flag:
      case DW_FORM.strx1:
      case DW_FORM.addrx1:
        return form === DW_FORM.ref1 ? this.offset + r.u8() : r.u8();
      case DW_FORM.data2:
      case DW_FORM.ref2:
      case DW_FORM.strx2:
      case DW_FORM.addrx2:
        return form === DW_FORM.ref2 ? this.offset + r.u16() : r.u16();
      case DW_FORM.strx3:
      case DW_FORM.addrx3:
        return r.u24();
      case DW_FORM.data4:
      case DW_FORM.ref4:
      case DW_FORM.strx4:
      case DW_FORM.addrx4:
        return form === DW_FORM.ref4 ? this.offset + r.u32() : r.u32();
      case DW_FORM.data8:
      case DW_FORM.ref_sig8:
        return r.u64();
      case DW_FORM.ref8:
        return this.offset + Number(r.u64());
      case DW_FORM.data16:
        return r.bytesView(16);
      case DW_FORM.sdata:
        return r.sleb();
      case DW_FORM.udata:
      case DW_FORM.strx:
      case DW_FORM.addrx:
      case DW_FORM.loclistx:
      case DW_FORM.rnglistx:
      case DW_FORM.GNU_addr_index:
      case DW_FORM.GNU_str_index:
        return r.uleb();
      case DW_FORM.ref_udata:
        return this.offset + r.uleb();
      case DW_FORM.string:
        return r.cstring();
      case DW_FORM.strp:
      case DW_FORM.line_strp:
      case DW_FORM.sec_offset:
      case DW_FORM.strp_sup:
      case DW_FORM.ref_sup4:
        return r.u32();
      case DW_FORM.ref_sup8:
        return Number(r.u64());
      case DW_FORM.ref_addr:
        // DWARF 2 used the address size here; 3+ the offset size (4 in 32-bit DWARF).
        return this.version <= 2 ? r.unsigned(addressSize) : r.u32();
      case DW_FORM.flag_present:
        return 1;
      case DW_FORM.block1:
        return r.bytesView(r.u8());
      case DW_FORM.block2:
        return r.bytesView(r.u16());
      case DW_FORM.block4:
        return r.bytesView(r.u32());
      case DW_FORM.block:
      case DW_FORM.exprloc:
        return r.bytesView(r.uleb());
      default:
        throw new RangeError(`unknown DW_FORM 0x${form.toString(16)} at ${r.pos}`);
    }
  }
}

/** Whether a DIE's address attribute is a linker tombstone for dead code. */
export function isDeadAddress(address: number | undefined): boolean {
  return address === TOMBSTONE_ADDRESS || address === 0xfffffffe;
}

