/**
 * The program being debugged, as known before it runs: its bytes, the symbols (DWARF, WAT
 * positions, name section) and the static questions the debugger asks of them — which function
 * is where, where a function's body starts (after the prologue), what a `file:line` or a
 * function name resolves to, and the text of source lines.
 */
import { basename } from 'node:path';
import { decodeModule, type FuncType, type ModuleInfo } from '@lantern/runtime';
import { WatSymbolProvider, type SymbolProvider, type SymbolResolver } from '@lantern/debugger';
import { CliError } from '../cliError.ts';
import { loadProgramSymbols } from '../programSymbols.ts';
import { UserError } from '@lantern/debugger';

export interface ResolvedLocation {
  /** Module offsets the breakpoint binds at. */
  readonly offsets: readonly number[];
  readonly file?: string;
  readonly line?: number;
  /** The function, when resolved by name. */
  readonly function?: string;
}

export class Program {
  readonly symbols: SymbolResolver;
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly info: ModuleInfo;
  readonly provider: SymbolProvider | undefined;
  private functionNames: Map<string, number> | undefined;

  constructor(readonly file: string) {
    ({ bytes: this.bytes, symbols: this.symbols } = loadProgramSymbols(file));
    try {
      this.info = decodeModule(this.bytes);
    } catch (error) {
      throw new CliError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.provider = this.symbols.forModule(this.bytes).provider;
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
    const sectionNames = this.symbols.forModule(this.bytes).names.functions;
    for (const [index, name] of sectionNames) if (index >= info.importedFuncs && !map.has(name)) map.set(name, index);
    return (this.functionNames = map);
  }

  functionIndex(name: string): number | undefined {
    const n = this.names();
    return n.get(name) ?? (name.startsWith('$') ? n.get(name.slice(1)) : undefined);
  }

  functionName(funcIndex: number): string {
    const body = this.info.bodies[funcIndex - this.info.importedFuncs];
    return (body && this.provider?.functionAt(body.codeStart)?.name) ?? this.symbols.forModule(this.bytes).functionName(funcIndex);
  }

  /** Where `break <function>` stops: the first instruction of the body proper (after the prologue). */
  functionBreakOffset(funcIndex: number): number {
    const body = this.info.bodies[funcIndex - this.info.importedFuncs]!;
    const p = this.provider;
    if (!p) return body.codeStart;
    if (p instanceof WatSymbolProvider) {
      for (let o = body.codeStart; o < body.codeEnd; o++) if (p.isStatementOffset(o)) return o;
      return body.codeStart;
    }
    // DWARF: the first row whose line differs from the function's opening line (gdb's prologue skip).
    const first = p.sourcePosition(body.codeStart);
    if (!first) return body.codeStart;
    for (let o = body.codeStart + 1; o < body.codeEnd && o < body.codeStart + 8192; o++) {
      const pos = p.sourcePosition(o);
      if (pos && pos.line !== 0 && pos.line !== first.line) return o;
    }
    return body.codeStart;
  }

  /** The source file `break N` and `list` use before anything is selected: main's, else the first. */
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

  /** `file:line`, `line` (in `currentFile`), `function`, `0xoffset` / `*0xoffset`. */
  resolve(spec: string, currentFile: string | undefined): ResolvedLocation {
    const offset = /^\*?(0x[0-9a-f]+)$/i.exec(spec);
    if (offset) {
      const o = Number(offset[1]);
      if (!this.info.bodies.some((b) => o >= b.codeStart && o < b.codeEnd)) throw new UserError(`No code at offset ${offset[1]} (not inside a function body).`);
      const pos = this.provider?.sourcePosition(o);
      return { offsets: [o], file: pos?.file, line: pos?.line };
    }
    const fileLine = /^(.+):(\d+)$/.exec(spec) ?? (/^\d+$/.test(spec) ? [spec, currentFile ?? this.defaultFile(), spec] : null);
    if (fileLine) {
      const file = fileLine[1];
      const line = Number(fileLine[2]);
      if (!this.provider || file === undefined) throw new UserError('No symbol table is loaded (the module has no DWARF or text positions); break at a function or 0xOFFSET.');
      const r = this.provider.breakpointOffsets(file, line);
      if (!r || r.offsets.length === 0) {
        const known = this.provider.sources().some((s) => s === file || s.endsWith(`/${file}`) || file.endsWith(`/${s}`) || basename(s) === file);
        throw new UserError(known ? `No line ${line} in file "${file}".` : `No source file named ${file}.`);
      }
      return { offsets: r.offsets, file: r.files[0] ?? file, line: r.line };
    }
    if (!/^\$?[A-Za-z_.][\w.$]*$/.test(spec)) throw new UserError(`Malformed location "${spec}": expected file:line, line, function or 0xOFFSET.`);
    const funcIndex = this.functionIndex(spec);
    if (funcIndex === undefined || funcIndex < this.info.importedFuncs) throw new UserError(`Function "${spec}" not defined.`);
    const o = this.functionBreakOffset(funcIndex);
    const pos = this.provider?.sourcePosition(o);
    return { offsets: [o], file: pos?.file, line: pos?.line, function: this.functionName(funcIndex) };
  }

  /** Line `n` (1-based) of a source file, or undefined when the file or the line is missing. */
  sourceLine(file: string, n: number): string | undefined {
    const text = this.symbols.sourceLine(file, n);
    if (text === undefined) return undefined;
    // A final newline makes an empty last "line" that is not one.
    if (text === '' && this.symbols.sourceLine(file, n + 1) === undefined) return undefined;
    return text.replace(/\r$/, '');
  }

  /** Is `offset` where line `line` of `file` is entered (a row start), so gdb would show no address? */
  isLineStart(offset: number, file: string, line: number): boolean {
    const r = this.provider?.breakpointOffsets(file, line);
    return r !== undefined && r.line === line && r.offsets.includes(offset);
  }
}

/** Source files as DWARF names them: absolute, or relative to the module's folder (or just its base name there). */
