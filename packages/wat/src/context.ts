// Context: the index spaces of a module being parsed (ids -> indices, duplicate/unknown checks)
// and the type table, including the spec's rule of appending implicit function types.

import { Tok } from './lexer.ts';
import type { SNode } from './sexpr.ts';
import { fail } from './errors.ts';
import type { Pos } from './errors.ts';
import { parseU32 } from './numbers.ts';
import type { CompType, RecGroup, SubType, ValType } from './ast.ts';

/** One index space: ids and a running count. */
export class Space {
  readonly kind: string;
  readonly ids = new Map<string, number>();
  names: (string | undefined)[] = [];
  count = 0;
  constructor(kind: string) {
    this.kind = kind;
  }
  /** Allocate the next index, binding `id` if given. */
  add(id: SNode | undefined): number {
    const index = this.count++;
    if (id !== undefined) {
      if (this.ids.has(id.text)) fail(id, `duplicate ${this.kind} $${id.text}`);
      this.ids.set(id.text, index);
      this.names[index] = id.text;
    }
    return index;
  }
  /** Resolve a `$id` or numeric index. */
  resolve(n: SNode): number {
    if (n.kind === Tok.Id) {
      const index = this.ids.get(n.text);
      if (index === undefined) fail(n, `unknown ${this.kind} $${n.text}`);
      return index;
    }
    return parseIndex(n, this.kind);
  }
}

export function parseIndex(n: SNode, kind: string): number {
  if (n.kind !== Tok.Atom) fail(n, `unexpected token, expected ${kind} index`);
  const v = parseU32(n.text);
  if (v === null) fail(n, `unexpected token ${n.text}, expected ${kind} index`);
  if (v === 'range') fail(n, `constant out of range: ${n.text}`);
  return v;
}

function valTypeKey(t: ValType): string {
  return typeof t === 'number' ? String(t) : `${t.nullable ? 'n' : 'r'}${t.heap}`;
}

export function funcKey(params: ValType[], results: ValType[]): string {
  let k = '';
  for (const p of params) k += valTypeKey(p) + ',';
  k += '>';
  for (const r of results) k += valTypeKey(r) + ',';
  return k;
}

export function sameValTypes(a: ValType[], b: ValType[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (valTypeKey(a[i]!) !== valTypeKey(b[i]!)) return false;
  return true;
}

export class ModuleContext {
  readonly types = new Space('type');
  readonly funcs = new Space('function');
  readonly tables = new Space('table');
  readonly memories = new Space('memory');
  readonly globals = new Space('global');
  readonly tags = new Space('tag');
  readonly elems = new Space('elem segment');
  readonly datas = new Space('data segment');
  /** per type index: struct field ids */
  readonly fieldIds: (Map<string, number> | undefined)[] = [];
  /** all defined types, flattened in index order */
  readonly typeDefs: SubType[] = [];
  readonly recGroups: RecGroup[] = [];
  /** plain `(type (func ...))` definitions by signature, for implicit type uses */
  private readonly funcByKey = new Map<string, number>();
  usesDataIndex = false;

  /** Called once all explicit types are parsed. */
  indexExplicitTypes(): void {
    for (let i = 0, g = 0; g < this.recGroups.length; g++) {
      const group = this.recGroups[g]!;
      for (const t of group.types) {
        if (group.types.length === 1 && t.final && t.supers.length === 0 && t.comp.kind === 'func') {
          const k = funcKey(t.comp.params, t.comp.results);
          if (!this.funcByKey.has(k)) this.funcByKey.set(k, i);
        }
        i++;
      }
    }
  }

  /** Index of a function type with this signature, appending an implicit definition if needed. */
  implicitFuncType(params: ValType[], results: ValType[], at: Pos): number {
    const k = funcKey(params, results);
    const found = this.funcByKey.get(k);
    if (found !== undefined) return found;
    const index = this.types.count++;
    const comp: CompType = { kind: 'func', params, results };
    const t: SubType = { final: true, supers: [], comp, line: at.line, col: at.col };
    this.typeDefs.push(t);
    this.recGroups.push({ types: [t], rec: false });
    this.funcByKey.set(k, index);
    return index;
  }

  funcTypeOf(index: number): { params: ValType[]; results: ValType[] } | undefined {
    const t = this.typeDefs[index];
    return t !== undefined && t.comp.kind === 'func' ? t.comp : undefined;
  }

  resolveField(typeIndex: number, n: SNode): number {
    if (n.kind === Tok.Id) {
      const f = this.fieldIds[typeIndex]?.get(n.text);
      if (f === undefined) fail(n, `unknown field $${n.text}`);
      return f;
    }
    return parseIndex(n, 'field');
  }
}
