/**
 * Canonical type ids: structural (iso-recursive) type equivalence across modules, as Wasm 3.0
 * defines it. Two types are equivalent when their recursion groups are structurally equal and
 * they sit at the same index of their group. Each group is turned into a string key in which a
 * reference to a type of the same group is written relative to the group (`r<k>`) and a
 * reference outside it by that type's canonical id (`c<id>`); equal keys get equal ids.
 *
 * Runtime objects (FuncInstance, GlobalInstance, TableInstance) carry *canonical* value types:
 * a concrete heap type there is CONCRETE_BASE + canonical id, never a module-relative index, so
 * they compare across modules. `toCanonicalValType` converts a module's ValType.
 *
 * NB: the registry is process-wide and only grows (ids are never reused), like the engine-wide
 * type registries of real engines.
 */
import type { CompositeType, FuncType, ModuleInfo, SubType } from '../syntax/moduleInfo.ts';
import type { HeapType, ValType } from '../syntax/types.ts';
import {
  CONCRETE_BASE,
  HeapType as H,
  heapTypeOf,
  isConcreteHeap,
  isNullable,
  isRefType,
  refType,
  typeIndexOfHeap,
} from '../syntax/types.ts';

interface CanonEntry {
  /** The composite type, with canonical value types. */
  composite: CompositeType;
  /** Canonical id of the declared supertype, or -1. */
  superId: number;
  final: boolean;
}

const keyToId = new Map<string, number>();
const entries: CanonEntry[] = [];
const moduleIds = new WeakMap<ModuleInfo, number[]>();

function valKey(t: ValType, ids: readonly number[], groupStart: number, groupEnd: number): string {
  if (!isRefType(t)) return String(t);
  const h = heapTypeOf(t);
  const n = isNullable(t) ? 'n' : '';
  if (!isConcreteHeap(h)) return `${n}h${h}`;
  const i = typeIndexOfHeap(h);
  return i >= groupStart && i < groupEnd ? `${n}r${i - groupStart}` : `${n}c${ids[i]}`;
}

function compositeKey(c: CompositeType, ids: readonly number[], gs: number, ge: number): string {
  const v = (t: number) => valKey(t, ids, gs, ge);
  switch (c.kind) {
    case 'func':
      return `f(${c.params.map(v).join(',')}>${c.results.map(v).join(',')})`;
    case 'struct':
      return `s(${c.fields.map((f) => (f.mutable ? 'm' : '') + v(f.storage)).join(',')})`;
    case 'array':
      return `a(${(c.field.mutable ? 'm' : '') + v(c.field.storage)})`;
    case 'cont': {
      const i = c.funcTypeIndex;
      return `k(${i >= gs && i < ge ? `r${i - gs}` : `c${ids[i]}`})`;
    }
  }
}

/** Canonical ids of all types of a module (memoized per ModuleInfo). */
export function canonicalTypeIds(info: ModuleInfo): number[] {
  const memo = moduleIds.get(info);
  if (memo) return memo;
  const types = info.types;
  const ids: number[] = new Array(types.length).fill(-1);
  let i = 0;
  while (i < types.length) {
    const gs = types[i].recGroupStart ?? i;
    const size = Math.max(1, types[i].recGroupSize ?? 1);
    const ge = gs + size;
    const parts: string[] = [];
    for (let k = gs; k < ge; k++) {
      const st: SubType = types[k];
      const sup = st.supers.map((s) => (s >= gs && s < ge ? `r${s - gs}` : `c${ids[s]}`)).join(',');
      parts.push(`${st.final ? 'F' : 'S'}[${sup}]${compositeKey(st.composite, ids, gs, ge)}`);
    }
    const groupKey = parts.join(';');
    for (let k = gs; k < ge; k++) {
      const key = `${groupKey}#${k - gs}`;
      let id = keyToId.get(key);
      if (id === undefined) {
        id = entries.length;
        keyToId.set(key, id);
        entries.push({ composite: undefined as unknown as CompositeType, superId: -1, final: true });
      }
      ids[k] = id;
    }
    // Fill entries (now that all ids of the group are known).
    for (let k = gs; k < ge; k++) {
      const e = entries[ids[k]];
      if (e.composite === undefined) {
        const st = types[k];
        e.composite = canonicalComposite(st.composite, ids);
        e.superId = st.supers.length > 0 ? ids[st.supers[0]] : -1;
        e.final = st.final;
      }
    }
    i = ge;
  }
  moduleIds.set(info, ids);
  return ids;
}

function canonicalComposite(c: CompositeType, ids: readonly number[]): CompositeType {
  const v = (t: ValType) => toCanonicalValType(t, ids);
  switch (c.kind) {
    case 'func':
      return { kind: 'func', params: c.params.map(v), results: c.results.map(v) };
    case 'struct':
      return { kind: 'struct', fields: c.fields.map((f) => ({ storage: v(f.storage), mutable: f.mutable })) };
    case 'array':
      return { kind: 'array', field: { storage: v(c.field.storage), mutable: c.field.mutable } };
    case 'cont':
      return { kind: 'cont', funcTypeIndex: ids[c.funcTypeIndex] };
  }
}

/** A module-relative ValType as a canonical one (concrete heap types by canonical id). */
export function toCanonicalValType(t: ValType, ids: readonly number[]): ValType {
  if (!isRefType(t)) return t;
  const h = heapTypeOf(t);
  if (!isConcreteHeap(h)) return t;
  return refType(CONCRETE_BASE + ids[typeIndexOfHeap(h)], isNullable(t));
}

/** The canonical id of a standalone function type given with abstract (or canonical) value types. */
export function canonicalFuncTypeId(type: FuncType): number {
  const v = (t: ValType) => {
    if (!isRefType(t)) return String(t);
    const h = heapTypeOf(t);
    const n = isNullable(t) ? 'n' : '';
    return isConcreteHeap(h) ? `${n}c${typeIndexOfHeap(h)}` : `${n}h${h}`;
  };
  const key = `F[]f(${type.params.map(v).join(',')}>${type.results.map(v).join(',')})#0`;
  let id = keyToId.get(key);
  if (id === undefined) {
    id = entries.length;
    keyToId.set(key, id);
    entries.push({ composite: { kind: 'func', params: [...type.params], results: [...type.results] }, superId: -1, final: true });
  }
  return id;
}


/** The canonical function type of an id (value types canonical). */
export function canonicalFuncType(id: number): FuncType {
  return entries[id].composite as FuncType;
}

/** Is canonical type `sub` a (declared, transitive) subtype of canonical type `sup`? */
export function isCanonSubtype(sub: number, sup: number): boolean {
  for (let t = sub; t >= 0; t = entries[t].superId) if (t === sup) return true;
  return false;
}

function kindOf(id: number): CompositeType['kind'] {
  return entries[id].composite.kind;
}

/** Heap subtyping on canonical heap types. */
export function isHeapSubtype(a: HeapType, b: HeapType): boolean {
  if (a === b) return true;
  const ac = isConcreteHeap(a), bc = isConcreteHeap(b);
  if (ac && bc) return isCanonSubtype(a - CONCRETE_BASE, b - CONCRETE_BASE);
  if (ac) {
    const k = kindOf(a - CONCRETE_BASE);
    if (k === 'func') return b === H.Func;
    if (k === 'cont') return b === H.Cont;
    return b === H.Any || b === H.Eq || (k === 'struct' ? b === H.Struct : b === H.Array);
  }
  if (bc) {
    const k = kindOf(b - CONCRETE_BASE);
    if (k === 'func') return a === H.NoFunc;
    if (k === 'cont') return a === H.NoCont;
    return a === H.None;
  }
  switch (a) {
    case H.None:
      return b === H.Any || b === H.Eq || b === H.I31 || b === H.Struct || b === H.Array;
    case H.I31:
    case H.Struct:
    case H.Array:
      return b === H.Any || b === H.Eq;
    case H.Eq:
      return b === H.Any;
    case H.NoFunc:
      return b === H.Func;
    case H.NoExtern:
      return b === H.Extern;
    case H.NoExn:
      return b === H.Exn;
    case H.NoCont:
      return b === H.Cont;
  }
  return false;
}

/** Value subtyping on canonical value types. */
export function isValSubtype(a: ValType, b: ValType): boolean {
  if (a === b) return true;
  if (!isRefType(a) || !isRefType(b)) return false;
  if (isNullable(a) && !isNullable(b)) return false;
  return isHeapSubtype(heapTypeOf(a), heapTypeOf(b));
}

/** Structural equality of two function types with canonical (or abstract) value types. */
export function funcTypesEqual(a: FuncType, b: FuncType): boolean {
  return (
    a.params.length === b.params.length &&
    a.results.length === b.results.length &&
    a.params.every((t, i) => t === b.params[i]) &&
    a.results.every((t, i) => t === b.results[i])
  );
}
