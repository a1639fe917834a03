/**
 * Breakpoint: what the user asked for (a location, a condition, a hit count, a log message) and
 * where it is bound (module offsets in each module it resolved in).
 *
 * Locations:
 *   - `{ offset, module? }`: a module byte offset; `module` (a name/label, or a predicate over the
 *     module's bytes/label) narrows it to one module; without it, every module with code there.
 *   - `{ file, line }`: a source line, resolved through each module's SymbolProvider to EVERY
 *     offset where the line is entered (all address ranges, inlined copies); the line actually
 *     bound (the next line with code when the requested one has none) is `boundLine`.
 * A breakpoint stays PENDING until a module that resolves it is compiled; it binds at that
 * moment, so one set before load is never missed.
 *
 * Hits: every time execution reaches a bound offset, `hits` counts up IF the condition holds;
 * `hitCount` (stop on the Nth hit and after, like VS Code's "= N" / ">= N") and `logMessage`
 * (print, don't stop) apply after the condition.
 */

import type { WasmFrameInfo } from '../frames/frameInfo.ts';
import type { PauseContext } from '../pauseContext.ts';

export type BreakpointLocation =
  | { readonly offset: number; readonly module?: string | ((label: string | undefined, bytes: Uint8Array) => boolean) }
  | { readonly file: string; readonly line: number };

export interface BreakpointOptions {
  /**
   * Stop only when it returns true (errors count as true and are reported on `error`). `context`
   * is the pause being decided (memory, globals); no action may be chosen on it.
   */
  readonly condition?: (frame: WasmFrameInfo, context: PauseContext) => boolean;
  /** Stop on the Nth qualifying hit; `hitCondition: '>='` (default) keeps stopping after, '==' only then, '%' every Nth. */
  readonly hitCount?: number;
  readonly hitCondition?: '>=' | '==' | '%';
  /** A logpoint: print this template (`{local}`, `{variable}`, `{$pc}`, `{$function}`) and continue. */
  readonly logMessage?: string;
  /** Disabled breakpoints stay bound but never stop. */
  readonly enabled?: boolean;
}

export interface BoundSite {
  /** The module (engine ModuleInfo bytes) and its label. */
  readonly bytes: Uint8Array;
  readonly label: string | undefined;
  readonly offset: number;
}

export class Breakpoint {
  /** Hits counted so far (condition true). */
  hits = 0;
  /** Where it is bound; empty while pending. */
  readonly sites: BoundSite[] = [];
  /** For `file:line`: the line the sites belong to (may differ from the requested line). */
  boundLine: number | undefined;
  enabled: boolean;

  constructor(
    readonly id: number,
    readonly location: BreakpointLocation,
    readonly options: BreakpointOptions = {},
  ) {
    this.enabled = options.enabled ?? true;
  }

  get pending(): boolean {
    return this.sites.length === 0;
  }

  get isLogpoint(): boolean {
    return this.options.logMessage !== undefined;
  }

  /** Counts a hit whose condition held; true if it should act (stop, or log) now. */
  countHit(): boolean {
    this.hits++;
    const n = this.options.hitCount;
    if (n === undefined) return true;
    switch (this.options.hitCondition ?? '>=') {
      case '>=':
        return this.hits >= n;
      case '==':
        return this.hits === n;
      case '%':
        return n > 0 && this.hits % n === 0;
    }
  }

  /** `file:line` or `0xOFFSET` (for transcripts). */
  describe(): string {
    const l = this.location;
    if ('file' in l) return `${l.file}:${l.line}${this.boundLine !== undefined && this.boundLine !== l.line ? ` (bound at line ${this.boundLine})` : ''}`;
    return `0x${l.offset.toString(16)}${typeof l.module === 'string' ? ` in ${l.module}` : ''}`;
  }
}

/**
 * Expands a logpoint template: `{name}` is replaced by `lookup(name)` (a local's, a source
 * variable's, or `$pc`/`$function`/`$line`), `{{` / `}}` are literal braces; unknown names
 * stay as `{name?}`.
 */
export function expandTemplate(template: string, lookup: (name: string) => string | undefined): string {
  return template.replace(/\{\{|\}\}|\{([^{}]+)\}/g, (m, name: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const key = name!.trim();
    return lookup(key) ?? `{${key}?}`;
  });
}
