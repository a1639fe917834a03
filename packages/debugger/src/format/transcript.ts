/**
 * Transcript: a debug session as text, for golden tests (vscode-js-debug's habit) and for
 * anyone who wants to log a session: events, where execution stopped (source line and its text),
 * the stack, locals, operands and source variables.
 *
 *     [breakpoint #1] sumSquares @0x5d session.wat:18:7
 *       18 |       (local.set $acc
 *       #0 sumSquares (session.wat:18:7)
 *       #1 <host> (js)
 *       locals: n=i32 3, i=i32 0, acc=i32 0
 *       operands: []
 */

import type { DisplayValue } from '../symbols/dwarf/valueFormatter.ts';
import type { FrameInfo, WasmFrameInfo } from '../frames/frameInfo.ts';
import { formatWasmValue } from '../frames/wasmValue.ts';
import type { SymbolResolver } from '../source/symbolResolver.ts';
import { boundaryLine } from './stackTrace.ts';

export interface TranscriptOptions {
  /** Rewrites file names (e.g. to base names) so transcripts do not depend on build paths. */
  readonly fileName?: (file: string) => string;
  /** How many levels of a variable's children to show (default 1). */
  readonly variableDepth?: number;
}

export class Transcript {
  private readonly lines: string[] = [];

  constructor(
    private readonly symbols: SymbolResolver,
    private readonly options: TranscriptOptions = {},
  ) {}

  private file(f: string): string {
    return this.options.fileName ? this.options.fileName(f) : f;
  }

  log(text: string): void {
    this.lines.push(text);
  }

  /** `where` header of a stop: `function @0xPC file:line:col` and the source line's text. */
  location(frame: WasmFrameInfo, indent = '  '): void {
    const s = frame.source;
    if (!s) return;
    const text = this.symbols.sourceLine(s.file, s.line);
    if (text !== undefined) this.lines.push(`${indent}${String(s.line).padStart(3)} | ${text}`);
  }

  where(frame: WasmFrameInfo): string {
    const s = frame.source;
    return `${frame.function} @0x${frame.pc.toString(16)}${s ? ` ${this.file(s.file)}:${s.line}:${s.column}` : ''}`;
  }

  /** The stack: one line per source frame (inlined ones marked), host frames between. */
  stack(frames: readonly FrameInfo[], indent = '  '): void {
    let n = 0;
    for (const f of frames) {
      if (f.kind === 'host') {
        const via = f.importModule !== undefined ? `${f.importModule}.${f.importName ?? '?'}` : 'host';
        this.lines.push(`${indent}#${n++} <host> ${via}${f.name ? ` (${f.name})` : ''}`);
        continue;
      }
      for (const s of f.sourceFrames) {
        const where =
          s.file !== undefined && s.line !== undefined
            ? `${this.file(s.file)}:${s.line}${s.column ? `:${s.column}` : ''}`
            : `wasm-function[${f.funcIndex}]:0x${f.pc.toString(16)}`;
        this.lines.push(`${indent}#${n++} ${s.inlined ? '[inlined] ' : ''}${s.function} (${where})`);
      }
      if (f.boundary) this.lines.push(`${indent}${boundaryLine(f.boundary.continuation, f.boundary.tag)}`);
    }
  }

  /** Locals (the first `max`, default 8; -O0 C functions have dozens of compiler temporaries). */
  locals(frame: WasmFrameInfo, indent = '  ', max = 8): void {
    const all = frame.locals;
    const items = all.slice(0, max).map((l) => `${l.name ?? `local${l.index}`}=${formatWasmValue(l.value)}`);
    if (all.length > max) items.push(`... (${all.length - max} more)`);
    this.lines.push(`${indent}locals: ${items.join(', ')}`);
  }

  operands(frame: WasmFrameInfo, indent = '  '): void {
    this.lines.push(`${indent}operands: [${frame.operands.map((v) => formatWasmValue(v)).join(', ')}]`);
  }

  variables(frame: WasmFrameInfo, indent = '  '): void {
    const depth = this.options.variableDepth ?? 1;
    if (frame.variables.length === 0) return;
    this.lines.push(`${indent}variables:`);
    for (const v of frame.variables) this.variable(v, `${indent}  `, depth);
  }

  private variable(v: DisplayValue, indent: string, depth: number): void {
    this.lines.push(`${indent}${v.name}: ${v.type} = ${v.value}`);
    if (depth > 0 && v.children) for (const c of v.children.slice(0, 8)) this.variable(c, `${indent}  `, depth - 1);
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
