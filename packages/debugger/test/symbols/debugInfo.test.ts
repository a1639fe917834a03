/**
 * The DIE reader against llvm-dwarfdump --debug-info: every DIE of every unit (tags, nesting,
 * attribute lists in order) and the VALUES of the attributes a debugger uses — names, files and
 * lines, addresses (incl. dead code), high_pc, constants, references, exprloc expressions,
 * location lists and range lists (v4 .debug_loc/.debug_ranges and v5 .debug_loclists/
 * .debug_rnglists, indexed forms included) — plus type names printed by our type model.
 */

import { describe, expect, it } from 'vitest';
import { AT_NAMES, DW_AT, DW_FORM, tagName } from '../../src/symbols/dwarf/constants.ts';
import type { CompileUnit } from '../../src/symbols/dwarf/compileUnit.ts';
import type { Die } from '../../src/symbols/dwarf/die.ts';
import { isConstantForm, isReferenceForm } from '../../src/symbols/dwarf/die.ts';
import { DwarfInfo } from '../../src/symbols/dwarf/dwarfInfo.ts';
import { describeExpression } from '../../src/symbols/dwarf/expression.ts';
import { isLocationListAttribute, readLocationList } from '../../src/symbols/dwarf/locationLists.ts';
import { isLiveRange } from '../../src/symbols/dwarf/ranges.ts';
import { readType, typeName } from '../../src/symbols/dwarf/types.ts';
import { normalizePath } from '../../src/symbols/paths.ts';
import { dwarfSections, findWasmSections } from '../../src/symbols/wasmSections.ts';
import { parseInfoDump, parseListEntries } from './dwarfdumpOracle.ts';
import type { DumpDie } from './dwarfdumpOracle.ts';
import { SHAPES_BUILDS, shapesDump, shapesWasm } from './fixtures.ts';

function* preorder(die: Die): Iterable<{ die: Die; depth: number }> {
  const stack: { die: Die; depth: number }[] = [{ die, depth: 0 }];
  while (stack.length) {
    const top = stack.pop()!;
    yield top;
    for (let i = top.die.children.length - 1; i >= 0; i--) stack.push({ die: top.die.children[i], depth: top.depth + 1 });
  }
}

const hex8 = (n: number) => '0x' + n.toString(16).padStart(8, '0');
const stripConvertNames = (s: string) => s.replace(/ "DW_ATE_\w+"/g, '');

describe.each(SHAPES_BUILDS)('DIEs of $name', ({ name }) => {
  const index = findWasmSections(shapesWasm(name));
  const dwarf = new DwarfInfo(dwarfSections(index));
  const dump = parseInfoDump(shapesDump(name, 'debug-info'));
  const ours = new Map<number, { die: Die; depth: number }>();
  for (const u of dwarf.units()) for (const e of preorder(u.dies())) ours.set(e.die.offset, e);
  const dumpDies = dump.flatMap((u) => u.dies);
  const checked = new Map<string, number>();
  const count = (what: string) => checked.set(what, (checked.get(what) ?? 0) + 1);

  it('reads the same units (offsets, versions)', () => {
    expect(dwarf.units().map((u) => [u.offset, u.version])).toEqual(dump.map((u) => [u.offset, u.version]));
    expect(dwarf.problems).toEqual([]);
  });

  it('reads the same DIE tree: offsets, tags, nesting, attribute lists', () => {
    expect([...ours.keys()]).toEqual(dumpDies.map((d) => d.offset));
    for (const d of dumpDies) {
      const o = ours.get(d.offset)!;
      expect(tagName(o.die.tag), hex8(d.offset)).toBe(d.tag);
      expect(o.depth).toBe(d.depth);
      expect(o.die.parent?.offset).toBe(d.parent?.offset);
      expect(o.die.attributes.map((a) => AT_NAMES.get(a.at) ?? '?')).toEqual(d.attrOrder);
    }
  });

  it('decodes attribute values like llvm-dwarfdump', () => {
    for (const d of dumpDies) {
      const die = ours.get(d.offset)!.die;
      for (const [atName, text] of d.attrs) checkAttribute(die, d, atName, text, count);
    }
    // Each family of checks really ran.
    for (const what of ['string', 'file', 'address', 'deadAddress', 'highPc', 'constant', 'reference', 'typeName', 'expression', 'locationList', 'rangeList'])
      expect(checked.get(what) ?? 0, what).toBeGreaterThan(0);
  });
});

function checkAttribute(die: Die, d: DumpDie, atName: string, text: string, count: (w: string) => void): void {
  const at = [...AT_NAMES].find(([, n]) => n === atName)?.[0];
  if (at === undefined) return;
  const a = die.attr(at)!;
  const where = `${hex8(d.offset)} ${atName}`;
  const unit: CompileUnit = die.unit;
  if (text.startsWith('"')) {
    const dumped = text.slice(1, -1);
    if (at === DW_AT.decl_file || at === DW_AT.call_file) {
      expect(normalizePath(unit.fileName(die.unsigned(at))!), where).toBe(normalizePath(dumped));
      count('file');
    } else {
      expect(die.string(at), where).toBe(dumped);
      count('string');
    }
    return;
  }
  if (at === DW_AT.low_pc || (at === DW_AT.high_pc && a.form === DW_FORM.addr)) {
    if (text === 'dead code') {
      expect(die.address(at), where).toBe(0xffffffff);
      count('deadAddress');
    } else {
      expect(hex8(die.address(at)!), where).toBe(text);
      count('address');
    }
    return;
  }
  if (at === DW_AT.high_pc) {
    const low = die.address(DW_AT.low_pc)!;
    const expected = low === 0xffffffff ? die.unsigned(at)! : low + die.unsigned(at)!;
    expect(hex8(expected), where).toBe(text);
    count('highPc');
    return;
  }
  if (isReferenceForm(a.form)) {
    const m = /^0x([0-9a-f]+)(?: "(.*)")?$/.exec(text)!;
    const target = die.reference(at)!;
    expect(target.offset, where).toBe(parseInt(m[1], 16));
    count('reference');
    if (at === DW_AT.type && m[2] !== undefined && !m[2].includes('restrict')) {
      expect(typeName(readType(target)), where).toBe(m[2]);
      count('typeName');
    }
    return;
  }
  if (at === DW_AT.location || at === DW_AT.frame_base) {
    if (!isLocationListAttribute(a)) {
      expect(describeExpression(die.block(at)!, 4, unit.offset), where).toBe(stripConvertNames(text));
      count('expression');
    } else {
      const expected = parseListEntries(text)
        .filter((e) => isLiveRange(e.start, e.end))
        .map((e) => `[${hex8(e.start)}, ${hex8(e.end)}): ${stripConvertNames(e.rest)}`);
      const got = readLocationList(unit, a).map(
        (e) => `[${hex8(e.start)}, ${hex8(e.end)}): ${describeExpression(e.expression, 4, unit.offset)}`,
      );
      expect(got, where).toEqual(expected);
      count('locationList');
    }
    return;
  }
  if (at === DW_AT.ranges) {
    const expected = parseListEntries(text)
      .filter((e) => isLiveRange(e.start, e.end))
      .map((e) => [e.start, e.end]);
    expect(
      unit.dieRanges(die).map((r) => [r.start, r.end]),
      where,
    ).toEqual(expected);
    count('rangeList');
    return;
  }
  if (isConstantForm(a.form) || a.form === DW_FORM.sec_offset) {
    if (/^0x[0-9a-f]+$/.test(text)) expect(die.unsigned(at), where).toBe(parseInt(text, 16));
    else if (/^-?\d+$/.test(text)) expect(at === DW_AT.const_value ? die.signed(at) : die.unsigned(at), where).toBe(Number(text));
    else return; // symbolic (DW_LANG_*, DW_ATE_*, DW_INL_*)
    count('constant');
  }
}
