/**
 * FrameInfo: one frame of a paused stack as the debugger's users see it.
 *
 * Wasm frames are LIVE views while the pause lasts: `locals`/`operands` are read when asked and
 * writes go to the VM stack (`setLocal`, `setOperand`). After the pause ends, a FrameInfo is
 * stale: reads return what was last read, writes throw.
 *
 * Host frames are the host functions (or the embedder's entry) between wasm activations; they
 * carry the import they were called through and the JS function's name.
 *
 * The PC rule (CodeMap): the newest frame's `pc` is the offset of the instruction about to run
 * (or trapping); a caller's `pc` is the offset of its call instruction.
 */

import type { DisplayValue } from '../symbols/dwarf/valueFormatter.ts';
import type { SourceFrame } from '../source/symbolResolver.ts';
import type { WasmValue, WasmValueInput } from './wasmValue.ts';

export interface LocalInfo {
  readonly index: number;
  /** The name section's name (`$n` in WAT), when present. */
  readonly name: string | undefined;
  readonly value: WasmValue;
}

export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * A continuation boundary (stack switching): the frame is the bottom frame of a running
 * continuation's stack segment; the next (older) frame is the one that resumed it, at its
 * `resume` instruction.
 */
export interface FrameBoundary {
  /** The running continuation's id (the runtime's Continuation.id), undefined if unknown. */
  readonly continuation: number | undefined;
  /** The tag it was suspended with before this resume (`$name`); undefined: it started fresh. */
  readonly tag: string | undefined;
  /** The runtime's Continuation (opaque). */
  readonly handle: unknown;
}

export interface WasmFrameInfo {
  readonly kind: 'wasm';
  /** 0 = newest. Inlined source frames do not take indices here (see `sourceFrames`). */
  readonly index: number;
  /** Module name (name section), else the label the resolver knows (file base name). */
  readonly module: string | undefined;
  readonly funcIndex: number;
  /** Function name: source-level (DWARF) when known, else the name section's, else `wasm-function[i]`. */
  readonly function: string;
  /** Module byte offset (see the PC rule). */
  readonly pc: number;
  /** Innermost source position, if the module has symbols. */
  readonly source: SourceLocation | undefined;
  /** Inlined calls then the function itself, innermost first (one element without inlining). */
  readonly sourceFrames: readonly SourceFrame[];
  /** The engine's Instance of the frame (opaque). */
  readonly instance: unknown;
  /** Set on the bottom frame of a running continuation (see FrameBoundary). */
  readonly boundary?: FrameBoundary;
  readonly locals: readonly LocalInfo[];
  /** Operand stack, bottom first (empty when the engine does not materialise it). */
  readonly operands: readonly WasmValue[];
  /** Source-level variables in scope (DWARF), innermost scope's first; [] without DWARF. */
  readonly variables: readonly DisplayValue[];
  /** A local by index or name, as a typed value. */
  local(nameOrIndex: string | number): WasmValue | undefined;
  /** A source variable's display value by name. */
  variable(name: string): DisplayValue | undefined;
  setLocal(nameOrIndex: string | number, value: WasmValueInput): void;
  /** `index` 0 = bottom of the operand stack. */
  setOperand(index: number, value: WasmValueInput): void;
}

export interface HostFrameInfo {
  readonly kind: 'host';
  readonly index: number;
  readonly importModule: string | undefined;
  readonly importName: string | undefined;
  /** The JS function's name, when known. */
  readonly name: string | undefined;
}

export type FrameInfo = WasmFrameInfo | HostFrameInfo;
