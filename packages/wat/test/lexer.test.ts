// Lexer and S-expression reader: token kinds and positions, comments, annotations, ids.

import { describe, expect, it } from 'vitest';
import { Lexer, Tok, readSExprs, WatError } from '../src/index.ts';

function tokens(src: string): [Tok, string, number, number][] {
  const lx = new Lexer(src);
  const out: [Tok, string, number, number][] = [];
  for (let k = lx.next(); k !== Tok.Eof; k = lx.next()) out.push([k, k === Tok.LParen ? '(' : k === Tok.RParen ? ')' : lx.text, lx.tokLine, lx.tokCol]);
  return out;
}

describe('lexer', () => {
  it('gives every token its line and column', () => {
    expect(tokens('(module\n  (func $f "s" 0x1p3))')).toEqual([
      [Tok.LParen, '(', 1, 1],
      [Tok.Atom, 'module', 1, 2],
      [Tok.LParen, '(', 2, 3],
      [Tok.Atom, 'func', 2, 4],
      [Tok.Id, 'f', 2, 9],
      [Tok.String, '"s"', 2, 12],
      [Tok.Atom, '0x1p3', 2, 16],
      [Tok.RParen, ')', 2, 21],
      [Tok.RParen, ')', 2, 22],
    ]);
  });
  it('skips line and nested block comments', () => {
    expect(tokens(';; x\n(; a (; b ;) c ;)nop;;y\n(;;)x').map((t) => t[1])).toEqual(['nop', 'x']);
    expect(tokens('func;;comment').map((t) => t[1])).toEqual(['func']);
    // A line comment ends at any newline: LF, CR LF, or a lone CR (comments.wast).
    expect(tokens('a;;x\rb;;y\r\nc;;z\nd').map((t) => t[1])).toEqual(['a', 'b', 'c', 'd']);
    expect(() => tokens('(; (; ;)')).toThrow(/unclosed comment/);
  });
  it('decodes quoted ids', () => {
    expect(tokens('$"a\\tb" $"\\u{41}" $x$y')).toEqual([
      [Tok.Id, 'a\tb', 1, 1],
      [Tok.Id, 'A', 1, 9],
      [Tok.Id, 'x$y', 1, 19],
    ]);
    expect(() => tokens('$""')).toThrow(/empty identifier/);
    expect(() => tokens('$')).toThrow(/empty identifier/);
    expect(() => tokens('$"\\ff"')).toThrow(/malformed UTF-8/);
  });
  it('treats runs mixing strings and idchars as reserved', () => {
    expect(tokens('"a"x 0"a" "a""b"').map((t) => t[0])).toEqual([Tok.Reserved, Tok.Reserved, Tok.Reserved]);
  });
  it('rejects illegal characters outside strings and comments', () => {
    expect(() => tokens('nop\u0007')).toThrow(/illegal character/);
    expect(() => tokens('Würst')).toThrow(/illegal character/);
    expect(() => tokens('"a\u0001"')).toThrow(/illegal character/);
    expect(() => tokens('"abc')).toThrow(/unclosed string/);
  });
});

describe('s-expressions', () => {
  it('drops annotations but keeps positions of the rest', () => {
    const [m] = readSExprs('(module (@a x (y) "z" (@b)) (@custom "n" "data")\n  (func))');
    expect(m!.items!.map((n) => n.head || n.text)).toEqual(['module', 'func']);
    expect(m!.items![1]!.line).toBe(2);
    expect(m!.items![1]!.col).toBe(3);
  });
  it('reports unbalanced parentheses with WatError', () => {
    expect(() => readSExprs('(module (func)')).toThrow(WatError);
    expect(() => readSExprs('(module))')).toThrow(WatError);
    expect(() => readSExprs('(@)')).toThrow(/empty annotation id/);
  });
});
