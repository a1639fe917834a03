/**
 * SourceMapSymbolProvider: the SymbolProvider for modules that ship a Source Map v3 instead of
 * DWARF (Emscripten -gsource-map, AssemblyScript --sourceMap; the Source Map v3 format).
 *
 * Wasm convention: everything is on generated line 1 and the generated COLUMN is the MODULE
 * offset — the same unit as SymbolProvider queries, so no conversion is needed. Parsing and
 * lookup use `source-map-js` (well kept, no dependencies).
 *
 * Semantics: a position maps through the greatest mapping at or below the offset; a 1-field
 * segment (no source) marks the following bytes unmapped. Breakpoints: the first mapping of each
 * run of consecutive mappings on the requested line (no is_stmt in source maps), moving to the
 * next mapped line when the line has none. Functions, inline frames and variables are not
 * available from a source map (empty answers).
 */

import { SourceMapConsumer } from 'source-map-js';
import type { RawSourceMapInput } from 'source-map-js';
import { pathMatches } from './paths.ts';
import type { BreakpointResolution, FunctionInfo, InlinedFrame, SourcePosition, SymbolProvider, VariableInfo } from './symbolProvider.ts';
import type { DisplayValue } from './dwarf/valueFormatter.ts';
import { findWasmSections, urlSection } from './wasmSections.ts';

export class SourceMapSymbolProvider implements SymbolProvider {
  readonly kind = 'sourceMap' as const;
  private readonly consumer: SourceMapConsumer;
  private index: Map<string, Map<number, number[]>> | undefined;

  /** `map`: the map as JSON text or object; `mapUrl`: where it came from (resolves relative sources). */
  constructor(map: string | RawSourceMapInput, mapUrl?: string) {
    this.consumer = new SourceMapConsumer(typeof map === 'string' ? (JSON.parse(map) as RawSourceMapInput) : map, mapUrl);
  }

  /**
   * Reads a module's `sourceMappingURL` section and loads the map through `load` (given the URL
   * as written, relative to the wasm file). Undefined when the section or the map is missing.
   */
  static fromModule(bytes: Uint8Array, load: (url: string) => string | undefined): SourceMapSymbolProvider | undefined {
    const url = urlSection(findWasmSections(bytes), 'sourceMappingURL');
    if (url === undefined) return undefined;
    const text = load(url);
    return text === undefined ? undefined : new SourceMapSymbolProvider(text);
  }

  sourcePosition(moduleOffset: number): SourcePosition | undefined {
    const p = this.consumer.originalPositionFor({ line: 1, column: moduleOffset, bias: SourceMapConsumer.GREATEST_LOWER_BOUND });
    if (p.source === null || p.line === null) return undefined;
    return { file: p.source, line: p.line, column: (p.column ?? -1) + 1, inlinedChain: [] };
  }

  private lineIndex(): Map<string, Map<number, number[]>> {
    if (this.index) return this.index;
    const index = new Map<string, Map<number, number[]>>();
    let prevSource: string | null = null;
    let prevLine = -1;
    this.consumer.eachMapping((m) => {
      if (m.generatedLine !== 1) return;
      const same = m.source === prevSource && m.originalLine === prevLine;
      prevSource = m.source;
      prevLine = m.originalLine ?? -1;
      if (m.source === null || m.originalLine === null || same) return;
      let lines = index.get(m.source);
      if (!lines) index.set(m.source, (lines = new Map()));
      let offsets = lines.get(m.originalLine);
      if (!offsets) lines.set(m.originalLine, (offsets = []));
      offsets.push(m.generatedColumn);
    }, undefined, SourceMapConsumer.GENERATED_ORDER);
    this.index = index;
    return index;
  }

  breakpointOffsets(file: string, line: number): BreakpointResolution | undefined {
    const index = this.lineIndex();
    const matches = [...index.keys()].filter((s) => pathMatches(s, file));
    let best = Number.POSITIVE_INFINITY;
    for (const s of matches) for (const l of index.get(s)!.keys()) if (l >= line && l < best) best = l;
    if (best === Number.POSITIVE_INFINITY) return undefined;
    const offsets = new Set<number>();
    const files: string[] = [];
    for (const s of matches) {
      const o = index.get(s)!.get(best);
      if (!o) continue;
      files.push(s);
      for (const x of o) offsets.add(x);
    }
    return { line: best, offsets: [...offsets].sort((a, b) => a - b), files };
  }

  functionAt(_moduleOffset: number): FunctionInfo | undefined {
    return undefined;
  }

  inlinedFramesAt(_moduleOffset: number): InlinedFrame[] {
    return [];
  }

  variablesAt(_moduleOffset: number, _frameIndex?: number): VariableInfo[] {
    return [];
  }

  readVariable(_moduleOffset: number, variable: VariableInfo): DisplayValue {
    return { name: variable.name, type: variable.typeName, value: '<unavailable>' };
  }

  sources(): string[] {
    return [...this.consumer.sources].sort();
  }

  /** Embedded source text (`sourcesContent`), when the map has it. */
  sourceContent(file: string): string | undefined {
    const s = this.consumer.sources.find((x) => pathMatches(x, file));
    return s === undefined ? undefined : (this.consumer.sourceContentFor(s, true) ?? undefined);
  }
}
