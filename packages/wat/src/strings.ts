// Strings: decoding of string literals (byte strings with escapes) and strict UTF-8 for names.

import { WatError } from './errors.ts';

let scratch = new Uint8Array(256);

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/**
 * Decode the string literal src[a, b) (including its quotes) into bytes.
 * `line`/`col` locate the literal for error messages.
 */
export function decodeStringLiteral(src: string, a: number, b: number, line: number, col: number): Uint8Array {
  const end = b - 1;
  let p = a + 1;
  // fast path: plain ASCII without escapes
  let plain = true;
  for (let i = p; i < end; i++) {
    const c = src.charCodeAt(i);
    if (c === 0x5c || c >= 0x80) {
      plain = false;
      break;
    }
  }
  const out = new Uint8Array(plain ? end - p : 0);
  if (plain) {
    for (let i = 0; i < out.length; i++) out[i] = src.charCodeAt(p + i);
    return out;
  }
  let n = 0;
  const push = (byte: number): void => {
    if (n >= scratch.length) {
      const bigger = new Uint8Array(scratch.length * 2);
      bigger.set(scratch);
      scratch = bigger;
    }
    scratch[n++] = byte;
  };
  const pushCode = (cp: number): void => {
    if (cp < 0x80) push(cp);
    else if (cp < 0x800) {
      push(0xc0 | (cp >> 6));
      push(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      push(0xe0 | (cp >> 12));
      push(0x80 | ((cp >> 6) & 0x3f));
      push(0x80 | (cp & 0x3f));
    } else {
      push(0xf0 | (cp >> 18));
      push(0x80 | ((cp >> 12) & 0x3f));
      push(0x80 | ((cp >> 6) & 0x3f));
      push(0x80 | (cp & 0x3f));
    }
  };
  const bad = (msg: string): never => {
    throw new WatError(msg, line, col + (p - a));
  };
  while (p < end) {
    const c = src.charCodeAt(p);
    if (c !== 0x5c) {
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = src.charCodeAt(p + 1);
        pushCode(0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00));
        p += 2;
      } else {
        pushCode(c);
        p++;
      }
      continue;
    }
    const e = src.charCodeAt(p + 1);
    switch (e) {
      case 0x74: push(0x09); p += 2; break; // \t
      case 0x6e: push(0x0a); p += 2; break; // \n
      case 0x72: push(0x0d); p += 2; break; // \r
      case 0x22: push(0x22); p += 2; break;
      case 0x27: push(0x27); p += 2; break;
      case 0x5c: push(0x5c); p += 2; break;
      case 0x75: {
        // \u{hexnum}
        if (src.charCodeAt(p + 2) !== 0x7b) bad('illegal escape');
        let q = p + 3;
        let v = 0;
        let digits = 0;
        let lastUnderscore = true;
        for (; q < end; q++) {
          const d = src.charCodeAt(q);
          if (d === 0x7d) break;
          if (d === 0x5f) {
            if (lastUnderscore) bad('illegal escape');
            lastUnderscore = true;
            continue;
          }
          const h = hexVal(d);
          if (h < 0) bad('illegal escape');
          v = v * 16 + h;
          if (v > 0x10ffff) v = 0x110000;
          digits++;
          lastUnderscore = false;
        }
        if (q >= end || digits === 0 || lastUnderscore) bad('illegal escape');
        if ((v >= 0xd800 && v < 0xe000) || v >= 0x110000) bad('illegal escape');
        pushCode(v);
        p = q + 1;
        break;
      }
      default: {
        const h1 = hexVal(e);
        const h2 = hexVal(src.charCodeAt(p + 2));
        if (h1 < 0 || h2 < 0 || p + 2 >= end) bad('illegal escape');
        push(h1 * 16 + h2);
        p += 3;
      }
    }
  }
  return scratch.slice(0, n);
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Strict UTF-8 decoding; null when the bytes are not valid UTF-8. */
export function utf8Decode(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

const encoder = new TextEncoder();
export function utf8Encode(s: string): Uint8Array {
  return encoder.encode(s);
}
