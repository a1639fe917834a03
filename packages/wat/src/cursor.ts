// Cursor: walks the children of one S-expression list, with helpers that fail with positions.

import { Tok } from './lexer.ts';
import type { SNode } from './sexpr.ts';
import { fail } from './errors.ts';
import type { Pos } from './errors.ts';

export class Cursor {
  readonly items: SNode[];
  i: number;
  /** the list being walked (for end-of-list error positions) */
  readonly list: SNode;
  constructor(list: SNode, start = 1) {
    this.list = list;
    this.items = list.items!;
    this.i = start;
  }
  get done(): boolean {
    return this.i >= this.items.length;
  }
  peek(): SNode | undefined {
    return this.items[this.i];
  }
  /** position of the next item, or of the closing paren when at the end */
  pos(): Pos {
    const n = this.items[this.i];
    if (n !== undefined) return n;
    return endPos(this.list);
  }
  next(what: string): SNode {
    const n = this.items[this.i];
    if (n === undefined) fail(this.pos(), `unexpected end of list, expected ${what}`);
    this.i++;
    return n;
  }
  /** next item if it is a list with the given head keyword */
  peekList(head: string): SNode | undefined {
    const n = this.items[this.i];
    return n !== undefined && n.items !== null && n.head === head ? n : undefined;
  }
  /** next item if it is an atom keyword equal to `kw` */
  eatKeyword(kw: string): boolean {
    const n = this.items[this.i];
    if (n !== undefined && n.kind === Tok.Atom && n.text === kw) {
      this.i++;
      return true;
    }
    return false;
  }
  /** optional `$id` */
  eatId(): SNode | undefined {
    const n = this.items[this.i];
    if (n !== undefined && n.kind === Tok.Id) {
      this.i++;
      return n;
    }
    return undefined;
  }
  /** the next item must be an index-like atom ($id or number) */
  peekIsIndex(): boolean {
    const n = this.items[this.i];
    return n !== undefined && isIndexAtom(n);
  }
  string(what: string): SNode {
    const n = this.next(what);
    if (n.kind !== Tok.String) fail(n, `unexpected token, expected ${what}`);
    return n;
  }
  expectEnd(): void {
    const n = this.items[this.i];
    if (n !== undefined) fail(n, n.items !== null ? `unexpected (${n.head} ...)` : `unexpected token ${n.text}`);
  }
}

export function isIndexAtom(n: SNode): boolean {
  if (n.kind === Tok.Id) return true;
  if (n.kind !== Tok.Atom) return false;
  const c = n.text.charCodeAt(0);
  return c >= 0x30 && c <= 0x39;
}

/** approximate position of a list's closing paren (its line is not tracked: use the start) */
export function endPos(list: SNode): Pos {
  return { line: list.line, col: list.col };
}
