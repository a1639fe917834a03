/**
 * The parts of a GC reference in expressions: `.field` of a struct (its name-section name, with
 * or without `$`, or `field<k>` by index) and `[k]` of an array — each one a value and a
 * place `set var` can write (a mutable one; frames/wasmValue.ts checks).
 */
import { gcLabel } from '../frames/gcNames.ts';
import { gcChildren, gcShape, type RefHandle, type WasmValue } from '../frames/wasmValue.ts';
import type { Evaluated } from './evaluator.ts';
import { UserError } from './userError.ts';

type RefValue = Extract<WasmValue, { type: 'ref' }>;

function objectOf(v: RefValue, kind: 'struct' | 'array'): { handle: RefHandle; length: number; label: string } {
  const handle = v.handle;
  if (!handle) throw new UserError(`Cannot read ${kind === 'struct' ? 'a field' : 'an element'} of a null reference (${v.heapType}).`);
  const shape = gcShape(handle.ref);
  const label = gcLabel(handle.ref, handle.gcNames) ?? handle.description;
  if (shape?.kind !== kind) {
    throw new UserError(kind === 'struct' ? `Attempt to extract a component of a value that is not a structure (${label}).` : `Cannot subscript something that is not an array (${label}).`);
  }
  return { handle, length: shape.length, label };
}

/** Field `field` of the struct `v` refers to. */
export function gcField(v: RefValue, field: string): Evaluated {
  const { handle, label } = objectOf(v, 'struct');
  const fields = gcChildren(handle.ref, handle.gcNames);
  const named = field.startsWith('$') ? field : `$${field}`;
  const byIndex = /^\$?field(\d+)$/.exec(field);
  const child = fields.find((c) => c.name === field || c.name === named) ?? (byIndex ? fields[Number(byIndex[1])] : undefined);
  if (!child) throw new UserError(`There is no member named ${field}: ${label} has ${fields.map((c) => c.name).join(', ') || 'no fields'}.`);
  return { kind: 'wasm', value: child.value, place: { kind: 'gc', handle, index: child.index } };
}

/** Element `index` of the array `v` refers to. */
export function gcElement(v: RefValue, index: number): Evaluated {
  const { handle, length, label } = objectOf(v, 'array');
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new UserError(`Index ${index} is outside the array ${label}${length > 0 ? ` (0..${length - 1})` : ''}.`);
  }
  const [child] = gcChildren(handle.ref, handle.gcNames, index, 1);
  return { kind: 'wasm', value: child!.value, place: { kind: 'gc', handle, index } };
}
