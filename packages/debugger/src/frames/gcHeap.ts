/**
 * The GC heap as far as a paused frame reaches it: every struct and array reachable from a set
 * of roots (a frame's locals and operands, its instance's globals and table elements) through
 * struct fields and array elements, breadth first, each object once (cycles and sharing are
 * listed at their first path), a page at a time.
 *
 * Bounded: a walk stops discovering objects once it has one more than the page needs, so a huge
 * graph costs about the page, not the heap. Roots are pulled lazily for the same reason (a large
 * table is read only as far as needed). i31s and host references are values, not heap objects.
 */
import { gcObjectView, isRefType } from '@lantern/runtime';
import { fieldLabel, gcLabel, type GcNames } from './gcNames.ts';
import { describeGc } from './wasmValue.ts';

/** A reference a walk starts from, with the expression that reads it (`$n`, `$operand0`, `table0[3]`). */
export interface HeapRoot {
  readonly path: string;
  readonly ref: unknown;
  readonly names: GcNames;
}

export interface HeapObject {
  /** Its position in the walk (breadth first from the roots, in their order). */
  readonly index: number;
  /** The first path that reaches it: `$n.$next.$key`, `$items[3]` (what `print` takes, for locals, operands and globals). */
  readonly path: string;
  /** Its type: `$node`, `$str[5]`, `type#12` when unnamed. */
  readonly label: string;
  /** One line: the label and its fields (or first elements), one level deep. */
  readonly summary: string;
}

export interface HeapPage {
  readonly objects: readonly HeapObject[];
  /** Are there objects after this page? */
  readonly more: boolean;
}

/** How many objects a page holds when the caller does not say. */
export const HEAP_PAGE = 20;

/** Objects `start` .. `start + limit - 1` of the walk from `roots`. */
export function reachableHeap(roots: Iterable<HeapRoot>, start = 0, limit = HEAP_PAGE): HeapPage {
  const wanted = start + limit;
  const seen = new Set<unknown>();
  const queue: HeapRoot[] = [];
  const discover = (r: HeapRoot): boolean => {
    if (seen.size > wanted) return false;
    if (!seen.has(r.ref) && gcObjectView(r.ref) !== null) {
      seen.add(r.ref);
      queue.push(r);
    }
    return true;
  };
  for (const root of roots) if (!discover(root)) break;
  const objects: HeapObject[] = [];
  for (let i = 0; i < queue.length && i < wanted; i++) {
    const { path, ref, names } = queue[i]!;
    if (i >= start) objects.push({ index: i, path, label: gcLabel(ref, names)!, summary: describeGc(ref, names)! });
    const view = gcObjectView(ref)!;
    const array = view.kind === 'array';
    // An array's elements share one type: a numeric array has no references to follow.
    if (array && (view.length === 0 || !isRefType(view.typeOf(0)))) continue;
    for (let k = 0; k < view.length; k++) {
      if (!array && !isRefType(view.typeOf(k))) continue;
      const child = view.read(k);
      if (child === null) continue;
      if (!discover({ path: array ? `${path}[${k}]` : `${path}.${fieldLabel(view.typeId, k, names)}`, ref: child, names })) break;
    }
  }
  return { objects, more: seen.size > wanted };
}
