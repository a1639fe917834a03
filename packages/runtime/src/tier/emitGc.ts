/**
 * JS for the reference instructions (ref.null ... br_on_non_null, 0xd0–0xd6) and the GC group
 * (0xfb: structs, arrays, i31, casts, br_on_cast*, the extern/any conversions).
 *
 * A reference is the JS value the interpreter keeps in its `refs` cell (instances/gcObjects.ts:
 * null, an i31 as a number, a GcStruct / GcArray, a FuncInstance, a host value), held in a JS
 * variable (`a<h>` operands, `l<i>` locals: jsValues.ts), so objects made here are the
 * interpreter's own and a deoptimization writes them back to the cells it reads (tier.ts `spill`).
 *
 * Field and element accesses are inline, with the interpreter's layout (a field at its runtime
 * type's offset in `words` or `refs`, packed values masked, 64-bit values low word first) and its
 * checks in its order (null, then bounds), each trapping through `trap` before any effect with
 * the instruction's interpreter pc. struct.new and array.new_fixed build the object as
 * `withDefaults` lays it out, with its values in place (reference fields an array literal: no
 * default filled in first). The bulk instructions (array.new, array.new_default/data/elem,
 * array.fill/copy/init_data/init_elem) run the interpreter's own helpers (exec/gcAccess.ts) on
 * the operands written to their slots of this frame (debug layout: each operand its own slot,
 * free while the instruction runs) — one implementation, so the tiers agree by construction.
 * Type tests are instances/gcCasts.ts's `refTest`.
 */
import { TrapCode } from '@lantern/traps';
import type { ByteReader } from '../binary/reader.ts';
import { readHeapType } from '../binary/typeReader.ts';
import { PACKED_I16, PACKED_I8 } from '../syntax/types.ts';
import { canonicalHeap } from '../compile/gcOps.ts';
import { FieldKind, GcArray, GcStruct, NO_REFS, NO_WORDS, type RuntimeType, runtimeType } from '../instances/gcObjects.ts';
import { refTest } from '../instances/gcCasts.ts';
import * as GcAccess from '../exec/gcAccess.ts';
import type { JsEmitter } from './codegen.ts';
import { type Cat, Unsupported, catOf, vars, width, writeVm } from './jsValues.ts';

/** What compiled GC code calls (the tier binds it as `GC`): the interpreter's object model and helpers. */
export const GC_HELPERS = { GcStruct, GcArray, NO_WORDS, NO_REFS, runtimeType, refTest, ...GcAccess };

/** What the translator provides to the GC instructions. */
export interface GcSite {
  /** The module's canonical type ids (a type index → its runtime type). */
  readonly canonIds: readonly number[];
  /** int32 offset from fp of operand 0's slot (the frame's operand area). */
  readonly operandBase: number;
  /** Marks the instruction as a trap site (before its operands are popped). */
  trapHere(): void;
  /** A branch's code to the label `depth` out, the operands as they are now. */
  captureBranch(depth: number): string;
}

const NULL_STRUCT = String(TrapCode.NullStructureReference);
const NULL_ARRAY = String(TrapCode.NullArrayReference);
const ARRAY_OOB = String(TrapCode.ArrayOutOfBounds);

/** The compiled category of a field's storage type (a packed field is an i32 operand). */
function storageCat(storage: number): Cat {
  return storage === PACKED_I8 || storage === PACKED_I16 ? 'i' : catOf(storage);
}

/** int32 index expression `at` + k. */
function plus(at: string, k: number): string {
  return k === 0 ? at : `${at} + ${k}`;
}

/** Statements storing operand h (category c, field kind `kind`) into `obj` at offset expression `at`. */
function store(kind: FieldKind, c: Cat, h: number, obj: string, at: string): string {
  const v = vars(c, h);
  const w = `${obj}.words`;
  switch (kind) {
    case FieldKind.Ref: return `${obj}.refs[${at}] = ${v[0]};`;
    case FieldKind.I8: return `${w}[${at}] = ${v[0]} & 0xff;`;
    case FieldKind.I16: return `${w}[${at}] = ${v[0]} & 0xffff;`;
    default:
      if (c === 'f') return `${w}[${at}] = N.f32ToBits(${v[0]});`;
      if (c === 'd') return `SD[0] = ${v[0]}; ${w}[${at}] = S[0]; ${w}[${plus(at, 1)}] = S[1];`;
      return v.map((x, k) => `${w}[${plus(at, k)}] = ${x};`).join(' ');
  }
}

/** Pushes the value of category c read from `obj` at offset expression `at` (a signed packed read when `signed`). */
function load(e: JsEmitter, kind: FieldKind, c: Cat, signed: boolean, obj: string, at: string): void {
  const d = e.stack.length;
  e.push(c);
  const v = vars(c, d);
  const w = `${obj}.words`;
  if (kind === FieldKind.Ref) e.out(`${v[0]} = ${obj}.refs[${at}];`);
  else if (signed && kind === FieldKind.I8) e.out(`${v[0]} = (${w}[${at}] << 24) >> 24;`);
  else if (signed && kind === FieldKind.I16) e.out(`${v[0]} = (${w}[${at}] << 16) >> 16;`);
  else if (c === 'f') e.out(`${v[0]} = N.f32FromBits(${w}[${at}]);`);
  else if (c === 'd') e.out(`S[0] = ${w}[${at}]; S[1] = ${w}[${plus(at, 1)}]; ${v[0]} = SD[0];`);
  else e.out(v.map((x, k) => `${x} = ${w}[${plus(at, k)}];`).join(' '));
}

/** The runtime type of type index `x`, and the factory constant naming it. */
function typeOf(e: JsEmitter, site: GcSite, x: number): [RuntimeType, string] {
  const id = site.canonIds[x];
  const name = `ty${id}`;
  e.consts.set(name, `GC.runtimeType(${id})`);
  return [runtimeType(id), name];
}

/** The storage type of field f (a struct's; an array's element for f = 0). */
function storageOf(t: RuntimeType, f: number): number {
  const c = t.composite;
  return c.kind === 'struct' ? c.fields[f].storage : c.kind === 'array' ? c.field.storage : -1;
}

/** The int32 index expression of operand h's slot in this frame. */
function slot(e: JsEmitter, site: GcSite, h: number): string {
  let at = site.operandBase;
  for (let k = 0; k < h; k++) at += width(e.stack[k]);
  return `fp + ${at}`;
}

/**
 * Runs a gcAccess helper on the top `n` operands (popped), written to their slots: `call` gets
 * the result's slot (the first operand's) and theirs, and returns the call. A TrapCode it returns
 * traps; with `result`, its result (a reference it wrote to the result's slot) is pushed.
 */
function viaHelper(e: JsEmitter, site: GcSite, n: number, result: boolean, call: (slots: string[]) => string): void {
  const base = e.stack.length - n;
  const slots: string[] = [];
  for (let h = base; h < base + n; h++) {
    const at = slot(e, site, h);
    slots.push(at);
    e.out(writeVm(e.stack[h], vars(e.stack[h], h), at));
  }
  for (let k = 0; k < n; k++) e.pop();
  const d = slot(e, site, base);
  e.trapIf(`(e$ = ${call([d, ...slots])}) !== 0`, 'e$');
  if (result) e.out(`${e.push('r')} = RF[(${d}) >> 1];`);
}

/** Emits one reference instruction (0xd0–0xd6). */
export function emitRef(e: JsEmitter, r: ByteReader, op: number, site: GcSite): void {
  switch (op) {
    case 0xd0: // ref.null
      readHeapType(r);
      e.out(`${e.push('r')} = null;`);
      return;
    case 0xd1: { // ref.is_null
      const a = e.pop();
      e.compare(e.push('i'), `${e.r(a)} === null`);
      return;
    }
    case 0xd2: // ref.func: the instance's FuncInstance, as the interpreter's RefFunc pushes it
      e.out(`${e.push('r')} = IF[${r.u32()}];`);
      return;
    case 0xd3: { // ref.eq
      const b = e.pop(), a = e.pop();
      e.compare(e.push('i'), `${e.r(a)} === ${e.r(b)}`);
      return;
    }
    case 0xd4: // ref.as_non_null
      site.trapHere();
      e.trapIf(`${e.r(e.stack.length - 1)} === null`, String(TrapCode.NullReference));
      return;
    case 0xd5: { // br_on_null: the label's values are below the reference, which stays when not null
      const depth = r.u32();
      const a = e.pop();
      const branch = site.captureBranch(depth);
      e.push('r');
      e.out(`if (${e.r(a)} === null) { ${branch} }`);
      return;
    }
    case 0xd6: { // br_on_non_null: the reference goes with the branch
      const a = e.stack.length - 1;
      e.out(`if (${e.r(a)} !== null) { ${site.captureBranch(r.u32())} }`);
      e.pop();
      return;
    }
  }
  throw new Unsupported(`opcode 0x${op.toString(16)}`);
}

/** Emits one GC instruction (0xfb `sub`). */
export function emitGc(e: JsEmitter, r: ByteReader, sub: number, site: GcSite): void {
  switch (sub) {
    case 0x00: { // struct.new
      const [t, ty] = typeOf(e, site, r.u32());
      const n = t.fieldKinds.length;
      const base = e.stack.length - n;
      const refs: string[] = [];
      const stores: string[] = [];
      t.fieldKinds.forEach((kind, f) => {
        if (kind === FieldKind.Ref) refs[t.fieldAt[f]] = e.r(base + f);
        else stores.push(store(kind, storageCat(storageOf(t, f)), base + f, 'o$', String(t.fieldAt[f])));
      });
      for (let k = 0; k < n; k++) e.pop();
      e.gcTemps = true;
      const words = t.words === 0 ? 'GC.NO_WORDS' : `new Int32Array(${t.words})`;
      e.out(`o$ = new GC.GcStruct(${ty}, ${words}, ${refs.length === 0 ? 'GC.NO_REFS' : `[${refs.join(', ')}]`}); ${stores.join(' ')}`);
      e.out(`${e.push('r')} = o$;`);
      return;
    }
    case 0x01: { // struct.new_default
      const [, ty] = typeOf(e, site, r.u32());
      e.out(`${e.push('r')} = GC.GcStruct.withDefaults(${ty});`);
      return;
    }
    case 0x02: // struct.get
    case 0x03: // struct.get_s
    case 0x04: { // struct.get_u
      const [t] = typeOf(e, site, r.u32());
      const f = r.u32();
      site.trapHere();
      const a = e.r(e.pop());
      e.trapIf(`${a} === null`, NULL_STRUCT);
      load(e, t.fieldKinds[f], storageCat(storageOf(t, f)), sub === 0x03, a, String(t.fieldAt[f]));
      return;
    }
    case 0x05: { // struct.set
      const [t] = typeOf(e, site, r.u32());
      const f = r.u32();
      site.trapHere();
      const v = e.pop(), a = e.r(e.pop());
      e.trapIf(`${a} === null`, NULL_STRUCT);
      e.out(store(t.fieldKinds[f], storageCat(storageOf(t, f)), v, a, String(t.fieldAt[f])));
      return;
    }
    case 0x06: { // array.new
      const [, ty] = typeOf(e, site, r.u32());
      site.trapHere();
      viaHelper(e, site, 2, true, ([d, v, n]) => `GC.arrayNew(${ty}, V, RF, ${d}, ${v}, ${n})`);
      return;
    }
    case 0x07: { // array.new_default
      const [, ty] = typeOf(e, site, r.u32());
      site.trapHere();
      viaHelper(e, site, 1, true, ([d, n]) => `GC.arrayNewDefault(${ty}, V, RF, ${d}, ${n})`);
      return;
    }
    case 0x08: { // array.new_fixed
      const [t, ty] = typeOf(e, site, r.u32());
      const n = r.u32();
      const kind = t.elemKind, c = storageCat(storageOf(t, 0));
      const step = Math.max(t.elemWords, 1);
      const base = e.stack.length - n;
      if (kind === FieldKind.Ref) {
        const items = Array.from({ length: n }, (_, k) => e.r(base + k));
        for (let k = 0; k < n; k++) e.pop();
        e.out(`${e.push('r')} = new GC.GcArray(${ty}, ${n}, GC.NO_WORDS, [${items.join(', ')}]);`);
        return;
      }
      const stores: string[] = [];
      for (let k = 0; k < n; k++) stores.push(store(kind, c, base + k, 'o$', String(k * step)));
      for (let k = 0; k < n; k++) e.pop();
      e.gcTemps = true;
      e.out(`o$ = new GC.GcArray(${ty}, ${n}, new Int32Array(${n * step}), GC.NO_REFS); ${stores.join(' ')}`);
      e.out(`${e.push('r')} = o$;`);
      return;
    }
    case 0x09: // array.new_data
    case 0x0a: { // array.new_elem
      const [, ty] = typeOf(e, site, r.u32());
      const seg = r.u32();
      const fn = sub === 0x09 ? 'arrayNewData' : 'arrayNewElem';
      site.trapHere();
      viaHelper(e, site, 2, true, ([d, s, n]) => `GC.${fn}(inst, ${ty}, V, RF, ${d}, ${seg}, ${s}, ${n})`);
      return;
    }
    case 0x0b: // array.get
    case 0x0c: // array.get_s
    case 0x0d: { // array.get_u
      const [t] = typeOf(e, site, r.u32());
      site.trapHere();
      const i = e.pop(), a = e.r(e.pop());
      arrayChecks(e, a, e.s(i));
      load(e, t.elemKind, storageCat(storageOf(t, 0)), sub === 0x0c, a, elementAt(t));
      return;
    }
    case 0x0e: { // array.set
      const [t] = typeOf(e, site, r.u32());
      site.trapHere();
      const v = e.pop(), i = e.pop(), a = e.r(e.pop());
      arrayChecks(e, a, e.s(i));
      e.out(store(t.elemKind, storageCat(storageOf(t, 0)), v, a, elementAt(t)));
      return;
    }
    case 0x0f: { // array.len
      site.trapHere();
      const a = e.r(e.pop());
      e.trapIf(`${a} === null`, NULL_ARRAY);
      e.out(`${e.push('i')} = ${a}.length;`);
      return;
    }
    case 0x10: // array.fill
      r.u32();
      site.trapHere();
      viaHelper(e, site, 4, false, ([, a, i, v, n]) => `GC.arrayFill(V, RF, ${a}, ${i}, ${v}, ${n})`);
      return;
    case 0x11: // array.copy
      r.u32();
      r.u32();
      site.trapHere();
      viaHelper(e, site, 5, false, ([, a, i, b, j, n]) => `GC.arrayCopy(V, RF, ${a}, ${i}, ${b}, ${j}, ${n})`);
      return;
    case 0x12: // array.init_data
    case 0x13: { // array.init_elem
      r.u32();
      const seg = r.u32();
      const fn = sub === 0x12 ? 'arrayInitData' : 'arrayInitElem';
      site.trapHere();
      viaHelper(e, site, 4, false, ([, a, i, s, n]) => `GC.${fn}(inst, V, RF, ${a}, ${i}, ${s}, ${n}, ${seg})`);
      return;
    }
    case 0x14: // ref.test
    case 0x15: // ref.test null
    case 0x16: // ref.cast
    case 0x17: { // ref.cast null
      const heap = canonicalHeap(readHeapType(r), site.canonIds);
      const test = `GC.refTest(${e.r(e.stack.length - 1)}, ${heap}, ${sub === 0x15 || sub === 0x17})`;
      if (sub <= 0x15) {
        e.pop();
        e.compare(e.push('i'), test);
        return;
      }
      site.trapHere();
      e.trapIf(`!${test}`, String(TrapCode.CastFailure));
      return;
    }
    case 0x18: // br_on_cast: the reference stays on the stack either way (the label's last value)
    case 0x19: { // br_on_cast_fail
      const flags = r.u8();
      const depth = r.u32();
      readHeapType(r);
      const heap = canonicalHeap(readHeapType(r), site.canonIds);
      const test = `GC.refTest(${e.r(e.stack.length - 1)}, ${heap}, ${(flags & 2) !== 0})`;
      e.out(`if (${sub === 0x18 ? '' : '!'}${test}) { ${site.captureBranch(depth)} }`);
      return;
    }
    case 0x1a: // any.convert_extern
    case 0x1b: // extern.convert_any: both hierarchies hold the same JS value (gcObjects.ts)
      return;
    case 0x1c: { // ref.i31
      const a = e.s(e.pop());
      e.out(`${e.push('r')} = (${a} << 1) >> 1;`);
      return;
    }
    case 0x1d: // i31.get_s
    case 0x1e: { // i31.get_u
      site.trapHere();
      const a = e.r(e.pop());
      e.trapIf(`${a} === null`, String(TrapCode.NullI31Reference));
      e.out(`${e.push('i')} = ${a} ${sub === 0x1d ? '| 0' : '& 0x7fffffff'};`);
      return;
    }
  }
  throw new Unsupported(`GC instruction 0xfb ${sub}`);
}

/** array.get/set's checks, the interpreter's order: null, then the index (unsigned) against the length; the index to `q$`. */
function arrayChecks(e: JsEmitter, a: string, i: string): void {
  e.out(`q$ = ${i} >>> 0;`);
  e.trapIf(`${a} === null`, NULL_ARRAY);
  e.trapIf(`q$ >= ${a}.length`, ARRAY_OOB);
}

/** Element q$'s offset in `words` (or `refs`). */
function elementAt(t: RuntimeType): string {
  return t.elemWords <= 1 ? 'q$' : `${t.elemWords} * q$`;
}
