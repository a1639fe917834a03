/** Literal values typed at the prompt (`set var x = 3`, `resume 42`, conditions): C-like syntax. */
import { UserError } from './userError.ts';

/** An integer (decimal, 0x hex, 0 octal, 'c' char, negative) or a float; bigint beyond 2^53. */
export function parseLiteral(text: string): number | bigint {
  const t = text.trim();
  const char = /^'(\\?.)'$/.exec(t);
  if (char) {
    const c = char[1]!;
    const esc: Record<string, number> = { '\\n': 10, '\\t': 9, '\\0': 0, '\\r': 13, "\\'": 39, '\\\\': 92 };
    return c.length === 2 ? (esc[c] ?? c.charCodeAt(1)) : c.charCodeAt(0);
  }
  if (/^[+-]?(0x[0-9a-f]+|\d+)$/i.test(t)) {
    const neg = t.startsWith('-');
    const body = t.replace(/^[+-]/, '');
    let v = /^0x/i.test(body) ? BigInt(body) : body.length > 1 && body.startsWith('0') ? BigInt(`0o${body.slice(1)}`) : BigInt(body);
    if (neg) v = -v;
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }
  if (/^(true|false)$/.test(t)) return t === 'true' ? 1 : 0;
  if (/^[+-]?(inf|infinity|nan)$/i.test(t)) return t.startsWith('-') ? -Infinity : /nan/i.test(t) ? NaN : Infinity;
  const f = Number(t);
  if (t !== '' && !Number.isNaN(f) && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?f?$/i.test(t.replace(/f$/i, ''))) return f;
  throw new UserError(`Invalid number "${t}".`);
}
