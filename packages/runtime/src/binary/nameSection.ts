/**
 * The `name` custom section (spec appendix "Custom sections", with the extended-name-section
 * subsections of Wasm 3.0): module name (0), functions (1), locals (2), labels (3), types (4),
 * tables (5), memories (6), globals (7), element segments (8), data segments (9), struct fields
 * (10), tags (11). Unknown subsections are skipped.
 *
 * A malformed name section must never make the module invalid: any decoding error here drops
 * the whole section (returns undefined) instead of throwing.
 */
import type { NameMap } from '../syntax/moduleInfo.ts';
import { ByteReader } from './reader.ts';

/** A name section that names nothing. */
export function emptyNameMap(): NameMap {
  return {
    module: undefined,
    functions: new Map(),
    locals: new Map(),
    labels: new Map(),
    types: new Map(),
    tables: new Map(),
    memories: new Map(),
    globals: new Map(),
    elems: new Map(),
    datas: new Map(),
    fields: new Map(),
    tags: new Map(),
  };
}

export function parseNameSection(bytes: Uint8Array, start: number, end: number): NameMap | undefined {
  const r = new ByteReader(bytes, start, end);
  const names = emptyNameMap();
  // The subsections that map indices to names, by id.
  const direct: (Map<number, string> | undefined)[] = [
    undefined, undefined, undefined, undefined, names.types, names.tables, names.memories, names.globals, names.elems, names.datas, undefined, names.tags,
  ];
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
        case 2:
          readIndirectNameMap(r, names.locals);
          break;
        default:
          readExtendedSubsection(new ByteReader(bytes, r.pos, subEnd), id, names, direct[id]);
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

/**
 * Subsections 3..11 (labels, types, ..., tags) came after the first three: one that is malformed
 * is dropped alone, so the function and local names of older tools' sections are kept.
 */
function readExtendedSubsection(r: ByteReader, id: number, names: NameMap, direct: Map<number, string> | undefined): void {
  try {
    if (id === 3) readIndirectNameMap(r, names.labels);
    else if (id === 10) readIndirectNameMap(r, names.fields);
    else if (direct !== undefined) readNameMap(r, direct);
    if (r.pos !== r.end) throw new Error('subsection size mismatch');
  } catch {
    (id === 3 ? names.labels : id === 10 ? names.fields : direct)?.clear();
  }
}

function readIndirectNameMap(r: ByteReader, into: Map<number, Map<number, string>>): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    const index = r.u32();
    const map = new Map<number, string>();
    readNameMap(r, map);
    into.set(index, map);
  }
}
