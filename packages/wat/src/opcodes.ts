// Opcodes: the single table mapping instruction names to their encoding (prefix + code) and the
// kind of immediates they take; runs of plain numeric instructions are listed by consecutive code.

export const enum Imm {
  None,
  Block, // block / loop / if / try: label + blocktype
  TryTable,
  Else,
  End,
  Catch, // legacy catch $tag
  CatchAll, // legacy catch_all
  Delegate,
  Label,
  BrTable,
  Func,
  Type,
  TypeType,
  TypeField,
  TypeU32,
  TypeData,
  TypeElem,
  CallIndirect,
  Local,
  Global,
  Table, // optional table index
  TableTable,
  TableElem,
  Elem,
  Data,
  Mem, // optional memory index
  MemMem,
  MemData,
  MemArg,
  I32,
  I64,
  F32,
  F64,
  Select,
  HeapType,
  RefCast, // ref.test / ref.cast: opcode chosen by nullability of the reftype
  BrOnCast,
  Tag,
  TypeTag,
  Resume,
  ResumeThrow,
  ResumeThrowRef,
  V128, // v128.const: a lane shape and its lane literals (16 bytes)
  Shuffle, // i8x16.shuffle: 16 lane indices
  Lane, // extract_lane / replace_lane: one lane index
  MemArgLane, // v128.loadN_lane / storeN_lane: memarg, then a lane index
}

export interface OpDef {
  name: string;
  /** 0 for single-byte opcodes, else the prefix byte (0xfb, 0xfc, 0xfd) */
  prefix: number;
  code: number;
  imm: Imm;
  /** natural alignment (log2) for memory instructions */
  natAlign: number;
}

export const OPS = new Map<string, OpDef>();

function def(name: string, code: number, imm: Imm = Imm.None, prefix = 0, natAlign = 0): void {
  OPS.set(name, { name, prefix, code, imm, natAlign });
}

/** Define a run of instructions with consecutive opcodes (immediate-less unless `imm` says). */
function run(first: number, names: string, prefix = 0, imm = Imm.None): void {
  let code = first;
  for (const n of names.split(/\s+/)) if (n) def(n, code++, imm, prefix);
}

/** Define a run of memory instructions: "name:align" with consecutive opcodes. */
function memRun(first: number, names: string, prefix = 0, imm = Imm.MemArg): void {
  let code = first;
  for (const n of names.split(/\s+/)) {
    if (!n) continue;
    const [name, a] = n.split(':');
    def(name!, code++, imm, prefix, Number(a));
  }
}

// control
def('unreachable', 0x00);
def('nop', 0x01);
def('block', 0x02, Imm.Block);
def('loop', 0x03, Imm.Block);
def('if', 0x04, Imm.Block);
def('else', 0x05, Imm.Else);
def('try', 0x06, Imm.Block);
def('catch', 0x07, Imm.Catch);
def('throw', 0x08, Imm.Tag);
def('rethrow', 0x09, Imm.Label);
def('throw_ref', 0x0a);
def('end', 0x0b, Imm.End);
def('br', 0x0c, Imm.Label);
def('br_if', 0x0d, Imm.Label);
def('br_table', 0x0e, Imm.BrTable);
def('return', 0x0f);
def('call', 0x10, Imm.Func);
def('call_indirect', 0x11, Imm.CallIndirect);
def('return_call', 0x12, Imm.Func);
def('return_call_indirect', 0x13, Imm.CallIndirect);
def('call_ref', 0x14, Imm.Type);
def('return_call_ref', 0x15, Imm.Type);
def('delegate', 0x18, Imm.Delegate);
def('catch_all', 0x19, Imm.CatchAll);
def('drop', 0x1a);
def('select', 0x1b, Imm.Select); // becomes 0x1c when result types are given
def('try_table', 0x1f, Imm.TryTable);

// variables and tables
def('local.get', 0x20, Imm.Local);
def('local.set', 0x21, Imm.Local);
def('local.tee', 0x22, Imm.Local);
def('global.get', 0x23, Imm.Global);
def('global.set', 0x24, Imm.Global);
def('table.get', 0x25, Imm.Table);
def('table.set', 0x26, Imm.Table);

// memory
memRun(
  0x28,
  `i32.load:2 i64.load:3 f32.load:2 f64.load:3 i32.load8_s:0 i32.load8_u:0 i32.load16_s:1 i32.load16_u:1
   i64.load8_s:0 i64.load8_u:0 i64.load16_s:1 i64.load16_u:1 i64.load32_s:2 i64.load32_u:2
   i32.store:2 i64.store:3 f32.store:2 f64.store:3 i32.store8:0 i32.store16:1 i64.store8:0 i64.store16:1 i64.store32:2`,
);
def('memory.size', 0x3f, Imm.Mem);
def('memory.grow', 0x40, Imm.Mem);

// numeric
def('i32.const', 0x41, Imm.I32);
def('i64.const', 0x42, Imm.I64);
def('f32.const', 0x43, Imm.F32);
def('f64.const', 0x44, Imm.F64);
const cmpI = 'eqz eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u';
const cmpF = 'eq ne lt gt le ge';
const arithI = 'clz ctz popcnt add sub mul div_s div_u rem_s rem_u and or xor shl shr_s shr_u rotl rotr';
const arithF = 'abs neg ceil floor trunc nearest sqrt add sub mul div min max copysign';
const pre = (p: string, names: string): string => names.split(' ').map((n) => `${p}.${n}`).join(' ');
run(0x45, pre('i32', cmpI));
run(0x50, pre('i64', cmpI));
run(0x5b, pre('f32', cmpF));
run(0x61, pre('f64', cmpF));
run(0x67, pre('i32', arithI));
run(0x79, pre('i64', arithI));
run(0x8b, pre('f32', arithF));
run(0x99, pre('f64', arithF));
run(
  0xa7,
  `i32.wrap_i64 i32.trunc_f32_s i32.trunc_f32_u i32.trunc_f64_s i32.trunc_f64_u
   i64.extend_i32_s i64.extend_i32_u i64.trunc_f32_s i64.trunc_f32_u i64.trunc_f64_s i64.trunc_f64_u
   f32.convert_i32_s f32.convert_i32_u f32.convert_i64_s f32.convert_i64_u f32.demote_f64
   f64.convert_i32_s f64.convert_i32_u f64.convert_i64_s f64.convert_i64_u f64.promote_f32
   i32.reinterpret_f32 i64.reinterpret_f64 f32.reinterpret_i32 f64.reinterpret_i64
   i32.extend8_s i32.extend16_s i64.extend8_s i64.extend16_s i64.extend32_s`,
);

// references
def('ref.null', 0xd0, Imm.HeapType);
def('ref.is_null', 0xd1);
def('ref.func', 0xd2, Imm.Func);
def('ref.eq', 0xd3);
def('ref.as_non_null', 0xd4);
def('br_on_null', 0xd5, Imm.Label);
def('br_on_non_null', 0xd6, Imm.Label);

// stack switching
def('cont.new', 0xe0, Imm.Type);
def('cont.bind', 0xe1, Imm.TypeType);
def('suspend', 0xe2, Imm.Tag);
def('resume', 0xe3, Imm.Resume);
def('resume_throw', 0xe4, Imm.ResumeThrow);
def('resume_throw_ref', 0xe5, Imm.ResumeThrowRef);
def('switch', 0xe6, Imm.TypeTag);

// 0xfb: GC
const GC = 0xfb;
def('struct.new', 0, Imm.Type, GC);
def('struct.new_default', 1, Imm.Type, GC);
def('struct.get', 2, Imm.TypeField, GC);
def('struct.get_s', 3, Imm.TypeField, GC);
def('struct.get_u', 4, Imm.TypeField, GC);
def('struct.set', 5, Imm.TypeField, GC);
def('array.new', 6, Imm.Type, GC);
def('array.new_default', 7, Imm.Type, GC);
def('array.new_fixed', 8, Imm.TypeU32, GC);
def('array.new_data', 9, Imm.TypeData, GC);
def('array.new_elem', 10, Imm.TypeElem, GC);
def('array.get', 11, Imm.Type, GC);
def('array.get_s', 12, Imm.Type, GC);
def('array.get_u', 13, Imm.Type, GC);
def('array.set', 14, Imm.Type, GC);
def('array.len', 15, Imm.None, GC);
def('array.fill', 16, Imm.Type, GC);
def('array.copy', 17, Imm.TypeType, GC);
def('array.init_data', 18, Imm.TypeData, GC);
def('array.init_elem', 19, Imm.TypeElem, GC);
def('ref.test', 20, Imm.RefCast, GC); // 21 when nullable
def('ref.cast', 22, Imm.RefCast, GC); // 23 when nullable
def('br_on_cast', 24, Imm.BrOnCast, GC);
def('br_on_cast_fail', 25, Imm.BrOnCast, GC);
run(26, 'any.convert_extern extern.convert_any ref.i31 i31.get_s i31.get_u', GC);

// 0xfc: saturating truncation, bulk memory and tables
const FC = 0xfc;
run(
  0,
  `i32.trunc_sat_f32_s i32.trunc_sat_f32_u i32.trunc_sat_f64_s i32.trunc_sat_f64_u
   i64.trunc_sat_f32_s i64.trunc_sat_f32_u i64.trunc_sat_f64_s i64.trunc_sat_f64_u`,
  FC,
);
def('memory.init', 8, Imm.MemData, FC);
def('data.drop', 9, Imm.Data, FC);
def('memory.copy', 10, Imm.MemMem, FC);
def('memory.fill', 11, Imm.Mem, FC);
def('table.init', 12, Imm.TableElem, FC);
def('elem.drop', 13, Imm.Elem, FC);
def('table.copy', 14, Imm.TableTable, FC);
def('table.grow', 15, Imm.Table, FC);
def('table.size', 16, Imm.Table, FC);
def('table.fill', 17, Imm.Table, FC);

// 0xfd: fixed-width SIMD (0x00-0xff, with gaps where proposals were withdrawn), then relaxed SIMD
const FD = 0xfd;
memRun(
  0x00,
  `v128.load:4 v128.load8x8_s:3 v128.load8x8_u:3 v128.load16x4_s:3 v128.load16x4_u:3 v128.load32x2_s:3
   v128.load32x2_u:3 v128.load8_splat:0 v128.load16_splat:1 v128.load32_splat:2 v128.load64_splat:3 v128.store:4`,
  FD,
);
def('v128.const', 0x0c, Imm.V128, FD);
def('i8x16.shuffle', 0x0d, Imm.Shuffle, FD);
run(0x0e, 'i8x16.swizzle i8x16.splat i16x8.splat i32x4.splat i64x2.splat f32x4.splat f64x2.splat', FD);
run(
  0x15,
  `i8x16.extract_lane_s i8x16.extract_lane_u i8x16.replace_lane i16x8.extract_lane_s i16x8.extract_lane_u
   i16x8.replace_lane i32x4.extract_lane i32x4.replace_lane i64x2.extract_lane i64x2.replace_lane
   f32x4.extract_lane f32x4.replace_lane f64x2.extract_lane f64x2.replace_lane`,
  FD,
  Imm.Lane,
);
const cmpIs = cmpI.replace('eqz ', ''); // lane-wise compares have no eqz
run(0x23, `${pre('i8x16', cmpIs)} ${pre('i16x8', cmpIs)} ${pre('i32x4', cmpIs)} ${pre('f32x4', cmpF)} ${pre('f64x2', cmpF)}`, FD);
run(0x4d, 'v128.not v128.and v128.andnot v128.or v128.xor v128.bitselect v128.any_true', FD);
memRun(
  0x54,
  `v128.load8_lane:0 v128.load16_lane:1 v128.load32_lane:2 v128.load64_lane:3
   v128.store8_lane:0 v128.store16_lane:1 v128.store32_lane:2 v128.store64_lane:3`,
  FD,
  Imm.MemArgLane,
);
memRun(0x5c, 'v128.load32_zero:2 v128.load64_zero:3', FD);
run(
  0x5e,
  `f32x4.demote_f64x2_zero f64x2.promote_low_f32x4
   i8x16.abs i8x16.neg i8x16.popcnt i8x16.all_true i8x16.bitmask i8x16.narrow_i16x8_s i8x16.narrow_i16x8_u
   f32x4.ceil f32x4.floor f32x4.trunc f32x4.nearest
   i8x16.shl i8x16.shr_s i8x16.shr_u i8x16.add i8x16.add_sat_s i8x16.add_sat_u i8x16.sub i8x16.sub_sat_s i8x16.sub_sat_u
   f64x2.ceil f64x2.floor i8x16.min_s i8x16.min_u i8x16.max_s i8x16.max_u f64x2.trunc i8x16.avgr_u
   i16x8.extadd_pairwise_i8x16_s i16x8.extadd_pairwise_i8x16_u i32x4.extadd_pairwise_i16x8_s i32x4.extadd_pairwise_i16x8_u
   i16x8.abs i16x8.neg i16x8.q15mulr_sat_s i16x8.all_true i16x8.bitmask i16x8.narrow_i32x4_s i16x8.narrow_i32x4_u
   i16x8.extend_low_i8x16_s i16x8.extend_high_i8x16_s i16x8.extend_low_i8x16_u i16x8.extend_high_i8x16_u
   i16x8.shl i16x8.shr_s i16x8.shr_u i16x8.add i16x8.add_sat_s i16x8.add_sat_u i16x8.sub i16x8.sub_sat_s i16x8.sub_sat_u
   f64x2.nearest i16x8.mul i16x8.min_s i16x8.min_u i16x8.max_s i16x8.max_u`,
  FD,
);
run(
  0x9b,
  `i16x8.avgr_u i16x8.extmul_low_i8x16_s i16x8.extmul_high_i8x16_s i16x8.extmul_low_i8x16_u i16x8.extmul_high_i8x16_u
   i32x4.abs i32x4.neg`,
  FD,
);
run(0xa3, 'i32x4.all_true i32x4.bitmask', FD);
run(
  0xa7,
  `i32x4.extend_low_i16x8_s i32x4.extend_high_i16x8_s i32x4.extend_low_i16x8_u i32x4.extend_high_i16x8_u
   i32x4.shl i32x4.shr_s i32x4.shr_u i32x4.add`,
  FD,
);
def('i32x4.sub', 0xb1, Imm.None, FD);
run(0xb5, 'i32x4.mul i32x4.min_s i32x4.min_u i32x4.max_s i32x4.max_u i32x4.dot_i16x8_s', FD);
run(
  0xbc,
  `i32x4.extmul_low_i16x8_s i32x4.extmul_high_i16x8_s i32x4.extmul_low_i16x8_u i32x4.extmul_high_i16x8_u
   i64x2.abs i64x2.neg`,
  FD,
);
run(0xc3, 'i64x2.all_true i64x2.bitmask', FD);
run(
  0xc7,
  `i64x2.extend_low_i32x4_s i64x2.extend_high_i32x4_s i64x2.extend_low_i32x4_u i64x2.extend_high_i32x4_u
   i64x2.shl i64x2.shr_s i64x2.shr_u i64x2.add`,
  FD,
);
def('i64x2.sub', 0xd1, Imm.None, FD);
run(
  0xd5,
  `i64x2.mul i64x2.eq i64x2.ne i64x2.lt_s i64x2.gt_s i64x2.le_s i64x2.ge_s
   i64x2.extmul_low_i32x4_s i64x2.extmul_high_i32x4_s i64x2.extmul_low_i32x4_u i64x2.extmul_high_i32x4_u
   f32x4.abs f32x4.neg`,
  FD,
);
run(
  0xe3,
  `f32x4.sqrt f32x4.add f32x4.sub f32x4.mul f32x4.div f32x4.min f32x4.max f32x4.pmin f32x4.pmax
   f64x2.abs f64x2.neg`,
  FD,
);
run(
  0xef,
  `f64x2.sqrt f64x2.add f64x2.sub f64x2.mul f64x2.div f64x2.min f64x2.max f64x2.pmin f64x2.pmax
   i32x4.trunc_sat_f32x4_s i32x4.trunc_sat_f32x4_u f32x4.convert_i32x4_s f32x4.convert_i32x4_u
   i32x4.trunc_sat_f64x2_s_zero i32x4.trunc_sat_f64x2_u_zero f64x2.convert_low_i32x4_s f64x2.convert_low_i32x4_u`,
  FD,
);
/** The first relaxed-SIMD opcode after 0xfd. */
export const RELAXED_SIMD_FIRST = 0x100;
run(
  RELAXED_SIMD_FIRST,
  `i8x16.relaxed_swizzle i32x4.relaxed_trunc_f32x4_s i32x4.relaxed_trunc_f32x4_u
   i32x4.relaxed_trunc_f64x2_s_zero i32x4.relaxed_trunc_f64x2_u_zero
   f32x4.relaxed_madd f32x4.relaxed_nmadd f64x2.relaxed_madd f64x2.relaxed_nmadd
   i8x16.relaxed_laneselect i16x8.relaxed_laneselect i32x4.relaxed_laneselect i64x2.relaxed_laneselect
   f32x4.relaxed_min f32x4.relaxed_max f64x2.relaxed_min f64x2.relaxed_max
   i16x8.relaxed_q15mulr_s i16x8.relaxed_dot_i8x16_i7x16_s i32x4.relaxed_dot_i8x16_i7x16_add_s`,
  FD,
);

/** Opcode used for `select` with explicit result types. */
export const SELECT_T = 0x1c;
