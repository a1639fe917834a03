/**
 * Canonical type ids (iso-recursive type equivalence, Wasm 3.0 / GC).
 *
 * Two defined types are equal iff their recursion groups are structurally identical (with
 * references into the own group compared by relative position, references outside it by their
 * canonical id) and they sit at the same position in the group. We compute a string key per
 * recursion group and intern it in a TypeRegistry: the group gets consecutive ids, one per
 * member. Equality of defined types is then an integer compare.
 *
 * A registry can be shared by several modules (e.g. a Store), making ids comparable across
 * them: that is what import matching and call_indirect's runtime type check need. The
 * validator uses a private registry unless given one.
 *
 * NB: keys of later groups embed the ids of earlier groups, so groups must be canonicalised in
 * order, after their type indices have been checked (a group may only refer to itself and to
 * earlier types).
 */
import type { SubType, CompositeType, FieldType } from '../syntax/moduleInfo.ts';
import type { ValType } from '../syntax/types.ts';
import { heapTypeOf, isConcreteHeap, isNullable, isRefType, typeIndexOfHeap } from '../syntax/types.ts';

export class TypeRegistry {
  /** The registry validateModule uses by default: canonical ids are process-wide. */
  static readonly shared = new TypeRegistry();

  private readonly ids = new Map<string, number>();
  private next = 0;

  /** Id of the first member of the group with this key (allocating `size` ids if new). */
  intern(key: string, size: number): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.next;
      this.next += size;
      this.ids.set(key, id);
    }
    return id;
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
  const parts: string[] = [];
  const ref = (index: number): string =>
    index >= groupStart && index < groupStart + size ? `r${index - groupStart}` : `c${canon[index]}`;
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
        return `C(${c.funcTypeIndex < 0 ? 'x' + c.funcTypeIndex : ref(c.funcTypeIndex)})`;
    }
  };
  for (let i = 0; i < size; i++) {
    const t = types[groupStart + i];
    parts.push(`${t.final ? 'f' : 's'}[${t.supers.map(ref).join(',')}]${composite(t.composite)}`);
  }
  const base = registry.intern(parts.join('|'), size);
  for (let i = 0; i < size; i++) canon[groupStart + i] = base + i;
}
