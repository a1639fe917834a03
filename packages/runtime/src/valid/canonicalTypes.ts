/**
 * Canonical types (iso-recursive type equivalence, Wasm 3.0 / GC): the one registry of them,
 * shared by the validator and the runtime.
 *
 * Two defined types are equal iff their recursion groups are structurally identical (with
 * references into the own group compared by relative position, references outside it by their
 * canonical id) and they sit at the same position in the group. We compute a string key per
 * recursion group and intern it in a TypeRegistry: the group gets consecutive ids, one per
 * member. Equality of defined types is then an integer compare.
 *
 * Interning a new group also records, per id, the type in canonical form (CanonicalType): its
 * composite type with canonical value types (a concrete heap type is CONCRETE_BASE + canonical
 * id, never a module-relative index), its supertype's id and its finality. Runtime objects
 * (FuncInstance, GlobalInstance, TableInstance, TagInstance) carry such canonical types, so
 * they compare across modules; `toCanonicalValType` converts a module's ValType.
 *
 * The validator writes the ids into SubType.canonicalId. The runtime (import matching,
 * call_indirect's type check, host functions, tags) works with TypeRegistry.shared, the
 * registry validateModule uses by default: modules it instantiates must have been validated
 * with it. Host function types (no module; abstract or canonical value types) intern through
 * the same keys, as a singleton group without supertypes, final: a host function and a module
 * function of the same type get the same id. The shared registry only grows (ids are never
 * reused), like the engine-wide type registries of real engines.
 *
 * NB: keys of later groups embed the ids of earlier groups, so groups must be canonicalised in
 * order, after their type indices have been checked (a group may only refer to itself and to
 * earlier types).
 */
import type { SubType, CompositeType, FieldType, FuncType, ModuleInfo } from '../syntax/moduleInfo.ts';
import type { ValType } from '../syntax/types.ts';
import { CONCRETE_BASE, heapTypeOf, isConcreteHeap, isNullable, isRefType, refType, typeIndexOfHeap } from '../syntax/types.ts';

/** A defined type in canonical form. */
export interface CanonicalType {
  /** The composite type, with canonical value types (a cont's funcTypeIndex is a canonical id). */
  readonly composite: CompositeType;
  /** Canonical id of the declared supertype, or -1. */
  readonly superId: number;
  readonly final: boolean;
}

/**
 * Where a type reference of a group being interned points: a canonical id (>= 0), or `~k` for
 * the group's k-th member.
 */
type Resolve = (index: number) => number;

export class TypeRegistry {
  /** The registry validateModule uses by default and the runtime queries: ids are process-wide. */
  static readonly shared = new TypeRegistry();

  private readonly ids = new Map<string, number>();
  /** Per canonical id. */
  private readonly types: CanonicalType[] = [];

  /**
   * Id of the first member of the recursion group `members` (allocating one id per member if
   * the group is new); `resolve` says where the type references in it point.
   */
  internGroup(members: readonly SubType[], resolve: Resolve): number {
    const key = groupKey(members, resolve);
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const first = this.types.length;
    this.ids.set(key, first);
    const id = (index: number): number => {
      const r = resolve(index);
      return r < 0 ? first + ~r : r;
    };
    for (const t of members) {
      this.types.push({ composite: canonicalComposite(t.composite, id), superId: t.supers.length > 0 ? id(t.supers[0]) : -1, final: t.final });
    }
    return first;
  }

  /** The id of a function type given with abstract or canonical value types (a host function's). */
  internFuncType(type: FuncType): number {
    return this.internGroup([{ composite: type, final: true, supers: [], recGroupStart: 0, recGroupSize: 1, canonicalId: -1 }], (id) => id);
  }

  /** The type with canonical id `id`. */
  type(id: number): CanonicalType {
    return this.types[id];
  }
}

function groupKey(members: readonly SubType[], resolve: Resolve): string {
  const ref = (index: number): string => {
    const r = resolve(index);
    return r < 0 ? `r${~r}` : `c${r}`;
  };
  const val = (t: ValType): string => {
    if (isRefType(t)) {
      const h = heapTypeOf(t);
      if (isConcreteHeap(h)) return (isNullable(t) ? 'n' : 'N') + ref(typeIndexOfHeap(h));
    }
    return String(t);
  };
  const field = (f: FieldType): string => (f.mutable ? 'm' : 'c') + val(f.storage);
  const composite = (c: CompositeType): string => {
    switch (c.kind) {
      case 'func':
        return `F(${c.params.map(val).join(',')};${c.results.map(val).join(',')})`;
      case 'struct':
        return `S(${c.fields.map(field).join(',')})`;
      case 'array':
        return `A(${field(c.field)})`;
      case 'cont':
        return `C(${ref(c.funcTypeIndex)})`;
    }
  };
  return members.map((t) => `${t.final ? 'f' : 's'}[${t.supers.map(ref).join(',')}]${composite(t.composite)}`).join('|');
}

function canonicalComposite(c: CompositeType, id: (index: number) => number): CompositeType {
  const v = (t: ValType): ValType => {
    if (!isRefType(t)) return t;
    const h = heapTypeOf(t);
    return isConcreteHeap(h) ? refType(CONCRETE_BASE + id(typeIndexOfHeap(h)), isNullable(t)) : t;
  };
  switch (c.kind) {
    case 'func':
      return { kind: 'func', params: c.params.map(v), results: c.results.map(v) };
    case 'struct':
      return { kind: 'struct', fields: c.fields.map((f) => ({ storage: v(f.storage), mutable: f.mutable })) };
    case 'array':
      return { kind: 'array', field: { storage: v(c.field.storage), mutable: c.field.mutable } };
    case 'cont':
      return { kind: 'cont', funcTypeIndex: id(c.funcTypeIndex) };
  }
}

/**
 * Assigns canonical ids to types [groupStart, groupStart + size) of `types`, writing them into
 * `canon`. Types before groupStart must already have their ids.
 */
export function canonicalizeGroup(
  types: readonly SubType[],
  canon: Int32Array,
  groupStart: number,
  size: number,
  registry: TypeRegistry,
): void {
  const end = groupStart + size;
  const resolve = (index: number): number => (index >= groupStart && index < end ? ~(index - groupStart) : canon[index]);
  const base = registry.internGroup(types.slice(groupStart, end), resolve);
  for (let i = 0; i < size; i++) canon[groupStart + i] = base + i;
}

// Runtime queries (over TypeRegistry.shared).

/** Canonical ids of all types of a module, which validateModule has accepted. */
export function canonicalTypeIds(info: ModuleInfo): number[] {
  return info.types.map((t, i) => {
    if (t.canonicalId < 0) throw new Error(`type ${i} has no canonical id: the module has not been validated`);
    return t.canonicalId;
  });
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
  return TypeRegistry.shared.internFuncType(type);
}

/** The canonical function type of an id (value types canonical). */
export function canonicalFuncType(id: number): FuncType {
  return TypeRegistry.shared.type(id).composite as FuncType;
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
