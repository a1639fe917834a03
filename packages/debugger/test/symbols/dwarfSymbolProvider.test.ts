/**
 * DwarfSymbolProvider against the llvm-dwarfdump oracles: positions for every line-table row,
 * functions for every live subprogram, inline chains for every inlined_subroutine, variables in
 * scope (names, types, locations) for every lexical scope — plus breakpoint resolution, laziness
 * and end-to-end variable reading on a fake frame.
 */

import { describe, expect, it } from 'vitest';
import { DwarfSymbolProvider } from '../../src/symbols/dwarfSymbolProvider.ts';
import { describeExpression } from '../../src/symbols/dwarf/expression.ts';
import { isLiveRange } from '../../src/symbols/dwarf/ranges.ts';
import { joinPath, normalizePath } from '../../src/symbols/paths.ts';
import { findWasmSections, functionBodies } from '../../src/symbols/wasmSections.ts';
import { parseInfoDump, parseLineDump, parseListEntries } from './dwarfdumpOracle.ts';
import type { DumpDie, DumpLineRow } from './dwarfdumpOracle.ts';
import { SHAPES_BUILDS, lineOf, shapesDump, shapesWasm } from './fixtures.ts';

const unquote = (s: string | undefined) => (s === undefined ? undefined : /"(.*)"/.exec(s)?.[1]);
const hex = (s: string | undefined) => (s === undefined ? undefined : parseInt(s, 16));

/** Live [start, end) ranges of a dump DIE (low/high_pc or DW_AT_ranges), DWARF addresses. */
function dumpRanges(d: DumpDie): [number, number][] {
  const r = d.attrs.get('DW_AT_ranges');
  if (r) return parseListEntries(r).filter((e) => isLiveRange(e.start, e.end)).map((e) => [e.start, e.end]);
  const low = d.attrs.get('DW_AT_low_pc');
  const high = d.attrs.get('DW_AT_high_pc');
  if (!low || low === 'dead code' || !high) return [];
  return [[hex(low)!, hex(high)!]];
}

/** Name of a dump DIE, following abstract_origin/specification by the quoted name dwarfdump prints. */
const dumpName = (d: DumpDie) => unquote(d.attrs.get('DW_AT_name')) ?? unquote(d.attrs.get('DW_AT_abstract_origin')) ?? unquote(d.attrs.get('DW_AT_specification'));

describe.each(SHAPES_BUILDS)('DwarfSymbolProvider on $name', ({ name, optimized }) => {
  const bytes = shapesWasm(name);
  const index = findWasmSections(bytes);
  const base = index.codePayloadStart!;
  const provider = DwarfSymbolProvider.fromModule(bytes)!;
  const lineDump = parseLineDump(shapesDump(name, 'debug-line'));
  const infoDump = parseInfoDump(shapesDump(name, 'debug-info'));
  const dies = infoDump.flatMap((u) => u.dies);
  const byOffset = new Map(dies.map((d) => [d.offset, d]));

  it('parses nothing at construction', () => {
    const fresh = DwarfSymbolProvider.fromModule(bytes)!;
    expect(fresh.stats).toEqual({ unitHeadersScanned: 0, unitRootsRead: 0, unitsParsed: 0, lineProgramsParsed: 0 });
    const main = dies.find((d) => d.tag === 'DW_TAG_subprogram' && dumpName(d) === 'main' && dumpRanges(d).length)!;
    fresh.sourcePosition(base + dumpRanges(main)[0][0] + 3);
    expect(fresh.stats.unitsParsed).toBe(1); // only main.c's unit, of 15
    expect(fresh.stats.lineProgramsParsed).toBe(1);
    expect(fresh.dwarf.units().length).toBe(infoDump.length);
  });

  it('maps every line-table row address to that row (last row at an address wins)', () => {
    let checked = 0;
    for (const table of lineDump) {
      const fileOf = (i: number) => {
        const f = table.files.get(i)!;
        const dir = table.version >= 5 ? table.includeDirectories.get(f.dirIndex) : f.dirIndex ? table.includeDirectories.get(f.dirIndex) : undefined;
        return { f, dir };
      };
      let seq: DumpLineRow[] = [];
      for (const row of table.rows) {
        seq.push(row);
        if (!row.flags.has('end_sequence')) continue;
        for (let i = 0; i < seq.length - 1; i++) {
          if (seq[i + 1].address === seq[i].address) continue; // a later row at the same address wins
          const expected = seq[i];
          for (const probe of [expected.address, seq[i + 1].address - 1]) {
            const pos = provider.sourcePosition(base + probe)!;
            expect(pos, `0x${probe.toString(16)}`).toBeDefined();
            expect([pos.line, pos.column]).toEqual([expected.line, expected.column]);
            const { f } = fileOf(expected.file);
            expect(pos.file.endsWith('/' + normalizePath(f.name)) || pos.file === normalizePath(f.name)).toBe(true);
            checked++;
          }
        }
        seq = [];
      }
    }
    expect(checked).toBeGreaterThan(1000);
    // Outside any sequence: the function-count LEB at DWARF address 0.
    expect(provider.sourcePosition(base)).toBeUndefined();
  });

  it('finds the function (name, entry, ranges, frame base, declaration) of every live subprogram', () => {
    const bodies = new Set(functionBodies(index).map((b) => b.start));
    let checked = 0;
    for (const d of dies) {
      if (d.tag !== 'DW_TAG_subprogram') continue;
      const ranges = dumpRanges(d);
      if (ranges.length === 0) continue;
      for (const probe of [ranges[0][0], ranges[0][1] - 1]) {
        const f = provider.functionAt(base + probe)!;
        expect(f.name).toBe(dumpName(d));
        expect(f.lowPc).toBe(base + ranges[0][0]);
        expect(f.ranges.map((r) => [r.start - base, r.end - base])).toEqual(ranges);
        if (d.attrs.has('DW_AT_frame_base')) expect(describeExpression(f.frameBase!)).toBe(d.attrs.get('DW_AT_frame_base'));
      }
      // The code-address rule: low_pc is the first byte of a function body (after its size LEB).
      expect(bodies.has(base + ranges[0][0])).toBe(true);
      const declHolder = d.attrs.has('DW_AT_decl_line') ? d : byOffset.get(hex(d.attrs.get('DW_AT_abstract_origin') ?? d.attrs.get('DW_AT_specification'))!)!;
      const f = provider.functionAt(base + ranges[0][0])!;
      expect(f.declLine).toBe(Number(declHolder.attrs.get('DW_AT_decl_line')));
      expect(normalizePath(f.declFile!)).toBe(normalizePath(unquote(declHolder.attrs.get('DW_AT_decl_file'))!));
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
    // Dead (tombstoned) functions are never reported.
    const dead = dies.filter((d) => d.tag === 'DW_TAG_subprogram' && d.attrs.get('DW_AT_low_pc') === 'dead code');
    expect(dead.map(dumpName)).toContain('unused_helper');
  });

  it('reports the inline chain of every inlined_subroutine (innermost first, call sites)', () => {
    let checked = 0;
    for (const d of dies) {
      if (d.tag !== 'DW_TAG_inlined_subroutine') continue;
      for (const [start] of dumpRanges(d)) {
        // Expected chain at `start`: this DIE and its inlined ancestors, plus deeper inlines that start here.
        const chainUp: DumpDie[] = [];
        for (let p: DumpDie | undefined = d; p; p = p.parent) if (p.tag === 'DW_TAG_inlined_subroutine') chainUp.push(p);
        const frames = provider.inlinedFramesAt(base + start);
        const tail = frames.slice(frames.length - chainUp.length);
        expect(tail.map((f) => f.function)).toEqual(chainUp.map(dumpName));
        expect(tail.map((f) => f.callLine)).toEqual(chainUp.map((x) => Number(x.attrs.get('DW_AT_call_line'))));
        expect(tail.map((f) => normalizePath(f.callFile!))).toEqual(chainUp.map((x) => normalizePath(unquote(x.attrs.get('DW_AT_call_file'))!)));
        expect(tail.map((f) => f.callColumn)).toEqual(chainUp.map((x) => hex(x.attrs.get('DW_AT_call_column'))));
        const pos = provider.sourcePosition(base + start);
        if (pos) expect(pos.inlinedChain.map((c) => c.function)).toEqual(frames.map((f) => f.function));
        checked++;
      }
    }
    if (optimized) expect(checked).toBeGreaterThan(5);
  });

  it('lists the variables in scope like the DIE tree says, with types and locations', () => {
    let checked = 0;
    for (const d of dies) {
      if (d.tag !== 'DW_TAG_lexical_block' && d.tag !== 'DW_TAG_subprogram' && d.tag !== 'DW_TAG_inlined_subroutine') continue;
      const ranges = dumpRanges(d);
      if (ranges.length === 0) continue;
      const address = ranges[0][0];
      // Expected: walk up to the frame root (subprogram or inlined_subroutine), collecting scopes.
      const scopes: DumpDie[] = [];
      for (let p: DumpDie | undefined = d; p; p = p.parent) {
        scopes.unshift(p);
        if (p.tag !== 'DW_TAG_lexical_block') break;
      }
      // Deeper scopes starting at the same address are also in scope there: descend like the provider.
      let inner = d;
      for (;;) {
        const child = dies.find(
          (c) => c.parent === inner && c.tag === 'DW_TAG_lexical_block' && dumpRanges(c).some(([s, e]) => address >= s && address < e),
        );
        if (!child) break;
        scopes.push(child);
        inner = child;
      }
      if (dies.some((c) => c.parent === inner && c.tag === 'DW_TAG_inlined_subroutine' && dumpRanges(c).some(([s, e]) => address >= s && address < e))) continue;
      const vars = dies.filter((c) => scopes.includes(c.parent!) && (c.tag === 'DW_TAG_formal_parameter' || c.tag === 'DW_TAG_variable'));
      const expected = [...vars.filter((v) => v.tag === 'DW_TAG_formal_parameter'), ...vars.filter((v) => v.tag === 'DW_TAG_variable')];
      const ours = provider.variablesAt(base + address);
      expect(ours.map((v) => v.name)).toEqual(expected.map(dumpNameOrOrigin));
      expect(ours.map((v) => v.scope)).toEqual(expected.map((v) => (v.tag === 'DW_TAG_formal_parameter' ? 'param' : 'local')));
      for (let i = 0; i < expected.length; i++) {
        const v = expected[i];
        const typeText = unquote(v.attrs.get('DW_AT_type') ?? byOffset.get(hex(v.attrs.get('DW_AT_abstract_origin'))!)?.attrs.get('DW_AT_type'));
        if (typeText && !typeText.includes('restrict')) expect(ours[i].typeName).toBe(typeText);
        const loc = v.attrs.get('DW_AT_location');
        const got = ours[i].location;
        if (loc === undefined) expect(got.kind).not.toBe('expression');
        else if (loc.startsWith('DW_OP')) expect(got.kind === 'expression' && describeExpression(got.expression)).toBe(loc.replace(/ "DW_ATE_\w+"/g, ''));
        else {
          const entry = parseListEntries(loc).find((e) => isLiveRange(e.start, e.end) && address >= e.start && address < e.end);
          if (entry) expect(got.kind === 'expression' && describeExpression(got.expression, 4, v.unitOffset)).toBe(entry.rest.replace(/ "DW_ATE_\w+"/g, ''));
          else expect(got.kind).toBe('optimizedOut');
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);

    function dumpNameOrOrigin(v: DumpDie): string | undefined {
      return dumpName(v);
    }
  });

  it('resolves breakpoints: one offset per entry into the line, all is_stmt, moving to the next line with code', () => {
    const shapesC = provider.sources().find((s) => s.endsWith('/shapes.c'))!;
    expect(shapesC).toBe('/fixtures/shapes/shapes.c');
    expect(provider.sources()).toContain('/fixtures/shapes/main.c');
    const table = lineDump.find((t) => [...t.files.values()].some((f) => f.name === 'shapes.c'))!;
    const fileIndex = [...table.files].find(([, f]) => f.name === 'shapes.c')![0];
    const loopLine = lineOf('shapes.c', 'for (int i = 0; i < n; i++)');
    const r = provider.breakpointOffsets('shapes.c', loopLine)!;
    expect(r.line).toBe(loopLine);
    expect(r.files).toEqual([shapesC]);
    const stmtRows = table.rows.filter((x) => x.file === fileIndex && x.line === loopLine && x.flags.has('is_stmt'));
    for (const o of r.offsets) expect(stmtRows.map((x) => x.address + base)).toContain(o);
    expect(r.offsets.length).toBeGreaterThan(1); // loop init / condition / increment are separate entries
    // A line without code (a comment) moves to the next line with code.
    const blank = lineOf('shapes.c', '#include') + 1;
    const moved = provider.breakpointOffsets('/fixtures/shapes/shapes.c', blank)!;
    expect(moved.line).toBeGreaterThan(blank);
    expect(moved.offsets.length).toBeGreaterThan(0);
    // The dead (gc'd, tombstoned) function has no code: nothing after its comment resolves.
    expect(provider.breakpointOffsets('shapes.c', lineOf('shapes.c', 'Never called'))).toBeUndefined();
    // The inlined helper's body line has code wherever it was inlined.
    const widthLine = lineOf('shapes.c', 'int w = s->corners[1][1].x');
    const w = provider.breakpointOffsets('shapes.c', widthLine)!;
    expect(w.line).toBe(widthLine);
    for (const o of w.offsets) {
      const f = provider.functionAt(o)!;
      // always_inline inlines even at -O0; at -O2 shape_area itself is also inlined into sum_shapes.
      expect(optimized ? ['shape_area', 'sum_shapes'] : ['shape_area']).toContain(f.name);
      expect(provider.sourcePosition(o)!.inlinedChain[0]?.function).toBe('width_of');
      expect(provider.inlinedFramesAt(o)[0].callLine).toBe(lineOf('shapes.c', 'int w = width_of(s);'));
    }
    expect(provider.breakpointOffsets('nowhere.c', 3)).toBeUndefined();
    expect(provider.breakpointOffsets('shapes.c', 10_000)).toBeUndefined();
  });

  it('lists unit-level globals', () => {
    const names = provider.globals().map((g) => g.name);
    expect(names).toEqual(expect.arrayContaining(['g_counter', 'g_sink', 'g_shapes', 'g_labels']));
    const g = provider.globals().find((x) => x.name === 'g_shapes')!;
    expect(g.typeName).toBe('shape[3]');
  });

  it('resolves file names as comp_dir + directory + name', () => {
    expect(provider.sources().every((s) => s.startsWith('/') || !s.includes('./'))).toBe(true);
    expect(joinPath('/fixtures/shapes', '.', 'shapes.h')).toBe('/fixtures/shapes/shapes.h');
  });
});
