/**
 * DwarfSymbolProvider: the SymbolProvider over a module's embedded (or external) DWARF.
 *
 * Idea: convert each query's module offset to a DWARF address (minus the code section payload
 * start, WebAssembly tool-conventions, Debugging.md), find the unit(s) covering it through the lazy DwarfInfo, and answer
 * from that unit's line table and DIE tree. Nothing is parsed at construction (see dwarfInfo.ts);
 * `stats` exposes what has been parsed so far.
 *
 * Scope model: a function is a DW_TAG_subprogram with live code ranges. The SCOPE CHAIN at an
 * address is the subprogram followed by every nested DW_TAG_lexical_block / DW_TAG_inlined_subroutine
 * whose ranges contain the address (a block without ranges is transparent, as in LLDB). Frames
 * are cut at inlined_subroutine boundaries: frame 0 is the innermost inlined call (or the
 * function), and its variables come from its root and the lexical blocks below it.
 *
 * Breakpoints: a line's offsets are the addresses where execution ENTERS the line — the first
 * is_stmt row of each run of consecutive rows on that line/file — across all sequences and
 * inlined copies, so a breakpoint fires once per entry rather than once per row.
 */

import { DW_AT, DW_TAG } from './dwarf/constants.ts';
import type { CompileUnit } from './dwarf/compileUnit.ts';
import type { Die } from './dwarf/die.ts';
import { DwarfInfo } from './dwarf/dwarfInfo.ts';
import type { DwarfStats } from './dwarf/dwarfInfo.ts';
import { chooseLocation, isLocationListAttribute, readLocationList } from './dwarf/locationLists.ts';
import { evaluateLocation, readLocationBytes } from './dwarf/locationEvaluator.ts';
import { LineTable } from './dwarf/lineTable.ts';
import type { AddressRange } from './dwarf/ranges.ts';
import { rangesContain } from './dwarf/ranges.ts';
import { sizeOf, typeName, typeOf } from './dwarf/types.ts';
import { formatValue } from './dwarf/valueFormatter.ts';
import type { DisplayValue } from './dwarf/valueFormatter.ts';
import { pathMatches } from './paths.ts';
import type {
  BreakpointResolution,
  CodeRange,
  FunctionInfo,
  InlinedFrame,
  SourcePosition,
  SymbolProvider,
  VariableFrame,
  VariableInfo,
  VariableLocation,
} from './symbolProvider.ts';
import { dwarfSections, findWasmSections, hasDwarf, urlSection } from './wasmSections.ts';

export interface DwarfProviderOptions {
  /**
   * Loads the module named by an `external_debug_info` section (a wasm file holding the
   * .debug_* sections). When given and the section is present, its DWARF replaces the embedded one.
   */
  readonly loadExternal?: (url: string) => Uint8Array | undefined;
}

interface FunctionEntry {
  readonly die: Die;
  readonly ranges: AddressRange[];
}

interface LineIndex {
  /** file path → line → entry offsets */
  readonly byFile: Map<string, Map<number, number[]>>;
}

export class DwarfSymbolProvider implements SymbolProvider {
  readonly kind = 'dwarf' as const;
  private readonly lineTables = new Map<CompileUnit, LineTable | null>();
  private readonly functionLists = new Map<CompileUnit, FunctionEntry[]>();
  private lineIndex: LineIndex | undefined;

  constructor(
    readonly dwarf: DwarfInfo,
    /** Module offset of the code section payload (DWARF address 0). */
    readonly codePayloadStart: number,
  ) {}

  /** Builds a provider for a module, or undefined when it has no DWARF (and no loadable external DWARF). */
  static fromModule(bytes: Uint8Array, options: DwarfProviderOptions = {}): DwarfSymbolProvider | undefined {
    const index = findWasmSections(bytes);
    if (index.codePayloadStart === undefined) return undefined;
    let debugIndex = index;
    const external = urlSection(index, 'external_debug_info');
    if (external !== undefined && options.loadExternal) {
      const ext = options.loadExternal(external);
      if (ext) debugIndex = findWasmSections(ext);
    }
    if (!hasDwarf(debugIndex)) return undefined;
    return new DwarfSymbolProvider(new DwarfInfo(dwarfSections(debugIndex)), index.codePayloadStart);
  }

  get stats(): Readonly<DwarfStats> {
    return this.dwarf.stats;
  }

  /** Problems met so far (malformed units, lists); informational. */
  get problems(): string[] {
    return [...this.dwarf.problems, ...this.dwarf.units().flatMap((u) => u.problems)];
  }

  // ---- lines ----------------------------------------------------------------------------------

  lineTable(unit: CompileUnit): LineTable | undefined {
    let t = this.lineTables.get(unit);
    if (t === undefined) {
      const program = unit.lineProgram();
      t = program ? new LineTable(program, this.codePayloadStart) : null;
      this.lineTables.set(unit, t);
    }
    return t ?? undefined;
  }

  sourcePosition(moduleOffset: number): SourcePosition | undefined {
    const address = moduleOffset - this.codePayloadStart;
    let units: readonly CompileUnit[] = this.dwarf.unitsForAddress(address);
    if (units.length === 0) units = this.dwarf.units(); // units without ranges: try every line table
    for (const unit of units) {
      const row = this.lineTable(unit)?.rowAt(moduleOffset);
      if (!row) continue;
      const inlinedChain = this.inlinedFramesAt(moduleOffset).map((f) => ({
        function: f.function,
        callFile: f.callFile,
        callLine: f.callLine,
        callColumn: f.callColumn,
      }));
      return { file: row.file, line: row.line, column: row.column, inlinedChain };
    }
    return undefined;
  }

  private buildLineIndex(): LineIndex {
    if (this.lineIndex) return this.lineIndex;
    const byFile = new Map<string, Map<number, number[]>>();
    for (const unit of this.dwarf.units()) {
      const table = this.lineTable(unit);
      if (!table) continue;
      for (const seq of table.sequences) {
        let prevFile = '';
        let prevLine = -1;
        let recorded = false;
        for (const row of seq.rows) {
          if (row.endSequence) break;
          if (row.line !== prevLine || row.file !== prevFile) recorded = false;
          prevFile = row.file;
          prevLine = row.line;
          // One offset per run of rows on the same line: the first is_stmt row of the run.
          if (!row.isStmt || row.line === 0 || recorded) continue;
          recorded = true;
          let lines = byFile.get(row.file);
          if (!lines) byFile.set(row.file, (lines = new Map()));
          let offsets = lines.get(row.line);
          if (!offsets) lines.set(row.line, (offsets = []));
          offsets.push(row.address);
        }
      }
    }
    this.lineIndex = { byFile };
    return this.lineIndex;
  }

  breakpointOffsets(file: string, line: number): BreakpointResolution | undefined {
    const { byFile } = this.buildLineIndex();
    const matches = [...byFile.keys()].filter((p) => pathMatches(p, file));
    if (matches.length === 0) return undefined;
    let best = Number.POSITIVE_INFINITY;
    for (const p of matches) for (const l of byFile.get(p)!.keys()) if (l >= line && l < best) best = l;
    if (best === Number.POSITIVE_INFINITY) return undefined;
    const offsets = new Set<number>();
    const files: string[] = [];
    for (const p of matches) {
      const o = byFile.get(p)!.get(best);
      if (!o) continue;
      files.push(p);
      for (const x of o) offsets.add(x);
    }
    return { line: best, offsets: [...offsets].sort((a, b) => a - b), files };
  }

  sources(): string[] {
    return [...this.buildLineIndex().byFile.keys()].filter(Boolean).sort();
  }

  // ---- functions and scopes -------------------------------------------------------------------

  private functionsOf(unit: CompileUnit): FunctionEntry[] {
    let list = this.functionLists.get(unit);
    if (!list) {
      list = [];
      const stack: Die[] = [unit.dies()];
      while (stack.length) {
        const die = stack.pop()!;
        if (die.tag === DW_TAG.subprogram) {
          const ranges = unit.dieRanges(die);
          if (ranges.length > 0) list.push({ die, ranges });
        }
        // Functions live at unit level, in namespaces and in classes (C++); not inside functions.
        if (die.tag === DW_TAG.compile_unit || die.tag === DW_TAG.partial_unit || die.tag === DW_TAG.namespace || die.tag === DW_TAG.structure_type || die.tag === DW_TAG.class_type) {
          for (const c of die.children) stack.push(c);
        }
      }
      this.functionLists.set(unit, list);
    }
    return list;
  }

  private subprogramAt(address: number): FunctionEntry | undefined {
    let best: FunctionEntry | undefined;
    let bestSize = Number.POSITIVE_INFINITY;
    for (const unit of this.dwarf.unitsForAddress(address)) {
      for (const f of this.functionsOf(unit)) {
        if (!rangesContain(f.ranges, address)) continue;
        const size = f.ranges.reduce((n, r) => n + (r.end - r.start), 0);
        if (size < bestSize) {
          best = f;
          bestSize = size;
        }
      }
      // Units do not overlap in practice: stop at the first unit that has the function, so a
      // query never parses more DIE trees than it needs.
      if (best) break;
    }
    return best;
  }

  /** Subprogram, then the nested blocks / inlined subroutines containing the address, outer to inner. */
  private scopeChain(address: number): Die[] {
    const fn = this.subprogramAt(address);
    if (!fn) return [];
    const chain: Die[] = [fn.die];
    const visit = (die: Die) => {
      for (const c of die.children) {
        if (c.tag !== DW_TAG.lexical_block && c.tag !== DW_TAG.inlined_subroutine) continue;
        const hasRanges = c.has(DW_AT.low_pc) || c.has(DW_AT.ranges);
        if (!hasRanges) {
          if (c.tag === DW_TAG.lexical_block) {
            chain.push(c);
            visit(c);
            return;
          }
          continue;
        }
        if (rangesContain(c.unit.dieRanges(c), address)) {
          chain.push(c);
          visit(c);
          return;
        }
      }
    };
    visit(fn.die);
    return chain;
  }

  private toModuleRanges(ranges: readonly AddressRange[]): CodeRange[] {
    return ranges.map((r) => ({ start: r.start + this.codePayloadStart, end: r.end + this.codePayloadStart }));
  }

  private declOf(die: Die): { declFile?: string; declLine?: number } {
    const holder = die.inherited(DW_AT.decl_file);
    const declFile = holder?.unit.fileName(holder.unsigned(DW_AT.decl_file));
    const declLine = die.inherited(DW_AT.decl_line)?.unsigned(DW_AT.decl_line);
    return { ...(declFile !== undefined ? { declFile } : {}), ...(declLine !== undefined ? { declLine } : {}) };
  }

  private nameOf(die: Die): string {
    return die.inheritedString(DW_AT.name) ?? this.linkageNameOf(die) ?? `<func@0x${die.offset.toString(16)}>`;
  }

  private linkageNameOf(die: Die): string | undefined {
    return die.inheritedString(DW_AT.linkage_name) ?? die.inheritedString(DW_AT.MIPS_linkage_name);
  }

  functionAt(moduleOffset: number): FunctionInfo | undefined {
    const fn = this.subprogramAt(moduleOffset - this.codePayloadStart);
    if (!fn) return undefined;
    const die = fn.die;
    const ranges = this.toModuleRanges(fn.ranges);
    const low = die.address(DW_AT.low_pc);
    const linkageName = this.linkageNameOf(die);
    const frameBase = die.block(DW_AT.frame_base);
    return {
      name: this.nameOf(die),
      ...(linkageName !== undefined ? { linkageName } : {}),
      lowPc: low !== undefined && low !== 0 && low < 0xfffffffe ? low + this.codePayloadStart : Math.min(...ranges.map((r) => r.start)),
      ranges,
      ...(frameBase ? { frameBase } : {}),
      ...this.declOf(die),
    };
  }

  inlinedFramesAt(moduleOffset: number): InlinedFrame[] {
    const chain = this.scopeChain(moduleOffset - this.codePayloadStart);
    const out: InlinedFrame[] = [];
    for (let i = chain.length - 1; i >= 0; i--) {
      const d = chain[i];
      if (d.tag !== DW_TAG.inlined_subroutine) continue;
      out.push({
        function: this.nameOf(d),
        ranges: this.toModuleRanges(d.unit.dieRanges(d)),
        callFile: d.unit.fileName(d.unsigned(DW_AT.call_file)),
        callLine: d.unsigned(DW_AT.call_line),
        callColumn: d.unsigned(DW_AT.call_column),
        ...this.declOf(d),
      });
    }
    return out;
  }

  // ---- variables ------------------------------------------------------------------------------

  variablesAt(moduleOffset: number, frameIndex = 0): VariableInfo[] {
    const address = moduleOffset - this.codePayloadStart;
    const chain = this.scopeChain(address);
    if (chain.length === 0) return [];
    // Split the chain into frames at inlined_subroutine boundaries; frames[0] = outermost.
    const frames: Die[][] = [];
    for (const d of chain) {
      if (frames.length === 0 || d.tag === DW_TAG.inlined_subroutine) frames.push([d]);
      else frames[frames.length - 1].push(d);
    }
    const frame = frames[frames.length - 1 - frameIndex];
    if (!frame) return [];
    const out: VariableInfo[] = [];
    for (const scope of frame) {
      for (const c of scope.children) {
        if (c.tag === DW_TAG.formal_parameter) out.push(this.variableInfo(c, address, 'param'));
        else if (c.tag === DW_TAG.variable) out.push(this.variableInfo(c, address, 'local'));
      }
    }
    // Parameters first, in declaration order; then locals from outer to inner scopes.
    return [...out.filter((v) => v.scope === 'param'), ...out.filter((v) => v.scope !== 'param')];
  }

  /** Unit-level variables (C globals and file statics) with a location or constant value. */
  globals(): VariableInfo[] {
    const out: VariableInfo[] = [];
    for (const unit of this.dwarf.units()) {
      for (const c of unit.dies().children) {
        if (c.tag !== DW_TAG.variable) continue;
        if (!c.has(DW_AT.location) && !c.has(DW_AT.const_value)) continue;
        out.push(this.variableInfo(c, -1, 'global'));
      }
    }
    return out;
  }

  private variableInfo(die: Die, address: number, scope: VariableInfo['scope']): VariableInfo {
    const typeHolder = die.inherited(DW_AT.type);
    const type = typeHolder ? typeOf(typeHolder) : typeOf(die);
    return {
      name: die.inheritedString(DW_AT.name) ?? '<anonymous>',
      type,
      typeName: typeName(type),
      location: this.locationOf(die, address),
      scope,
      ...this.declOf(die),
    };
  }

  private locationOf(die: Die, address: number): VariableLocation {
    const loc = die.attr(DW_AT.location);
    if (loc) {
      if (loc.value instanceof Uint8Array) return { kind: 'expression', expression: loc.value };
      if (isLocationListAttribute(loc)) {
        try {
          const entry = chooseLocation(readLocationList(die.unit, loc), address);
          return entry && entry.expression.length > 0 ? { kind: 'expression', expression: entry.expression } : { kind: 'optimizedOut' };
        } catch {
          return { kind: 'optimizedOut' };
        }
      }
    }
    const cv = die.attr(DW_AT.const_value);
    if (cv) {
      if (cv.value instanceof Uint8Array) return { kind: 'constant', value: cv.value };
      if (typeof cv.value === 'bigint') return { kind: 'constant', value: cv.value };
      if (typeof cv.value === 'number') {
        const signed = die.signed(DW_AT.const_value) ?? cv.value;
        return { kind: 'constant', value: BigInt(signed) };
      }
    }
    return { kind: 'optimizedOut' };
  }

  readVariable(moduleOffset: number, variable: VariableInfo, frame: VariableFrame): DisplayValue {
    const size = sizeOf(variable.type) ?? 0;
    const loc = variable.location;
    if (loc.kind === 'optimizedOut') return { name: variable.name, type: variable.typeName, value: '<optimized out>' };
    if (loc.kind === 'constant') {
      let bytes: Uint8Array;
      if (loc.value instanceof Uint8Array) bytes = loc.value;
      else {
        bytes = new Uint8Array(Math.max(size, 8));
        new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, loc.value), true);
      }
      return formatValue(bytes, variable.type, { name: variable.name, readMemory: frame.readMemory.bind(frame) });
    }
    const fn = this.functionAt(moduleOffset);
    const unit = this.dwarf.unitsForAddress(moduleOffset - this.codePayloadStart)[0];
    const access = {
      readLocal: frame.readLocal.bind(frame),
      readGlobal: frame.readGlobal.bind(frame),
      readOperand: frame.readOperand.bind(frame),
      readMemory: frame.readMemory.bind(frame),
      ...(fn?.frameBase ? { frameBase: fn.frameBase } : {}),
    };
    const result = evaluateLocation(loc.expression, access, {
      addressSize: 4,
      ...(unit ? { addressAtIndex: (i: number) => unit.addressAtIndex(i) } : {}),
    });
    if (result.kind === 'error') return { name: variable.name, type: variable.typeName, value: `<error: ${result.message}>` };
    if (result.kind === 'optimizedOut') return { name: variable.name, type: variable.typeName, value: '<optimized out>' };
    let bytes: Uint8Array | undefined;
    try {
      bytes = readLocationBytes(result, size, access);
    } catch (e) {
      return { name: variable.name, type: variable.typeName, value: `<error: ${(e as Error).message}>` };
    }
    return formatValue(bytes, variable.type, {
      name: variable.name,
      ...(result.kind === 'memory' ? { address: result.address } : {}),
      readMemory: access.readMemory,
    });
  }
}
