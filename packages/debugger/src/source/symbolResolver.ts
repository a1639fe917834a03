/**
 * SymbolResolver: which SymbolProvider answers for which module, and the source-level view of a
 * wasm frame (its function name and its inlined call chain as frames of their own).
 *
 * Modules are recognised by their BYTES: the JS API copies the buffer it is given, so object
 * identity is lost between the caller's Uint8Array and the engine's ModuleInfo. Registered
 * modules are keyed by a fingerprint (length + 64-bit FNV-1a of the whole binary); each
 * ModuleInfo's answers are then cached in a WeakMap on the engine's byte array, so the hash runs
 * once per module.
 *
 * Provider choice, first match wins:
 *   1. a provider registered for these bytes (`register`, `addWat`, `addFile`);
 *   2. embedded DWARF (or `external_debug_info` loaded through `options.loadFile`);
 *   3. the `sourceMappingURL` section's map, loaded through `options.loadFile`;
 *   4. none: frames are named from the name section and placed by module offset.
 * DWARF is parsed lazily by its provider, so resolving a module costs a section scan.
 */

import { watToWasm } from '@lantern/wat';
import type { WatToWasmResult } from '@lantern/wat';
import { DwarfSymbolProvider } from '../symbols/dwarfSymbolProvider.ts';
import { SourceMapSymbolProvider } from '../symbols/sourceMapProvider.ts';
import { nameSectionOf } from '../symbols/nameSection.ts';
import type { NameMap } from '@lantern/runtime';
import { hostFiles, nodeFs } from '../symbols/hostFiles.ts';
import { baseName } from '../symbols/paths.ts';
import { loadSymbolsForFile } from '../symbols/symbolFiles.ts';
import type { SymbolProvider } from '../symbols/symbolProvider.ts';
import { WatSymbolProvider } from './watSymbolProvider.ts';

export interface SymbolResolverOptions {
  /**
   * Loads a file named by the module (`external_debug_info`, `sourceMappingURL`), as written in
   * the module. Undefined (the default) loads nothing: embedded DWARF and registered modules only.
   */
  loadFile?: (url: string) => Uint8Array | string | undefined;
  /** Reads a source file for `sourceLine` (default: the file system, for absolute/relative paths). */
  readSource?: (file: string) => string | undefined;
}

/** One frame of source: a wasm frame expands to its inlined frames (innermost first) then itself. */
export interface SourceFrame {
  /** Source-level function name (DWARF), else the name section's, else `wasm-function[i]`. */
  readonly function: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** True for a frame that exists only in the debug info (an inlined call). */
  readonly inlined: boolean;
}

/** What the resolver knows about one module. */
export class ModuleSymbols {
  private namesValue: NameMap | undefined;

  constructor(
    readonly bytes: Uint8Array,
    readonly provider: SymbolProvider | undefined,
    /** A label for traces without positions (the file's base name when known). */
    readonly label: string | undefined,
  ) {}

  /** The full name section (extended subsections included), parsed on first use. */
  get names(): NameMap {
    return (this.namesValue ??= nameSectionOf(this.bytes));
  }

  /** The name-section name of a function, or `wasm-function[i]`. */
  functionName(funcIndex: number): string {
    return this.names.functions.get(funcIndex) ?? `wasm-function[${funcIndex}]`;
  }

  localName(funcIndex: number, localIndex: number): string | undefined {
    return this.names.locals.get(funcIndex)?.get(localIndex);
  }

  globalName(index: number): string | undefined {
    return this.names.globals.get(index);
  }

  /**
   * The source frames of a wasm frame at `offset` (module byte offset; for callers, the call
   * instruction), innermost first: inlined calls first, then the function itself.
   * `exact`: the instruction's own position (SymbolProvider.instructionPosition) — for a caller's
   * call and a trapping instruction; else the position breakpoints and steps use (WAT: the
   * enclosing statement's).
   */
  sourceFrames(funcIndex: number, offset: number, exact = false): SourceFrame[] {
    const p = this.provider;
    const outer = p?.functionAt(offset)?.name ?? this.functionName(funcIndex);
    const pos = (exact ? p?.instructionPosition?.(offset) : undefined) ?? p?.sourcePosition(offset);
    if (!pos) return [{ function: outer, inlined: false }];
    const chain = pos.inlinedChain;
    const frames: SourceFrame[] = [
      { function: chain.length > 0 ? chain[0].function : outer, file: pos.file, line: pos.line, column: pos.column, inlined: chain.length > 0 },
    ];
    for (let k = 0; k < chain.length; k++) {
      const site = chain[k];
      frames.push({
        function: k + 1 < chain.length ? chain[k + 1].function : outer,
        file: site.callFile,
        line: site.callLine,
        column: site.callColumn,
        inlined: k + 1 < chain.length,
      });
    }
    return frames;
  }
}

/**
 * Whether two module binaries are the same bytes. The JS API copies a module's bytes, so a
 * registration is found by content; comparing 4 bytes at a time (when both views are aligned)
 * costs well under a millisecond per megabyte and only runs against registrations of equal length.
 */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = a.length >>> 2;
    const wa = new Int32Array(a.buffer, a.byteOffset, words);
    const wb = new Int32Array(b.buffer, b.byteOffset, words);
    for (let w = 0; w < words; w++) if (wa[w] !== wb[w]) return false;
    i = words * 4;
  }
  for (; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Source text from the disk where there is one (Node); elsewhere none unless the embedder reads it. */
function defaultReadSource(file: string): string | undefined {
  try {
    return nodeFs?.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

interface Registration {
  readonly bytes: Uint8Array;
  readonly provider: SymbolProvider | undefined;
  readonly label?: string;
}

export class SymbolResolver {
  private readonly registered: Registration[] = [];
  /** Per module bytes, its symbols and the registration they came from (none: discovered). */
  private readonly cache = new WeakMap<Uint8Array, { symbols: ModuleSymbols; from: Registration | undefined; generation: number }>();
  /** Bumped by every registration, so a cached answer is checked against the registrations once after one. */
  private generation = 0;
  private readonly sourceTexts = new Map<string, string[]>();
  private readonly readSource: (file: string) => string | undefined;

  constructor(private readonly options: SymbolResolverOptions = {}) {
    this.readSource = options.readSource ?? defaultReadSource;
  }

  /** Uses `provider` for every module with exactly these bytes, from now on (also for a module asked about before). */
  register(bytes: Uint8Array, provider: SymbolProvider | undefined, label?: string): void {
    const existing = this.registered.findIndex((r) => sameBytes(r.bytes, bytes));
    if (existing >= 0) this.registered.splice(existing, 1);
    this.registered.push({ bytes, provider, label });
    this.generation++;
  }

  /**
   * Assembles WebAssembly text and registers its text positions under `file`; returns the
   * binary to compile. The text is kept for `sourceLine`.
   */
  addWat(text: string, file: string): Uint8Array<ArrayBuffer> {
    return this.addWatResult(watToWasm(text), file, text);
  }

  /** Registers an already assembled `watToWasm` result. */
  addWatResult(result: WatToWasmResult, file: string, text?: string): Uint8Array<ArrayBuffer> {
    const provider = new WatSymbolProvider(file, result.binary, result.sourceMap, text);
    this.register(result.binary, provider, file);
    if (text !== undefined) this.addSourceText(file, text);
    return result.binary;
  }

  /** The text of `file`, for `sourceLine` (a generated source no file system has). */
  addSourceText(file: string, text: string): void {
    this.sourceTexts.set(file, text.split('\n'));
  }

  /** Reads a `.wasm` file, registers the best symbols found beside it (symbolFiles.ts); returns its bytes. */
  addFile(path: string): Uint8Array<ArrayBuffer> {
    const bytes = new Uint8Array(hostFiles('SymbolResolver.addFile').fs.readFileSync(path));
    this.register(bytes, loadSymbolsForFile(path, bytes), baseName(path));
    return bytes;
  }

  /** The symbols of a module (ModuleInfo, anything with `bytes`, or the bytes themselves). */
  forModule(module: Uint8Array | { readonly bytes: Uint8Array }): ModuleSymbols {
    const bytes = module instanceof Uint8Array ? module : module.bytes;
    const cached = this.cache.get(bytes);
    if (cached?.generation === this.generation) return cached.symbols;
    const from = this.registered.find((r) => sameBytes(r.bytes, bytes));
    if (cached && cached.from === from) {
      cached.generation = this.generation;
      return cached.symbols;
    }
    const symbols = new ModuleSymbols(bytes, from ? from.provider : this.discover(bytes), from?.label);
    this.cache.set(bytes, { symbols, from, generation: this.generation });
    return symbols;
  }

  /** The symbols of a runtime Instance (its `info.bytes`); undefined for anything else. */
  forInstance(instance: unknown): ModuleSymbols | undefined {
    const info = (instance as { info?: { bytes?: unknown } } | null | undefined)?.info;
    return info?.bytes instanceof Uint8Array ? this.forModule(info.bytes) : undefined;
  }

  /** The text of a source line (1-based), from registered WAT text or the file system. */
  sourceLine(file: string, line: number): string | undefined {
    let lines = this.sourceTexts.get(file);
    if (!lines) {
      const text = this.readSource(file);
      if (text === undefined) return undefined;
      lines = text.split('\n');
      this.sourceTexts.set(file, lines);
    }
    return lines[line - 1];
  }

  private discover(bytes: Uint8Array): SymbolProvider | undefined {
    const load = this.options.loadFile;
    const asBytes = (url: string) => {
      const v = load?.(url);
      return typeof v === 'string' ? new TextEncoder().encode(v) : v;
    };
    const asText = (url: string) => {
      const v = load?.(url);
      return v instanceof Uint8Array ? new TextDecoder().decode(v) : v;
    };
    try {
      return (
        DwarfSymbolProvider.fromModule(bytes, load ? { loadExternal: asBytes } : {}) ??
        (load ? SourceMapSymbolProvider.fromModule(bytes, asText) : undefined)
      );
    } catch {
      return undefined; // malformed debug sections: no symbols rather than no debugging
    }
  }
}
