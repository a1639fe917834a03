/**
 * Die: one debugging information entry, with raw attribute values and typed accessors that
 * resolve the indirections of DWARF 5 (strx → .debug_str_offsets, addrx → .debug_addr) and
 * references (unit-relative refN → absolute .debug_info offset) on access.
 *
 * Invariants:
 * - `Attribute.value` keeps what the form encodes, never a resolved string: strp/line_strp hold
 *   the string-section offset, strx, addrx, loclistx and rnglistx forms hold the index, refN hold the
 *   ABSOLUTE .debug_info offset (unit offset already added), exprloc/block hold a view of the bytes.
 * - Accessors never throw: a bad index or offset yields undefined.
 */

import { DW_AT, DW_FORM } from './constants.ts';
import type { CompileUnit } from './compileUnit.ts';

export type AttributeValue = number | bigint | string | Uint8Array;

export interface Attribute {
  readonly at: number;
  readonly form: number;
  readonly value: AttributeValue;
}

/** Form classes an attribute can belong to, after DW_FORM_indirect is resolved. */
export function isReferenceForm(form: number): boolean {
  return (
    form === DW_FORM.ref1 ||
    form === DW_FORM.ref2 ||
    form === DW_FORM.ref4 ||
    form === DW_FORM.ref8 ||
    form === DW_FORM.ref_udata ||
    form === DW_FORM.ref_addr
  );
}

export function isConstantForm(form: number): boolean {
  return (
    form === DW_FORM.data1 ||
    form === DW_FORM.data2 ||
    form === DW_FORM.data4 ||
    form === DW_FORM.data8 ||
    form === DW_FORM.sdata ||
    form === DW_FORM.udata ||
    form === DW_FORM.implicit_const
  );
}

export class Die {
  parent: Die | undefined;
  children: Die[] = [];

  constructor(
    readonly unit: CompileUnit,
    /** Absolute offset in .debug_info. */
    readonly offset: number,
    readonly tag: number,
    readonly hasChildren: boolean,
    readonly attributes: readonly Attribute[],
  ) {}

  attr(at: number): Attribute | undefined {
    for (const a of this.attributes) if (a.at === at) return a;
    return undefined;
  }

  has(at: number): boolean {
    return this.attr(at) !== undefined;
  }

  /** String value: DW_FORM_string/strp/line_strp/strx*. */
  string(at: number): string | undefined {
    const a = this.attr(at);
    if (!a) return undefined;
    return this.unit.resolveString(a);
  }

  /** Unsigned constant (data*, udata, flag, implicit_const, sec_offset); data8 above 2^53 loses precision. */
  unsigned(at: number): number | undefined {
    const a = this.attr(at);
    if (!a) return undefined;
    if (typeof a.value === 'number') return a.value;
    if (typeof a.value === 'bigint') return Number(a.value);
    return undefined;
  }

  /** Signed view of a constant: data1/2/4 are sign-extended from their width. */
  signed(at: number): number | undefined {
    const a = this.attr(at);
    if (!a) return undefined;
    return signedConstant(a);
  }

  flag(at: number): boolean {
    const a = this.attr(at);
    return a !== undefined && a.value !== 0;
  }

  /** Address (DW_FORM_addr or addrx*), as a DWARF code/data address (not yet a module offset). */
  address(at: number): number | undefined {
    const a = this.attr(at);
    if (!a) return undefined;
    return this.unit.resolveAddress(a);
  }

  /** exprloc / block bytes. */
  block(at: number): Uint8Array | undefined {
    const a = this.attr(at);
    return a && a.value instanceof Uint8Array ? a.value : undefined;
  }

  /** The DIE a reference attribute points at (possibly in another unit). */
  reference(at: number): Die | undefined {
    const a = this.attr(at);
    if (!a || !isReferenceForm(a.form) || typeof a.value !== 'number') return undefined;
    return this.unit.dieAtOffset(a.value);
  }

  /**
   * Follows DW_AT_abstract_origin / DW_AT_specification chains (bounded) to find `at`:
   * concrete inlined or out-of-line instances keep their name and type on the abstract DIE.
   */
  inherited(at: number): Die | undefined {
    let d: Die | undefined = this;
    for (let hops = 0; d && hops < 8; hops++) {
      if (d.has(at)) return d;
      d = d.reference(DW_AT.abstract_origin) ?? d.reference(DW_AT.specification);
    }
    return undefined;
  }

  inheritedString(at: number): string | undefined {
    return this.inherited(at)?.string(at);
  }
}

export function signedConstant(a: Attribute): number | undefined {
  const v = a.value;
  if (typeof v === 'bigint') return Number(BigInt.asIntN(64, v));
  if (typeof v !== 'number') return undefined;
  switch (a.form) {
    case DW_FORM.data1:
      return (v << 24) >> 24;
    case DW_FORM.data2:
      return (v << 16) >> 16;
    case DW_FORM.data4:
      return v | 0;
    default:
      return v;
  }
}

