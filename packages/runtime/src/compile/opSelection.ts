/**
 * Which internal instruction implements each plain wasm instruction: the numeric ones (with the
 * immediate form a constant operand selects), fast loads and stores, saturating truncations.
 * Keyed by the opcode table's names (binary/opcodes.ts); arities and result categories come
 * from its signatures.
 */
import { OPS, OPS_FC, type OpRow } from '../binary/opcodes.ts';
import { Op } from '../isa/op.generated.ts';
import { C32, C64 } from './valueCategory.ts';

/** A numeric instruction: internal op, arity, result category, immediate form (or -1), commutative. */
export type NumRow = readonly [op: number, arity: 1 | 2, cat: number, imm: number, comm: boolean];

/** Numeric wasm instruction -> [internal op, its immediate form, commutative (the constant may come first)]. */
const NUMERIC: Partial<Record<keyof typeof OPS, readonly [op: Op, imm?: Op, commutative?: boolean]>> = {
  i32Eqz: [Op.I32Eqz],
  i32Eq: [Op.I32Eq, Op.I32EqImm, true],
  i32Ne: [Op.I32Ne, Op.I32NeImm, true],
  i32LtS: [Op.I32LtS, Op.I32LtSImm],
  i32LtU: [Op.I32LtU, Op.I32LtUImm],
  i32GtS: [Op.I32GtS, Op.I32GtSImm],
  i32GtU: [Op.I32GtU, Op.I32GtUImm],
  i32LeS: [Op.I32LeS, Op.I32LeSImm],
  i32LeU: [Op.I32LeU, Op.I32LeUImm],
  i32GeS: [Op.I32GeS, Op.I32GeSImm],
  i32GeU: [Op.I32GeU, Op.I32GeUImm],
  i64Eqz: [Op.I64Eqz],
  i64Eq: [Op.I64Eq],
  i64Ne: [Op.I64Ne],
  i64LtS: [Op.I64LtS],
  i64LtU: [Op.I64LtU],
  i64GtS: [Op.I64GtS],
  i64GtU: [Op.I64GtU],
  i64LeS: [Op.I64LeS],
  i64LeU: [Op.I64LeU],
  i64GeS: [Op.I64GeS],
  i64GeU: [Op.I64GeU],
  f32Eq: [Op.F32Eq],
  f32Ne: [Op.F32Ne],
  f32Lt: [Op.F32Lt],
  f32Gt: [Op.F32Gt],
  f32Le: [Op.F32Le],
  f32Ge: [Op.F32Ge],
  f64Eq: [Op.F64Eq],
  f64Ne: [Op.F64Ne],
  f64Lt: [Op.F64Lt],
  f64Gt: [Op.F64Gt],
  f64Le: [Op.F64Le],
  f64Ge: [Op.F64Ge],
  i32Clz: [Op.I32Clz],
  i32Ctz: [Op.I32Ctz],
  i32Popcnt: [Op.I32Popcnt],
  i32Add: [Op.I32Add, Op.I32AddImm, true],
  i32Sub: [Op.I32Sub, Op.I32AddImm], // the immediate negated
  i32Mul: [Op.I32Mul, Op.I32MulImm, true],
  i32DivS: [Op.I32DivS],
  i32DivU: [Op.I32DivU],
  i32RemS: [Op.I32RemS],
  i32RemU: [Op.I32RemU],
  i32And: [Op.I32And, Op.I32AndImm, true],
  i32Or: [Op.I32Or, Op.I32OrImm, true],
  i32Xor: [Op.I32Xor, Op.I32XorImm, true],
  i32Shl: [Op.I32Shl, Op.I32ShlImm],
  i32ShrS: [Op.I32ShrS, Op.I32ShrSImm],
  i32ShrU: [Op.I32ShrU, Op.I32ShrUImm],
  i32Rotl: [Op.I32Rotl],
  i32Rotr: [Op.I32Rotr],
  i64Clz: [Op.I64Clz],
  i64Ctz: [Op.I64Ctz],
  i64Popcnt: [Op.I64Popcnt],
  i64Add: [Op.I64Add, Op.I64AddImm, true],
  i64Sub: [Op.I64Sub, Op.I64AddImm], // the immediate negated
  i64Mul: [Op.I64Mul, Op.I64MulImm, true],
  i64DivS: [Op.I64DivS],
  i64DivU: [Op.I64DivU],
  i64RemS: [Op.I64RemS],
  i64RemU: [Op.I64RemU],
  i64And: [Op.I64And, Op.I64AndImm, true],
  i64Or: [Op.I64Or, Op.I64OrImm, true],
  i64Xor: [Op.I64Xor, Op.I64XorImm, true],
  i64Shl: [Op.I64Shl, Op.I64ShlImm],
  i64ShrS: [Op.I64ShrS, Op.I64ShrSImm],
  i64ShrU: [Op.I64ShrU, Op.I64ShrUImm],
  i64Rotl: [Op.I64Rotl],
  i64Rotr: [Op.I64Rotr],
  f32Abs: [Op.F32Abs],
  f32Neg: [Op.F32Neg],
  f32Ceil: [Op.F32Ceil],
  f32Floor: [Op.F32Floor],
  f32Trunc: [Op.F32Trunc],
  f32Nearest: [Op.F32Nearest],
  f32Sqrt: [Op.F32Sqrt],
  f32Add: [Op.F32Add],
  f32Sub: [Op.F32Sub],
  f32Mul: [Op.F32Mul],
  f32Div: [Op.F32Div],
  f32Min: [Op.F32Min],
  f32Max: [Op.F32Max],
  f32Copysign: [Op.F32Copysign],
  f64Abs: [Op.F64Abs],
  f64Neg: [Op.F64Neg],
  f64Ceil: [Op.F64Ceil],
  f64Floor: [Op.F64Floor],
  f64Trunc: [Op.F64Trunc],
  f64Nearest: [Op.F64Nearest],
  f64Sqrt: [Op.F64Sqrt],
  f64Add: [Op.F64Add],
  f64Sub: [Op.F64Sub],
  f64Mul: [Op.F64Mul],
  f64Div: [Op.F64Div],
  f64Min: [Op.F64Min],
  f64Max: [Op.F64Max],
  f64Copysign: [Op.F64Copysign],
  i32TruncF32S: [Op.I32TruncF32S],
  i32TruncF32U: [Op.I32TruncF32U],
  i32TruncF64S: [Op.I32TruncF64S],
  i32TruncF64U: [Op.I32TruncF64U],
  i64ExtendI32S: [Op.I64ExtendI32S],
  i64ExtendI32U: [Op.I64ExtendI32U],
  i64TruncF32S: [Op.I64TruncF32S],
  i64TruncF32U: [Op.I64TruncF32U],
  i64TruncF64S: [Op.I64TruncF64S],
  i64TruncF64U: [Op.I64TruncF64U],
  f32ConvertI32S: [Op.F32ConvertI32S],
  f32ConvertI32U: [Op.F32ConvertI32U],
  f32ConvertI64S: [Op.F32ConvertI64S],
  f32ConvertI64U: [Op.F32ConvertI64U],
  f32DemoteF64: [Op.F32DemoteF64],
  f64ConvertI32S: [Op.F64ConvertI32S],
  f64ConvertI32U: [Op.F64ConvertI32U],
  f64ConvertI64S: [Op.F64ConvertI64S],
  f64ConvertI64U: [Op.F64ConvertI64U],
  f64PromoteF32: [Op.F64PromoteF32],
  i32Extend8S: [Op.I32Extend8S],
  i32Extend16S: [Op.I32Extend16S],
  i64Extend8S: [Op.I64Extend8S],
  i64Extend16S: [Op.I64Extend16S],
  i64Extend32S: [Op.I64Extend32S],
};

/** Fast memory-0 loads and stores by wasm instruction (the loaded category comes from the signature). */
const LOADS: Partial<Record<keyof typeof OPS, Op>> = {
  i32Load: Op.Load32, i64Load: Op.Load64, f32Load: Op.Load32, f64Load: Op.Load64,
  i32Load8S: Op.Load8S, i32Load8U: Op.Load8U, i32Load16S: Op.Load16S, i32Load16U: Op.Load16U,
  i64Load8S: Op.I64Load8S, i64Load8U: Op.I64Load8U, i64Load16S: Op.I64Load16S, i64Load16U: Op.I64Load16U,
  i64Load32S: Op.I64Load32S, i64Load32U: Op.I64Load32U,
};
const STORES: Partial<Record<keyof typeof OPS, Op>> = {
  i32Store: Op.Store32, i64Store: Op.Store64, f32Store: Op.Store32, f64Store: Op.Store64,
  i32Store8: Op.Store8, i32Store16: Op.Store16, i64Store8: Op.Store8, i64Store16: Op.Store16, i64Store32: Op.Store32,
};
const TRUNC_SAT: Partial<Record<keyof typeof OPS_FC, Op>> = {
  i32TruncSatF32S: Op.I32TruncSatF32S, i32TruncSatF32U: Op.I32TruncSatF32U,
  i32TruncSatF64S: Op.I32TruncSatF64S, i32TruncSatF64U: Op.I32TruncSatF64U,
  i64TruncSatF32S: Op.I64TruncSatF32S, i64TruncSatF32U: Op.I64TruncSatF32U,
  i64TruncSatF64S: Op.I64TruncSatF64S, i64TruncSatF64U: Op.I64TruncSatF64U,
};

/** A fixed signature's operand count and result category ('II>i': 2, C32). */
function shape(row: OpRow): [arity: number, cat: number] {
  const sig = row[3]!;
  const result = sig[sig.length - 1];
  return [sig.indexOf('>'), result === 'I' || result === 'F' ? C64 : C32];
}

/** Indexed by opcode (single-byte, or 0xFC sub-opcode for SAT_OF): what the compiler selects. */
export const NUM_OF: (NumRow | undefined)[] = [];
/** [internal load op, result category]. */
export const LOAD_OF: (readonly [number, number] | undefined)[] = [];
export const STORE_OF: (number | undefined)[] = [];
/** Saturating truncations by 0xFC sub-opcode: [internal op, result category]. */
export const SAT_OF: (readonly [number, number] | undefined)[] = [];

for (const [name, [op, imm = -1, comm = false]] of Object.entries(NUMERIC)) {
  const row: OpRow = OPS[name as keyof typeof OPS];
  const [arity, cat] = shape(row);
  NUM_OF[row[0]] = [op, arity as 1 | 2, cat, imm, comm];
}
for (const [name, op] of Object.entries(LOADS)) {
  const row: OpRow = OPS[name as keyof typeof OPS];
  LOAD_OF[row[0]] = [op, shape(row)[1]];
}
for (const [name, op] of Object.entries(STORES)) STORE_OF[OPS[name as keyof typeof OPS][0]] = op;
for (const [name, op] of Object.entries(TRUNC_SAT)) {
  const row: OpRow = OPS_FC[name as keyof typeof OPS_FC];
  SAT_OF[row[0]] = [op, shape(row)[1]];
}
