/**
 * Import matching (spec "import matching" / external subtyping), shared by instantiation and
 * the JS API: functions by canonical type (subtype-aware), tables by element type (invariant),
 * address type and limits, memories by address type, page size, sharing and limits, globals by
 * mutability and type (covariant when immutable, invariant when mutable), tags by type.
 * Limits subsumption: the value's *current* size >= the import's min, and when the import has a
 * max the value must have a max <= it.
 */
import { LinkError } from '../errors.ts';
import type { Import, Limits, ModuleInfo } from '../syntax/moduleInfo.ts';
import { FuncInstance } from '../instances/func.ts';
import { GlobalInstance } from '../instances/global.ts';
import type { ExternValue } from '../instances/instance.ts';
import { MemoryInstance } from '../instances/memory.ts';
import { TableInstance } from '../instances/table.ts';
import { TagInstance } from '../instances/tag.ts';
import { canonicalTypeIds, toCanonicalValType } from '../valid/canonicalTypes.ts';
import { isCanonSubtype, isValSubtype } from '../instances/canonicalSubtyping.ts';

function limitsMatch(size: number, actual: Limits, expected: Limits): boolean {
  if (size < Number(expected.min)) return false;
  if (expected.max === undefined) return true;
  return actual.max !== undefined && actual.max <= expected.max;
}

/** Does `value` match import `imp` of module `info`? */
export function matchImport(info: ModuleInfo, imp: Import, value: ExternValue): boolean {
  const ids = canonicalTypeIds(info);
  const d = imp.desc;
  switch (d.kind) {
    case 'func': {
      if (!(value instanceof FuncInstance)) return false;
      const expected = ids[d.typeIndex];
      return value.canonId === expected || isCanonSubtype(value.canonId, expected);
    }
    case 'table': {
      if (!(value instanceof TableInstance)) return false;
      const t = value.type;
      return (
        t.elemType === toCanonicalValType(d.type.elemType, ids) &&
        t.limits.is64 === d.type.limits.is64 &&
        limitsMatch(value.size, t.limits, d.type.limits)
      );
    }
    case 'memory': {
      if (!(value instanceof MemoryInstance)) return false;
      const t = value.type;
      return (
        t.limits.is64 === d.type.limits.is64 &&
        t.limits.shared === d.type.limits.shared &&
        (t.pageSizeLog2 ?? 16) === (d.type.pageSizeLog2 ?? 16) &&
        limitsMatch(value.pages, t.limits, d.type.limits)
      );
    }
    case 'global': {
      if (!(value instanceof GlobalInstance)) return false;
      const t = value.type;
      if (t.mutable !== d.type.mutable) return false;
      const expected = toCanonicalValType(d.type.valType, ids);
      return t.mutable ? t.valType === expected : isValSubtype(t.valType, expected);
    }
    case 'tag':
      return value instanceof TagInstance && value.canonId === ids[d.type.typeIndex];
  }
}

/** Checks every import (in order); throws LinkError "incompatible import type" naming it. */
export function checkImports(info: ModuleInfo, values: readonly ExternValue[]): void {
  if (values.length !== info.imports.length) {
    throw new LinkError(`expected ${info.imports.length} imports, got ${values.length}`);
  }
  info.imports.forEach((imp, i) => {
    if (!matchImport(info, imp, values[i])) {
      throw new LinkError(`incompatible import type for "${imp.module}" "${imp.name}"`);
    }
  });
}
