/**
 * `x/<n><fmt><size> <address>`: gdb's memory examination. Formats x d u o t c s a f, sizes b h
 * w g; the last format, size and the address after the last one shown are remembered, so a bare
 * `x` continues where the previous one stopped.
 */
import { UserError } from '@lantern/debugger';

export type ExamineFormat = 'x' | 'd' | 'u' | 'o' | 't' | 'c' | 's' | 'a' | 'f';
export type UnitSize = 1 | 2 | 4 | 8;

export interface ExamineSpec {
  count: number;
  format: ExamineFormat;
  size: UnitSize;
}

const SIZES: Record<string, UnitSize> = { b: 1, h: 2, w: 4, g: 8 };
const FORMATS = new Set('xduotcsaf');

/** Parses the `/<n><fmt><size>` part (without the slash); missing parts come from `last`. */
export function parseExamineSpec(text: string, last: ExamineSpec): ExamineSpec {
  const m = /^(\d*)([a-z]*)$/i.exec(text);
  if (!m) throw new UserError(`Invalid number "${text}".`);
  let format: ExamineFormat | undefined;
  let size: UnitSize | undefined;
  for (const ch of m[2]!) {
    if (ch in SIZES) {
      if (size !== undefined) throw new UserError(`Invalid format "${text}": more than one size letter.`);
      size = SIZES[ch];
    } else if (FORMATS.has(ch)) {
      if (format !== undefined) throw new UserError(`Invalid format "${text}": more than one format letter.`);
      format = ch as ExamineFormat;
    } else {
      throw new UserError(`Undefined output format "${ch}".`);
    }
  }
  const count = m[1] ? Number(m[1]) : 1;
  if (count <= 0 || count > 4096) throw new UserError(`Invalid count "${m[1]}": expected 1..4096.`);
  const f = format ?? last.format;
  let s = size ?? (format === undefined || format === last.format ? last.size : undefined);
  if (f === 'c' || f === 's') s = size ?? 1;
  else if (f === 'a') s = 4;
  else if (f === 'f') s = size === 8 ? 8 : size === 4 ? 4 : s === 8 ? 8 : 4;
  return { count, format: f, size: s ?? 4 };
}

export function hex32(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

function perLine(spec: ExamineSpec): number {
  if (spec.format === 'c') return 8;
  if (spec.format === 'f' || spec.format === 'a') return spec.size === 8 ? 2 : 4;
  return spec.size === 1 || spec.size === 2 ? 8 : spec.size === 4 ? 4 : 2;
}

function charText(code: number): string {
  if (code === 0) return "'\\000'";
  const esc: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 39: "\\'", 92: '\\\\' };
  if (esc[code]) return `'${esc[code]}'`;
  if (code >= 32 && code < 127) return `'${String.fromCharCode(code)}'`;
  return `'\\${(code & 0xff).toString(8).padStart(3, '0')}'`;
}

function unit(bytes: Uint8Array, spec: ExamineSpec): string {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bits = BigInt(spec.size * 8);
  let u: bigint;
  switch (spec.size) {
    case 1:
      u = BigInt(dv.getUint8(0));
      break;
    case 2:
      u = BigInt(dv.getUint16(0, true));
      break;
    case 4:
      u = BigInt(dv.getUint32(0, true));
      break;
    case 8:
      u = dv.getBigUint64(0, true);
      break;
  }
  const signed = BigInt.asIntN(Number(bits), u);
  switch (spec.format) {
    case 'x':
    case 'a':
      return `0x${u.toString(16).padStart(spec.size * 2, '0')}`;
    case 'd':
      return signed.toString();
    case 'u':
      return u.toString();
    case 'o':
      return u === 0n ? '0' : `0${u.toString(8)}`;
    case 't':
      return u.toString(2).padStart(spec.size * 8, '0');
    case 'c':
      return `${Number(signed)} ${charText(Number(u))}`;
    case 'f':
      return spec.size === 8 ? String(dv.getFloat64(0, true)) : String(dv.getFloat32(0, true));
    case 's':
      return '';
  }
}

/** C string escaping as gdb prints it (printable ASCII as is). */
export function quoteCString(bytes: Uint8Array): string {
  let s = '"';
  for (const b of bytes) {
    if (b === 34) s += '\\"';
    else if (b === 92) s += '\\\\';
    else if (b === 10) s += '\\n';
    else if (b === 9) s += '\\t';
    else if (b === 13) s += '\\r';
    else if (b >= 32 && b < 127) s += String.fromCharCode(b);
    else s += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return `${s}"`;
}

/** The NUL-terminated string at `address` (printf's %s), as Latin-1 text; at most 4096 bytes. */
export function cStringAt(read: (address: number, length: number) => Uint8Array, address: number): string {
  let text = '';
  for (let a = address >>> 0; text.length < 4096; a++) {
    let b: number;
    try {
      b = read(a, 1)[0]!;
    } catch {
      throw new UserError(`Cannot access memory at address ${hex32(a)}`);
    }
    if (b === 0) break;
    text += String.fromCharCode(b);
  }
  return text;
}

/**
 * The lines of one examination, and the address after the last unit shown. `read` throws a
 * RangeError for addresses outside memory; that becomes gdb's "Cannot access memory" line.
 */
export function examine(read: (address: number, length: number) => Uint8Array, address: number, spec: ExamineSpec): { lines: string[]; next: number } {
  const lines: string[] = [];
  const cannot = (a: number) => new UserError(`Cannot access memory at address ${hex32(a)}`);
  const safeRead = (a: number, n: number): Uint8Array => {
    try {
      return read(a, n);
    } catch {
      throw cannot(a);
    }
  };
  let a = address >>> 0;
  if (spec.format === 's') {
    for (let i = 0; i < spec.count; i++) {
      const start = a;
      const bytes: number[] = [];
      for (;;) {
        let b: number;
        try {
          b = read(a, 1)[0]!;
        } catch {
          if (lines.length === 0 && bytes.length === 0) throw cannot(a);
          break;
        }
        a++;
        if (b === 0 || bytes.length >= 200) break;
        bytes.push(b);
      }
      lines.push(`${hex32(start)}:\t${quoteCString(Uint8Array.from(bytes))}`);
    }
    return { lines, next: a };
  }
  const n = perLine(spec);
  for (let i = 0; i < spec.count; i += n) {
    const start = a;
    const cells: string[] = [];
    for (let k = i; k < Math.min(spec.count, i + n); k++) {
      cells.push(unit(safeRead(a, spec.size), spec));
      a += spec.size;
    }
    lines.push(`${hex32(start)}:\t${cells.join('\t')}`);
  }
  return { lines, next: a };
}
