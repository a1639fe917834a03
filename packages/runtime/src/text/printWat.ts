/**
 * printWat: a whole module as WebAssembly text, with the position of every instruction.
 *
 * The text is flat (one instruction per line, block bodies indented), the form a debugger steps
 * through. Definitions come in the binary's section order; names come from the name section
 * (names.ts); constant expressions are folded on their definition's line. Custom sections are
 * kept as `(@custom "name" (after section) "bytes")` annotations, so that @lantern/wat's
 * `wat2wasm` gives back the same module (printWat.test in @lantern/fuzz checks this, and says
 * what it does not cover).
 */
import type { ElemSegment, FuncType, ModuleInfo, TableType, Limits, ConstExpr } from '../syntax/moduleInfo.ts';
import { funcTypeIndex } from '../syntax/moduleInfo.ts';
import { decodeModule } from '../binary/decoder.ts';
import { ByteReader } from '../binary/reader.ts';
import { InstructionPrinter, Shape } from './instructionText.ts';
import { ModuleNames, stringLiteral, type IdSpace } from './names.ts';
import { placedCustomSections, typeGroups } from './sectionLayout.ts';
import { TypeText } from './typeText.ts';
import { WatWriter, type WatText } from './watText.ts';

export interface PrintWatOptions {
  /**
   * Write the name section's names as `$id`s (default). With false, everything is referred to
   * by index and the name section is kept, byte for byte, as a custom section.
   */
  names?: boolean;
  /**
   * Custom sections other than the name section: `print` them as `(@custom …)` annotations
   * (default), or `omit` them (a comment at the top lists what was left out).
   */
  customSections?: 'print' | 'omit';
}

/** Bytes of a data segment or custom section per printed string. */
const BYTES_PER_STRING = 32;

/** The module (its binary, or as decoded) as text; a malformed binary throws its CompileError. */
export function printWat(module: Uint8Array | ModuleInfo, options: PrintWatOptions = {}): WatText {
  const info = module instanceof Uint8Array ? decodeModule(module) : module;
  return new ModulePrinter(info, options).print();
}

class ModulePrinter {
  private readonly w = new WatWriter();
  private readonly names: ModuleNames;
  private readonly types: TypeText;

  constructor(
    private readonly info: ModuleInfo,
    private readonly options: PrintWatOptions,
  ) {
    this.names = new ModuleNames(options.names === false ? undefined : info.names);
    this.types = new TypeText(this.names);
  }

  print(): WatText {
    const { w, info } = this;
    // The name section is printed as the names themselves, when it is used and parsed.
    const namesPrinted = this.options.names !== false && info.names !== undefined;
    const customs = placedCustomSections(info).filter((c) => !(c.isNameSection && namesPrinted));
    const omit = this.options.customSections === 'omit';
    if (omit && customs.length > 0) {
      w.lineAt(0, `;; custom sections left out: ${customs.map((c) => `${stringLiteral(c.name)} (${c.end - c.start} bytes)`).join(', ')}`);
    }
    w.lineAt(0, `(module${this.names.moduleDecl()}`);
    this.typeSection();
    info.imports.forEach((imp, i) => this.importField(imp, i));
    for (let i = 0; i < info.bodies.length; i++) this.funcField(info.importedFuncs + i);
    info.tables.forEach((t, i) => {
      const index = info.importedTables + i;
      this.definition(`(table${this.names.tables.decl(index, true)} ${this.tableType(t.type)}`, t.init !== undefined ? [t.init] : []);
    });
    info.memories.forEach((m, i) => {
      const index = info.importedMemories + i;
      w.lineAt(1, `(memory${this.names.memories.decl(index, true)} ${this.limits(m.limits)})`);
    });
    info.tags.forEach((t, i) => {
      const index = info.importedTags + i;
      w.lineAt(1, `(tag${this.names.tags.decl(index, true)}${this.typeUse(t.typeIndex)})`);
    });
    info.globals.forEach((g, i) => {
      const index = info.importedGlobals + i;
      this.definition(`(global${this.names.globals.decl(index, true)} ${this.globalType(g.type.valType, g.type.mutable)}`, [g.init]);
    });
    for (const e of info.exports) w.lineAt(1, `(export ${stringLiteral(e.name)} (${e.kind} ${this.space(e.kind).ref(e.index)}))`);
    if (info.start !== undefined) w.lineAt(1, `(start ${this.names.funcs.ref(info.start)})`);
    info.elems.forEach((e, i) => this.elemField(e, i));
    info.datas.forEach((d, i) => {
      const head = `(data${this.names.datas.decl(i, false)}`;
      const memory = d.memoryIndex !== 0 ? ` (memory ${this.names.memories.ref(d.memoryIndex)})` : '';
      this.w.append(`  ${head}${memory}`);
      if (d.offset !== undefined) this.offsetExpr(d.offset);
      this.byteStrings(d.data);
    });
    if (!omit) {
      for (const c of customs) {
        w.append(`  (@custom ${stringLiteral(c.name)} ${c.placement}`);
        this.byteStrings(info.bytes.subarray(c.start, c.end));
      }
    }
    w.lineAt(0, ')');
    return w.finish();
  }

  private space(kind: 'func' | 'table' | 'memory' | 'global' | 'tag'): IdSpace {
    const n = this.names;
    return { func: n.funcs, table: n.tables, memory: n.memories, global: n.globals, tag: n.tags }[kind];
  }

  // ---- types ---------------------------------------------------------------------------------

  private typeSection(): void {
    for (const g of typeGroups(this.info)) {
      if (!g.rec) {
        this.w.lineAt(1, this.typeDef(g.first));
        continue;
      }
      if (g.size === 0) {
        this.w.lineAt(1, '(rec)');
        continue;
      }
      this.w.lineAt(1, '(rec');
      for (let i = g.first; i < g.first + g.size; i++) this.w.lineAt(2, this.typeDef(i) + (i === g.first + g.size - 1 ? ')' : ''));
    }
  }

  private typeDef(index: number): string {
    const t = this.info.types[index];
    const composite = this.types.composite(index, t.composite);
    const decl = this.names.types.decl(index, false);
    // `(sub final …)` without supertypes is encoded as a plain type by the text's encoder: only
    // the explicit forms that differ from the plain one are written.
    if (t.final && t.supers.length === 0) return `(type${decl} ${composite})`;
    const supers = t.supers.map((s) => ` ${this.types.typeRef(s)}`).join('');
    return `(type${decl} (sub${t.final ? ' final' : ''}${supers} ${composite}))`;
  }

  /** ` (type $t) (param …) (result …)` for a function or tag whose type is `typeIndex`. */
  private typeUse(typeIndex: number): string {
    const c = this.info.types[typeIndex]?.composite;
    return ` (type ${this.types.typeRef(typeIndex)})${c?.kind === 'func' ? this.types.signature(c) : ''}`;
  }

  private limits(l: Limits): string {
    return `${l.is64 ? 'i64 ' : ''}${l.min}${l.max !== undefined ? ` ${l.max}` : ''}${l.shared ? ' shared' : ''}`;
  }

  private tableType(t: TableType): string {
    return `${this.limits(t.limits)} ${this.types.valType(t.elemType)}`;
  }

  private globalType(valType: number, mutable: boolean): string {
    const t = this.types.valType(valType);
    return mutable ? `(mut ${t})` : t;
  }

  // ---- imports and functions -----------------------------------------------------------------

  private importField(imp: ModuleInfo['imports'][number], i: number): void {
    const { info, names } = this;
    const d = imp.desc;
    // The import's index in its own space: imports of that kind before it.
    const index = info.imports.slice(0, i).filter((o) => o.desc.kind === d.kind).length;
    let desc: string;
    switch (d.kind) {
      case 'func':
        desc = `(func${names.funcs.decl(index, true)}${this.typeUse(d.typeIndex)})`;
        break;
      case 'table':
        desc = `(table${names.tables.decl(index, true)} ${this.tableType(d.type)})`;
        break;
      case 'memory':
        desc = `(memory${names.memories.decl(index, true)} ${this.limits(d.type.limits)})`;
        break;
      case 'global':
        desc = `(global${names.globals.decl(index, true)} ${this.globalType(d.type.valType, d.type.mutable)})`;
        break;
      case 'tag':
        desc = `(tag${names.tags.decl(index, true)}${this.typeUse(d.type.typeIndex)})`;
        break;
    }
    this.w.lineAt(1, `(import ${stringLiteral(imp.module)} ${stringLiteral(imp.name)} ${desc})`);
  }

  private funcField(funcIndex: number): void {
    const { w, info, names, types } = this;
    const body = info.bodies[funcIndex - info.importedFuncs];
    const typeIndex = funcTypeIndex(info, funcIndex);
    const ft = info.types[typeIndex]?.composite;
    const locals = names.locals(funcIndex);
    const first = w.line;
    let head = `(func${names.funcs.decl(funcIndex, true)} (type ${types.typeRef(typeIndex)})`;
    const params = ft?.kind === 'func' ? ft.params : [];
    // Parameters cannot carry (@name …): only their ids are written.
    head += this.valueDecls('param', params, 0, (i) => locals.decl(i, false, false));
    if (ft?.kind === 'func' && ft.results.length > 0) head += ` (result ${types.valTypes((ft as FuncType).results)})`;
    w.lineAt(1, head);
    const localDecls = this.valueDecls('local', body.locals, params.length, (i) => locals.decl(i, true, false));
    if (localDecls !== '') w.lineAt(2, localDecls.slice(1));
    const printer = new InstructionPrinter(info, names, types, locals, names.labels(funcIndex));
    const r = new ByteReader(info.bytes, body.codeStart, body.codeEnd);
    while (r.pos < body.codeEnd) {
      const at = r.pos;
      const depth = printer.depth;
      const ins = printer.read(r);
      if (ins.shape === Shape.Close && depth === 0) {
        // The body's own `end`: the function's closing parenthesis.
        w.append('  ').mark(at).append(')').newline();
        break;
      }
      const indent = 2 + (ins.shape === Shape.Middle ? depth - 1 : ins.shape === Shape.Close ? depth - 1 : depth);
      w.append('  '.repeat(Math.max(indent, 2))).mark(at).append(ins.text).newline();
    }
    w.functionRange(funcIndex, first, w.line - 1);
  }

  /** `(param $a i32) (param i32 i64)`: named values one per list, unnamed runs together. */
  private valueDecls(keyword: string, ts: readonly number[], firstIndex: number, decl: (index: number) => string): string {
    let out = '';
    let run: string[] = [];
    const flush = (): void => {
      if (run.length > 0) out += ` (${keyword} ${run.join(' ')})`;
      run = [];
    };
    ts.forEach((t, i) => {
      const d = decl(firstIndex + i);
      if (d === '') {
        run.push(this.types.valType(t));
        return;
      }
      flush();
      out += ` (${keyword}${d} ${this.types.valType(t)})`;
    });
    flush();
    return out;
  }

  // ---- constant expressions and segments -----------------------------------------------------

  /** A definition ending in constant expressions, on one line: `head (expr)…)`. */
  private definition(head: string, exprs: readonly ConstExpr[]): void {
    this.w.append(`  ${head}`);
    for (const e of exprs) this.constInstrs(e);
    this.w.append(')').newline();
  }

  /** The instructions of a constant expression, each folded: ` (i32.const 1) (i32.add)`. */
  private constInstrs(e: ConstExpr): void {
    const printer = new InstructionPrinter(this.info, this.names, this.types, null, undefined);
    const r = new ByteReader(this.info.bytes, e.start, e.end);
    while (r.pos < e.end) {
      const at = r.pos;
      const ins = printer.read(r);
      if (ins.shape === Shape.Close && printer.depth === 0 && r.pos === e.end) break;
      this.w.append(' ').mark(at).append(`(${ins.text})`);
    }
  }

  /** ` (offset …)` */
  private offsetExpr(e: ConstExpr): void {
    this.w.append(' (offset');
    this.constInstrs(e);
    this.w.append(')');
  }

  private elemField(e: ElemSegment, index: number): void {
    const { w, names } = this;
    w.append(`  (elem${names.elems.decl(index, false)}`);
    if (e.mode === 'declarative') w.append(' declare');
    if (e.mode === 'active') {
      if (e.tableIndex !== 0) w.append(` (table ${names.tables.ref(e.tableIndex)})`);
      this.offsetExpr(e.offset!);
    }
    if (e.funcIndices !== undefined) {
      w.append(' func');
      for (const f of e.funcIndices) w.append(` ${names.funcs.ref(f)}`);
    } else {
      w.append(` ${this.types.valType(e.elemType)}`);
      for (const item of e.exprs!) {
        w.append(' (item');
        this.constInstrs(item);
        w.append(')');
      }
    }
    w.append(')').newline();
  }

  /** The strings of a data segment or custom section, BYTES_PER_STRING per line, and the closing `)`. */
  private byteStrings(bytes: Uint8Array): void {
    const { w } = this;
    if (bytes.length <= BYTES_PER_STRING) {
      w.append(` ${bytesLiteral(bytes)})`).newline();
      return;
    }
    w.newline();
    for (let i = 0; i < bytes.length; i += BYTES_PER_STRING) {
      const last = i + BYTES_PER_STRING >= bytes.length;
      w.lineAt(2, bytesLiteral(bytes.subarray(i, i + BYTES_PER_STRING)) + (last ? ')' : ''));
    }
  }
}

/** A string literal of raw bytes: printable ASCII as is, everything else `\hh`. */
function bytesLiteral(bytes: Uint8Array): string {
  let out = '"';
  for (const b of bytes) {
    if (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c) out += String.fromCharCode(b);
    else out += `\\${b.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}
