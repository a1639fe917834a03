// S-expressions: reads tokens into a tree of atoms and lists, each with line:column and source
// offsets; annotations `(@id ...)` are dropped here (their contents must still lex), except the
// ones the module parser interprets (`@custom`, `@name`, `@metadata.code.branch_hint`), which are
// kept beside the list they appear in (see `SNode.annots`) so ordinary parsing never sees them.

import { Lexer, Tok } from './lexer.ts';
import { WatError } from './errors.ts';

export class SNode {
  /** Tok.LParen for a list; otherwise the token kind of an atom */
  kind: Tok;
  /** atom text (raw; for ids the decoded name without `$`) */
  text: string;
  line: number;
  col: number;
  /** source offsets [start, end) */
  start: number;
  end: number;
  /** children of a list, null for atoms */
  items: SNode[] | null;
  /** interpreted annotations inside this list, each with the index of the item it precedes */
  annots: AnnotRef[] | null = null;
  constructor(kind: Tok, text: string, line: number, col: number, start: number, end: number, items: SNode[] | null) {
    this.kind = kind;
    this.text = text;
    this.line = line;
    this.col = col;
    this.start = start;
    this.end = end;
    this.items = items;
  }
  get isList(): boolean {
    return this.items !== null;
  }
  /** the head keyword of a list, or '' */
  get head(): string {
    const it = this.items;
    if (it === null || it.length === 0) return '';
    const h = it[0]!;
    return h.kind === Tok.Atom ? h.text : '';
  }
}

/** An interpreted annotation: a node of kind Tok.Annot (text = id, items = contents). */
export interface AnnotRef {
  /** index in the parent's items of the item that follows the annotation */
  at: number;
  node: SNode;
}

/** Annotation ids kept in the tree; every other annotation is skipped. */
export const KEPT_ANNOTATIONS: ReadonlySet<string> = new Set(['custom', 'name', 'metadata.code.branch_hint']);

/** Top-level S-expressions plus the interpreted annotations found between them. */
export type TopLevel = SNode[] & { annots?: AnnotRef[] };

/** Read all top-level S-expressions (atoms allowed at top level too). */
export function readSExprs(src: string): TopLevel {
  const lx = new Lexer(src);
  const top: TopLevel = [];
  const stack: SNode[] = [];
  let cur: SNode[] = top;
  for (;;) {
    const k = lx.next();
    switch (k) {
      case Tok.Eof:
        if (stack.length > 0) {
          const open = stack[stack.length - 1]!;
          throw new WatError('unclosed parenthesis', open.line, open.col);
        }
        return top;
      case Tok.LParen: {
        const node = new SNode(Tok.LParen, '', lx.tokLine, lx.tokCol, lx.start, 0, []);
        cur.push(node);
        stack.push(node);
        cur = node.items!;
        break;
      }
      case Tok.RParen: {
        const node = stack.pop();
        if (node === undefined) throw new WatError('unexpected )', lx.tokLine, lx.tokCol);
        node.end = lx.end;
        cur = stack.length > 0 ? stack[stack.length - 1]!.items! : top;
        break;
      }
      case Tok.Annot: {
        if (!KEPT_ANNOTATIONS.has(lx.text)) {
          skipAnnotation(lx);
          break;
        }
        const node = readAnnotation(lx);
        const parent = stack.length > 0 ? stack[stack.length - 1]! : undefined;
        const ref: AnnotRef = { at: cur.length, node };
        if (parent !== undefined) (parent.annots ??= []).push(ref);
        else (top.annots ??= []).push(ref);
        break;
      }
      default:
        cur.push(new SNode(k, lx.text, lx.tokLine, lx.tokCol, lx.start, lx.end, null));
    }
  }
}

/** Read a kept annotation's contents into a node (annotations nested in it are skipped). */
function readAnnotation(lx: Lexer): SNode {
  const annot = new SNode(Tok.Annot, lx.text, lx.tokLine, lx.tokCol, lx.start, 0, []);
  const stack: SNode[] = [annot];
  lx.annotDepth++;
  try {
    for (;;) {
      const k = lx.next();
      const cur = stack[stack.length - 1]!;
      switch (k) {
        case Tok.Eof:
          throw new WatError('unclosed annotation', annot.line, annot.col);
        case Tok.Annot:
          skipAnnotation(lx);
          break;
        case Tok.LParen: {
          const node = new SNode(Tok.LParen, '', lx.tokLine, lx.tokCol, lx.start, 0, []);
          cur.items!.push(node);
          stack.push(node);
          break;
        }
        case Tok.RParen:
          stack.pop()!.end = lx.end;
          if (stack.length === 0) return annot;
          break;
        default:
          cur.items!.push(new SNode(k, lx.text, lx.tokLine, lx.tokCol, lx.start, lx.end, null));
      }
    }
  } finally {
    lx.annotDepth--;
  }
}

function skipAnnotation(lx: Lexer): void {
  const line = lx.tokLine;
  const col = lx.tokCol;
  let depth = 1;
  lx.annotDepth++;
  try {
    for (;;) {
      const k = lx.next();
      if (k === Tok.Eof) throw new WatError('unclosed annotation', line, col);
      if (k === Tok.LParen || k === Tok.Annot) depth++;
      else if (k === Tok.RParen && --depth === 0) return;
    }
  } finally {
    lx.annotDepth--;
  }
}
