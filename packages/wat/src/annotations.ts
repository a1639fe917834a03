// Interpreted annotations: `(@custom ...)` custom sections, `(@name ...)` names and
// `(@metadata.code.branch_hint ...)` hints; the readers and the placement checks.

import { Tok } from './lexer.ts';
import type { AnnotRef, SNode } from './sexpr.ts';
import { fail } from './errors.ts';
import { decodeStringLiteral, utf8Decode } from './strings.ts';
import type { CustomSection, SectionKind } from './ast.ts';

export const BRANCH_HINT = 'metadata.code.branch_hint';

const SECTION_KINDS: ReadonlySet<string> = new Set<SectionKind>([
  'type',
  'import',
  'func',
  'table',
  'memory',
  'tag',
  'global',
  'export',
  'start',
  'elem',
  'datacount',
  'code',
  'data',
]);

function bytesOf(n: SNode): Uint8Array {
  return decodeStringLiteral(n.text, 0, n.text.length, n.line, n.col);
}

/** `(@custom "name" (before|after section)? "bytes"*)` */
export function readCustom(a: SNode): CustomSection {
  const items = a.items!;
  const nameNode = items[0];
  if (nameNode === undefined || nameNode.kind !== Tok.String) fail(nameNode ?? a, '@custom annotation: missing section name');
  const name = utf8Decode(bytesOf(nameNode));
  if (name === null) fail(nameNode, '@custom annotation: malformed UTF-8 encoding');
  let i = 1;
  let place: CustomSection['place'] = 'after';
  let section: SectionKind = 'last';
  const p = items[1];
  if (p !== undefined && p.items !== null) {
    i++;
    const [where, kind, extra] = p.items;
    if (where === undefined || where.kind !== Tok.Atom || (where.text !== 'before' && where.text !== 'after')) {
      fail(p, '@custom annotation: malformed placement');
    }
    place = where.text;
    if (kind === undefined || kind.kind !== Tok.Atom) fail(kind ?? p, '@custom annotation: malformed section kind');
    if (kind.text === 'first' ? place !== 'before' : kind.text === 'last' ? place !== 'after' : !SECTION_KINDS.has(kind.text)) {
      fail(kind, '@custom annotation: malformed section kind');
    }
    section = kind.text as SectionKind;
    if (extra !== undefined) fail(extra, '@custom annotation: unexpected token');
  }
  const parts: Uint8Array[] = [];
  let len = 0;
  for (; i < items.length; i++) {
    const s = items[i]!;
    if (s.kind !== Tok.String) fail(s, '@custom annotation: unexpected token');
    const b = bytesOf(s);
    parts.push(b);
    len += b.length;
  }
  const bytes = new Uint8Array(len);
  let o = 0;
  for (const b of parts) {
    bytes.set(b, o);
    o += b.length;
  }
  return { name, bytes, place, section };
}

/** `(@name "string")`: the name as a string */
export function readName(a: SNode): string {
  const items = a.items!;
  const s = items[0];
  if (s === undefined || s.kind !== Tok.String) fail(s ?? a, '@name annotation: string expected');
  if (items.length > 1) fail(items[1]!, '@name annotation: unexpected token');
  const name = utf8Decode(bytesOf(s));
  if (name === null) fail(s, '@name annotation: malformed UTF-8 encoding');
  return name;
}

/** `(@metadata.code.branch_hint "\00"|"\01")`: the hint value */
export function readBranchHint(a: SNode): number {
  const items = a.items!;
  const s = items[0];
  if (s === undefined || s.kind !== Tok.String) fail(s ?? a, `@${BRANCH_HINT} annotation: string expected`);
  if (items.length > 1) fail(items[1]!, `@${BRANCH_HINT} annotation: unexpected token`);
  const b = bytesOf(s);
  if (b.length !== 1 || b[0]! > 1) fail(s, `@${BRANCH_HINT} annotation: invalid value`);
  return b[0]!;
}

/** The branch hint annotation placed before item `i` of `list`, if any. */
export function hintAt(list: SNode, i: number): AnnotRef | undefined {
  const annots = list.annots;
  if (annots === null) return undefined;
  for (const r of annots) if (r.at === i && r.node.text === BRANCH_HINT) return r;
  return undefined;
}

/** Heads of fields (and parts) whose `(@name ...)` may follow the keyword and optional id. */
const NAMEABLE = new Set(['func', 'tag', 'local', 'param', 'global', 'table', 'memory', 'type', 'elem', 'data']);

/** index of the item a `(@name ...)` must precede in `list`, or -1 when it takes none */
export function namePosition(list: SNode): number {
  const items = list.items!;
  if (!NAMEABLE.has(list.head)) return -1;
  return items[1] !== undefined && items[1].kind === Tok.Id ? 2 : 1;
}

/** The `(@name ...)` of a field/local, if any (at most one). */
export function nameOf(list: SNode): string | undefined {
  const annots = list.annots;
  if (annots === null) return undefined;
  let name: string | undefined;
  const pos = namePosition(list);
  for (const r of annots) {
    if (r.node.text !== 'name' || r.at !== pos) continue;
    if (name !== undefined) fail(r.node, `@name annotation: multiple names`);
    name = readName(r.node);
  }
  return name;
}

/**
 * Check the interpreted annotations nested in a module field: `@custom` is misplaced anywhere
 * inside a field, `@name` only follows a nameable keyword (and id), and every branch hint must
 * have been consumed by the instruction parser (`consumed`).
 */
export function checkNested(node: SNode, consumed: ReadonlySet<SNode>): void {
  const items = node.items;
  if (items === null) return;
  const annots = node.annots;
  if (annots !== null) {
    const pos = namePosition(node);
    const hints = new Set<number>();
    for (const r of annots) {
      const a = r.node;
      switch (a.text) {
        case 'custom':
          readCustom(a);
          fail(a, 'misplaced @custom annotation');
        // eslint-disable-next-line no-fallthrough
        case 'name':
          readName(a);
          if (r.at !== pos) fail(a, 'misplaced @name annotation');
          break;
        default:
          readBranchHint(a);
          if (hints.has(r.at)) fail(a, `@${BRANCH_HINT} annotation: duplicate annotation`);
          hints.add(r.at);
          if (!consumed.has(a)) fail(a, `@${BRANCH_HINT} annotation: invalid target`);
      }
    }
  }
  for (const n of items) checkNested(n, consumed);
}
