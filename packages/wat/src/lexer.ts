// Lexer: scans the text with charCodeAt, classifying maximal runs of idchars/strings into tokens
// (parens, atoms, strings, ids, reserved) and skipping whitespace and (nested) comments.

import { WatError } from './errors.ts';
import { decodeStringLiteral, utf8Decode } from './strings.ts';

export const enum Tok {
  LParen,
  RParen,
  /** keyword or number (anything made of idchars not starting with `$`) */
  Atom,
  String,
  Id,
  /** `(@name` : start of an annotation; text holds the annotation id */
  Annot,
  /** a run of characters that is no valid token (only legal inside annotations) */
  Reserved,
  Eof,
}

/** idchar table: 0-9 A-Z a-z ! # $ % & ' * + - . / : < = > ? @ \ ^ _ ` | ~ */
const ID_CHAR = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) ID_CHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) ID_CHAR[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) ID_CHAR[c] = 1;
for (const ch of "!#$%&'*+-./:<=>?@\\^_`|~") ID_CHAR[ch.charCodeAt(0)] = 1;
/** characters that may appear in reserved tokens besides idchars and strings */
const RESERVED_EXTRA = new Uint8Array(128);
for (const ch of ',;[]{}') RESERVED_EXTRA[ch.charCodeAt(0)] = 1;

export function isIdChar(c: number): boolean {
  return c < 128 && ID_CHAR[c] === 1;
}

export class Lexer {
  readonly src: string;
  pos = 0;
  line = 1;
  lineStart = 0;
  /** current token */
  kind: Tok = Tok.Eof;
  start = 0;
  end = 0;
  tokLine = 1;
  tokCol = 1;
  /** decoded text of an Id (without `$`) or Annot id; for others the raw slice */
  text = '';
  /** > 0 while inside an annotation: `(@` with an empty id is then just `(` */
  annotDepth = 0;

  constructor(src: string) {
    this.src = src;
  }

  error(message: string, pos = this.pos): never {
    // compute column for an arbitrary position on the current line
    throw new WatError(message, this.line, pos - this.lineStart + 1);
  }

  private skipSpace(): void {
    const s = this.src;
    const n = s.length;
    for (;;) {
      if (this.pos >= n) return;
      const c = s.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09) {
        this.pos++;
      } else if (c === 0x0a) {
        this.pos++;
        this.line++;
        this.lineStart = this.pos;
      } else if (c === 0x0d) {
        this.pos++;
      } else if (c === 0x3b && s.charCodeAt(this.pos + 1) === 0x3b) {
        // line comment: ends at a newline, which is LF, CR or CR LF (a lone CR too)
        let p = this.pos + 2;
        while (p < n && s.charCodeAt(p) !== 0x0a && s.charCodeAt(p) !== 0x0d) p++;
        this.pos = p;
      } else if (c === 0x28 && s.charCodeAt(this.pos + 1) === 0x3b) {
        this.skipBlockComment();
      } else {
        return;
      }
    }
  }

  private skipBlockComment(): void {
    const s = this.src;
    const n = s.length;
    const startLine = this.line;
    const startCol = this.pos - this.lineStart + 1;
    let depth = 1;
    let p = this.pos + 2;
    while (p < n) {
      const c = s.charCodeAt(p);
      if (c === 0x28 && s.charCodeAt(p + 1) === 0x3b) {
        depth++;
        p += 2;
      } else if (c === 0x3b && s.charCodeAt(p + 1) === 0x29) {
        p += 2;
        if (--depth === 0) {
          this.pos = p;
          return;
        }
      } else {
        if (c === 0x0a) {
          this.line++;
          this.lineStart = p + 1;
        }
        p++;
      }
    }
    throw new WatError('unclosed comment', startLine, startCol);
  }

  /** Scan a string literal starting at `p` (the opening quote); returns the index after the closing quote. */
  private scanString(p: number): number {
    const s = this.src;
    const n = s.length;
    p++;
    for (;;) {
      if (p >= n) this.error('unclosed string', p);
      const c = s.charCodeAt(p);
      if (c === 0x22) return p + 1;
      if (c === 0x5c) {
        p += 2;
        continue;
      }
      if (c < 0x20 || c === 0x7f) {
        if (c === 0x0a) this.error('unclosed string', p);
        this.error('illegal character', p);
      }
      p++;
    }
  }

  next(): Tok {
    this.skipSpace();
    const s = this.src;
    const n = s.length;
    const p0 = this.pos;
    this.start = p0;
    this.tokLine = this.line;
    this.tokCol = p0 - this.lineStart + 1;
    if (p0 >= n) {
      this.end = p0;
      return (this.kind = Tok.Eof);
    }
    const c = s.charCodeAt(p0);
    if (c === 0x28) {
      if (s.charCodeAt(p0 + 1) === 0x40) return this.annotation();
      this.pos = this.end = p0 + 1;
      return (this.kind = Tok.LParen);
    }
    if (c === 0x29) {
      this.pos = this.end = p0 + 1;
      return (this.kind = Tok.RParen);
    }
    // maximal run of idchars, strings and reserved punctuation
    let p = p0;
    let strings = 0;
    let idchars = 0;
    let other = 0;
    for (;;) {
      if (p >= n) break;
      const d = s.charCodeAt(p);
      if (d < 128 && ID_CHAR[d] === 1) {
        idchars++;
        p++;
      } else if (d === 0x22) {
        strings++;
        p = this.scanString(p);
      } else if (d < 128 && RESERVED_EXTRA[d] === 1) {
        if (d === 0x3b && s.charCodeAt(p + 1) === 0x3b) break;
        other++;
        p++;
      } else if (d === 0x20 || d === 0x0a || d === 0x09 || d === 0x0d || d === 0x28 || d === 0x29) {
        break;
      } else if (d >= 0xd800 && d <= 0xdfff && !isWellFormedSurrogate(s, p)) {
        this.error('malformed UTF-8 encoding', p);
      } else {
        this.error('illegal character', p);
      }
    }
    this.pos = this.end = p;
    if (other === 0) {
      if (strings === 0) {
        if (c === 0x24) {
          if (p - p0 === 1) this.error('empty identifier', p0);
          this.text = s.slice(p0 + 1, p);
          return (this.kind = Tok.Id);
        }
        this.text = s.slice(p0, p);
        return (this.kind = Tok.Atom);
      }
      if (strings === 1 && idchars === 0) {
        this.text = s.slice(p0, p);
        return (this.kind = Tok.String);
      }
      if (strings === 1 && idchars === 1 && c === 0x24 && s.charCodeAt(p0 + 1) === 0x22) {
        this.text = this.quotedName(p0 + 1, p, 'empty identifier');
        return (this.kind = Tok.Id);
      }
    }
    this.text = s.slice(p0, p);
    return (this.kind = Tok.Reserved);
  }

  /** Decode a quoted name `"..."` between [a, b) that must be non-empty valid UTF-8. */
  private quotedName(a: number, b: number, emptyMsg: string): string {
    const bytes = decodeStringLiteral(this.src, a, b, this.line, a - this.lineStart + 1);
    if (bytes.length === 0) this.error(emptyMsg, a);
    const str = utf8Decode(bytes);
    if (str === null) this.error('malformed UTF-8 encoding', a);
    return str;
  }

  private annotation(): Tok {
    const s = this.src;
    const p0 = this.pos;
    let p = p0 + 2;
    const n = s.length;
    if (s.charCodeAt(p) === 0x22) {
      const e = this.scanString(p);
      this.text = this.quotedName(p, e, 'empty annotation id');
      p = e;
    } else {
      while (p < n && isIdChar(s.charCodeAt(p))) p++;
      if (p === p0 + 2) {
        if (this.annotDepth > 0) {
          this.pos = this.end = p0 + 1;
          return (this.kind = Tok.LParen);
        }
        this.error('empty annotation id', p0);
      }
      this.text = s.slice(p0 + 2, p);
    }
    this.pos = this.end = p;
    return (this.kind = Tok.Annot);
  }
}

function isWellFormedSurrogate(s: string, p: number): boolean {
  const c = s.charCodeAt(p);
  if (c >= 0xdc00) return false;
  const d = s.charCodeAt(p + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}
