/**
 * Which post-MVP features a module uses, from its types, limits and every instruction of every
 * body (walked with the runtime's opcode table, so nothing here knows encodings by hand).
 */
import {
  ByteReader,
  type ModuleInfo,
  PREFIX_GC,
  PREFIX_MISC,
  PREFIX_SIMD,
  readOpcodeImm,
  skipImmediates,
  V128,
} from '@lantern/runtime';

/** Sub-opcodes from 0x100 after the SIMD prefix are relaxed SIMD (Wasm 3.0). */
const FIRST_RELAXED_SIMD = 0x100;

const SINGLE_BYTE_FEATURES: Record<number, string> = {
  0x06: 'exception handling (legacy)', 0x07: 'exception handling (legacy)', 0x08: 'exception handling',
  0x09: 'exception handling (legacy)', 0x0a: 'exception handling', 0x18: 'exception handling (legacy)',
  0x19: 'exception handling (legacy)', 0x1f: 'exception handling',
  0x12: 'tail calls', 0x13: 'tail calls', 0x15: 'tail calls',
  0x14: 'typed function references', 0xd4: 'typed function references', 0xd5: 'typed function references',
  0xd6: 'typed function references',
  0x1c: 'reference types', 0x25: 'reference types', 0x26: 'reference types', 0xd0: 'reference types',
  0xd1: 'reference types', 0xd2: 'reference types',
  0xc0: 'sign extension', 0xc1: 'sign extension', 0xc2: 'sign extension', 0xc3: 'sign extension', 0xc4: 'sign extension',
  0xe0: 'stack switching', 0xe1: 'stack switching', 0xe2: 'stack switching', 0xe3: 'stack switching',
  0xe4: 'stack switching', 0xe5: 'stack switching', 0xe6: 'stack switching',
};

function prefixedFeature(prefix: number, sub: number): string {
  if (prefix === PREFIX_GC) return 'garbage collection';
  if (prefix === PREFIX_SIMD) return sub >= FIRST_RELAXED_SIMD ? 'relaxed SIMD' : 'SIMD';
  if (sub <= 7) return 'non-trapping float-to-int';
  if (sub === 15 || sub === 16) return 'reference types';
  return 'bulk memory';
}

/** How much SIMD the code uses: instructions (of them relaxed) and the functions they are in. */
export interface SimdUse {
  instructions: number;
  relaxed: number;
  functions: number;
}

export function scanFeatures(info: ModuleInfo): { features: string[]; simd: SimdUse } {
  const found = new Set<string>();
  const simd: SimdUse = { instructions: 0, relaxed: 0, functions: 0 };
  for (const type of info.types) {
    const composite = type.composite;
    if (composite.kind === 'struct' || composite.kind === 'array' || type.recGroupSize > 1 || !type.final) found.add('garbage collection');
    if (composite.kind === 'cont') found.add('stack switching');
    if (composite.kind === 'func' && composite.results.length > 1) found.add('multi-value');
    if (composite.kind === 'func' && [...composite.params, ...composite.results].includes(V128)) found.add('SIMD');
  }
  if (info.globals.some((g) => g.type.valType === V128) || info.bodies.some((b) => b.locals.includes(V128))) found.add('SIMD');
  const memoryTypes = [...info.imports.flatMap((i) => (i.desc.kind === 'memory' ? [i.desc.type] : [])), ...info.memories];
  if (memoryTypes.length > 1) found.add('multi-memory');
  if (memoryTypes.some((m) => m.limits.is64)) found.add('memory64');
  if (memoryTypes.some((m) => m.limits.shared)) found.add('threads (shared memory)');
  if (info.tables.some((t) => t.type.limits.is64)) found.add('table64');
  if (info.tags.length > 0 || info.importedTags > 0) found.add('exception handling');
  const reader = new ByteReader(info.bytes);
  for (const body of info.bodies) {
    const simdBefore = simd.instructions;
    reader.pos = body.codeStart;
    while (reader.pos < body.codeEnd) {
      const opcode = info.bytes[reader.pos]!;
      const start = reader.pos;
      const imm = readOpcodeImm(reader);
      if (opcode === PREFIX_GC || opcode === PREFIX_MISC || opcode === PREFIX_SIMD) {
        const sub = new ByteReader(info.bytes, start + 1).u32();
        found.add(prefixedFeature(opcode, sub));
        if (opcode === PREFIX_SIMD) {
          simd.instructions++;
          if (sub >= FIRST_RELAXED_SIMD) simd.relaxed++;
        }
      } else {
        const feature = SINGLE_BYTE_FEATURES[opcode];
        if (feature) found.add(feature);
      }
      skipImmediates(reader, imm);
    }
    if (simd.instructions > simdBefore) simd.functions++;
  }
  return { features: [...found].sort(), simd };
}
