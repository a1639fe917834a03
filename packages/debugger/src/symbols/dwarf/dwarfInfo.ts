/**
 * DwarfInfo: the lazy index over a module's DWARF sections.
 *
 * Laziness contract (tested): constructing a DwarfInfo parses nothing. The first query that needs
 * units scans unit HEADERS only (unit_length hops); finding the unit for an address reads each
 * unit's TOP DIE (name, comp_dir, low_pc/high_pc/ranges) — or .debug_aranges when present —
 * and only the unit(s) covering the address get their full DIE tree (`CompileUnit.dies()`) or
 * line program parsed. `stats` counts each stage so tests and benchmarks can check it.
 *
 * Invariants: all addresses here are DWARF addresses (code-section-relative). Malformed units are
 * skipped and reported in `problems`; no query throws because of bad DWARF.
 */

import { ByteReader } from '../byteReader.ts';
import type { DwarfSections } from '../wasmSections.ts';
import { parseAbbreviationTable } from './abbrev.ts';
import type { AbbreviationTable } from './abbrev.ts';
import { CompileUnit, readUnitHeader } from './compileUnit.ts';
import { DW_AT } from './constants.ts';
import type { Die } from './die.ts';
import { parseLineProgram } from './lineProgram.ts';
import type { LineProgram } from './lineProgram.ts';
import { rangesContain } from './ranges.ts';

export interface DwarfStats {
  /** Unit headers read (one scan over .debug_info). */
  unitHeadersScanned: number;
  /** Top DIEs read (to learn a unit's ranges, name, line program). */
  unitRootsRead: number;
  /** Full DIE trees parsed. */
  unitsParsed: number;
  /** Line-number programs run. */
  lineProgramsParsed: number;
}

interface ArangeEntry {
  readonly start: number;
  readonly end: number;
  readonly unitOffset: number;
}

export class DwarfInfo {
  readonly stats: DwarfStats = { unitHeadersScanned: 0, unitRootsRead: 0, unitsParsed: 0, lineProgramsParsed: 0 };
  readonly problems: string[] = [];
  private unitList: CompileUnit[] | undefined;
  private readonly abbrevCache = new Map<number, AbbreviationTable>();
  private readonly lineCache = new Map<number, LineProgram>();
  private aranges: ArangeEntry[] | null | undefined;

  constructor(readonly sections: DwarfSections) {}

  /** All compile units (headers only until something asks for more). */
  units(): readonly CompileUnit[] {
    if (this.unitList) return this.unitList;
    const list: CompileUnit[] = [];
    const info = this.sections.info;
    const abbrev = this.sections.abbrev;
    if (info && abbrev) {
      let offset = 0;
      while (offset + 11 <= info.length) {
        try {
          const header = readUnitHeader(info, offset);
          this.stats.unitHeadersScanned++;
          if (header.unitType === 1 || header.unitType === 3) {
            list.push(new CompileUnit(this, header, this.abbrevTable(header.abbrevOffset)));
          }
          offset = header.end;
        } catch (e) {
          this.problems.push(`.debug_info at ${offset}: ${(e as Error).message}`);
          break;
        }
      }
    }
    this.unitList = list;
    return list;
  }

  abbrevTable(offset: number): AbbreviationTable {
    let t = this.abbrevCache.get(offset);
    if (!t) {
      t = parseAbbreviationTable(this.sections.abbrev ?? new Uint8Array(0), offset);
      this.abbrevCache.set(offset, t);
    }
    return t;
  }

  /** Units whose code ranges contain the DWARF address (usually one). */
  unitsForAddress(address: number): CompileUnit[] {
    const ar = this.arangeIndex();
    if (ar) {
      const hits = new Set<number>();
      for (const e of ar) if (address >= e.start && address < e.end) hits.add(e.unitOffset);
      return this.units().filter((u) => hits.has(u.offset));
    }
    const out: CompileUnit[] = [];
    for (const u of this.units()) {
      try {
        if (rangesContain(u.ranges(), address)) out.push(u);
      } catch (e) {
        this.problems.push(`unit ${u.offset}: ${(e as Error).message}`);
      }
    }
    return out;
  }

  unitContaining(dieOffset: number): CompileUnit | undefined {
    const units = this.units();
    let lo = 0;
    let hi = units.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const u = units[mid];
      if (dieOffset < u.header.offset) hi = mid - 1;
      else if (dieOffset >= u.header.end) lo = mid + 1;
      else return u;
    }
    return undefined;
  }

  dieAtOffset(offset: number): Die | undefined {
    const u = this.unitContaining(offset);
    return u ? u.dieAtOffset(offset) : undefined;
  }

  lineProgramAt(offset: number, unit: CompileUnit): LineProgram {
    let p = this.lineCache.get(offset);
    if (!p) {
      p = parseLineProgram(this.sections, offset, {
        compDir: unit.compDir,
        unitName: unit.root.string(DW_AT.name),
        addressSize: unit.header.addressSize,
      });
      this.stats.lineProgramsParsed++;
      this.lineCache.set(offset, p);
    }
    return p;
  }

  /** .debug_aranges as a flat list, or null when the section is absent/empty/unreadable. */
  private arangeIndex(): ArangeEntry[] | null {
    if (this.aranges !== undefined) return this.aranges;
    this.aranges = null;
    const sec = this.sections.aranges;
    if (!sec || sec.length === 0) return null;
    const out: ArangeEntry[] = [];
    try {
      let offset = 0;
      while (offset < sec.length) {
        const r = new ByteReader(sec, offset);
        const length = r.u32();
        const end = r.pos + length;
        r.u16(); // version
        const unitOffset = r.u32();
        const addressSize = r.u8();
        r.u8(); // segment selector size
        const tuple = 2 * addressSize;
        const rel = r.pos - offset;
        if (rel % tuple !== 0) r.skip(tuple - (rel % tuple));
        while (r.pos + tuple <= end) {
          const start = r.unsigned(addressSize);
          const len = r.unsigned(addressSize);
          if (start === 0 && len === 0) break;
          if (start !== 0 && start < 0xfffffffe && len > 0) out.push({ start, end: start + len, unitOffset });
        }
        offset = end;
      }
    } catch (e) {
      this.problems.push(`.debug_aranges: ${(e as Error).message}`);
      return null;
    }
    if (out.length > 0) this.aranges = out;
    return this.aranges;
  }
}
