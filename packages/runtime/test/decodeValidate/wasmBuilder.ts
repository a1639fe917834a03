/**
 * A tiny hand-assembler for test modules: byte-level helpers (LEB128, names, vectors) and a
 * module builder taking raw section contents, so tests can state exactly which bytes they feed
 * the decoder, including malformed ones.
 */

export type Bytes = number[];

export function u32(n: number): Bytes {
  const out: Bytes = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function s32(n: number): Bytes {
  const out: Bytes = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

export function str(s: string): Bytes {
  const b = [...Buffer.from(s, 'utf8')];
  return [...u32(b.length), ...b];
}

export function vec(items: Bytes[]): Bytes {
  return [...u32(items.length), ...items.flat()];
}

export function section(id: number, contents: Bytes): Bytes {
  return [id, ...u32(contents.length), ...contents];
}

export const HEADER: Bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

export function module(...sections: Bytes[]): Uint8Array {
  return Uint8Array.from([...HEADER, ...sections.flat()]);
}

// Common pieces.
export const T = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b, funcref: 0x70, externref: 0x6f, exnref: 0x69 };

/** A func type; each param/result is a one-byte type or an encoded multi-byte one. */
export function funcType(params: (number | Bytes)[], results: (number | Bytes)[]): Bytes {
  const enc = (ts: (number | Bytes)[]) => vec(ts.map((t) => (Array.isArray(t) ? t : [t])));
  return [0x60, ...enc(params), ...enc(results)];
}

/** A code section entry: locals as [count, type] groups, then the instructions (with `end`). */
export function body(locals: [number, number | Bytes][], code: Bytes): Bytes {
  const l = locals.map(([n, t]) => [...u32(n), ...(Array.isArray(t) ? t : [t])]);
  const contents = [...vec(l), ...code];
  return [...u32(contents.length), ...contents];
}

/** Type section with the given (already encoded) types. */
export const typeSec = (...types: Bytes[]): Bytes => section(1, vec(types));
export const funcSec = (...typeIdx: number[]): Bytes => section(3, vec(typeIdx.map(u32)));
export const codeSec = (...bodies: Bytes[]): Bytes => section(10, vec(bodies));

/** A module with one function of type `type` and body `code` (plus optional extra sections). */
export function oneFunc(type: Bytes, locals: [number, number | Bytes][], code: Bytes, extra: { before?: Bytes[]; after?: Bytes[] } = {}): Uint8Array {
  return module(typeSec(type), funcSec(0), ...(extra.before ?? []), codeSec(body(locals, code)), ...(extra.after ?? []));
}
