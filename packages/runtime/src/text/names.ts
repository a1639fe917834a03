/**
 * Names for the printed text, from the module's `name` section: each index space gets `$id`s
 * for the names that can be one. An identifier must be unique in its space, so a repeated
 * name (two static functions `helper` of different C files) or an empty one is written as a
 * `(@name "…")` annotation on its definition where @lantern/wat takes one into the name section
 * (functions, tables, memories, globals, tags, locals; not parameters, types, fields, segments),
 * and the index is used to refer to it. Names that are not plain identifier characters use the
 * quoted form `$"…"`.
 */
import type { NameMap } from '../syntax/moduleInfo.ts';

/** Characters of a plain `$id` (the text format's idchar). */
const ID_CHAR = /^[0-9A-Za-z!#$%&'*+\-./:<=>?@\\^_`|~]+$/;

/** A string literal for `text` (UTF-8 kept as is, quotes, backslashes and control characters escaped). */
export function stringLiteral(text: string): string {
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c < 0x20 || c === 0x7f) out += `\\${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** `$name` or `$"name"`. */
export function identifier(name: string): string {
  return ID_CHAR.test(name) ? `$${name}` : `$${stringLiteral(name)}`;
}

/** One index space's names as they appear in the text. */
export class IdSpace {
  private readonly ids = new Map<number, string>();
  private readonly annotated = new Map<number, string>();

  /** `names`: this space's map from the name section. */
  constructor(names: ReadonlyMap<number, string> | undefined) {
    if (names === undefined) return;
    const taken = new Set<string>();
    for (const index of [...names.keys()].sort((a, b) => a - b)) {
      const name = names.get(index)!;
      if (name !== '' && !taken.has(name)) {
        taken.add(name);
        this.ids.set(index, identifier(name));
      } else {
        this.annotated.set(index, name);
      }
    }
  }

  /** How an instruction or field refers to `index`: its `$id`, else the number. */
  ref(index: number): string {
    return this.ids.get(index) ?? String(index);
  }

  /** The `$id` of `index`, if it has one. */
  id(index: number): string | undefined {
    return this.ids.get(index);
  }

  /**
   * What follows the keyword of `index`'s definition: ` $id`, or else the index as a comment
   * (` (;3;)`, for the reader looking for what `3` refers to) and the ` (@name "…")` annotation
   * where the definition takes one (`annotatable`). `numbered: false` leaves the comment out
   * (parameters, locals, fields: their runs of unnamed ones are written together).
   */
  decl(index: number, annotatable: boolean, numbered = true): string {
    const id = this.ids.get(index);
    if (id !== undefined) return ` ${id}`;
    const name = this.annotated.get(index);
    const number = numbered ? ` (;${index};)` : '';
    return name !== undefined && annotatable ? `${number} (@name ${stringLiteral(name)})` : number;
  }
}

/** The id spaces of a module. */
export class ModuleNames {
  readonly funcs: IdSpace;
  readonly tables: IdSpace;
  readonly memories: IdSpace;
  readonly globals: IdSpace;
  readonly tags: IdSpace;
  readonly types: IdSpace;
  readonly elems: IdSpace;
  readonly datas: IdSpace;
  private readonly localSpaces = new Map<number, IdSpace>();
  private readonly fieldSpaces = new Map<number, IdSpace>();

  constructor(readonly names: NameMap | undefined) {
    this.funcs = new IdSpace(names?.functions);
    this.tables = new IdSpace(names?.tables);
    this.memories = new IdSpace(names?.memories);
    this.globals = new IdSpace(names?.globals);
    this.tags = new IdSpace(names?.tags);
    this.types = new IdSpace(names?.types);
    this.elems = new IdSpace(names?.elems);
    this.datas = new IdSpace(names?.datas);
  }

  /** The module's own name, as what follows `(module` (an empty name cannot be an id: left out). */
  moduleDecl(): string {
    const name = this.names?.module;
    return name === undefined || name === '' ? '' : ` ${identifier(name)}`;
  }

  /** Parameters and locals of function `funcIndex` (one space). */
  locals(funcIndex: number): IdSpace {
    let space = this.localSpaces.get(funcIndex);
    if (space === undefined) this.localSpaces.set(funcIndex, (space = new IdSpace(this.names?.locals.get(funcIndex))));
    return space;
  }

  /** Fields of struct type `typeIndex`. */
  fields(typeIndex: number): IdSpace {
    let space = this.fieldSpaces.get(typeIndex);
    if (space === undefined) this.fieldSpaces.set(typeIndex, (space = new IdSpace(this.names?.fields.get(typeIndex))));
    return space;
  }

  /** Label names of function `funcIndex`, by block ordinal (may repeat: the body printer makes them unique). */
  labels(funcIndex: number): ReadonlyMap<number, string> | undefined {
    return this.names?.labels.get(funcIndex);
  }
}
