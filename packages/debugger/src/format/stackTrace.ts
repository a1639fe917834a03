/**
 * formatStackTrace: a trap's (or a pause's) frames as text, one line per SOURCE frame:
 *
 *     #0 [inlined] ratio (/src/util.h:6:12)
 *     #1 depth_sum (/src/crash.c:14:12)
 *     #2 <host> env.log (logValue)
 *     #3 __main_void (crash.wasm:wasm-function[29]:0x2b36)
 *
 * A wasm frame expands into its inlined calls (DWARF inlined subroutines, innermost first, each
 * marked `[inlined]`) followed by the function itself, all numbered as frames of their own, as
 * LLDB and GDB do. Frames without a source position show the module offset in Chrome's
 * `wasm-function[i]:0xOFFSET` form. Host frames show the import they were called through and the
 * JS function's own name. A continuation's bottom frame is followed by a boundary line naming
 * the continuation and the tag it was suspended with (`-- continuation #3 resumed (suspended
 * with $yield) --`); the frames after it are its resumer's.
 *
 * Input: RawFrame (packages/traps) newest first, as in `Trap.frames`; frames with `kind: 'host'`
 * are host activations between wasm frames.
 *
 * Positions are the frame's instruction's own (SymbolProvider.instructionPosition): the trapping
 * instruction, and in each caller its call — in WAT not the enclosing folded statement, which is
 * the unit of breakpoints and steps (`(local.set $m (call $mean ...))` shows the `call`).
 */

import type { SourceFrame, SymbolResolver } from '../source/symbolResolver.ts';

/** A host frame between wasm frames (called through an import, or the embedder itself). */
export interface HostTraceFrame {
  readonly kind: 'host';
  /** Import module and field the host function was called through, when known. */
  readonly importModule?: string;
  readonly importName?: string;
  /** The JS function's own name (`fn.name`), when known. */
  readonly name?: string;
}

/** A wasm frame: RawFrame's wasm fields (structural, so `Trap.frames` is accepted as is). */
export interface WasmTraceFrame {
  readonly kind?: 'wasm';
  readonly funcIndex: number;
  readonly offset: number;
  readonly instance: unknown;
  /**
   * The bottom frame of a running continuation (RawFrame.boundary: the runtime's Continuation and
   * the TagInstance it was suspended with, null when it started fresh); the next frame resumed it.
   */
  readonly boundary?: { readonly continuation: unknown; readonly tag: unknown };
}

/**
 * The line shown after a continuation's bottom frame, before its resumer:
 * `-- continuation #3 resumed (suspended with $yield) --`, or `-- continuation #1 started --`.
 */
export function boundaryLine(id: number | undefined, tag: string | undefined): string {
  const k = `continuation${id !== undefined ? ` #${id}` : ''}`;
  return tag !== undefined ? `-- ${k} resumed (suspended with ${tag}) --` : `-- ${k} started --`;
}

/** `$name` (name section) of a TagInstance found in one of `instances`, else `tag[i]`. */
export function tagNameIn(tag: unknown, instances: readonly unknown[], resolver: SymbolResolver): string {
  let fallback: string | undefined;
  for (const inst of instances) {
    const tags = (inst as { tags?: unknown[] } | null)?.tags;
    const i = tags ? tags.indexOf(tag) : -1;
    if (i < 0) continue;
    const name = resolver.forInstance(inst)?.names.tags.get(i);
    if (name !== undefined) return `$${name}`;
    fallback ??= `tag[${i}]`;
  }
  return fallback ?? 'tag[?]';
}

export type TraceFrame = WasmTraceFrame | HostTraceFrame;

export interface StackTraceOptions {
  /** Rewrites a source file name for display (e.g. relative to a root, or its base name). */
  readonly fileName?: (file: string) => string;
  /** Prefix of every line (default two spaces). */
  readonly indent?: string;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** Expands frames to source frames and formats them; returns the lines joined with '\n'. */
export function formatStackTrace(frames: readonly TraceFrame[], resolver: SymbolResolver, options: StackTraceOptions = {}): string {
  const indent = options.indent ?? '  ';
  const file = options.fileName ?? ((f: string) => f);
  const out: string[] = [];
  let n = 0;
  const instances = frames.map((f) => (f.kind === 'host' ? null : f.instance));
  for (const frame of frames) {
    if (frame.kind === 'host') {
      const via = frame.importModule !== undefined ? `${frame.importModule}.${frame.importName ?? '?'}` : 'host';
      const js = frame.name ? ` (${frame.name})` : '';
      out.push(`${indent}#${n++} <host> ${via}${js}`);
      continue;
    }
    const symbols = resolver.forInstance(frame.instance);
    const sources: SourceFrame[] = symbols
      ? symbols.sourceFrames(frame.funcIndex, frame.offset, true)
      : [{ function: `wasm-function[${frame.funcIndex}]`, inlined: false }];
    for (const s of sources) {
      const where =
        s.file !== undefined && s.line !== undefined
          ? `${file(s.file)}:${s.line}${s.column ? `:${s.column}` : ''}`
          : `${symbols?.label ? `${symbols.label}:` : ''}wasm-function[${frame.funcIndex}]:${hex(frame.offset)}`;
      out.push(`${indent}#${n++} ${s.inlined ? '[inlined] ' : ''}${s.function} (${where})`);
    }
    const b = frame.boundary;
    if (b) {
      const id = (b.continuation as { id?: number } | null)?.id;
      out.push(`${indent}${boundaryLine(id, b.tag ? tagNameIn(b.tag, instances, resolver) : undefined)}`);
    }
  }
  return out.join('\n');
}
