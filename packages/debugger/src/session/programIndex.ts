/**
 * The program being debugged, as known before it runs: its decoded module, its symbols, and the
 * static questions a debugger asks of them — which function is where and what it is called, where
 * a function's body starts (after the prologue), what a `file:line`, a function name or an
 * offset resolves to, and the text of source lines.
 */
import { decodeModule, wasmInstructions, type FuncType, type ModuleInfo } from '@lantern/runtime';
import type { SymbolProvider } from '../symbols/symbolProvider.ts';
import type { ModuleSymbols, SymbolResolver } from '../source/symbolResolver.ts';
import { baseName } from '../symbols/paths.ts';
import { bodyStart } from '../stepping/prologue.ts';
import { UserError } from '../expression/userError.ts';

const NO_SYMBOLS = 'No symbol table is loaded (the module has no DWARF or text positions); break at a function or 0xOFFSET.';

export interface ResolvedLocation {
  /** Module offsets the breakpoint binds at. */
  readonly offsets: readonly number[];
  readonly file?: string;
  readonly line?: number;
  /** The function, when resolved by name. */
  readonly function?: string;
}

export class ProgramIndex {
  readonly info: ModuleInfo;
  readonly provider: SymbolProvider | undefined;
  readonly moduleSymbols: ModuleSymbols;
  private functionNames: Map<string, number> | undefined;

  /** Throws the runtime's CompileError when `bytes` do not decode. */
  constructor(
    readonly bytes: Uint8Array<ArrayBuffer>,
    readonly symbols: SymbolResolver,
  ) {
    this.info = decodeModule(bytes);
    this.moduleSymbols = symbols.forModule(bytes);
    this.provider = this.moduleSymbols.provider;
  }

  get hasLineInfo(): boolean {
    return this.provider !== undefined;
  }

  funcType(funcIndex: number): FuncType | undefined {
    const info = this.info;
    let typeIndex: number | undefined;
    if (funcIndex < info.importedFuncs) {
      let k = 0;
      for (const imp of info.imports) {
        if (imp.desc.kind !== 'func') continue;
        if (k++ === funcIndex) typeIndex = (imp.desc as { typeIndex: number }).typeIndex;
      }
    } else {
      typeIndex = info.funcTypeIndices[funcIndex - info.importedFuncs];
    }
    const c = typeIndex === undefined ? undefined : info.types[typeIndex]?.composite;
    return c && c.kind === 'func' ? c : undefined;
  }

  /** Function name → function index: source (DWARF) names and name-section names. */
  private names(): Map<string, number> {
    if (this.functionNames) return this.functionNames;
    const map = new Map<string, number>();
    const info = this.info;
    info.bodies.forEach((body, i) => {
      const funcIndex = info.importedFuncs + i;
      const source = this.provider?.functionAt(body.codeStart)?.name;
      if (source && !map.has(source)) map.set(source, funcIndex);
    });
    for (const [index, name] of this.moduleSymbols.names.functions) if (index >= info.importedFuncs && !map.has(name)) map.set(name, index);
    return (this.functionNames = map);
  }

  functionIndex(name: string): number | undefined {
    const n = this.names();
    return n.get(name) ?? (name.startsWith('$') ? n.get(name.slice(1)) : undefined);
  }

  functionName(funcIndex: number): string {
    const body = this.info.bodies[funcIndex - this.info.importedFuncs];
    return (body && this.provider?.functionAt(body.codeStart)?.name) ?? this.moduleSymbols.functionName(funcIndex);
  }

  /** The function whose body holds `offset`, by name. */
  functionAtOffset(offset: number): string | undefined {
    const info = this.info;
    const i = info.bodies.findIndex((b) => offset >= b.codeStart && offset < b.codeEnd);
    return i < 0 ? undefined : this.functionName(info.importedFuncs + i);
  }

  /** Where `break <function>` stops: the first instruction of the body proper (after the prologue). */
  functionBreakOffset(funcIndex: number): number {
    return bodyStart(this.info, funcIndex - this.info.importedFuncs, this.provider);
  }

  /**
   * The wasm functions the code at `pc` calls directly from there to the end of its source line
   * (DAP stepInTargets), in order, each once; calls of imports (host functions) are left out.
   */
  callsAhead(pc: number): { readonly funcIndex: number; readonly name: string }[] {
    const info = this.info;
    const body = info.bodies.findIndex((b) => pc >= b.codeStart && pc < b.codeEnd);
    const line = this.provider?.sourcePosition(pc);
    if (body < 0 || !line) return [];
    const out = new Map<number, string>();
    for (const ins of wasmInstructions(info, info.importedFuncs + body)) {
      if (ins.offset < pc) continue;
      const at = this.provider!.sourcePosition(ins.offset);
      if (at && (at.file !== line.file || at.line !== line.line)) break;
      if (ins.mnemonic !== 'call' && ins.mnemonic !== 'return_call') continue;
      const callee = Number(ins.immediates);
      if (callee >= info.importedFuncs && !out.has(callee)) out.set(callee, this.functionName(callee));
    }
    return [...out].map(([funcIndex, name]) => ({ funcIndex, name }));
  }

  /** The source file a bare line number means before anything is selected: main's, else the first. */
  defaultFile(): string | undefined {
    const p = this.provider;
    if (!p) return undefined;
    const main = this.functionIndex('main') ?? this.functionIndex('_start');
    if (main !== undefined && main >= this.info.importedFuncs) {
      const pos = p.sourcePosition(this.functionBreakOffset(main));
      if (pos) return pos.file;
    }
    return p.sources()[0];
  }

  /** An offset inside a function body, with its source position. */
  resolveOffset(offset: number): ResolvedLocation {
    if (!this.info.bodies.some((b) => offset >= b.codeStart && offset < b.codeEnd)) {
      throw new UserError(`No code at offset 0x${offset.toString(16)} (not inside a function body).`);
    }
    const pos = this.provider?.sourcePosition(offset);
    return { offsets: [offset], file: pos?.file, line: pos?.line };
  }

  /** Every offset where `file:line` is entered (the next line with code when it has none). */
  resolveLine(file: string, line: number): ResolvedLocation {
    if (!this.provider) throw new UserError(NO_SYMBOLS);
    const r = this.provider.breakpointOffsets(file, line);
    if (!r || r.offsets.length === 0) {
      const known = this.provider.sources().some((s) => s === file || s.endsWith(`/${file}`) || file.endsWith(`/${s}`) || baseName(s) === file);
      throw new UserError(known ? `No line ${line} in file "${file}".` : `No source file named ${file}.`);
    }
    return { offsets: r.offsets, file: r.files[0] ?? file, line: r.line };
  }

  /** A function by name, bound after its prologue. */
  resolveFunction(name: string): ResolvedLocation {
    const funcIndex = this.functionIndex(name);
    if (funcIndex === undefined || funcIndex < this.info.importedFuncs) throw new UserError(`Function "${name}" not defined.`);
    const o = this.functionBreakOffset(funcIndex);
    const pos = this.provider?.sourcePosition(o);
    return { offsets: [o], file: pos?.file, line: pos?.line, function: this.functionName(funcIndex) };
  }

  /** gdb's location syntax: `file:line`, `line` (in `currentFile`), `function`, `0xoffset` / `*0xoffset`. */
  resolve(spec: string, currentFile: string | undefined): ResolvedLocation {
    const offset = /^\*?(0x[0-9a-f]+)$/i.exec(spec);
    if (offset) return this.resolveOffset(Number(offset[1]));
    const fileLine = /^(.+):(\d+)$/.exec(spec) ?? (/^\d+$/.test(spec) ? [spec, currentFile ?? this.defaultFile(), spec] : null);
    if (fileLine) {
      const file = fileLine[1];
      if (file === undefined) throw new UserError(NO_SYMBOLS);
      return this.resolveLine(file, Number(fileLine[2]));
    }
    if (!/^\$?[A-Za-z_.][\w.$]*$/.test(spec)) throw new UserError(`Malformed location "${spec}": expected file:line, line, function or 0xOFFSET.`);
    return this.resolveFunction(spec);
  }

  /** The source files the symbols name (DAP loadedSources). */
  sourceFiles(): string[] {
    return this.provider?.sources() ?? [];
  }

  /**
   * The lines from `fromLine` to `toLine` (inclusive) of `file` where a breakpoint binds on that
   * very line, with the column of its first entry (DAP breakpointLocations).
   */
  lineLocations(file: string, fromLine: number, toLine = fromLine): { readonly line: number; readonly column: number }[] {
    const p = this.provider;
    if (!p) return [];
    const out: { line: number; column: number }[] = [];
    for (let line = fromLine; line <= toLine; line++) {
      const r = p.breakpointOffsets(file, line);
      if (!r || r.line !== line || r.offsets.length === 0) continue;
      out.push({ line, column: p.sourcePosition(r.offsets[0]!)?.column ?? 0 });
    }
    return out;
  }

  /** Line `n` (1-based) of a source file, or undefined when the file or the line is missing. */
  sourceLine(file: string, n: number): string | undefined {
    const text = this.symbols.sourceLine(file, n);
    if (text === undefined) return undefined;
    // A final newline makes an empty last "line" that is not one.
    if (text === '' && this.symbols.sourceLine(file, n + 1) === undefined) return undefined;
    return text.replace(/\r$/, '');
  }

  /** Is `offset` where line `line` of `file` is entered (a row start)? */
  isLineStart(offset: number, file: string, line: number): boolean {
    const r = this.provider?.breakpointOffsets(file, line);
    return r !== undefined && r.line === line && r.offsets.includes(offset);
  }
}
