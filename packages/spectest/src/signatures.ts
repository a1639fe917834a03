/**
 * The types of an export, read from the parsed text of the module that exports it (a function
 * re-exported from an import has its import's type): how the runner knows a call involves v128
 * even when the script's own values do not say (an `assert_trap` on a function returning v128).
 */
import type { Module, ValType } from '@lantern/wat';
import type { Signature } from './wrapper.ts';

const NUMERIC: Record<number, string> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128' };

function typeName(t: ValType): string {
  return typeof t === 'number' ? (NUMERIC[t] ?? 'packed') : 'ref';
}

export function exportSignature(module: Module, field: string): Signature | undefined {
  const exported = module.exports.find((e) => e.name === field);
  if (exported === undefined) return undefined;
  const imported = module.imports.filter((i) => i.desc.kind === exported.kind);
  if (exported.kind === 'func') {
    const typeIndex = exported.index < imported.length
      ? (imported[exported.index]!.desc as { type: number }).type
      : module.funcs[exported.index - imported.length]?.type;
    const type = typeIndex === undefined ? undefined : module.types.flatMap((g) => g.types)[typeIndex]?.comp;
    if (type?.kind !== 'func') return undefined;
    return { kind: 'func', params: type.params.map(typeName), results: type.results.map(typeName) };
  }
  if (exported.kind === 'global') {
    const global = exported.index < imported.length
      ? (imported[exported.index]!.desc as { type: { type: ValType; mutable: boolean } }).type
      : module.globals[exported.index - imported.length]?.type;
    return global && { kind: 'global', type: typeName(global.type), mutable: global.mutable };
  }
  return undefined;
}
