/**
 * Names and one-line labels of GC values (Wasm 3.0 GC): an i31ref as `i31 7`, a struct as its
 * type (`$node`), an array as its type and length (`$str[5]`). wasmValue.ts describes and
 * expands them (fields, paged elements) with these names. The engine's objects are read
 * through the runtime's GcObjectView only.
 *
 * Names come from the name section's type and field subsections: an object carries a
 * canonical type id, a module names its types by type index, so the id is looked up among the
 * module's types (the first index with that id). A type no module names shows as
 * `type#<id>`, a field as `field<k>`.
 */
import { gcObjectView, isI31, type ModuleInfo, type NameMap } from '@lantern/runtime';

export interface GcNames {
  typeName(typeId: number): string | undefined;
  fieldName(typeId: number, field: number): string | undefined;
}

export const NO_GC_NAMES: GcNames = { typeName: () => undefined, fieldName: () => undefined };

const namesByModule = new WeakMap<ModuleInfo, GcNames>();

/** The names a module's name section gives the canonical types of its type section. */
export function gcNamesOf(info: ModuleInfo, names: NameMap): GcNames {
  let out = namesByModule.get(info);
  if (out) return out;
  const indexOf = new Map<number, number>();
  info.types.forEach((t, i) => {
    if (!indexOf.has(t.canonicalId)) indexOf.set(t.canonicalId, i);
  });
  out = {
    typeName: (id) => names.types.get(indexOf.get(id) ?? -1),
    fieldName: (id, field) => names.fields.get(indexOf.get(id) ?? -1)?.get(field),
  };
  namesByModule.set(info, out);
  return out;
}

function typeLabel(typeId: number, names: GcNames): string {
  const name = names.typeName(typeId);
  return name !== undefined ? `$${name}` : `type#${typeId}`;
}

export function fieldLabel(typeId: number, field: number, names: GcNames): string {
  const name = names.fieldName(typeId, field);
  return name !== undefined ? `$${name}` : `field${field}`;
}

/** A one-level label of a GC reference (no fields): `$node`, `$str[5]`, `i31 7`; undefined if not a GC value. */
export function gcLabel(ref: unknown, names: GcNames): string | undefined {
  if (isI31(ref)) return `i31 ${ref}`;
  const view = gcObjectView(ref);
  if (!view) return undefined;
  return view.kind === 'array' ? `${typeLabel(view.typeId, names)}[${view.length}]` : typeLabel(view.typeId, names);
}

