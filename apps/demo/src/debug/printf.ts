/**
 * gdb's `printf`/`dprintf` arguments: `"FORMAT", EXPR, ...` parsed, and FORMAT expanded the way
 * C's printf does for a wasm32 program (int and long are 32 bits, long long 64): flags, width,
 * precision, and the conversions d i u x X o c s f F e E g G p and %%. Floating-point digits
 * are JavaScript's: an exact tie (2.25 to one decimal) rounds up where glibc rounds to even.
 */
import { UserError } from '@lantern/debugger';

export interface PrintfCall {
  readonly format: string;
  readonly args: readonly string[];
}

/** A value as printf needs it: a number, or (for %s) the address of a NUL-terminated string. */
export interface PrintfValues {
  number(index: number): number | bigint;
  cString(index: number): string;
}

const CONVERSION = /%([-+ #0]*)(\d*)(?:\.(\d*))?(hh|h|ll|l|z|j|t)?([diuxXocsfFeEgGp%])/g;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', '\\': '\\', '"': '"', "'": "'" };

/** `"FORMAT", EXPR, ...` → the format (escapes decoded) and the argument expressions. */
export function parsePrintfCall(text: string): PrintfCall {
  const m = /^\s*"((?:[^"\\]|\\.)*)"\s*(?:,(.*))?$/s.exec(text);
  if (!m) throw new UserError('Bad format string: expected "FORMAT" in double quotes, then the arguments after commas.');
  const format = m[1]!.replace(/\\(.)/g, (_, c: string) => {
    const e = ESCAPES[c];
    if (e === undefined) throw new UserError(`Unrecognized escape character \\${c} in format string.`);
    return e;
  });
  const args = m[2] === undefined ? [] : splitArguments(m[2]);
  const wanted = conversionsIn(format);
  if (wanted !== args.length) throw new UserError(`Wrong number of arguments for specified format-string: it takes ${wanted}, ${args.length} given.`);
  return { format, args };
}

function conversionsIn(format: string): number {
  const stripped = format.replace(CONVERSION, (spec: string) => (spec.endsWith('%') ? '' : '\0'));
  if (stripped.includes('%')) throw new UserError(`Bad format string: "${format}" has a % that is no conversion.`);
  return stripped.split('\0').length - 1;
}

/** Splits at the commas that are not inside brackets or quotes. */
function splitArguments(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  args.push(text.slice(start).trim());
  if (args.some((a) => a === '')) throw new UserError('Bad printf arguments: an empty argument.');
  return args;
}

/** Expands FORMAT with the values. */
export function formatPrintf(format: string, values: PrintfValues): string {
  let next = 0;
  return format.replace(CONVERSION, (_, flags: string, width: string, precision: string | undefined, length: string | undefined, conversion: string) => {
    if (conversion === '%') return '%';
    const index = next++;
    let body: string;
    let sign = '';
    if (conversion === 's') {
      body = values.cString(index);
      if (precision !== undefined) body = body.slice(0, Number(precision));
    } else if (conversion === 'c') {
      body = String.fromCharCode(Number(values.number(index)) & 0xff);
    } else if ('fFeEgG'.includes(conversion)) {
      const x = Number(values.number(index));
      sign = x < 0 || Object.is(x, -0) ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
      body = floatText(Math.abs(x), conversion, precision === undefined || precision === '' ? 6 : Number(precision), flags.includes('#'));
    } else {
      const bits = length === 'll' || length === 'j' ? 64 : length === 'h' ? 16 : length === 'hh' ? 8 : 32;
      const raw = values.number(index);
      const n = typeof raw === 'bigint' ? raw : BigInt(Math.trunc(raw));
      if (conversion === 'd' || conversion === 'i') {
        const v = BigInt.asIntN(bits, n);
        sign = v < 0n ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
        body = (v < 0n ? -v : v).toString();
      } else {
        const v = BigInt.asUintN(conversion === 'p' ? 32 : bits, n);
        const radix = conversion === 'o' ? 8 : conversion === 'u' ? 10 : 16;
        body = v.toString(radix);
        if (conversion === 'X') body = body.toUpperCase();
        if (conversion === 'p' || (flags.includes('#') && v !== 0n && radix === 16)) sign = conversion === 'X' ? '0X' : '0x';
        if (flags.includes('#') && radix === 8 && !body.startsWith('0')) body = `0${body}`;
      }
      if (precision !== undefined) body = body.padStart(Number(precision || '0'), '0');
    }
    const w = Number(width || '0');
    if (flags.includes('-')) return (sign + body).padEnd(w);
    // Zeros pad numbers, but an integer's precision turns them off (C's rule).
    const integer = 'diuxXop'.includes(conversion);
    if (flags.includes('0') && conversion !== 's' && conversion !== 'c' && !(integer && precision !== undefined)) return sign + body.padStart(w - sign.length, '0');
    return (sign + body).padStart(w);
  });
}

function floatText(x: number, conversion: string, precision: number, alternate: boolean): string {
  const upper = conversion === conversion.toUpperCase();
  let text: string;
  if (!Number.isFinite(x)) text = Number.isNaN(x) ? 'nan' : 'inf';
  else if (conversion === 'f' || conversion === 'F') text = x.toFixed(precision);
  else if (conversion === 'e' || conversion === 'E') text = exponent(x.toExponential(precision));
  else {
    // %g: %e when the exponent is below -4 or not below the precision, else %f; trailing zeros dropped.
    const p = precision === 0 ? 1 : precision;
    const exp = Number(x.toExponential(p - 1).split('e')[1]);
    text = exp < -4 || exp >= p ? exponent(x.toExponential(p - 1)) : x.toFixed(p - 1 - exp);
    if (!alternate) text = text.replace(/(\.\d*?)0+(?=e|$)/, '$1').replace(/\.(?=e|$)/, '');
  }
  return upper ? text.toUpperCase() : text;
}

/** JavaScript's `1.5e+2` as C's `1.5e+02`. */
function exponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, (_, sign: string, digit: string) => `e${sign}0${digit}`);
}
