/**
 * TableInstance (spec "table instance"): a vector of references in a JS array (the GC owns
 * them); null is the null reference. `type.elemType` is canonical (see valid/canonicalTypes.ts).
 */
import type { TableType } from '../syntax/moduleInfo.ts';
import type { RawValue } from './values.ts';

/** Tables larger than this are refused by grow (and by creation): a JS array's practical size. */
const MAX_TABLE = 10_000_000;

export class TableInstance {
  elements: unknown[];
  readonly maxSize: number;
  readonly is64: boolean;

  constructor(
    readonly type: TableType,
    init: RawValue,
    /** StoreOptions.limits.tableElements (creation over it is a RangeError, growing past it -1). */
    cap = MAX_TABLE,
  ) {
    this.is64 = type.limits.is64;
    const max = type.limits.max;
    this.maxSize = Math.min(max === undefined ? 2 ** 32 : Number(max), this.is64 ? 2 ** 53 : 2 ** 32 - 1, cap, MAX_TABLE);
    const n = Number(type.limits.min);
    if (n > MAX_TABLE) throw new RangeError('table too large');
    if (n > cap) throw new RangeError(`a table of ${n} elements is over the store's limit tableElements = ${cap}`);
    this.elements = new Array<unknown>(n).fill(init ?? null);
  }

  get size(): number {
    return this.elements.length;
  }
  get(i: number): RawValue {
    if (!(i >= 0 && i < this.elements.length)) throw new RangeError('table index out of bounds');
    return this.elements[i];
  }
  set(i: number, v: RawValue): void {
    if (!(i >= 0 && i < this.elements.length)) throw new RangeError('table index out of bounds');
    this.elements[i] = v ?? null;
  }
  /** Grows by `delta` entries set to `init`; returns the old size or -1 (never throws). */
  grow(delta: number, init: RawValue): number {
    const old = this.elements.length;
    const next = old + delta;
    if (!(delta >= 0) || next > this.maxSize) return -1;
    const v = init ?? null;
    for (let i = 0; i < delta; i++) this.elements.push(v);
    return old;
  }
}
