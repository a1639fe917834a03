/**
 * WatSymbolProvider: a SymbolProvider for a module assembled from WebAssembly text by
 * `@lantern/wat`, so a `.wat` program is debugged at its own lines.
 *
 * Idea: `watToWasm(text).sourceMap` maps the byte offset of every instruction to the line:column
 * of its text. In FOLDED text an instruction's operands are emitted before it, so execution order
 * and text order differ: `(local.set $acc (i32.add ... (call $f ...)))` over two lines runs the
 * second line first. We therefore debug WAT by STATEMENTS: an instruction's subtree is the run of
 * instructions just before it whose text positions are after its own (its operands, textually
 * inside its parentheses); a statement is a subtree no other subtree contains (a flat
 * instruction is a statement of its own). Positions, breakpoints and line steps use the
 * statement's root position; `instructionPosition` keeps each instruction's own — what frames
 * show for a caller's call, a trapping instruction and a suspended continuation's suspend
 * (`(local.set $m (call $mean ...))`: the `call`, not the `local.set`), see ModuleSymbols.sourceFrames.
 *
 *   - a breakpoint on line L binds at the FIRST offset of every statement whose root is on L
 *     (every entry: a loop body's statement is hit once per iteration); a line with no statement
 *     root (blank, comment, continuation of a multi-line statement) binds at the next one that has;
 *   - `else` / `end` are not statements (their position is their block's opening parenthesis).
 *
 * Functions come from the decoded module (runtime's decoder, name section); WAT has no typed
 * source variables (the debugger shows raw locals with their `$names`), so `variablesAt` is [].
 */

import type { SourceMap } from '@lantern/wat';
import { lookupSourcePosition } from '@lantern/wat';
import { decodeModule, WasmOp } from '@lantern/runtime';
import type { DisplayValue } from '../symbols/dwarf/valueFormatter.ts';
import type {
  BreakpointResolution,
  FunctionInfo,
  InlinedFrame,
  SourcePosition,
  SymbolProvider,
  VariableFrame,
  VariableInfo,
} from '../symbols/symbolProvider.ts';

export class WatSymbolProvider implements SymbolProvider {
  /** Lines only, like a source map (the interface's two kinds; WAT maps are offsets → lines). */
  readonly kind = 'sourceMap' as const;
  readonly sourceKind = 'wat' as const;
  private readonly functions: FunctionInfo[];
  private lineIndex: Map<number, number[]> | undefined;
  /** Per source-map row: index of its statement's root row, and of the statement's first row. */
  private readonly rootRow: Int32Array;
  private readonly startRow: Int32Array;

  /**
   * @param file the name the text is known by (shown in traces, matched by `file:line`)
   * @param binary the module `watToWasm` produced
   * @param map its `sourceMap`
   * @param text the source text (kept for `sourceLine`)
   */
  constructor(
    readonly file: string,
    readonly binary: Uint8Array,
    readonly map: SourceMap,
    readonly text?: string,
  ) {
    const info = decodeModule(binary);
    this.functions = info.bodies.map((b, i) => {
      const funcIndex = info.importedFuncs + i;
      const name = info.names?.functions.get(funcIndex) ?? `wasm-function[${funcIndex}]`;
      return { name, lowPc: b.entryOffset, ranges: [{ start: b.entryOffset, end: b.codeEnd }] };
    });
    [this.rootRow, this.startRow] = this.statements();
  }

  /** (line, column) order of two rows. */
  private after(i: number, j: number): boolean {
    const { lines, columns } = this.map;
    return lines[i] > lines[j] || (lines[i] === lines[j] && columns[i] > columns[j]);
  }

  /** Computes each row's statement (see the header), walking every function backwards. */
  private statements(): [Int32Array, Int32Array] {
    const { offsets } = this.map;
    const n = offsets.length;
    const root = new Int32Array(n).fill(-1);
    const start = new Int32Array(n).fill(-1);
    const funcOf = (i: number) => this.functionAt(offsets[i]);
    let top = -1; // current top-level statement root
    let topStart = -1;
    for (let x = n - 1; x >= 0; x--) {
      const f = funcOf(x);
      if (top >= 0 && (x < topStart || funcOf(top) !== f)) top = -1;
      if (top >= 0) {
        root[x] = top;
        start[x] = topStart;
        continue;
      }
      if (!this.isStatement(x)) {
        root[x] = x;
        start[x] = x;
        continue;
      }
      let s = x;
      while (s - 1 >= 0 && funcOf(s - 1) === f && this.after(s - 1, x)) s--;
      top = x;
      topStart = s;
      root[x] = x;
      start[x] = s;
    }
    return [root, start];
  }

  /** Is the row at `i` a statement (anything but `else` / `end`)? */
  private isStatement(i: number): boolean {
    const op = this.binary[this.map.offsets[i]];
    return op !== WasmOp.else && op !== WasmOp.end;
  }

  /** The position of the STATEMENT the instruction at `moduleOffset` belongs to. */
  sourcePosition(moduleOffset: number): SourcePosition | undefined {
    if (this.functionAt(moduleOffset) === undefined) return undefined;
    const i = this.rowIndex(moduleOffset);
    if (i < 0) return undefined;
    const r = this.rootRow[i];
    return { file: this.file, line: this.map.lines[r], column: this.map.columns[r], inlinedChain: [] };
  }

  /** The instruction's own text position (its opening parenthesis or mnemonic). */
  instructionPosition(moduleOffset: number): SourcePosition | undefined {
    if (this.functionAt(moduleOffset) === undefined) return undefined;
    const p = lookupSourcePosition(this.map, moduleOffset);
    return p ? { file: this.file, line: p.line, column: p.column, inlinedChain: [] } : undefined;
  }

  /** True when `moduleOffset` lies in a statement (not on a bare else/end). */
  isStatementOffset(moduleOffset: number): boolean {
    const i = this.rowIndex(moduleOffset);
    return i >= 0 && this.isStatement(this.rootRow[i]);
  }

  private rowIndex(offset: number): number {
    const o = this.map.offsets;
    let lo = 0;
    let hi = o.length - 1;
    if (hi < 0 || offset < o[0]) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (o[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private buildLineIndex(): Map<number, number[]> {
    const index = new Map<number, number[]>();
    const { offsets, lines } = this.map;
    for (let i = 0; i < offsets.length; i++) {
      if (this.rootRow[i] !== i || !this.isStatement(i)) continue;
      const line = lines[i];
      let list = index.get(line);
      if (!list) index.set(line, (list = []));
      list.push(offsets[this.startRow[i]]);
    }
    for (const list of index.values()) list.sort((a, b) => a - b);
    return index;
  }

  breakpointOffsets(file: string, line: number): BreakpointResolution | undefined {
    if (!this.matchesFile(file)) return undefined;
    const index = (this.lineIndex ??= this.buildLineIndex());
    let best: number | undefined;
    for (const l of index.keys()) if (l >= line && (best === undefined || l < best)) best = l;
    if (best === undefined) return undefined;
    return { line: best, offsets: index.get(best)!, files: [this.file] };
  }

  /** `file` matches when equal, or when one is a path suffix of the other (`fib.wat` ~ `/x/fib.wat`). */
  matchesFile(file: string): boolean {
    if (file === this.file) return true;
    const a = file.replace(/\\/g, '/');
    const b = this.file.replace(/\\/g, '/');
    return a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
  }

  functionAt(moduleOffset: number): FunctionInfo | undefined {
    for (const f of this.functions) if (moduleOffset >= f.ranges[0].start && moduleOffset < f.ranges[0].end) return f;
    return undefined;
  }

  inlinedFramesAt(): InlinedFrame[] {
    return [];
  }

  variablesAt(): VariableInfo[] {
    return [];
  }

  readVariable(_offset: number, variable: VariableInfo, _frame: VariableFrame): DisplayValue {
    return { name: variable.name, type: variable.typeName, value: '<no source variables in WAT>' };
  }

  sources(): string[] {
    return [this.file];
  }

  /** The text of a 1-based line, when the source text was given. */
  sourceLine(line: number): string | undefined {
    return this.text?.split('\n')[line - 1];
  }
}
