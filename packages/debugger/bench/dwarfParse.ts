/**
 * What DWARF costs and when: on a multi-megabyte module, instantiation with and without the
 * debugger's symbols attached (should be the same within noise: nothing is parsed until asked),
 * then the first source-position query (a trap's backtrace: unit headers + one unit), and a full
 * line-table parse (a breakpoint by file:line needs every line program), side by side with the
 * same on the committed fixture. Run: pnpm exec tsx bench/dwarfParse.ts
 *
 * The big module is test/fixtures/crash/crash.wasm (clang -g -O0, our two units + wasi-libc's)
 * with .debug_info and .debug_line each replaced by COPIES copies of themselves (the last custom
 * section of a name wins). Every copied unit is self-contained (unit-relative references; abbrev
 * and str offsets point into the unchanged sections) and its DW_AT_stmt_list is moved to its own
 * copy of the line programs, so a full line-table parse really parses COPIES x as many programs.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWebAssembly } from '@lantern/runtime';
import { Wasi } from '@lantern/wasi';
import { Debugger, DwarfSymbolProvider, SymbolResolver } from '../src/index.ts';
import { parseAbbreviationTable } from '../src/symbols/dwarf/abbrev.ts';
import { readUnitHeader } from '../src/symbols/dwarf/compileUnit.ts';
import { DW_AT, DW_FORM } from '../src/symbols/dwarf/constants.ts';
import { customSection, findWasmSections } from '../src/symbols/wasmSections.ts';
import { customSectionBytes, withCustomSections } from '../test/symbols/wasmBuilder.ts';

const COPIES = 120;
const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'crash', 'crash.wasm');

// ---- the big module ----

/** Byte size of a form's value when fixed (the forms clang uses in unit roots before stmt_list). */
function fixedSize(form: number, addressSize: number): number | undefined {
  switch (form) {
    case DW_FORM.data1:
    case DW_FORM.ref1:
    case DW_FORM.flag:
    case DW_FORM.strx1:
    case DW_FORM.addrx1:
      return 1;
    case DW_FORM.data2:
    case DW_FORM.ref2:
    case DW_FORM.strx2:
      return 2;
    case DW_FORM.data4:
    case DW_FORM.ref4:
    case DW_FORM.strp:
    case DW_FORM.line_strp:
    case DW_FORM.sec_offset:
    case DW_FORM.strx4:
      return 4;
    case DW_FORM.data8:
      return 8;
    case DW_FORM.addr:
      return addressSize;
    case DW_FORM.flag_present:
    case DW_FORM.implicit_const:
      return 0;
    default:
      return undefined;
  }
}

/** Offsets (in .debug_info) of every unit root's DW_AT_stmt_list value (DW_FORM_sec_offset/data4). */
function stmtListOffsets(info: Uint8Array, abbrev: Uint8Array): number[] {
  const out: number[] = [];
  for (let offset = 0; offset + 11 <= info.length; ) {
    const h = readUnitHeader(info, offset);
    const table = parseAbbreviationTable(abbrev, h.abbrevOffset);
    let pos = h.firstDieOffset;
    let code = 0;
    for (let shift = 0, b = 0x80; b & 0x80; shift += 7) code |= ((b = info[pos++]) & 0x7f) << shift;
    for (const spec of table.get(code)?.specs ?? []) {
      if (spec.at === DW_AT.stmt_list) {
        out.push(pos);
        break;
      }
      const size = fixedSize(spec.form, h.addressSize);
      if (size === undefined) throw new Error(`unit at ${offset}: form 0x${spec.form.toString(16)} before stmt_list`);
      pos += size;
    }
    offset = h.end;
  }
  return out;
}

function bigModule(original: Uint8Array, copies: number): { bytes: Uint8Array<ArrayBuffer>; infoBytes: number; lineBytes: number } {
  const index = findWasmSections(original);
  const info = customSection(index, '.debug_info')!.data;
  const line = customSection(index, '.debug_line')!.data;
  const abbrev = customSection(index, '.debug_abbrev')!.data;
  const stmt = stmtListOffsets(info, abbrev);
  const bigInfo = new Uint8Array(info.length * copies);
  const bigLine = new Uint8Array(line.length * copies);
  const view = new DataView(bigInfo.buffer);
  for (let i = 0; i < copies; i++) {
    bigInfo.set(info, i * info.length);
    bigLine.set(line, i * line.length);
    for (const at of stmt) {
      const p = i * info.length + at;
      view.setUint32(p, view.getUint32(p, true) + i * line.length, true);
    }
  }
  const bytes = withCustomSections(original, customSectionBytes('.debug_info', bigInfo), customSectionBytes('.debug_line', bigLine));
  return { bytes: new Uint8Array(bytes), infoBytes: bigInfo.length, lineBytes: bigLine.length };
}

// ---- measurements ----

type Mode = 'none' | 'debugger' | 'debugger+symbols';
const MODES: readonly Mode[] = ['none', 'debugger', 'debugger+symbols'];

/** Namespace, (debugger, symbols,) compile and instantiate under WASI: the time until `_start` could run. */
function instantiate(bytes: Uint8Array<ArrayBuffer>, mode: Mode): number {
  const t0 = performance.now();
  const WebAssembly = createWebAssembly();
  let dbg: Debugger | undefined;
  if (mode !== 'none') {
    // A debugging embedder: symbols registered for the bytes, a debugger on the namespace.
    const symbols = new SymbolResolver();
    if (mode === 'debugger+symbols') symbols.register(bytes, DwarfSymbolProvider.fromModule(bytes), 'crash.wasm');
    dbg = Debugger.attach(WebAssembly, { symbols });
  }
  const wasi = new Wasi({ args: ['crash'], env: {}, stdout: () => {} });
  const module = new WebAssembly.Module(bytes);
  new WebAssembly.Instance(module, wasi.getImportObject());
  const t = performance.now() - t0;
  dbg?.detach();
  return t;
}

function time<T>(f: () => T): [number, T] {
  const t0 = performance.now();
  const v = f();
  return [performance.now() - t0, v];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

const original = new Uint8Array(readFileSync(FIXTURE));
const big = bigModule(original, COPIES);
const reference = DwarfSymbolProvider.fromModule(original)!;
// A trap site and a breakpoint line of the program (crash.c:38, the checked_sum call).
const bpLine = reference.breakpointOffsets('crash.c', 38)!;
const queryOffset = bpLine.offsets[0];
const units = reference.stats.lineProgramsParsed;

const modules = [
  { name: 'crash.wasm', bytes: new Uint8Array(original), size: original.length },
  { name: `x${COPIES} DWARF`, bytes: big.bytes, size: big.bytes.length },
] as const;

console.log(
  `module: ${modules.map((m) => `${m.name} ${(m.size / 1e6).toFixed(2)} MB`).join(', ')} ` +
    `(.debug_info ${(big.infoBytes / 1e6).toFixed(2)} MB, .debug_line ${(big.lineBytes / 1e6).toFixed(2)} MB, ${units * COPIES} units)`,
);

// Instantiation: rounds interleave the cases; each keeps its median over the rounds (after warm-up).
const ROUNDS = 25;
const inst = new Map<string, number[]>();
for (let round = 0; round < ROUNDS + 3; round++) {
  for (const m of modules) {
    for (const mode of MODES) {
      const t = instantiate(m.bytes, mode);
      if (round >= 3) inst.set(`${m.name}/${mode}`, [...(inst.get(`${m.name}/${mode}`) ?? []), t]);
    }
  }
}
// Best (minimum) of the rounds: the machine's other load only ever adds time; the median is noisier.
for (const m of modules) {
  const best = (mode: Mode) => Math.min(...inst.get(`${m.name}/${mode}`)!);
  const med = (mode: Mode) => median(inst.get(`${m.name}/${mode}`)!);
  const base = best('none');
  const parts = MODES.slice(1).map((mode) => `${mode} ${best(mode).toFixed(2)} ms (x${(best(mode) / base).toFixed(3)})`);
  // The two pieces symbols add: the provider (section index only) and the resolver's content key.
  const provider = Math.min(...Array.from({ length: 9 }, () => time(() => DwarfSymbolProvider.fromModule(m.bytes))[0]));
  const key = Math.min(...Array.from({ length: 9 }, () => time(() => new SymbolResolver().register(m.bytes, undefined))[0]));
  console.log(
    `instantiate ${m.name} (best of ${ROUNDS}): none ${base.toFixed(2)} ms | ${parts.join(' | ')}; ` +
      `medians ${MODES.map((mode) => med(mode).toFixed(1)).join(' / ')} ms; ` +
      `symbols' own share: DwarfSymbolProvider.fromModule ${provider.toFixed(3)} ms, resolver.register ${key.toFixed(2)} ms`,
  );
}

// Queries on fresh providers (each query kind its own provider, so nothing is cached across them); best of runs.
const QUERY_RUNS = 7;
for (const m of modules) {
  const first: number[] = [];
  const second: number[] = [];
  const full: number[] = [];
  let stats = '';
  for (let i = 0; i < QUERY_RUNS; i++) {
    const p = DwarfSymbolProvider.fromModule(m.bytes)!;
    const [t1, pos] = time(() => {
      const pos = p.sourcePosition(queryOffset);
      p.functionAt(queryOffset);
      p.inlinedFramesAt(queryOffset);
      return pos;
    });
    if (pos?.line !== 38) throw new Error(`unexpected position ${JSON.stringify(pos)}`);
    const firstStats = { ...p.stats };
    const [t2] = time(() => p.sourcePosition(queryOffset + 1));
    first.push(t1);
    second.push(t2);
    const q = DwarfSymbolProvider.fromModule(m.bytes)!;
    const [t3, bp] = time(() => q.breakpointOffsets('crash.c', 38));
    if (bp?.line !== 38) throw new Error('breakpoint did not resolve');
    full.push(t3);
    stats = `first query parsed ${firstStats.unitsParsed} unit(s), ${firstStats.lineProgramsParsed} line program(s) of ${firstStats.unitHeadersScanned} headers; full parse ${q.stats.lineProgramsParsed} line programs`;
  }
  const f = Math.min(...first);
  const l = Math.min(...full);
  console.log(
    `${m.name}: first source position ${f.toFixed(2)} ms | next ${Math.min(...second).toFixed(3)} ms | full line-table parse ${l.toFixed(2)} ms ` +
      `(first query = ${((f / l) * 100).toFixed(1)}% of it) — ${stats}`,
  );
}
