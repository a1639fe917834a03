/**
 * The `name` custom section (spec appendix "Custom sections"): module name (subsection 0),
 * function names (1) and local names (2). Other subsections are skipped.
 *
 * A malformed name section must never make the module invalid: any decoding error here drops
 * the whole section (returns undefined) instead of throwing.
 */
import type { NameMap } from '../syntax/moduleInfo.ts';
import { ByteReader } from './reader.ts';

export function parseNameSection(bytes: Uint8Array, start: number, end: number): NameMap | undefined {
  const r = new ByteReader(bytes, start, end);
  const names: NameMap = { module: undefined, functions: new Map(), locals: new Map() };
  try {
    let lastId = -1;
    while (!r.eof) {
      const id = r.u8();
      if (id <= lastId) return undefined; // subsections are ordered and unique
      lastId = id;
      const size = r.len32();
      const subEnd = r.pos + size;
      switch (id) {
        case 0:
          names.module = r.name();
          break;
        case 1:
          readNameMap(r, names.functions);
          break;
        case 2: {
          const n = r.len32();
          for (let i = 0; i < n; i++) {
            const func = r.u32();
            const map = new Map<number, string>();
            readNameMap(r, map);
            names.locals.set(func, map);
          }
          break;
        }
        default:
          r.skip(size);
      }
      if (r.pos !== subEnd) return undefined;
    }
  } catch {
    return undefined;
  }
  return names;
}

function readNameMap(r: ByteReader, into: Map<number, string>): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    const idx = r.u32();
    into.set(idx, r.name());
  }
}
