/**
 * The line-number program reader against llvm-dwarfdump --debug-line, row for row, for every
 * line table of every build (our two units plus wasi-libc's, DWARF 4 and 5 mixed).
 */

import { describe, expect, it } from 'vitest';
import { DwarfInfo } from '../../src/symbols/dwarf/dwarfInfo.ts';
import { DW_AT } from '../../src/symbols/dwarf/constants.ts';
import { LineTable } from '../../src/symbols/dwarf/lineTable.ts';
import { dwarfSections, findWasmSections } from '../../src/symbols/wasmSections.ts';
import { joinPath } from '../../src/symbols/paths.ts';
import { dumpRowsText, lineProgramOf, lineRowsText, parseLineDump } from './dwarfdumpOracle.ts';
import { SHAPES_BUILDS, shapesDump, shapesWasm } from './fixtures.ts';

describe.each(SHAPES_BUILDS)('line programs of $name', ({ name }) => {
  const bytes = shapesWasm(name);
  const index = findWasmSections(bytes);
  const dwarf = new DwarfInfo(dwarfSections(index));
  const dump = parseLineDump(shapesDump(name, 'debug-line'));

  it('has one line program per unit, at the offsets llvm-dwarfdump lists', () => {
    const ours = dwarf.units().map((u) => u.root.unsigned(DW_AT.stmt_list));
    expect(ours).toEqual(dump.map((t) => t.offset));
  });

  it('produces the same rows as llvm-dwarfdump (dead sequences dropped)', () => {
    let total = 0;
    for (const table of dump) {
      const { program } = lineProgramOf(dwarf, table);
      expect(program.version).toBe(table.version);
      const rows = program.sequences.flatMap((s) => s.rows);
      expect(lineRowsText(rows)).toEqual(dumpRowsText(table));
      total += rows.length;
    }
    expect(total).toBeGreaterThan(500);
  });

  it('resolves the file table like the dump (comp_dir + include directory + name)', () => {
    for (const table of dump) {
      const { unit, program } = lineProgramOf(dwarf, table);
      for (const [i, f] of table.files) {
        const dir = table.version >= 5 ? table.includeDirectories.get(f.dirIndex) : f.dirIndex === 0 ? undefined : table.includeDirectories.get(f.dirIndex);
        const compDir = table.version >= 5 ? table.includeDirectories.get(0) : unit.compDir;
        expect(program.files[i]?.name).toBe(f.name);
        expect(program.files[i]?.path).toBe(joinPath(compDir, dir, f.name));
      }
    }
  });

  it('counts dead (tombstoned) sequences instead of keeping them', () => {
    const dead = dwarf.units().reduce((n, u) => n + (u.lineProgram()?.deadSequences ?? 0), 0);
    expect(dead).toBeGreaterThan(0);
  });

  it('converts addresses to module offsets with the code-section rule', () => {
    const unit = dwarf.units()[1];
    const table = new LineTable(unit.lineProgram()!, index.codePayloadStart!);
    const firstDump = dump.find((t) => t.offset === unit.root.unsigned(DW_AT.stmt_list))!.rows[0];
    expect(table.sequences[0].rows[0].address).toBe(firstDump.address + index.codePayloadStart!);
  });
});
