/**
 * Turns the files the user gave into a program to debug: the module's bytes and a SymbolResolver
 * whose provider is the best one found — DWARF in the module (or in an `external_debug_info`
 * file given alongside), a source map (`sourceMappingURL` or `<name>.map`), the text positions of
 * a `.wat` — and, when none exists, the module printed as WAT (`printWat` of @lantern/runtime),
 * one instruction per line, with a source map from each instruction's offset to its line.
 */
import { DwarfSymbolProvider, SourceMapSymbolProvider, SymbolResolver, type SymbolProvider } from '@lantern/debugger';
import { decodeModule, printWat, validateModule, valTypeName, type FuncType, type ModuleInfo } from '@lantern/runtime';
import { WatError } from '@lantern/wat';
import { SourceMapGenerator } from 'source-map-js';
import type { ProgramFile, ProgramSummary, SourceText } from '../protocol.ts';

export interface LoadedProgram {
  readonly name: string;
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly info: ModuleInfo;
  readonly symbols: SymbolResolver;
  readonly provider: SymbolProvider | undefined;
  readonly summary: ProgramSummary;
}

const decoder = new TextDecoder();

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The error a user sees for a file that is not a program: what and where. */
export class ProgramError extends Error {}

export function loadProgram(main: string, files: readonly ProgramFile[]): LoadedProgram {
  const byName = new Map(files.map((f) => [baseName(f.name), f.bytes]));
  const mainBytes = byName.get(baseName(main));
  if (!mainBytes) throw new ProgramError(`${main}: not among the files given`);
  // DWARF names sources as the build saw them (absolute, or relative to the build folder): find
  // them among the given files by base name.
  const textOf = (file: string): string | undefined => {
    const b = byName.get(baseName(file));
    return b && decoder.decode(b);
  };
  const symbols = new SymbolResolver({ readSource: textOf });
  let bytes: Uint8Array<ArrayBuffer>;
  let symbolKind: string;
  if (/\.wat$/i.test(main)) {
    try {
      bytes = symbols.addWat(decoder.decode(mainBytes), baseName(main));
    } catch (error) {
      if (error instanceof WatError) throw new ProgramError(`${main}:${error.line}:${error.column}: ${error.reason}`);
      throw error;
    }
    symbolKind = 'wat';
  } else {
    bytes = new Uint8Array(mainBytes);
    const provider = binaryProvider(main, bytes, byName, textOf);
    symbols.register(bytes, provider, baseName(main));
    symbolKind = provider?.kind ?? 'none';
  }
  let info: ModuleInfo;
  try {
    info = decodeModule(bytes);
    validateModule(info);
  } catch (error) {
    throw new ProgramError(`${main}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let provider = symbols.forModule(bytes).provider;
  const sources: SourceText[] = [];
  if (provider) {
    for (const file of provider.sources()) {
      const text = symbols.sourceLine(file, 1) !== undefined ? textOf(file) ?? (symbolKind === 'wat' ? decoder.decode(mainBytes) : undefined) : undefined;
      if (text !== undefined) sources.push({ file, text, language: /\.wat$/i.test(file) ? 'wat' : /\.[ch](pp|c|xx)?$/i.test(file) ? 'c' : 'text', generated: false });
    }
  }
  if (sources.length === 0) {
    // No source to show (no symbols, or sources not given): debug the instructions themselves.
    const wat = generatedWat(info, `${baseName(main)}.wat`);
    provider = wat.provider;
    symbols.addSourceText(wat.file, wat.text);
    symbols.register(bytes, provider, baseName(main));
    symbolKind = 'generated';
    sources.push({ file: wat.file, text: wat.text, language: 'wat', generated: true });
  }
  return { name: baseName(main), bytes, info, symbols, provider, summary: { name: baseName(main), sources, functions: exportedFunctions(info), hasStart: info.exports.some((e) => e.name === '_start'), symbols: symbolKind } };
}

function binaryProvider(main: string, bytes: Uint8Array, byName: ReadonlyMap<string, Uint8Array>, textOf: (file: string) => string | undefined): SymbolProvider | undefined {
  try {
    const dwarf = DwarfSymbolProvider.fromModule(bytes, { loadExternal: (url) => byName.get(baseName(url)) });
    if (dwarf) return dwarf;
    const mapped = SourceMapSymbolProvider.fromModule(bytes, textOf);
    if (mapped) return mapped;
    const beside = textOf(`${baseName(main)}.map`);
    return beside === undefined ? undefined : new SourceMapSymbolProvider(beside);
  } catch {
    return undefined; // malformed debug info: debug the instructions
  }
}

/**
 * The module as WAT, one instruction per line, and a source map from each instruction's module
 * offset to its line and column. Custom sections (DWARF of sources not given, ...) are left out:
 * as bytes they would bury the code.
 */
function generatedWat(info: ModuleInfo, file: string): { text: string; file: string; provider: SourceMapSymbolProvider } {
  const wat = printWat(info, { customSections: 'omit' });
  const map = new SourceMapGenerator({ file });
  const lineCount = wat.text.split('\n').length;
  for (let line = 1; line <= lineCount; line++) {
    for (const offset of wat.offsetsOfLine(line)) {
      map.addMapping({ generated: { line: 1, column: offset }, original: { line, column: wat.positionOfOffset(offset)!.column - 1 }, source: file });
    }
  }
  return { text: wat.text, file, provider: new SourceMapSymbolProvider(map.toString()) };
}

function exportedFunctions(info: ModuleInfo): ProgramSummary['functions'] {
  const out: { name: string; params: string[] }[] = [];
  for (const e of info.exports) {
    if (e.kind !== 'func') continue;
    out.push({ name: e.name, params: (funcType(info, e.index)?.params ?? []).map(valTypeName) });
  }
  return out;
}

/** The type of function `funcIndex` (imports first). */
function funcType(info: ModuleInfo, funcIndex: number): FuncType | undefined {
  let typeIndex: number | undefined;
  if (funcIndex < info.importedFuncs) {
    typeIndex = info.imports.filter((imp) => imp.desc.kind === 'func').map((imp) => (imp.desc as { typeIndex: number }).typeIndex)[funcIndex];
  } else {
    typeIndex = info.funcTypeIndices[funcIndex - info.importedFuncs];
  }
  const c = typeIndex === undefined ? undefined : info.types[typeIndex]?.composite;
  return c?.kind === 'func' ? c : undefined;
}
