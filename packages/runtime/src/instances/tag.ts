/**
 * TagInstance (spec "tag instance"): an exception (or, with stack switching, control) tag.
 * Identity is the tag; the type is a canonical function type (its params are the payload).
 */
import type { FuncType } from '../syntax/moduleInfo.ts';
import { canonicalFuncTypeId } from '../valid/canonicalTypes.ts';

export class TagInstance {
  /** Canonical type id of `type`. */
  readonly canonId: number;
  constructor(
    readonly type: FuncType,
    canonId?: number,
  ) {
    this.canonId = canonId ?? canonicalFuncTypeId(type);
  }
}
