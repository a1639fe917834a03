/**
 * Parsers for the committed llvm-dwarfdump 14 text dumps (fixtures/<name>/*.debug-line.txt and
 * *.debug-info.txt, written by fixtures/<name>/build.sh). The tests compare our reader with these
 * dumps, so the oracle is the LLVM implementation and the tests need no toolchain.
 */

import { readFileSync } from 'node:fs';
import type { LineProgram, LineRow } from '../../src/symbols/dwarf/lineProgram.ts';
import type { DwarfInfo } from '../../src/symbols/dwarf/dwarfInfo.ts';
import { DW_AT } from '../../src/symbols/dwarf/constants.ts';

export interface DumpLineRow {
  address: number;
  line: number;
  column: number;
  file: number;
  isa: number;
  discriminator: number;
  flags: Set<string>;
}

export interface DumpLineTable {
  offset: number;
  version: number;
  includeDirectories: Map<number, string>;
  files: Map<number, { name: string; dirIndex: number }>;
  rows: DumpLineRow[];
}

export function parseLineDump(path: string): DumpLineTable[] {
  const out: DumpLineTable[] = [];
  let cur: DumpLineTable | undefined;
  let pendingFile: number | undefined;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    let m = /^debug_line\[0x([0-9a-f]+)\]/.exec(line);
    if (m) {
      cur = { offset: parseInt(m[1], 16), version: 0, includeDirectories: new Map(), files: new Map(), rows: [] };
      out.push(cur);
      continue;
    }
    if (!cur) continue;
    if ((m = /^\s+version: (\d+)/.exec(line))) cur.version = Number(m[1]);
    else if ((m = /^include_directories\[\s*(\d+)\] = "(.*)"$/.exec(line))) cur.includeDirectories.set(Number(m[1]), m[2]);
    else if ((m = /^file_names\[\s*(\d+)\]:/.exec(line))) pendingFile = Number(m[1]);
    else if ((m = /^\s+name: "(.*)"$/.exec(line)) && pendingFile !== undefined) cur.files.set(pendingFile, { name: m[1], dirIndex: 0 });
    else if ((m = /^\s+dir_index: (\d+)/.exec(line)) && pendingFile !== undefined) cur.files.get(pendingFile)!.dirIndex = Number(m[1]);
    else if ((m = /^0x([0-9a-f]{16})\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*(.*)$/.exec(line))) {
      cur.rows.push({
        address: parseInt(m[1], 16),
        line: Number(m[2]),
        column: Number(m[3]),
        file: Number(m[4]),
        isa: Number(m[5]),
        discriminator: Number(m[6]),
        flags: new Set(m[7].split(/\s+/).filter(Boolean)),
      });
    }
  }
  return out;
}

export interface DumpDie {
  offset: number;
  tag: string;
  depth: number;
  parent: DumpDie | undefined;
  /** Attribute name → raw text inside the outer parentheses (multi-line values joined with '\n'). */
  attrs: Map<string, string>;
  attrOrder: string[];
  unitOffset: number;
  unitVersion: number;
}

export interface DumpUnit {
  offset: number;
  version: number;
  dies: DumpDie[];
}

export function parseInfoDump(path: string): DumpUnit[] {
  const units: DumpUnit[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  let unit: DumpUnit | undefined;
  let die: DumpDie | undefined;
  const stack: DumpDie[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let m = /^0x([0-9a-f]{8}): Compile Unit: .*version = 0x([0-9a-f]+)/.exec(line);
    if (m) {
      unit = { offset: parseInt(m[1], 16), version: parseInt(m[2], 16), dies: [] };
      units.push(unit);
      stack.length = 0;
      die = undefined;
      continue;
    }
    if (!unit) continue;
    m = /^0x([0-9a-f]{8}):( +)(DW_TAG_\w+|NULL)/.exec(line);
    if (m) {
      const depth = (m[2].length - 1) / 2;
      stack.length = depth;
      if (m[3] === 'NULL') {
        die = undefined;
        continue;
      }
      die = {
        offset: parseInt(m[1], 16),
        tag: m[3],
        depth,
        parent: depth > 0 ? stack[depth - 1] : undefined,
        attrs: new Map(),
        attrOrder: [],
        unitOffset: unit.offset,
        unitVersion: unit.version,
      };
      stack[depth] = die;
      unit.dies.push(die);
      continue;
    }
    m = /^\s+(DW_AT_\w+)\t\((.*)$/.exec(line);
    if (m && die) {
      let text = m[2];
      // Balance parentheses (strings may contain them; dumps quote them, so skip quoted text).
      while (depthOf(text) > 0 && i + 1 < lines.length) text += '\n' + lines[++i].trim();
      die.attrs.set(m[1], text.slice(0, -1));
      die.attrOrder.push(m[1]);
    }
  }
  return units;
}

function depthOf(text: string): number {
  let d = 1;
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '(' || c === '[')) d++;
    else if (!quoted && c === ')') d--;
  }
  return d;
}

/** "[0x000001fa, 0x000001fc): DW_OP_..." lines of a location/range list value. */
export function parseListEntries(text: string): { start: number; end: number; rest: string }[] {
  const out: { start: number; end: number; rest: string }[] = [];
  for (const m of text.matchAll(/\[0x([0-9a-f]+), 0x([0-9a-f]+)\)(?:: ([^\n]*))?/g)) {
    out.push({ start: parseInt(m[1], 16), end: parseInt(m[2], 16), rest: m[3] ?? '' });
  }
  return out;
}

/** Line-table rows as text, ours and the dump's alike (address line:column file discriminator flags). */
export function lineRowsText(rows: readonly LineRow[]): string[] {
  const flags = (r: LineRow) =>
    [
      r.isStmt && 'is_stmt',
      r.basicBlock && 'basic_block',
      r.endSequence && 'end_sequence',
      r.prologueEnd && 'prologue_end',
      r.epilogueBegin && 'epilogue_begin',
    ].filter(Boolean);
  return rows.map((r) => `${r.address.toString(16)} ${r.line}:${r.column} f${r.file} d${r.discriminator} ${flags(r).join(' ')}`);
}
export function dumpRowsText(table: DumpLineTable): string[] {
  return table.rows.map((r) => `${r.address.toString(16)} ${r.line}:${r.column} f${r.file} d${r.discriminator} ${[...r.flags].join(' ')}`);
}

/** Our unit and line program for a table of the dump (matched by .debug_line offset). */
export function lineProgramOf(dwarf: DwarfInfo, table: DumpLineTable) {
  const unit = dwarf.units().find((u) => u.root.unsigned(DW_AT.stmt_list) === table.offset)!;
  return { unit, program: unit.lineProgram() as LineProgram };
}
