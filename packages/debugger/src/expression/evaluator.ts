/**
 * The expressions of `print`, `x`, `set var` and breakpoint conditions: a small C subset over
 * a paused wasm frame —
 *
 *   name | $name | $localN | $globalN | $operandN (0 = bottom) | $N (value history) | literal
 *   prefix `*` (dereference) and `&` (address of); postfix `.field`, `->field`, `[index]`;
 *   a v128 seen as lanes: `$v.i32x4` (all four), `$v.f32x4[2]` (one, writable)
 *   a GC reference's parts: `$n.$count` / `$n.field1` (struct fields by name or index),
 *   `$arr[3]` (array elements), chained (`$n.$next.$key[0]`), the mutable ones writable
 *
 * Names are looked up as DWARF source variables first, then wasm locals (name section), then
 * globals. Values print the way gdb prints them: `{count = 1, last = {x = 3, y = 2}}`,
 * `(const stats *) 0x00011470`, `{1, 2, 3}`.
 */
import { formatValue, type DisplayValue } from '../symbols/dwarf/valueFormatter.ts';
import { resolveType, sizeOf, type DwarfType } from '../symbols/dwarf/types.ts';
import { formatWasmValue, isV128Shape, v128Lanes, V128_SHAPES, type RefHandle, type V128Shape, type WasmValue } from '../frames/wasmValue.ts';
import { gcElement, gcField } from './gcPath.ts';
import type { WasmFrameInfo } from '../frames/frameInfo.ts';
import { UserError } from './userError.ts';
import { parseLiteral } from './literal.ts';

/** A global as expressions see it (PauseContext's GlobalInfo fits). */
export interface EvalGlobal {
  readonly name: string | undefined;
  readonly index: number;
  readonly value: WasmValue;
  readonly mutable?: boolean;
  set?(value: number | bigint): void;
}

export interface EvalEnv {
  readonly frame: WasmFrameInfo;
  readMemory(address: number, length: number): Uint8Array;
  /** Needed by assignments to memory only. */
  writeMemory?(address: number, bytes: Uint8Array): void;
  /** A global by name (without `$`) or index. */
  global(key: string | number): EvalGlobal | undefined;
  /** `$N` of the value history. */
  history?(n: number): Evaluated | undefined;
}

/** Where a value can be written back. */
export type Place =
  | { readonly kind: 'memory'; readonly address: number; readonly type: string; readonly size: number }
  | { readonly kind: 'local'; readonly index: number }
  | { readonly kind: 'operand'; readonly index: number }
  | { readonly kind: 'global'; readonly index: number }
  /** one lane of the v128 `bits` held at `of` */
  | { readonly kind: 'lane'; readonly of: Place; readonly bits: bigint; readonly shape: V128Shape; readonly lane: number }
  /** field or element `index` of the struct or array `handle` refers to */
  | { readonly kind: 'gc'; readonly handle: RefHandle; readonly index: number };

export type Evaluated =
  | { readonly kind: 'source'; readonly dv: DisplayValue; readonly place?: Place }
  /** `shape`: a v128 seen as the lanes of that shape (`$v.i32x4`) */
  | { readonly kind: 'wasm'; readonly value: WasmValue; readonly place?: Place; readonly shape?: V128Shape }
  | { readonly kind: 'number'; readonly value: number | bigint; readonly pointerType?: string };

type Token = { t: 'id' | 'num' | 'op'; v: string };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(->|[*&.[\]()]|\$?[A-Za-z_][\w]*|\$\d+|0x[0-9a-fA-F]+|-?\d+(?:\.\d+)?|'(?:\\.|[^'])')/y;
  let i = 0;
  while (i < text.length) {
    if (/^\s*$/.test(text.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) throw new UserError(`A syntax error in expression, near \`${text.slice(i).trim()}'.`);
    const v = m[1]!;
    out.push({ t: /^[*&.[\]()]$|^->$/.test(v) ? 'op' : /^[$A-Za-z_]/.test(v) && !/^\$\d+$/.test(v) ? 'id' : 'num', v });
    i = re.lastIndex;
  }
  return out;
}

export function evaluate(text: string, env: EvalEnv): Evaluated {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new UserError('Argument required (expression to compute).');
  let pos = 0;
  const peek = () => tokens[pos];
  const take = () => tokens[pos++];

  const unary = (): Evaluated => {
    const tok = peek();
    if (tok?.t === 'op' && tok.v === '*') {
      take();
      return deref(unary(), env, tok.v);
    }
    if (tok?.t === 'op' && tok.v === '&') {
      take();
      return addressOf(unary());
    }
    return postfix(primary());
  };
  const primary = (): Evaluated => {
    const tok = take();
    if (!tok) throw new UserError('A syntax error in expression, near `\'.');
    if (tok.t === 'op' && tok.v === '(') {
      const e = unary();
      if (take()?.v !== ')') throw new UserError('A syntax error in expression: expected `)\'.');
      return e;
    }
    if (tok.t === 'num') {
      const h = /^\$(\d+)$/.exec(tok.v);
      if (h) {
        const e = env.history?.(Number(h[1]));
        if (!e) throw new UserError(`History has not yet reached $${h[1]}.`);
        return e;
      }
      return { kind: 'number', value: parseLiteral(tok.v) };
    }
    if (tok.t === 'id') return lookup(tok.v, env);
    throw new UserError(`A syntax error in expression, near \`${tok.v}'.`);
  };
  const postfix = (e: Evaluated): Evaluated => {
    for (;;) {
      const tok = peek();
      if (tok?.t !== 'op') return e;
      if (tok.v === '.' || tok.v === '->') {
        take();
        const field = take();
        if (field?.t !== 'id') throw new UserError(`A syntax error in expression: expected a field name after \`${tok.v}'.`);
        e = member(tok.v === '->' ? deref(e, env, '->') : e, field.v);
      } else if (tok.v === '[') {
        take();
        const index = take();
        if (index?.t !== 'num' || take()?.v !== ']') throw new UserError('A syntax error in expression: expected [number].');
        e = element(e, Number(parseLiteral(index.v)), env);
      } else {
        return e;
      }
    }
  };
  const result = unary();
  if (pos < tokens.length) throw new UserError(`A syntax error in expression, near \`${tokens.slice(pos).map((t) => t.v).join('')}'.`);
  return result;
}

function placeOf(dv: DisplayValue): Place | undefined {
  return dv.address !== undefined && !dv.children ? { kind: 'memory', address: dv.address, type: dv.type, size: scalarSize(dv.type) } : undefined;
}

/** Byte size of a scalar C type by its name (what `set var` writes). */
export function scalarSize(type: string): number {
  if (type.endsWith('*')) return 4;
  if (/\b(char|bool|_Bool|int8_t|uint8_t)\b/.test(type)) return 1;
  if (/\bshort\b|int16_t/.test(type)) return 2;
  if (/\blong long\b|int64_t|\bdouble\b/.test(type)) return 8;
  return 4;
}

function lookup(name: string, env: EvalEnv): Evaluated {
  const frame = env.frame;
  const bare = name.startsWith('$') ? name.slice(1) : name;
  if (!name.startsWith('$')) {
    const dv = frame.variable(name);
    if (dv) return { kind: 'source', dv, place: placeOf(dv) };
  }
  const localIndex = (() => {
    const m = /^local(\d+)$/.exec(bare);
    if (m) return Number(m[1]);
    const l = frame.locals.find((x) => x.name === bare);
    return l?.index;
  })();
  if (localIndex !== undefined) {
    const value = frame.local(localIndex);
    if (!value) throw new UserError(`No local ${localIndex} in ${frame.function} (it has ${frame.locals.length}).`);
    return { kind: 'wasm', value, place: { kind: 'local', index: localIndex } };
  }
  const om = name.startsWith('$') ? /^operand(\d+)$/.exec(bare) : null;
  if (om) {
    const index = Number(om[1]);
    const value = frame.operands[index];
    if (!value) throw new UserError(`No operand ${index} in ${frame.function} (its operand stack holds ${frame.operands.length}).`);
    return { kind: 'wasm', value, place: { kind: 'operand', index } };
  }
  const gm = /^global(\d+)$/.exec(bare);
  const g = env.global(gm ? Number(gm[1]) : bare);
  if (g) return { kind: 'wasm', value: g.value, place: { kind: 'global', index: g.index } };
  throw new UserError(`No symbol "${name}" in current context.`);
}

function pointeeOf(e: Evaluated): { address: number; pointee: DwarfType } | undefined {
  return e.kind === 'source' ? e.dv.pointer : undefined;
}

function readAs(env: EvalEnv, address: number, type: DwarfType, name: string): DisplayValue {
  const size = sizeOf(resolveType(type)) ?? 0;
  let bytes: Uint8Array;
  try {
    bytes = env.readMemory(address, size);
  } catch {
    throw new UserError(`Cannot access memory at address 0x${address.toString(16)}`);
  }
  return formatValue(bytes, type, { name, address, readMemory: (a, n) => env.readMemory(a, n) });
}

function deref(e: Evaluated, env: EvalEnv, op: string): Evaluated {
  const p = pointeeOf(e);
  if (p) {
    if (resolveType(p.pointee).kind === 'base' && (sizeOf(resolveType(p.pointee)) ?? 0) === 0) throw new UserError('Attempt to take contents of a non-pointer value.');
    const dv = readAs(env, p.address, p.pointee, `*${e.kind === 'source' ? e.dv.name : ''}`);
    return { kind: 'source', dv, place: placeOf(dv) };
  }
  if (e.kind === 'number' || e.kind === 'wasm') {
    const v = e.kind === 'number' ? Number(e.value) : e.value.type === 'i32' ? e.value.value >>> 0 : undefined;
    if (v !== undefined && op === '*') {
      let bytes: Uint8Array;
      try {
        bytes = env.readMemory(v, 4);
      } catch {
        throw new UserError(`Cannot access memory at address 0x${v.toString(16)}`);
      }
      const value = new DataView(bytes.buffer, bytes.byteOffset).getInt32(0, true);
      return { kind: 'wasm', value: { type: 'i32', value, bits: value >>> 0 } };
    }
  }
  throw new UserError(op === '->' ? 'The -> operator needs a pointer to a struct.' : 'Attempt to take contents of a non-pointer value.');
}

function addressOf(e: Evaluated): Evaluated {
  if (e.kind === 'source' && e.dv.address !== undefined) return { kind: 'number', value: e.dv.address, pointerType: `${e.dv.type} *` };
  throw new UserError('Attempt to take address of value not located in memory.');
}

function member(e: Evaluated, field: string): Evaluated {
  if (e.kind === 'wasm' && e.value.type === 'v128' && e.shape === undefined) {
    if (!isV128Shape(field)) throw new UserError(`There is no member named ${field}: a v128 has ${V128_SHAPES.join(', ')}.`);
    return { ...e, shape: field };
  }
  if (e.kind === 'wasm' && e.value.type === 'ref') return gcField(e.value, field);
  if (e.kind !== 'source' || !e.dv.children || e.dv.children[0]?.name.startsWith('[')) {
    throw new UserError(`Attempt to extract a component of a value that is not a structure.`);
  }
  const dv = e.dv.children.find((c) => c.name === field);
  if (!dv) throw new UserError(`There is no member named ${field}.`);
  return { kind: 'source', dv, place: placeOf(dv) };
}

function element(e: Evaluated, index: number, env: EvalEnv): Evaluated {
  if (e.kind === 'wasm' && e.value.type === 'v128' && e.shape !== undefined) {
    const { bits } = e.value;
    const lanes = v128Lanes(bits, e.shape);
    const value = lanes[index];
    if (value === undefined) throw new UserError(`Index ${index} is outside the ${e.shape} lanes (0..${lanes.length - 1}).`);
    return { kind: 'wasm', value, place: e.place && { kind: 'lane', of: e.place, bits, shape: e.shape, lane: index } };
  }
  if (e.kind === 'wasm' && e.value.type === 'ref') return gcElement(e.value, index);
  if (e.kind === 'source' && e.dv.children && e.dv.children[0]?.name.startsWith('[')) {
    const dv = e.dv.children[index];
    if (!dv) throw new UserError(`Index ${index} is outside the array (${e.dv.children.length} elements shown).`);
    return { kind: 'source', dv, place: placeOf(dv) };
  }
  const p = pointeeOf(e);
  if (p) {
    const size = sizeOf(resolveType(p.pointee)) ?? 1;
    const dv = readAs(env, p.address + index * size, p.pointee, `[${index}]`);
    return { kind: 'source', dv, place: placeOf(dv) };
  }
  throw new UserError('Cannot subscript something that is not an array or a pointer.');
}

/** The value as an address (for `x`): pointers, `&x`, integers, objects in memory. */
export function addressValue(e: Evaluated): number {
  if (e.kind === 'number') return Number(BigInt.asUintN(32, BigInt(e.value)));
  if (e.kind === 'wasm') {
    if (e.value.type === 'i32') return e.value.value >>> 0;
    if (e.value.type === 'i64') return Number(BigInt.asUintN(32, e.value.value));
    throw new UserError(`A ${e.value.type} value is not an address.`);
  }
  if (e.dv.pointer) return e.dv.pointer.address;
  if (e.dv.children && e.dv.address !== undefined) return e.dv.address;
  const n = /^-?\d+/.exec(e.dv.value);
  if (n) return Number(BigInt.asUintN(32, BigInt(n[0])));
  if (e.dv.address !== undefined) return e.dv.address;
  throw new UserError(`"${e.dv.name}" is not an address.`);
}

/** A number for conditions (`n == 1`); undefined for aggregates. */
export function numericValue(e: Evaluated): number | bigint | undefined {
  if (e.kind === 'number') return e.value;
  if (e.kind === 'wasm') return e.value.type === 'i32' || e.value.type === 'i64' || e.value.type === 'f32' || e.value.type === 'f64' ? e.value.value : undefined;
  if (e.dv.pointer) return e.dv.pointer.address;
  if (e.dv.children) return undefined;
  if (e.dv.value === 'true' || e.dv.value === 'false') return e.dv.value === 'true' ? 1 : 0;
  const n = /^-?(\d+(\.\d*)?(e[+-]?\d+)?|inf|nan)/i.exec(e.dv.value);
  return n ? Number(n[0]) : undefined;
}

/** gdb's rendering of a source value. */
export function renderDisplay(dv: DisplayValue): string {
  if (dv.children && !(dv.children[0]?.name.startsWith('[') && dv.value.startsWith('"'))) {
    if (dv.children.length === 0) return '{}';
    const array = dv.children[0]!.name.startsWith('[');
    return `{${dv.children.map((c) => (array ? renderDisplay(c) : `${c.name} = ${renderDisplay(c)}`)).join(', ')}}`;
  }
  if (dv.pointer && !dv.value.includes('"')) return `(${dv.type}) ${dv.value}`;
  return dv.value;
}

export type PrintFormat = 'x' | 'd' | 'u' | 'o' | 't' | 'c' | undefined;

function formatInteger(v: bigint, bits: number, fmt: Exclude<PrintFormat, undefined>): string {
  const u = BigInt.asUintN(bits, v);
  switch (fmt) {
    case 'x':
      return `0x${u.toString(16)}`;
    case 'd':
      return BigInt.asIntN(bits, v).toString();
    case 'u':
      return u.toString();
    case 'o':
      return u === 0n ? '0' : `0${u.toString(8)}`;
    case 't':
      return u.toString(2);
    case 'c': {
      const c = Number(u & 0xffn);
      return `${Number(BigInt.asIntN(8, u & 0xffn))} '${c >= 32 && c < 127 ? String.fromCharCode(c) : `\\${c.toString(8).padStart(3, '0')}`}'`;
    }
  }
}

/** A value as `print` shows it (after `$N = `), with an optional /fmt. */
export function render(e: Evaluated, fmt: PrintFormat = undefined): string {
  if (e.kind === 'number') {
    if (e.pointerType) return `(${e.pointerType}) 0x${Number(e.value).toString(16).padStart(8, '0')}`;
    if (fmt && (typeof e.value === 'bigint' || Number.isInteger(e.value))) return formatInteger(BigInt(e.value), 64, fmt);
    return String(e.value);
  }
  if (e.kind === 'wasm') {
    const v = e.value;
    if (fmt && (v.type === 'i32' || v.type === 'i64')) return formatInteger(BigInt(v.value), v.type === 'i32' ? 32 : 64, fmt);
    if (fmt === 'x' && (v.type === 'f32' || v.type === 'f64')) return `0x${v.bits.toString(16)}`;
    if (v.type === 'v128' && e.shape !== undefined) {
      const lanes = v128Lanes(v.bits, e.shape);
      const laneBits = 128 / lanes.length;
      const text = (lane: WasmValue) => (fmt && (lane.type === 'i32' || lane.type === 'i64') ? formatInteger(BigInt(lane.value), laneBits, fmt) : render({ kind: 'wasm', value: lane }, fmt));
      return `{${lanes.map(text).join(', ')}}`;
    }
    return formatWasmValue(v, false);
  }
  if (fmt && !e.dv.children) {
    const n = e.dv.pointer ? BigInt(e.dv.pointer.address) : /^-?\d+$/.test(e.dv.value.split(' ')[0]!) ? BigInt(e.dv.value.split(' ')[0]!) : undefined;
    if (n !== undefined) return formatInteger(n, scalarSize(e.dv.type) * 8, fmt);
  }
  return renderDisplay(e.dv);
}

/** The type of a value as `ptype`/`whatis` say it. */
export function typeOfValue(e: Evaluated): string {
  if (e.kind === 'number') return e.pointerType ?? (typeof e.value === 'bigint' ? 'long long' : Number.isInteger(e.value) ? 'int' : 'double');
  if (e.kind === 'wasm') return e.value.type === 'ref' ? `ref ${e.value.heapType}` : (e.shape ?? e.value.type);
  return e.dv.type;
}
