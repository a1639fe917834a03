/**
 * THE opcode table: every instruction of Wasm 3.0 (plus legacy exception handling and the
 * stack-switching proposal) as one data row: its binary code, text name, immediate kind, and,
 * for instructions with a fixed stack effect, a compact signature the validator interprets.
 *
 * Rows live in four groups: single-byte opcodes (`OPS`), and the prefixed groups 0xFC (`OPS_FC`,
 * saturating truncation, bulk memory and tables), 0xFB (`OPS_FB`, GC) and 0xFD (`OPS_FD`, SIMD),
 * whose sub-opcode is a u32 LEB after the prefix. Everything else is derived from these rows:
 *   - `WasmOp`, `WasmOpFC`, `WasmOpFB`, `WasmOpFD`: name -> code constants (`WasmOp.i32Add`),
 *     named `WasmOp` apart from the internal instruction set's `Op` (isa/);
 *   - `opcodeInfo(prefix, code)`: the row for an opcode (or undefined: "illegal opcode").
 * Code that switches on opcodes keeps literal `case 0xNN: // name` labels (V8 builds a jump
 * table only from literals); test/decodeValidate/opcodeComments.test.ts checks every such name against
 * these rows.
 *
 * Signature strings (`sig`): operand letters before '>' are popped (left = deepest), after it
 * pushed: i = i32, I = i64, f = f32, F = f64, v = v128, a = the address type (i32 or i64) of the
 * memory named by the instruction's memory immediate. `null` means the validator types the
 * instruction by hand (control, variables, references, tables, ...).
 *
 * `extra`: for memory accesses the natural alignment as log2 of the access size; for SIMD lane
 * instructions the number of lanes (a lane immediate must be smaller).
 *
 * Alternatives considered: a const enum per group (not inlined across files by tsx/vitest) and
 * a separate table per property (easy to let drift apart). One row per opcode wins.
 */

/** Kinds of immediates; `immediates.ts` reads/skips each. */
export const Imm = {
  None: 0,
  BlockType: 1, // s33 block type (block, loop, if, try)
  Label: 2, // u32 label index
  BrTable: 3, // vec(u32) u32
  Func: 4, // u32 function index
  CallIndirect: 5, // u32 type index, u32 table index
  Type: 6, // u32 type index
  Local: 7,
  Global: 8,
  Table: 9, // u32 table index
  Memory: 10, // u32 memory index
  MemArg: 11, // memarg: u32 flags (bit 6: memory index follows), [u32 mem], u64 offset
  MemArgLane: 12, // memarg, then a lane byte
  I32: 13, // s32
  I64: 14, // s64
  F32: 15, // 4 bytes
  F64: 16, // 8 bytes
  V128: 17, // 16 bytes
  Shuffle: 18, // 16 lane bytes
  Lane: 19, // one lane byte
  SelectT: 20, // vec(valtype)
  HeapType: 21, // heap type (ref.null, ref.test, ref.cast)
  Tag: 22, // u32 tag index
  TryTable: 23, // block type, vec(catch clause)
  Data: 24, // u32 data index
  Elem: 25, // u32 elem index
  MemoryInit: 26, // u32 data index, u32 memory index
  MemoryCopy: 27, // u32 dst memory, u32 src memory
  TableInit: 28, // u32 elem index, u32 table index
  TableCopy: 29, // u32 dst table, u32 src table
  TypeField: 30, // u32 type index, u32 field index (struct.get/set)
  TypeCount: 31, // u32 type index, u32 count (array.new_fixed)
  TypeData: 32, // u32 type index, u32 data index
  TypeElem: 33, // u32 type index, u32 elem index
  TypeType: 34, // u32 type index, u32 type index (array.copy, cont.bind)
  BrOnCast: 35, // flags byte, u32 label, heap type, heap type
  Resume: 36, // u32 cont type index, vec(handler)
  ResumeThrow: 37, // u32 cont type index, u32 tag, vec(handler)
  Switch: 38, // u32 cont type index, u32 tag
} as const;
export type ImmKind = (typeof Imm)[keyof typeof Imm];

/** One opcode row: [code, text name, immediate kind, signature or null, extra]. */
export type OpRow = readonly [code: number, text: string, imm: ImmKind, sig: string | null, extra?: number];

const N = Imm.None;

/** Single-byte opcodes. https://webassembly.github.io/spec/core/binary/instructions.html */
export const OPS = {
  // Control instructions.
  unreachable: [0x00, 'unreachable', N, null],
  nop: [0x01, 'nop', N, null],
  block: [0x02, 'block', Imm.BlockType, null],
  loop: [0x03, 'loop', Imm.BlockType, null],
  if: [0x04, 'if', Imm.BlockType, null],
  else: [0x05, 'else', N, null],
  try: [0x06, 'try', Imm.BlockType, null], // legacy exception handling
  catch: [0x07, 'catch', Imm.Tag, null], // legacy
  throw: [0x08, 'throw', Imm.Tag, null],
  rethrow: [0x09, 'rethrow', Imm.Label, null], // legacy
  throwRef: [0x0a, 'throw_ref', N, null],
  end: [0x0b, 'end', N, null],
  br: [0x0c, 'br', Imm.Label, null],
  brIf: [0x0d, 'br_if', Imm.Label, null],
  brTable: [0x0e, 'br_table', Imm.BrTable, null],
  return: [0x0f, 'return', N, null],
  call: [0x10, 'call', Imm.Func, null],
  callIndirect: [0x11, 'call_indirect', Imm.CallIndirect, null],
  returnCall: [0x12, 'return_call', Imm.Func, null],
  returnCallIndirect: [0x13, 'return_call_indirect', Imm.CallIndirect, null],
  callRef: [0x14, 'call_ref', Imm.Type, null],
  returnCallRef: [0x15, 'return_call_ref', Imm.Type, null],
  delegate: [0x18, 'delegate', Imm.Label, null], // legacy
  catchAll: [0x19, 'catch_all', N, null], // legacy
  drop: [0x1a, 'drop', N, null],
  select: [0x1b, 'select', N, null],
  selectT: [0x1c, 'select', Imm.SelectT, null],
  tryTable: [0x1f, 'try_table', Imm.TryTable, null],
  // Variable instructions.
  localGet: [0x20, 'local.get', Imm.Local, null],
  localSet: [0x21, 'local.set', Imm.Local, null],
  localTee: [0x22, 'local.tee', Imm.Local, null],
  globalGet: [0x23, 'global.get', Imm.Global, null],
  globalSet: [0x24, 'global.set', Imm.Global, null],
  tableGet: [0x25, 'table.get', Imm.Table, null],
  tableSet: [0x26, 'table.set', Imm.Table, null],
  // Memory instructions.
  i32Load: [0x28, 'i32.load', Imm.MemArg, 'a>i', 2],
  i64Load: [0x29, 'i64.load', Imm.MemArg, 'a>I', 3],
  f32Load: [0x2a, 'f32.load', Imm.MemArg, 'a>f', 2],
  f64Load: [0x2b, 'f64.load', Imm.MemArg, 'a>F', 3],
  i32Load8S: [0x2c, 'i32.load8_s', Imm.MemArg, 'a>i', 0],
  i32Load8U: [0x2d, 'i32.load8_u', Imm.MemArg, 'a>i', 0],
  i32Load16S: [0x2e, 'i32.load16_s', Imm.MemArg, 'a>i', 1],
  i32Load16U: [0x2f, 'i32.load16_u', Imm.MemArg, 'a>i', 1],
  i64Load8S: [0x30, 'i64.load8_s', Imm.MemArg, 'a>I', 0],
  i64Load8U: [0x31, 'i64.load8_u', Imm.MemArg, 'a>I', 0],
  i64Load16S: [0x32, 'i64.load16_s', Imm.MemArg, 'a>I', 1],
  i64Load16U: [0x33, 'i64.load16_u', Imm.MemArg, 'a>I', 1],
  i64Load32S: [0x34, 'i64.load32_s', Imm.MemArg, 'a>I', 2],
  i64Load32U: [0x35, 'i64.load32_u', Imm.MemArg, 'a>I', 2],
  i32Store: [0x36, 'i32.store', Imm.MemArg, 'ai>', 2],
  i64Store: [0x37, 'i64.store', Imm.MemArg, 'aI>', 3],
  f32Store: [0x38, 'f32.store', Imm.MemArg, 'af>', 2],
  f64Store: [0x39, 'f64.store', Imm.MemArg, 'aF>', 3],
  i32Store8: [0x3a, 'i32.store8', Imm.MemArg, 'ai>', 0],
  i32Store16: [0x3b, 'i32.store16', Imm.MemArg, 'ai>', 1],
  i64Store8: [0x3c, 'i64.store8', Imm.MemArg, 'aI>', 0],
  i64Store16: [0x3d, 'i64.store16', Imm.MemArg, 'aI>', 1],
  i64Store32: [0x3e, 'i64.store32', Imm.MemArg, 'aI>', 2],
  memorySize: [0x3f, 'memory.size', Imm.Memory, '>a'],
  memoryGrow: [0x40, 'memory.grow', Imm.Memory, 'a>a'],
  // Numeric instructions.
  i32Const: [0x41, 'i32.const', Imm.I32, '>i'],
  i64Const: [0x42, 'i64.const', Imm.I64, '>I'],
  f32Const: [0x43, 'f32.const', Imm.F32, '>f'],
  f64Const: [0x44, 'f64.const', Imm.F64, '>F'],
  i32Eqz: [0x45, 'i32.eqz', N, 'i>i'],
  i32Eq: [0x46, 'i32.eq', N, 'ii>i'],
  i32Ne: [0x47, 'i32.ne', N, 'ii>i'],
  i32LtS: [0x48, 'i32.lt_s', N, 'ii>i'],
  i32LtU: [0x49, 'i32.lt_u', N, 'ii>i'],
  i32GtS: [0x4a, 'i32.gt_s', N, 'ii>i'],
  i32GtU: [0x4b, 'i32.gt_u', N, 'ii>i'],
  i32LeS: [0x4c, 'i32.le_s', N, 'ii>i'],
  i32LeU: [0x4d, 'i32.le_u', N, 'ii>i'],
  i32GeS: [0x4e, 'i32.ge_s', N, 'ii>i'],
  i32GeU: [0x4f, 'i32.ge_u', N, 'ii>i'],
  i64Eqz: [0x50, 'i64.eqz', N, 'I>i'],
  i64Eq: [0x51, 'i64.eq', N, 'II>i'],
  i64Ne: [0x52, 'i64.ne', N, 'II>i'],
  i64LtS: [0x53, 'i64.lt_s', N, 'II>i'],
  i64LtU: [0x54, 'i64.lt_u', N, 'II>i'],
  i64GtS: [0x55, 'i64.gt_s', N, 'II>i'],
  i64GtU: [0x56, 'i64.gt_u', N, 'II>i'],
  i64LeS: [0x57, 'i64.le_s', N, 'II>i'],
  i64LeU: [0x58, 'i64.le_u', N, 'II>i'],
  i64GeS: [0x59, 'i64.ge_s', N, 'II>i'],
  i64GeU: [0x5a, 'i64.ge_u', N, 'II>i'],
  f32Eq: [0x5b, 'f32.eq', N, 'ff>i'],
  f32Ne: [0x5c, 'f32.ne', N, 'ff>i'],
  f32Lt: [0x5d, 'f32.lt', N, 'ff>i'],
  f32Gt: [0x5e, 'f32.gt', N, 'ff>i'],
  f32Le: [0x5f, 'f32.le', N, 'ff>i'],
  f32Ge: [0x60, 'f32.ge', N, 'ff>i'],
  f64Eq: [0x61, 'f64.eq', N, 'FF>i'],
  f64Ne: [0x62, 'f64.ne', N, 'FF>i'],
  f64Lt: [0x63, 'f64.lt', N, 'FF>i'],
  f64Gt: [0x64, 'f64.gt', N, 'FF>i'],
  f64Le: [0x65, 'f64.le', N, 'FF>i'],
  f64Ge: [0x66, 'f64.ge', N, 'FF>i'],
  i32Clz: [0x67, 'i32.clz', N, 'i>i'],
  i32Ctz: [0x68, 'i32.ctz', N, 'i>i'],
  i32Popcnt: [0x69, 'i32.popcnt', N, 'i>i'],
  i32Add: [0x6a, 'i32.add', N, 'ii>i'],
  i32Sub: [0x6b, 'i32.sub', N, 'ii>i'],
  i32Mul: [0x6c, 'i32.mul', N, 'ii>i'],
  i32DivS: [0x6d, 'i32.div_s', N, 'ii>i'],
  i32DivU: [0x6e, 'i32.div_u', N, 'ii>i'],
  i32RemS: [0x6f, 'i32.rem_s', N, 'ii>i'],
  i32RemU: [0x70, 'i32.rem_u', N, 'ii>i'],
  i32And: [0x71, 'i32.and', N, 'ii>i'],
  i32Or: [0x72, 'i32.or', N, 'ii>i'],
  i32Xor: [0x73, 'i32.xor', N, 'ii>i'],
  i32Shl: [0x74, 'i32.shl', N, 'ii>i'],
  i32ShrS: [0x75, 'i32.shr_s', N, 'ii>i'],
  i32ShrU: [0x76, 'i32.shr_u', N, 'ii>i'],
  i32Rotl: [0x77, 'i32.rotl', N, 'ii>i'],
  i32Rotr: [0x78, 'i32.rotr', N, 'ii>i'],
  i64Clz: [0x79, 'i64.clz', N, 'I>I'],
  i64Ctz: [0x7a, 'i64.ctz', N, 'I>I'],
  i64Popcnt: [0x7b, 'i64.popcnt', N, 'I>I'],
  i64Add: [0x7c, 'i64.add', N, 'II>I'],
  i64Sub: [0x7d, 'i64.sub', N, 'II>I'],
  i64Mul: [0x7e, 'i64.mul', N, 'II>I'],
  i64DivS: [0x7f, 'i64.div_s', N, 'II>I'],
  i64DivU: [0x80, 'i64.div_u', N, 'II>I'],
  i64RemS: [0x81, 'i64.rem_s', N, 'II>I'],
  i64RemU: [0x82, 'i64.rem_u', N, 'II>I'],
  i64And: [0x83, 'i64.and', N, 'II>I'],
  i64Or: [0x84, 'i64.or', N, 'II>I'],
  i64Xor: [0x85, 'i64.xor', N, 'II>I'],
  i64Shl: [0x86, 'i64.shl', N, 'II>I'],
  i64ShrS: [0x87, 'i64.shr_s', N, 'II>I'],
  i64ShrU: [0x88, 'i64.shr_u', N, 'II>I'],
  i64Rotl: [0x89, 'i64.rotl', N, 'II>I'],
  i64Rotr: [0x8a, 'i64.rotr', N, 'II>I'],
  f32Abs: [0x8b, 'f32.abs', N, 'f>f'],
  f32Neg: [0x8c, 'f32.neg', N, 'f>f'],
  f32Ceil: [0x8d, 'f32.ceil', N, 'f>f'],
  f32Floor: [0x8e, 'f32.floor', N, 'f>f'],
  f32Trunc: [0x8f, 'f32.trunc', N, 'f>f'],
  f32Nearest: [0x90, 'f32.nearest', N, 'f>f'],
  f32Sqrt: [0x91, 'f32.sqrt', N, 'f>f'],
  f32Add: [0x92, 'f32.add', N, 'ff>f'],
  f32Sub: [0x93, 'f32.sub', N, 'ff>f'],
  f32Mul: [0x94, 'f32.mul', N, 'ff>f'],
  f32Div: [0x95, 'f32.div', N, 'ff>f'],
  f32Min: [0x96, 'f32.min', N, 'ff>f'],
  f32Max: [0x97, 'f32.max', N, 'ff>f'],
  f32Copysign: [0x98, 'f32.copysign', N, 'ff>f'],
  f64Abs: [0x99, 'f64.abs', N, 'F>F'],
  f64Neg: [0x9a, 'f64.neg', N, 'F>F'],
  f64Ceil: [0x9b, 'f64.ceil', N, 'F>F'],
  f64Floor: [0x9c, 'f64.floor', N, 'F>F'],
  f64Trunc: [0x9d, 'f64.trunc', N, 'F>F'],
  f64Nearest: [0x9e, 'f64.nearest', N, 'F>F'],
  f64Sqrt: [0x9f, 'f64.sqrt', N, 'F>F'],
  f64Add: [0xa0, 'f64.add', N, 'FF>F'],
  f64Sub: [0xa1, 'f64.sub', N, 'FF>F'],
  f64Mul: [0xa2, 'f64.mul', N, 'FF>F'],
  f64Div: [0xa3, 'f64.div', N, 'FF>F'],
  f64Min: [0xa4, 'f64.min', N, 'FF>F'],
  f64Max: [0xa5, 'f64.max', N, 'FF>F'],
  f64Copysign: [0xa6, 'f64.copysign', N, 'FF>F'],
  i32WrapI64: [0xa7, 'i32.wrap_i64', N, 'I>i'],
  i32TruncF32S: [0xa8, 'i32.trunc_f32_s', N, 'f>i'],
  i32TruncF32U: [0xa9, 'i32.trunc_f32_u', N, 'f>i'],
  i32TruncF64S: [0xaa, 'i32.trunc_f64_s', N, 'F>i'],
  i32TruncF64U: [0xab, 'i32.trunc_f64_u', N, 'F>i'],
  i64ExtendI32S: [0xac, 'i64.extend_i32_s', N, 'i>I'],
  i64ExtendI32U: [0xad, 'i64.extend_i32_u', N, 'i>I'],
  i64TruncF32S: [0xae, 'i64.trunc_f32_s', N, 'f>I'],
  i64TruncF32U: [0xaf, 'i64.trunc_f32_u', N, 'f>I'],
  i64TruncF64S: [0xb0, 'i64.trunc_f64_s', N, 'F>I'],
  i64TruncF64U: [0xb1, 'i64.trunc_f64_u', N, 'F>I'],
  f32ConvertI32S: [0xb2, 'f32.convert_i32_s', N, 'i>f'],
  f32ConvertI32U: [0xb3, 'f32.convert_i32_u', N, 'i>f'],
  f32ConvertI64S: [0xb4, 'f32.convert_i64_s', N, 'I>f'],
  f32ConvertI64U: [0xb5, 'f32.convert_i64_u', N, 'I>f'],
  f32DemoteF64: [0xb6, 'f32.demote_f64', N, 'F>f'],
  f64ConvertI32S: [0xb7, 'f64.convert_i32_s', N, 'i>F'],
  f64ConvertI32U: [0xb8, 'f64.convert_i32_u', N, 'i>F'],
  f64ConvertI64S: [0xb9, 'f64.convert_i64_s', N, 'I>F'],
  f64ConvertI64U: [0xba, 'f64.convert_i64_u', N, 'I>F'],
  f64PromoteF32: [0xbb, 'f64.promote_f32', N, 'f>F'],
  i32ReinterpretF32: [0xbc, 'i32.reinterpret_f32', N, 'f>i'],
  i64ReinterpretF64: [0xbd, 'i64.reinterpret_f64', N, 'F>I'],
  f32ReinterpretI32: [0xbe, 'f32.reinterpret_i32', N, 'i>f'],
  f64ReinterpretI64: [0xbf, 'f64.reinterpret_i64', N, 'I>F'],
  i32Extend8S: [0xc0, 'i32.extend8_s', N, 'i>i'],
  i32Extend16S: [0xc1, 'i32.extend16_s', N, 'i>i'],
  i64Extend8S: [0xc2, 'i64.extend8_s', N, 'I>I'],
  i64Extend16S: [0xc3, 'i64.extend16_s', N, 'I>I'],
  i64Extend32S: [0xc4, 'i64.extend32_s', N, 'I>I'],
  // Reference instructions.
  refNull: [0xd0, 'ref.null', Imm.HeapType, null],
  refIsNull: [0xd1, 'ref.is_null', N, null],
  refFunc: [0xd2, 'ref.func', Imm.Func, null],
  refEq: [0xd3, 'ref.eq', N, null],
  refAsNonNull: [0xd4, 'ref.as_non_null', N, null],
  brOnNull: [0xd5, 'br_on_null', Imm.Label, null],
  brOnNonNull: [0xd6, 'br_on_non_null', Imm.Label, null],
  // Stack switching.
  contNew: [0xe0, 'cont.new', Imm.Type, null],
  contBind: [0xe1, 'cont.bind', Imm.TypeType, null],
  suspend: [0xe2, 'suspend', Imm.Tag, null],
  resume: [0xe3, 'resume', Imm.Resume, null],
  resumeThrow: [0xe4, 'resume_throw', Imm.ResumeThrow, null],
  resumeThrowRef: [0xe5, 'resume_throw_ref', Imm.Resume, null],
  switch: [0xe6, 'switch', Imm.Switch, null],
} as const satisfies Record<string, OpRow>;

/** 0xFC-prefixed: saturating truncation, bulk memory, tables. */
export const OPS_FC = {
  i32TruncSatF32S: [0x00, 'i32.trunc_sat_f32_s', N, 'f>i'],
  i32TruncSatF32U: [0x01, 'i32.trunc_sat_f32_u', N, 'f>i'],
  i32TruncSatF64S: [0x02, 'i32.trunc_sat_f64_s', N, 'F>i'],
  i32TruncSatF64U: [0x03, 'i32.trunc_sat_f64_u', N, 'F>i'],
  i64TruncSatF32S: [0x04, 'i64.trunc_sat_f32_s', N, 'f>I'],
  i64TruncSatF32U: [0x05, 'i64.trunc_sat_f32_u', N, 'f>I'],
  i64TruncSatF64S: [0x06, 'i64.trunc_sat_f64_s', N, 'F>I'],
  i64TruncSatF64U: [0x07, 'i64.trunc_sat_f64_u', N, 'F>I'],
  memoryInit: [0x08, 'memory.init', Imm.MemoryInit, null],
  dataDrop: [0x09, 'data.drop', Imm.Data, null],
  memoryCopy: [0x0a, 'memory.copy', Imm.MemoryCopy, null],
  memoryFill: [0x0b, 'memory.fill', Imm.Memory, 'aia>'],
  tableInit: [0x0c, 'table.init', Imm.TableInit, null],
  elemDrop: [0x0d, 'elem.drop', Imm.Elem, null],
  tableCopy: [0x0e, 'table.copy', Imm.TableCopy, null],
  tableGrow: [0x0f, 'table.grow', Imm.Table, null],
  tableSize: [0x10, 'table.size', Imm.Table, null],
  tableFill: [0x11, 'table.fill', Imm.Table, null],
} as const satisfies Record<string, OpRow>;

/** 0xFB-prefixed: GC (structs, arrays, i31, casts, extern conversion). */
export const OPS_FB = {
  structNew: [0x00, 'struct.new', Imm.Type, null],
  structNewDefault: [0x01, 'struct.new_default', Imm.Type, null],
  structGet: [0x02, 'struct.get', Imm.TypeField, null],
  structGetS: [0x03, 'struct.get_s', Imm.TypeField, null],
  structGetU: [0x04, 'struct.get_u', Imm.TypeField, null],
  structSet: [0x05, 'struct.set', Imm.TypeField, null],
  arrayNew: [0x06, 'array.new', Imm.Type, null],
  arrayNewDefault: [0x07, 'array.new_default', Imm.Type, null],
  arrayNewFixed: [0x08, 'array.new_fixed', Imm.TypeCount, null],
  arrayNewData: [0x09, 'array.new_data', Imm.TypeData, null],
  arrayNewElem: [0x0a, 'array.new_elem', Imm.TypeElem, null],
  arrayGet: [0x0b, 'array.get', Imm.Type, null],
  arrayGetS: [0x0c, 'array.get_s', Imm.Type, null],
  arrayGetU: [0x0d, 'array.get_u', Imm.Type, null],
  arraySet: [0x0e, 'array.set', Imm.Type, null],
  arrayLen: [0x0f, 'array.len', N, null],
  arrayFill: [0x10, 'array.fill', Imm.Type, null],
  arrayCopy: [0x11, 'array.copy', Imm.TypeType, null],
  arrayInitData: [0x12, 'array.init_data', Imm.TypeData, null],
  arrayInitElem: [0x13, 'array.init_elem', Imm.TypeElem, null],
  refTest: [0x14, 'ref.test', Imm.HeapType, null],
  refTestNull: [0x15, 'ref.test', Imm.HeapType, null],
  refCast: [0x16, 'ref.cast', Imm.HeapType, null],
  refCastNull: [0x17, 'ref.cast', Imm.HeapType, null],
  brOnCast: [0x18, 'br_on_cast', Imm.BrOnCast, null],
  brOnCastFail: [0x19, 'br_on_cast_fail', Imm.BrOnCast, null],
  anyConvertExtern: [0x1a, 'any.convert_extern', N, null],
  externConvertAny: [0x1b, 'extern.convert_any', N, null],
  refI31: [0x1c, 'ref.i31', N, null],
  i31GetS: [0x1d, 'i31.get_s', N, null],
  i31GetU: [0x1e, 'i31.get_u', N, null],
} as const satisfies Record<string, OpRow>;

const ML = Imm.MemArgLane;
const L = Imm.Lane;

/** 0xFD-prefixed: SIMD (fixed-width and relaxed). */
export const OPS_FD = {
  v128Load: [0x00, 'v128.load', Imm.MemArg, 'a>v', 4],
  v128Load8x8S: [0x01, 'v128.load8x8_s', Imm.MemArg, 'a>v', 3],
  v128Load8x8U: [0x02, 'v128.load8x8_u', Imm.MemArg, 'a>v', 3],
  v128Load16x4S: [0x03, 'v128.load16x4_s', Imm.MemArg, 'a>v', 3],
  v128Load16x4U: [0x04, 'v128.load16x4_u', Imm.MemArg, 'a>v', 3],
  v128Load32x2S: [0x05, 'v128.load32x2_s', Imm.MemArg, 'a>v', 3],
  v128Load32x2U: [0x06, 'v128.load32x2_u', Imm.MemArg, 'a>v', 3],
  v128Load8Splat: [0x07, 'v128.load8_splat', Imm.MemArg, 'a>v', 0],
  v128Load16Splat: [0x08, 'v128.load16_splat', Imm.MemArg, 'a>v', 1],
  v128Load32Splat: [0x09, 'v128.load32_splat', Imm.MemArg, 'a>v', 2],
  v128Load64Splat: [0x0a, 'v128.load64_splat', Imm.MemArg, 'a>v', 3],
  v128Store: [0x0b, 'v128.store', Imm.MemArg, 'av>', 4],
  v128Const: [0x0c, 'v128.const', Imm.V128, '>v'],
  i8x16Shuffle: [0x0d, 'i8x16.shuffle', Imm.Shuffle, 'vv>v', 32],
  i8x16Swizzle: [0x0e, 'i8x16.swizzle', N, 'vv>v'],
  i8x16Splat: [0x0f, 'i8x16.splat', N, 'i>v'],
  i16x8Splat: [0x10, 'i16x8.splat', N, 'i>v'],
  i32x4Splat: [0x11, 'i32x4.splat', N, 'i>v'],
  i64x2Splat: [0x12, 'i64x2.splat', N, 'I>v'],
  f32x4Splat: [0x13, 'f32x4.splat', N, 'f>v'],
  f64x2Splat: [0x14, 'f64x2.splat', N, 'F>v'],
  i8x16ExtractLaneS: [0x15, 'i8x16.extract_lane_s', L, 'v>i', 16],
  i8x16ExtractLaneU: [0x16, 'i8x16.extract_lane_u', L, 'v>i', 16],
  i8x16ReplaceLane: [0x17, 'i8x16.replace_lane', L, 'vi>v', 16],
  i16x8ExtractLaneS: [0x18, 'i16x8.extract_lane_s', L, 'v>i', 8],
  i16x8ExtractLaneU: [0x19, 'i16x8.extract_lane_u', L, 'v>i', 8],
  i16x8ReplaceLane: [0x1a, 'i16x8.replace_lane', L, 'vi>v', 8],
  i32x4ExtractLane: [0x1b, 'i32x4.extract_lane', L, 'v>i', 4],
  i32x4ReplaceLane: [0x1c, 'i32x4.replace_lane', L, 'vi>v', 4],
  i64x2ExtractLane: [0x1d, 'i64x2.extract_lane', L, 'v>I', 2],
  i64x2ReplaceLane: [0x1e, 'i64x2.replace_lane', L, 'vI>v', 2],
  f32x4ExtractLane: [0x1f, 'f32x4.extract_lane', L, 'v>f', 4],
  f32x4ReplaceLane: [0x20, 'f32x4.replace_lane', L, 'vf>v', 4],
  f64x2ExtractLane: [0x21, 'f64x2.extract_lane', L, 'v>F', 2],
  f64x2ReplaceLane: [0x22, 'f64x2.replace_lane', L, 'vF>v', 2],
  i8x16Eq: [0x23, 'i8x16.eq', N, 'vv>v'],
  i8x16Ne: [0x24, 'i8x16.ne', N, 'vv>v'],
  i8x16LtS: [0x25, 'i8x16.lt_s', N, 'vv>v'],
  i8x16LtU: [0x26, 'i8x16.lt_u', N, 'vv>v'],
  i8x16GtS: [0x27, 'i8x16.gt_s', N, 'vv>v'],
  i8x16GtU: [0x28, 'i8x16.gt_u', N, 'vv>v'],
  i8x16LeS: [0x29, 'i8x16.le_s', N, 'vv>v'],
  i8x16LeU: [0x2a, 'i8x16.le_u', N, 'vv>v'],
  i8x16GeS: [0x2b, 'i8x16.ge_s', N, 'vv>v'],
  i8x16GeU: [0x2c, 'i8x16.ge_u', N, 'vv>v'],
  i16x8Eq: [0x2d, 'i16x8.eq', N, 'vv>v'],
  i16x8Ne: [0x2e, 'i16x8.ne', N, 'vv>v'],
  i16x8LtS: [0x2f, 'i16x8.lt_s', N, 'vv>v'],
  i16x8LtU: [0x30, 'i16x8.lt_u', N, 'vv>v'],
  i16x8GtS: [0x31, 'i16x8.gt_s', N, 'vv>v'],
  i16x8GtU: [0x32, 'i16x8.gt_u', N, 'vv>v'],
  i16x8LeS: [0x33, 'i16x8.le_s', N, 'vv>v'],
  i16x8LeU: [0x34, 'i16x8.le_u', N, 'vv>v'],
  i16x8GeS: [0x35, 'i16x8.ge_s', N, 'vv>v'],
  i16x8GeU: [0x36, 'i16x8.ge_u', N, 'vv>v'],
  i32x4Eq: [0x37, 'i32x4.eq', N, 'vv>v'],
  i32x4Ne: [0x38, 'i32x4.ne', N, 'vv>v'],
  i32x4LtS: [0x39, 'i32x4.lt_s', N, 'vv>v'],
  i32x4LtU: [0x3a, 'i32x4.lt_u', N, 'vv>v'],
  i32x4GtS: [0x3b, 'i32x4.gt_s', N, 'vv>v'],
  i32x4GtU: [0x3c, 'i32x4.gt_u', N, 'vv>v'],
  i32x4LeS: [0x3d, 'i32x4.le_s', N, 'vv>v'],
  i32x4LeU: [0x3e, 'i32x4.le_u', N, 'vv>v'],
  i32x4GeS: [0x3f, 'i32x4.ge_s', N, 'vv>v'],
  i32x4GeU: [0x40, 'i32x4.ge_u', N, 'vv>v'],
  f32x4Eq: [0x41, 'f32x4.eq', N, 'vv>v'],
  f32x4Ne: [0x42, 'f32x4.ne', N, 'vv>v'],
  f32x4Lt: [0x43, 'f32x4.lt', N, 'vv>v'],
  f32x4Gt: [0x44, 'f32x4.gt', N, 'vv>v'],
  f32x4Le: [0x45, 'f32x4.le', N, 'vv>v'],
  f32x4Ge: [0x46, 'f32x4.ge', N, 'vv>v'],
  f64x2Eq: [0x47, 'f64x2.eq', N, 'vv>v'],
  f64x2Ne: [0x48, 'f64x2.ne', N, 'vv>v'],
  f64x2Lt: [0x49, 'f64x2.lt', N, 'vv>v'],
  f64x2Gt: [0x4a, 'f64x2.gt', N, 'vv>v'],
  f64x2Le: [0x4b, 'f64x2.le', N, 'vv>v'],
  f64x2Ge: [0x4c, 'f64x2.ge', N, 'vv>v'],
  v128Not: [0x4d, 'v128.not', N, 'v>v'],
  v128And: [0x4e, 'v128.and', N, 'vv>v'],
  v128Andnot: [0x4f, 'v128.andnot', N, 'vv>v'],
  v128Or: [0x50, 'v128.or', N, 'vv>v'],
  v128Xor: [0x51, 'v128.xor', N, 'vv>v'],
  v128Bitselect: [0x52, 'v128.bitselect', N, 'vvv>v'],
  v128AnyTrue: [0x53, 'v128.any_true', N, 'v>i'],
  v128Load8Lane: [0x54, 'v128.load8_lane', ML, 'av>v', 0],
  v128Load16Lane: [0x55, 'v128.load16_lane', ML, 'av>v', 1],
  v128Load32Lane: [0x56, 'v128.load32_lane', ML, 'av>v', 2],
  v128Load64Lane: [0x57, 'v128.load64_lane', ML, 'av>v', 3],
  v128Store8Lane: [0x58, 'v128.store8_lane', ML, 'av>', 0],
  v128Store16Lane: [0x59, 'v128.store16_lane', ML, 'av>', 1],
  v128Store32Lane: [0x5a, 'v128.store32_lane', ML, 'av>', 2],
  v128Store64Lane: [0x5b, 'v128.store64_lane', ML, 'av>', 3],
  v128Load32Zero: [0x5c, 'v128.load32_zero', Imm.MemArg, 'a>v', 2],
  v128Load64Zero: [0x5d, 'v128.load64_zero', Imm.MemArg, 'a>v', 3],
  f32x4DemoteF64x2Zero: [0x5e, 'f32x4.demote_f64x2_zero', N, 'v>v'],
  f64x2PromoteLowF32x4: [0x5f, 'f64x2.promote_low_f32x4', N, 'v>v'],
  i8x16Abs: [0x60, 'i8x16.abs', N, 'v>v'],
  i8x16Neg: [0x61, 'i8x16.neg', N, 'v>v'],
  i8x16Popcnt: [0x62, 'i8x16.popcnt', N, 'v>v'],
  i8x16AllTrue: [0x63, 'i8x16.all_true', N, 'v>i'],
  i8x16Bitmask: [0x64, 'i8x16.bitmask', N, 'v>i'],
  i8x16NarrowI16x8S: [0x65, 'i8x16.narrow_i16x8_s', N, 'vv>v'],
  i8x16NarrowI16x8U: [0x66, 'i8x16.narrow_i16x8_u', N, 'vv>v'],
  f32x4Ceil: [0x67, 'f32x4.ceil', N, 'v>v'],
  f32x4Floor: [0x68, 'f32x4.floor', N, 'v>v'],
  f32x4Trunc: [0x69, 'f32x4.trunc', N, 'v>v'],
  f32x4Nearest: [0x6a, 'f32x4.nearest', N, 'v>v'],
  i8x16Shl: [0x6b, 'i8x16.shl', N, 'vi>v'],
  i8x16ShrS: [0x6c, 'i8x16.shr_s', N, 'vi>v'],
  i8x16ShrU: [0x6d, 'i8x16.shr_u', N, 'vi>v'],
  i8x16Add: [0x6e, 'i8x16.add', N, 'vv>v'],
  i8x16AddSatS: [0x6f, 'i8x16.add_sat_s', N, 'vv>v'],
  i8x16AddSatU: [0x70, 'i8x16.add_sat_u', N, 'vv>v'],
  i8x16Sub: [0x71, 'i8x16.sub', N, 'vv>v'],
  i8x16SubSatS: [0x72, 'i8x16.sub_sat_s', N, 'vv>v'],
  i8x16SubSatU: [0x73, 'i8x16.sub_sat_u', N, 'vv>v'],
  f64x2Ceil: [0x74, 'f64x2.ceil', N, 'v>v'],
  f64x2Floor: [0x75, 'f64x2.floor', N, 'v>v'],
  i8x16MinS: [0x76, 'i8x16.min_s', N, 'vv>v'],
  i8x16MinU: [0x77, 'i8x16.min_u', N, 'vv>v'],
  i8x16MaxS: [0x78, 'i8x16.max_s', N, 'vv>v'],
  i8x16MaxU: [0x79, 'i8x16.max_u', N, 'vv>v'],
  f64x2Trunc: [0x7a, 'f64x2.trunc', N, 'v>v'],
  i8x16AvgrU: [0x7b, 'i8x16.avgr_u', N, 'vv>v'],
  i16x8ExtaddPairwiseI8x16S: [0x7c, 'i16x8.extadd_pairwise_i8x16_s', N, 'v>v'],
  i16x8ExtaddPairwiseI8x16U: [0x7d, 'i16x8.extadd_pairwise_i8x16_u', N, 'v>v'],
  i32x4ExtaddPairwiseI16x8S: [0x7e, 'i32x4.extadd_pairwise_i16x8_s', N, 'v>v'],
  i32x4ExtaddPairwiseI16x8U: [0x7f, 'i32x4.extadd_pairwise_i16x8_u', N, 'v>v'],
  i16x8Abs: [0x80, 'i16x8.abs', N, 'v>v'],
  i16x8Neg: [0x81, 'i16x8.neg', N, 'v>v'],
  i16x8Q15mulrSatS: [0x82, 'i16x8.q15mulr_sat_s', N, 'vv>v'],
  i16x8AllTrue: [0x83, 'i16x8.all_true', N, 'v>i'],
  i16x8Bitmask: [0x84, 'i16x8.bitmask', N, 'v>i'],
  i16x8NarrowI32x4S: [0x85, 'i16x8.narrow_i32x4_s', N, 'vv>v'],
  i16x8NarrowI32x4U: [0x86, 'i16x8.narrow_i32x4_u', N, 'vv>v'],
  i16x8ExtendLowI8x16S: [0x87, 'i16x8.extend_low_i8x16_s', N, 'v>v'],
  i16x8ExtendHighI8x16S: [0x88, 'i16x8.extend_high_i8x16_s', N, 'v>v'],
  i16x8ExtendLowI8x16U: [0x89, 'i16x8.extend_low_i8x16_u', N, 'v>v'],
  i16x8ExtendHighI8x16U: [0x8a, 'i16x8.extend_high_i8x16_u', N, 'v>v'],
  i16x8Shl: [0x8b, 'i16x8.shl', N, 'vi>v'],
  i16x8ShrS: [0x8c, 'i16x8.shr_s', N, 'vi>v'],
  i16x8ShrU: [0x8d, 'i16x8.shr_u', N, 'vi>v'],
  i16x8Add: [0x8e, 'i16x8.add', N, 'vv>v'],
  i16x8AddSatS: [0x8f, 'i16x8.add_sat_s', N, 'vv>v'],
  i16x8AddSatU: [0x90, 'i16x8.add_sat_u', N, 'vv>v'],
  i16x8Sub: [0x91, 'i16x8.sub', N, 'vv>v'],
  i16x8SubSatS: [0x92, 'i16x8.sub_sat_s', N, 'vv>v'],
  i16x8SubSatU: [0x93, 'i16x8.sub_sat_u', N, 'vv>v'],
  f64x2Nearest: [0x94, 'f64x2.nearest', N, 'v>v'],
  i16x8Mul: [0x95, 'i16x8.mul', N, 'vv>v'],
  i16x8MinS: [0x96, 'i16x8.min_s', N, 'vv>v'],
  i16x8MinU: [0x97, 'i16x8.min_u', N, 'vv>v'],
  i16x8MaxS: [0x98, 'i16x8.max_s', N, 'vv>v'],
  i16x8MaxU: [0x99, 'i16x8.max_u', N, 'vv>v'],
  i16x8AvgrU: [0x9b, 'i16x8.avgr_u', N, 'vv>v'],
  i16x8ExtmulLowI8x16S: [0x9c, 'i16x8.extmul_low_i8x16_s', N, 'vv>v'],
  i16x8ExtmulHighI8x16S: [0x9d, 'i16x8.extmul_high_i8x16_s', N, 'vv>v'],
  i16x8ExtmulLowI8x16U: [0x9e, 'i16x8.extmul_low_i8x16_u', N, 'vv>v'],
  i16x8ExtmulHighI8x16U: [0x9f, 'i16x8.extmul_high_i8x16_u', N, 'vv>v'],
  i32x4Abs: [0xa0, 'i32x4.abs', N, 'v>v'],
  i32x4Neg: [0xa1, 'i32x4.neg', N, 'v>v'],
  i32x4AllTrue: [0xa3, 'i32x4.all_true', N, 'v>i'],
  i32x4Bitmask: [0xa4, 'i32x4.bitmask', N, 'v>i'],
  i32x4ExtendLowI16x8S: [0xa7, 'i32x4.extend_low_i16x8_s', N, 'v>v'],
  i32x4ExtendHighI16x8S: [0xa8, 'i32x4.extend_high_i16x8_s', N, 'v>v'],
  i32x4ExtendLowI16x8U: [0xa9, 'i32x4.extend_low_i16x8_u', N, 'v>v'],
  i32x4ExtendHighI16x8U: [0xaa, 'i32x4.extend_high_i16x8_u', N, 'v>v'],
  i32x4Shl: [0xab, 'i32x4.shl', N, 'vi>v'],
  i32x4ShrS: [0xac, 'i32x4.shr_s', N, 'vi>v'],
  i32x4ShrU: [0xad, 'i32x4.shr_u', N, 'vi>v'],
  i32x4Add: [0xae, 'i32x4.add', N, 'vv>v'],
  i32x4Sub: [0xb1, 'i32x4.sub', N, 'vv>v'],
  i32x4Mul: [0xb5, 'i32x4.mul', N, 'vv>v'],
  i32x4MinS: [0xb6, 'i32x4.min_s', N, 'vv>v'],
  i32x4MinU: [0xb7, 'i32x4.min_u', N, 'vv>v'],
  i32x4MaxS: [0xb8, 'i32x4.max_s', N, 'vv>v'],
  i32x4MaxU: [0xb9, 'i32x4.max_u', N, 'vv>v'],
  i32x4DotI16x8S: [0xba, 'i32x4.dot_i16x8_s', N, 'vv>v'],
  i32x4ExtmulLowI16x8S: [0xbc, 'i32x4.extmul_low_i16x8_s', N, 'vv>v'],
  i32x4ExtmulHighI16x8S: [0xbd, 'i32x4.extmul_high_i16x8_s', N, 'vv>v'],
  i32x4ExtmulLowI16x8U: [0xbe, 'i32x4.extmul_low_i16x8_u', N, 'vv>v'],
  i32x4ExtmulHighI16x8U: [0xbf, 'i32x4.extmul_high_i16x8_u', N, 'vv>v'],
  i64x2Abs: [0xc0, 'i64x2.abs', N, 'v>v'],
  i64x2Neg: [0xc1, 'i64x2.neg', N, 'v>v'],
  i64x2AllTrue: [0xc3, 'i64x2.all_true', N, 'v>i'],
  i64x2Bitmask: [0xc4, 'i64x2.bitmask', N, 'v>i'],
  i64x2ExtendLowI32x4S: [0xc7, 'i64x2.extend_low_i32x4_s', N, 'v>v'],
  i64x2ExtendHighI32x4S: [0xc8, 'i64x2.extend_high_i32x4_s', N, 'v>v'],
  i64x2ExtendLowI32x4U: [0xc9, 'i64x2.extend_low_i32x4_u', N, 'v>v'],
  i64x2ExtendHighI32x4U: [0xca, 'i64x2.extend_high_i32x4_u', N, 'v>v'],
  i64x2Shl: [0xcb, 'i64x2.shl', N, 'vi>v'],
  i64x2ShrS: [0xcc, 'i64x2.shr_s', N, 'vi>v'],
  i64x2ShrU: [0xcd, 'i64x2.shr_u', N, 'vi>v'],
  i64x2Add: [0xce, 'i64x2.add', N, 'vv>v'],
  i64x2Sub: [0xd1, 'i64x2.sub', N, 'vv>v'],
  i64x2Mul: [0xd5, 'i64x2.mul', N, 'vv>v'],
  i64x2Eq: [0xd6, 'i64x2.eq', N, 'vv>v'],
  i64x2Ne: [0xd7, 'i64x2.ne', N, 'vv>v'],
  i64x2LtS: [0xd8, 'i64x2.lt_s', N, 'vv>v'],
  i64x2GtS: [0xd9, 'i64x2.gt_s', N, 'vv>v'],
  i64x2LeS: [0xda, 'i64x2.le_s', N, 'vv>v'],
  i64x2GeS: [0xdb, 'i64x2.ge_s', N, 'vv>v'],
  i64x2ExtmulLowI32x4S: [0xdc, 'i64x2.extmul_low_i32x4_s', N, 'vv>v'],
  i64x2ExtmulHighI32x4S: [0xdd, 'i64x2.extmul_high_i32x4_s', N, 'vv>v'],
  i64x2ExtmulLowI32x4U: [0xde, 'i64x2.extmul_low_i32x4_u', N, 'vv>v'],
  i64x2ExtmulHighI32x4U: [0xdf, 'i64x2.extmul_high_i32x4_u', N, 'vv>v'],
  f32x4Abs: [0xe0, 'f32x4.abs', N, 'v>v'],
  f32x4Neg: [0xe1, 'f32x4.neg', N, 'v>v'],
  f32x4Sqrt: [0xe3, 'f32x4.sqrt', N, 'v>v'],
  f32x4Add: [0xe4, 'f32x4.add', N, 'vv>v'],
  f32x4Sub: [0xe5, 'f32x4.sub', N, 'vv>v'],
  f32x4Mul: [0xe6, 'f32x4.mul', N, 'vv>v'],
  f32x4Div: [0xe7, 'f32x4.div', N, 'vv>v'],
  f32x4Min: [0xe8, 'f32x4.min', N, 'vv>v'],
  f32x4Max: [0xe9, 'f32x4.max', N, 'vv>v'],
  f32x4Pmin: [0xea, 'f32x4.pmin', N, 'vv>v'],
  f32x4Pmax: [0xeb, 'f32x4.pmax', N, 'vv>v'],
  f64x2Abs: [0xec, 'f64x2.abs', N, 'v>v'],
  f64x2Neg: [0xed, 'f64x2.neg', N, 'v>v'],
  f64x2Sqrt: [0xef, 'f64x2.sqrt', N, 'v>v'],
  f64x2Add: [0xf0, 'f64x2.add', N, 'vv>v'],
  f64x2Sub: [0xf1, 'f64x2.sub', N, 'vv>v'],
  f64x2Mul: [0xf2, 'f64x2.mul', N, 'vv>v'],
  f64x2Div: [0xf3, 'f64x2.div', N, 'vv>v'],
  f64x2Min: [0xf4, 'f64x2.min', N, 'vv>v'],
  f64x2Max: [0xf5, 'f64x2.max', N, 'vv>v'],
  f64x2Pmin: [0xf6, 'f64x2.pmin', N, 'vv>v'],
  f64x2Pmax: [0xf7, 'f64x2.pmax', N, 'vv>v'],
  i32x4TruncSatF32x4S: [0xf8, 'i32x4.trunc_sat_f32x4_s', N, 'v>v'],
  i32x4TruncSatF32x4U: [0xf9, 'i32x4.trunc_sat_f32x4_u', N, 'v>v'],
  f32x4ConvertI32x4S: [0xfa, 'f32x4.convert_i32x4_s', N, 'v>v'],
  f32x4ConvertI32x4U: [0xfb, 'f32x4.convert_i32x4_u', N, 'v>v'],
  i32x4TruncSatF64x2SZero: [0xfc, 'i32x4.trunc_sat_f64x2_s_zero', N, 'v>v'],
  i32x4TruncSatF64x2UZero: [0xfd, 'i32x4.trunc_sat_f64x2_u_zero', N, 'v>v'],
  f64x2ConvertLowI32x4S: [0xfe, 'f64x2.convert_low_i32x4_s', N, 'v>v'],
  f64x2ConvertLowI32x4U: [0xff, 'f64x2.convert_low_i32x4_u', N, 'v>v'],
  i8x16RelaxedSwizzle: [0x100, 'i8x16.relaxed_swizzle', N, 'vv>v'],
  i32x4RelaxedTruncF32x4S: [0x101, 'i32x4.relaxed_trunc_f32x4_s', N, 'v>v'],
  i32x4RelaxedTruncF32x4U: [0x102, 'i32x4.relaxed_trunc_f32x4_u', N, 'v>v'],
  i32x4RelaxedTruncF64x2SZero: [0x103, 'i32x4.relaxed_trunc_f64x2_s_zero', N, 'v>v'],
  i32x4RelaxedTruncF64x2UZero: [0x104, 'i32x4.relaxed_trunc_f64x2_u_zero', N, 'v>v'],
  f32x4RelaxedMadd: [0x105, 'f32x4.relaxed_madd', N, 'vvv>v'],
  f32x4RelaxedNmadd: [0x106, 'f32x4.relaxed_nmadd', N, 'vvv>v'],
  f64x2RelaxedMadd: [0x107, 'f64x2.relaxed_madd', N, 'vvv>v'],
  f64x2RelaxedNmadd: [0x108, 'f64x2.relaxed_nmadd', N, 'vvv>v'],
  i8x16RelaxedLaneselect: [0x109, 'i8x16.relaxed_laneselect', N, 'vvv>v'],
  i16x8RelaxedLaneselect: [0x10a, 'i16x8.relaxed_laneselect', N, 'vvv>v'],
  i32x4RelaxedLaneselect: [0x10b, 'i32x4.relaxed_laneselect', N, 'vvv>v'],
  i64x2RelaxedLaneselect: [0x10c, 'i64x2.relaxed_laneselect', N, 'vvv>v'],
  f32x4RelaxedMin: [0x10d, 'f32x4.relaxed_min', N, 'vv>v'],
  f32x4RelaxedMax: [0x10e, 'f32x4.relaxed_max', N, 'vv>v'],
  f64x2RelaxedMin: [0x10f, 'f64x2.relaxed_min', N, 'vv>v'],
  f64x2RelaxedMax: [0x110, 'f64x2.relaxed_max', N, 'vv>v'],
  i16x8RelaxedQ15mulrS: [0x111, 'i16x8.relaxed_q15mulr_s', N, 'vv>v'],
  i16x8RelaxedDotI8x16I7x16S: [0x112, 'i16x8.relaxed_dot_i8x16_i7x16_s', N, 'vv>v'],
  i32x4RelaxedDotI8x16I7x16AddS: [0x113, 'i32x4.relaxed_dot_i8x16_i7x16_add_s', N, 'vvv>v'],
} as const satisfies Record<string, OpRow>;

/** The prefix bytes of the prefixed groups. */
export const PREFIX_GC = 0xfb;
export const PREFIX_MISC = 0xfc;
export const PREFIX_SIMD = 0xfd;

type Codes<T extends Record<string, OpRow>> = { readonly [K in keyof T]: T[K][0] };
function codes<T extends Record<string, OpRow>>(rows: T): Codes<T> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(rows)) out[k] = rows[k][0];
  return Object.freeze(out) as Codes<T>;
}

/** name -> opcode byte (single-byte group). E.g. `WasmOp.i32Add === 0x6a`. */
export const WasmOp = codes(OPS);
/** name -> sub-opcode after the 0xFC prefix. */
export const WasmOpFC = codes(OPS_FC);
/** name -> sub-opcode after the 0xFB prefix. */
export const WasmOpFB = codes(OPS_FB);
/** name -> sub-opcode after the 0xFD prefix. */
export const WasmOpFD = codes(OPS_FD);

function index(rows: Record<string, OpRow>, size: number): (OpRow | undefined)[] {
  const out: (OpRow | undefined)[] = new Array(size).fill(undefined);
  for (const row of Object.values(rows)) out[row[0]] = row;
  return out;
}
const SINGLE_INDEX = index(OPS, 256);
const FC_INDEX = index(OPS_FC, 32);
const FB_INDEX = index(OPS_FB, 32);
const FD_INDEX = index(OPS_FD, 0x114);

/**
 * The row of an opcode: `prefix` is 0 for single-byte opcodes, else 0xFB/0xFC/0xFD with `code`
 * the sub-opcode. Undefined for an illegal opcode.
 */
export function opcodeInfo(prefix: number, code: number): OpRow | undefined {
  switch (prefix) {
    case 0:
      return SINGLE_INDEX[code];
    case PREFIX_MISC:
      return FC_INDEX[code];
    case PREFIX_GC:
      return FB_INDEX[code];
    case PREFIX_SIMD:
      return FD_INDEX[code];
  }
  return undefined;
}

/** Immediate kind per single-byte opcode, 0xFF for illegal or prefix bytes (hot-path table). */
export const SINGLE_IMM = new Uint8Array(256).fill(0xff);
for (const row of Object.values(OPS) as OpRow[]) SINGLE_IMM[row[0]] = row[2];
