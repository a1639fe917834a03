/**
 * GlobalInstance (spec "global instance"): a typed, possibly mutable value stored in the
 * GlobalArena. The value crosses the API as a RawValue (see values.ts): bits for floats.
 * `type.valType` is canonical (see valid/canonicalTypes.ts).
 */
import type { GlobalType } from '../syntax/moduleInfo.ts';
import { slotWidth } from '../syntax/types.ts';
import { globalArena } from './globalArena.ts';
import { type RawValue, readRaw, writeRaw } from './values.ts';

export class GlobalInstance {
  /** Cell index in the GlobalArena. */
  readonly addr: number;

  constructor(
    readonly type: GlobalType,
    value: RawValue,
  ) {
    this.addr = globalArena.alloc(slotWidth(type.valType) / 2);
    this.value = value;
  }

  get value(): RawValue {
    return readRaw(globalArena.i32, globalArena.refs, this.addr * 2, this.type.valType);
  }
  set value(v: RawValue) {
    writeRaw(globalArena.i32, globalArena.refs, this.addr * 2, this.type.valType, v);
  }
}
