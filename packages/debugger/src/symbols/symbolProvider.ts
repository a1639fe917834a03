/**
 * SymbolProvider: what the debugger asks the symbols side. Everything is keyed by MODULE offsets
 * (byte offsets in the .wasm file), the unit the runtime's code map and breakpoints use; each
 * provider converts to its own address space (DWARF: minus the code section payload start;
 * source maps: already module offsets).
 *
 * Implementations: `DwarfSymbolProvider` (dwarfSymbolProvider.ts, full: lines, functions, inline
 * frames, variables) and `SourceMapSymbolProvider` (sourceMapProvider.ts: lines only).
 *
 * Invariants: queries never throw on bad debug info (they return undefined / [] and the provider
 * collects `problems`); line numbers are 1-based, columns 1-based with 0 = unknown.
 */

import type { DisplayValue } from './dwarf/valueFormatter.ts';
import type { DwarfType } from './dwarf/types.ts';
import type { FrameAccess } from './dwarf/locationEvaluator.ts';

/** One inlined call on the way to a position: `function` was inlined at callFile:callLine:callColumn. */
export interface InlinedCallSite {
  readonly function: string;
  readonly callFile: string | undefined;
  readonly callLine: number | undefined;
  readonly callColumn: number | undefined;
}

export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Innermost first; empty when the offset is not inside inlined code. */
  readonly inlinedChain: readonly InlinedCallSite[];
}

export interface BreakpointResolution {
  /** The requested line, or the next line that has code. */
  readonly line: number;
  /** Module offsets, ascending, one per entry into the line (all sequences, inlined copies included). */
  readonly offsets: readonly number[];
  /** Resolved path(s) of the file(s) the query matched. */
  readonly files: readonly string[];
}

/** Half-open [start, end) in module offsets. */
export interface CodeRange {
  readonly start: number;
  readonly end: number;
}

export interface FunctionInfo {
  readonly name: string;
  readonly linkageName?: string;
  /** Module offset of the function's entry (its body's locals declaration). */
  readonly lowPc: number;
  readonly ranges: readonly CodeRange[];
  /** Raw DW_AT_frame_base expression (DW_OP_WASM_location ..., DW_OP_stack_value). */
  readonly frameBase?: Uint8Array;
  readonly declFile?: string;
  readonly declLine?: number;
}

export interface InlinedFrame {
  /** Name of the inlined function. */
  readonly function: string;
  readonly ranges: readonly CodeRange[];
  readonly callFile: string | undefined;
  readonly callLine: number | undefined;
  readonly callColumn: number | undefined;
  readonly declFile?: string;
  readonly declLine?: number;
}

export type VariableLocation =
  /** A DWARF location expression (for a location list: the entry covering the queried offset). */
  | { readonly kind: 'expression'; readonly expression: Uint8Array }
  /** DW_AT_const_value: the value itself (integer, or bytes for block/string forms). */
  | { readonly kind: 'constant'; readonly value: bigint | Uint8Array }
  | { readonly kind: 'optimizedOut' };

export interface VariableInfo {
  readonly name: string;
  readonly type: DwarfType;
  readonly typeName: string;
  readonly location: VariableLocation;
  readonly scope: 'param' | 'local' | 'global';
  readonly declFile?: string;
  readonly declLine?: number;
}

/** Frame access without the frame base: the provider supplies it from DW_AT_frame_base. */
export type VariableFrame = Omit<FrameAccess, 'frameBase'>;

export interface SymbolProvider {
  readonly kind: 'dwarf' | 'sourceMap';
  sourcePosition(moduleOffset: number): SourcePosition | undefined;
  /**
   * The instruction's own position, where `sourcePosition` gives a larger unit's (WAT: the
   * enclosing folded statement's, the unit of breakpoints and steps). Absent: `sourcePosition` is
   * already per instruction. Frames use it for an instruction that is not the unit's start: a
   * caller's call, a trapping instruction.
   */
  instructionPosition?(moduleOffset: number): SourcePosition | undefined;
  breakpointOffsets(file: string, line: number): BreakpointResolution | undefined;
  functionAt(moduleOffset: number): FunctionInfo | undefined;
  /** Inlined frames containing the offset, innermost first ([] when none or unsupported). */
  inlinedFramesAt(moduleOffset: number): InlinedFrame[];
  /**
   * Parameters and locals in scope. `frameIndex` selects the frame among the inlined ones:
   * 0 = innermost (the inlined function the offset is in, or the function itself).
   */
  variablesAt(moduleOffset: number, frameIndex?: number): VariableInfo[];
  /** Evaluates a variable's location on a live frame and formats its value. */
  readVariable(moduleOffset: number, variable: VariableInfo, frame: VariableFrame): DisplayValue;
  /** Source files (absolute where the debug info allows), sorted. */
  sources(): string[];
}
