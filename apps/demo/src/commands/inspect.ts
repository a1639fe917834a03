/**
 * `lantern inspect <file>`: what is inside a module — sections, imports, exports, functions with
 * names, signatures and sizes, custom sections, debug info, and the features it uses.
 * `--disasm <func>` lists a function's wasm instructions with their offsets, `--code <func>` the
 * internal code it compiles to (`--debug-compile`: as a debugger runs it), each instruction with
 * the offset of the wasm instruction it came from — the offsets traps and the debugger report.
 * `--wat` prints the whole module as WebAssembly text (which `wat2wasm` turns back into it).
 */
import {
  codeListing, CompileError, decodeModule, type FuncType, type ModuleInfo, printWat, valTypeName, validateModule, wasmListing,
} from '@lantern/runtime';
import { DwarfSymbolProvider } from '@lantern/debugger';
import { CliError } from '../cliError.ts';
import { loadModuleBytes } from '../loadModule.ts';
import { scanFeatures } from './featureScan.ts';

const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'data count', 'tag'];

/** Section headers, walked directly: id, contents offset and size. */
function sections(bytes: Uint8Array): { id: number; offset: number; size: number }[] {
  const out = [];
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos++]!;
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[pos++]!;
      size += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
    }
    out.push({ id, offset: pos, size });
    pos += size;
  }
  return out;
}

function signature(type: FuncType): string {
  const list = (types: number[]) => types.map(valTypeName).join(' ');
  return `(${list(type.params)}) -> (${list(type.results)})`;
}

function funcType(info: ModuleInfo, typeIndex: number): FuncType | undefined {
  const composite = info.types[typeIndex]?.composite;
  return composite?.kind === 'func' ? composite : undefined;
}

export interface InspectOptions {
  code?: string;
  debugCompile?: boolean;
  disasm?: string;
  wat?: boolean;
}

/** A function index by number, name-section name or export name. */
function funcIndexOf(info: ModuleInfo, path: string, func: string): number {
  const total = info.importedFuncs + info.bodies.length;
  if (/^\d+$/.test(func)) {
    const index = Number(func);
    if (index >= total) throw new CliError(`${path}: no function ${index} (the module has ${total})`);
    return index;
  }
  for (const [index, name] of info.names?.functions ?? []) if (name === func) return index;
  const exported = info.exports.find((e) => e.kind === 'func' && e.name === func);
  if (exported !== undefined) return exported.index;
  throw new CliError(`${path}: no function named "${func}" (give an index, a name-section name or an export name)`);
}

/** The body of a listing: a defined function's, or a clear error for an imported one. */
function listing(path: string, info: ModuleInfo, func: string, list: (index: number) => string): string {
  const index = funcIndexOf(info, path, func);
  if (index < info.importedFuncs) throw new CliError(`${path}: function ${func} is imported: it has no code`);
  return list(index);
}

export function inspectCommand(path: string, options: InspectOptions = {}): void {
  const bytes = loadModuleBytes(path);
  let info: ModuleInfo;
  try {
    info = decodeModule(bytes);
    validateModule(info);
  } catch (error) {
    if (error instanceof CompileError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
  if (options.debugCompile === true && options.code === undefined) throw new CliError('--debug-compile goes with --code <func>');
  if (options.wat === true) {
    if (options.code !== undefined || options.disasm !== undefined) throw new CliError('--wat prints the whole module: it goes without --code and --disasm');
    process.stdout.write(printWat(info).text);
    return;
  }
  if (options.code !== undefined || options.disasm !== undefined) {
    const parts: string[] = [];
    if (options.disasm !== undefined) parts.push(listing(path, info, options.disasm, (i) => wasmListing(info, i)));
    if (options.code !== undefined) parts.push(listing(path, info, options.code, (i) => codeListing(info, i, { debugCompile: options.debugCompile === true })));
    console.log(parts.join('\n\n'));
    return;
  }
  const out: string[] = [];
  const name = info.names?.module;
  out.push(`${path}: WebAssembly module${name ? ` "${name}"` : ''}, ${bytes.length} bytes`);

  out.push('', 'Sections:');
  for (const section of sections(bytes)) {
    const custom = section.id === 0 ? info.customSections.find((c) => c.start >= section.offset && c.end <= section.offset + section.size) : undefined;
    const label = custom ? `custom "${custom.name}"` : (SECTION_NAMES[section.id] ?? `unknown ${section.id}`);
    out.push(`  ${label.padEnd(28)} offset 0x${section.offset.toString(16).padStart(6, '0')}  ${section.size} bytes`);
  }

  out.push('', `Imports (${info.imports.length}):`);
  for (const entry of info.imports) {
    const desc = entry.desc;
    const detail = desc.kind === 'func' ? signature(funcType(info, desc.typeIndex)!) : desc.kind;
    out.push(`  ${entry.module}.${entry.name}: ${desc.kind === 'func' ? 'func ' : ''}${detail}`);
  }

  out.push('', `Exports (${info.exports.length}):`);
  for (const entry of info.exports) out.push(`  ${entry.name}: ${entry.kind} ${entry.index}`);

  out.push('', `Functions (${info.bodies.length} defined):`);
  info.bodies.forEach((body, i) => {
    const index = info.importedFuncs + i;
    const fname = info.names?.functions.get(index) ?? `func[${index}]`;
    const type = funcType(info, info.funcTypeIndices[i]!)!;
    out.push(`  ${String(index).padStart(5)} ${fname} ${signature(type)}  ${body.codeEnd - body.entryOffset} bytes, ${body.locals.length} locals`);
  });

  const dwarf = DwarfSymbolProvider.fromModule(bytes);
  if (dwarf) {
    const units = dwarf.dwarf.units();
    out.push('', `DWARF: ${units.length} compile units`);
    for (const unit of units) out.push(`  ${unit.name ?? '(unnamed)'}${unit.compDir ? `  (in ${unit.compDir})` : ''}`);
    const sources = dwarf.sources();
    out.push(`Source files (${sources.length}):`);
    for (const source of sources) out.push(`  ${source}`);
  } else {
    out.push('', 'DWARF: none');
  }

  const { features, simd } = scanFeatures(info);
  out.push('', `Features used: ${features.length > 0 ? features.join(', ') : 'MVP only'}`);
  if (simd.instructions > 0) {
    const relaxed = simd.relaxed > 0 ? ` (${simd.relaxed} relaxed)` : '';
    out.push(`SIMD: ${simd.instructions} instructions${relaxed} in ${simd.functions} of ${info.bodies.length} functions`);
  }
  console.log(out.join('\n'));
}
