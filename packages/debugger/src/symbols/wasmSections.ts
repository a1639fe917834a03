/**
 * A tiny wasm section walker for the symbols side: finds the custom sections that carry debug
 * information and the code section's payload offset, straight from module bytes.
 *
 * Why our own walker: the symbols side must work on bytes alone (a module that fails to validate
 * can still be symbolized), and must not depend on the runtime's decoder.
 *
 * Invariants:
 * - All offsets are MODULE (file) offsets. `codePayloadStart` is the first byte after the code
 *   section's id and size LEB, i.e. the function-count LEB: DWARF code address 0 (WebAssembly tool-conventions, Debugging.md).
 * - Section bodies are `subarray` views of the input: nothing is copied or parsed beyond headers.
 * - Never throws on a malformed module: walking stops at the first bad header and the problem is
 *   reported in `problems`.
 */

import { ByteReader } from './byteReader.ts';

export interface SectionSpan {
  /** Module offset of the section payload (after the id and size LEB, and for custom sections after the name). */
  readonly start: number;
  /** Module offset one past the payload. */
  readonly end: number;
}

export interface CustomSection extends SectionSpan {
  readonly name: string;
  readonly data: Uint8Array;
}

/** The DWARF sections the reader understands; each entry is the raw section payload. */
export interface DwarfSections {
  info?: Uint8Array;
  abbrev?: Uint8Array;
  line?: Uint8Array;
  str?: Uint8Array;
  lineStr?: Uint8Array;
  strOffsets?: Uint8Array;
  addr?: Uint8Array;
  ranges?: Uint8Array;
  rnglists?: Uint8Array;
  loc?: Uint8Array;
  loclists?: Uint8Array;
  aranges?: Uint8Array;
}

export interface FunctionBody {
  /** Index among DEFINED functions (add the imported-function count for the funcidx). */
  readonly definedIndex: number;
  /** Module offset of the body-size LEB. */
  readonly sizeOffset: number;
  /** Module offset of the body itself (locals declaration count) = DWARF low_pc + codePayloadStart. */
  readonly start: number;
  readonly end: number;
}

export interface WasmSectionIndex {
  readonly bytes: Uint8Array;
  /** Module offset of the code section payload, or undefined when the module has no code section. */
  readonly codePayloadStart: number | undefined;
  readonly codePayloadEnd: number | undefined;
  /** Number of imported functions (needed to turn defined indices into funcidx). */
  readonly importedFunctionCount: number;
  /** All custom sections in module order (duplicates kept). */
  readonly customSections: readonly CustomSection[];
  readonly problems: readonly string[];
}

const DWARF_NAMES: Record<string, keyof DwarfSections> = {
  '.debug_info': 'info',
  '.debug_abbrev': 'abbrev',
  '.debug_line': 'line',
  '.debug_str': 'str',
  '.debug_line_str': 'lineStr',
  '.debug_str_offsets': 'strOffsets',
  '.debug_addr': 'addr',
  '.debug_ranges': 'ranges',
  '.debug_rnglists': 'rnglists',
  '.debug_loc': 'loc',
  '.debug_loclists': 'loclists',
  '.debug_aranges': 'aranges',
};

const SECTION_CODE = 10;
const SECTION_IMPORT = 2;

export function findWasmSections(bytes: Uint8Array): WasmSectionIndex {
  const problems: string[] = [];
  const customSections: CustomSection[] = [];
  let codePayloadStart: number | undefined;
  let codePayloadEnd: number | undefined;
  let importedFunctionCount = 0;
  const r = new ByteReader(bytes);
  const magicOk =
    bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
  if (!magicOk) {
    problems.push('not a wasm module (bad magic)');
    return { bytes, codePayloadStart, codePayloadEnd, importedFunctionCount, customSections, problems };
  }
  r.pos = 8;
  while (!r.atEnd) {
    const headerAt = r.pos;
    try {
      const id = r.u8();
      const size = r.uleb();
      const start = r.pos;
      const end = start + size;
      if (end > bytes.length) {
        problems.push(`section ${id} at ${headerAt} runs past the end of the module`);
        break;
      }
      if (id === 0) {
        const nr = new ByteReader(bytes, start, end);
        const name = nr.name();
        customSections.push({ name, start: nr.pos, end, data: bytes.subarray(nr.pos, end) });
      } else if (id === SECTION_CODE) {
        codePayloadStart = start;
        codePayloadEnd = end;
      } else if (id === SECTION_IMPORT) {
        importedFunctionCount = countImportedFunctions(bytes, start, end, problems);
      }
      r.pos = end;
    } catch (e) {
      problems.push(`bad section header at ${headerAt}: ${(e as Error).message}`);
      break;
    }
  }
  return { bytes, codePayloadStart, codePayloadEnd, importedFunctionCount, customSections, problems };
}

function countImportedFunctions(bytes: Uint8Array, start: number, end: number, problems: string[]): number {
  const r = new ByteReader(bytes, start, end);
  let funcs = 0;
  try {
    const count = r.uleb();
    for (let i = 0; i < count; i++) {
      r.name();
      r.name();
      const kind = r.u8();
      switch (kind) {
        case 0: // func: typeidx
          r.uleb();
          funcs++;
          break;
        case 1: // table: reftype limits
          skipRefType(r);
          skipLimits(r);
          break;
        case 2: // memory
          skipLimits(r);
          break;
        case 3: // global: valtype mut
          skipRefType(r);
          r.u8();
          break;
        case 4: // tag: attribute typeidx
          r.u8();
          r.uleb();
          break;
        default:
          throw new RangeError(`unknown import kind ${kind}`);
      }
    }
  } catch (e) {
    problems.push(`import section: ${(e as Error).message}; imported function count may be short`);
  }
  return funcs;
}

function skipRefType(r: ByteReader): void {
  const b = r.u8();
  if (b === 0x63 || b === 0x64) r.sleb(); // (ref null? ht)
}

function skipLimits(r: ByteReader): void {
  const flags = r.u8();
  r.uleb();
  if (flags & 1) r.uleb();
}

/** The last custom section with this name (tool-conventions: last one wins), or undefined. */
export function customSection(index: WasmSectionIndex, name: string): CustomSection | undefined {
  for (let i = index.customSections.length - 1; i >= 0; i--) {
    if (index.customSections[i].name === name) return index.customSections[i];
  }
  return undefined;
}

export function dwarfSections(index: WasmSectionIndex): DwarfSections {
  const out: DwarfSections = {};
  for (const s of index.customSections) {
    const key = DWARF_NAMES[s.name];
    if (key) out[key] = s.data;
  }
  return out;
}

/** True when the module embeds at least `.debug_info` (or `.debug_line`). */
export function hasDwarf(index: WasmSectionIndex): boolean {
  return index.customSections.some((s) => s.name === '.debug_info' || s.name === '.debug_line');
}

/** `sourceMappingURL` / `external_debug_info` payload: a wasm `name` (vec(byte) UTF-8). */
export function urlSection(index: WasmSectionIndex, name: 'sourceMappingURL' | 'external_debug_info'): string | undefined {
  const s = customSection(index, name);
  if (!s) return undefined;
  try {
    return new ByteReader(s.data).name();
  } catch {
    return undefined;
  }
}

/** Walks the code section's body-size LEBs (cheap: no instruction decoding). */
export function functionBodies(index: WasmSectionIndex): FunctionBody[] {
  const { codePayloadStart, codePayloadEnd, bytes } = index;
  if (codePayloadStart === undefined || codePayloadEnd === undefined) return [];
  const r = new ByteReader(bytes, codePayloadStart, codePayloadEnd);
  const out: FunctionBody[] = [];
  try {
    const count = r.uleb();
    for (let i = 0; i < count; i++) {
      const sizeOffset = r.pos;
      const size = r.uleb();
      const start = r.pos;
      r.skip(size);
      out.push({ definedIndex: i, sizeOffset, start, end: start + size });
    }
  } catch {
    // A truncated code section yields the bodies read so far.
  }
  return out;
}
