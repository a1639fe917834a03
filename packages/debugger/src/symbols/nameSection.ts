/**
 * The `name` custom section, all subsections (core spec appendix "Name Section", the
 * extended-name-section proposal and Wasm 3.0 additions):
 *   0 module, 1 functions, 2 locals, 3 labels, 4 types, 5 tables, 6 memories, 7 globals,
 *   8 element segments, 9 data segments, 10 fields, 11 tags.
 *
 * Invariants: parsing NEVER throws. The spec says tools should ignore malformed name sections; we
 * keep whatever parsed cleanly: each subsection is parsed inside its own size, a bad subsection
 * is dropped (others kept) and the reason is appended to `problems`, as are out-of-order or
 * duplicate subsection ids and unsorted/duplicate indices (the entries are still kept; for a
 * duplicate index the last wins). Unknown subsection ids are skipped and reported.
 */

import { ByteReader } from './byteReader.ts';
import { customSection, findWasmSections } from './wasmSections.ts';

export type NameMap = Map<number, string>;
export type IndirectNameMap = Map<number, NameMap>;

export interface NameSection {
  moduleName?: string;
  readonly functions: NameMap;
  readonly locals: IndirectNameMap;
  readonly labels: IndirectNameMap;
  readonly types: NameMap;
  readonly tables: NameMap;
  readonly memories: NameMap;
  readonly globals: NameMap;
  readonly elemSegments: NameMap;
  readonly dataSegments: NameMap;
  readonly fields: IndirectNameMap;
  readonly tags: NameMap;
  readonly problems: string[];
}

const SUBSECTION_NAMES = ['module', 'functions', 'locals', 'labels', 'types', 'tables', 'memories', 'globals', 'elemSegments', 'dataSegments', 'fields', 'tags'] as const;

export function emptyNameSection(): NameSection {
  return {
    functions: new Map(),
    locals: new Map(),
    labels: new Map(),
    types: new Map(),
    tables: new Map(),
    memories: new Map(),
    globals: new Map(),
    elemSegments: new Map(),
    dataSegments: new Map(),
    fields: new Map(),
    tags: new Map(),
    problems: [],
  };
}

/** Parses a `name` section payload (the bytes after the section's own name). */
export function parseNameSection(payload: Uint8Array): NameSection {
  const out = emptyNameSection();
  const r = new ByteReader(payload);
  let lastId = -1;
  const seen = new Set<number>();
  while (!r.atEnd) {
    const at = r.pos;
    let id: number;
    let size: number;
    try {
      id = r.u8();
      size = r.uleb();
    } catch {
      out.problems.push(`truncated subsection header at ${at}`);
      break;
    }
    const start = r.pos;
    const end = start + size;
    if (end > payload.length) {
      out.problems.push(`subsection ${id} at ${at} runs past the end of the section`);
      break;
    }
    if (seen.has(id)) out.problems.push(`duplicate subsection ${id}`);
    else if (id < lastId) out.problems.push(`subsection ${id} out of order (after ${lastId})`);
    seen.add(id);
    lastId = Math.max(lastId, id);
    const sr = new ByteReader(payload, start, end);
    const label = SUBSECTION_NAMES[id] ?? `#${id}`;
    try {
      switch (id) {
        case 0:
          out.moduleName = sr.name();
          break;
        case 1:
          readNameMap(sr, out.functions, label, out.problems);
          break;
        case 2:
          readIndirectNameMap(sr, out.locals, label, out.problems);
          break;
        case 3:
          readIndirectNameMap(sr, out.labels, label, out.problems);
          break;
        case 4:
          readNameMap(sr, out.types, label, out.problems);
          break;
        case 5:
          readNameMap(sr, out.tables, label, out.problems);
          break;
        case 6:
          readNameMap(sr, out.memories, label, out.problems);
          break;
        case 7:
          readNameMap(sr, out.globals, label, out.problems);
          break;
        case 8:
          readNameMap(sr, out.elemSegments, label, out.problems);
          break;
        case 9:
          readNameMap(sr, out.dataSegments, label, out.problems);
          break;
        case 10:
          readIndirectNameMap(sr, out.fields, label, out.problems);
          break;
        case 11:
          readNameMap(sr, out.tags, label, out.problems);
          break;
        default:
          out.problems.push(`unknown subsection ${id} skipped`);
          break;
      }
      if (id <= 11 && !sr.atEnd) out.problems.push(`subsection ${label}: ${sr.remaining} trailing byte(s)`);
    } catch (e) {
      out.problems.push(`subsection ${label} at ${at} is malformed (${(e as Error).message}); entries read before the damage are kept`);
    }
    r.pos = end;
  }
  return out;
}

function readNameMap(r: ByteReader, into: NameMap, label: string, problems: string[]): void {
  const count = r.uleb();
  let last = -1;
  for (let i = 0; i < count; i++) {
    const idx = r.uleb();
    const name = r.name();
    if (idx <= last) problems.push(`${label}: index ${idx} is not in increasing order`);
    last = Math.max(last, idx);
    into.set(idx, name);
  }
}

function readIndirectNameMap(r: ByteReader, into: IndirectNameMap, label: string, problems: string[]): void {
  const count = r.uleb();
  let last = -1;
  for (let i = 0; i < count; i++) {
    const idx = r.uleb();
    if (idx <= last) problems.push(`${label}: index ${idx} is not in increasing order`);
    last = Math.max(last, idx);
    const inner: NameMap = into.get(idx) ?? new Map();
    into.set(idx, inner);
    readNameMap(r, inner, `${label}[${idx}]`, problems);
  }
}

/** The name section of a module (the last `name` section), or an empty one with a problem noted. */
export function nameSectionOf(bytes: Uint8Array): NameSection {
  const index = findWasmSections(bytes);
  const s = customSection(index, 'name');
  if (!s) {
    const empty = emptyNameSection();
    empty.problems.push('module has no name section');
    return empty;
  }
  return parseNameSection(s.data);
}
