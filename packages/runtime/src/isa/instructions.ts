/**
 * The internal instruction set: one row per instruction the compiler (compile/) emits and the
 * interpreter (exec/interpreter.ts) runs. This table is the single source of truth for
 *   - the opcode numbering: `Op` (isa/op.generated.ts, and the copy in the interpreter that keeps
 *     its case labels literal), numbered in row order;
 *   - the layout the debugger walks code with (isa/layout.generated.ts: length, flow, branch
 *     target, argument base, result slot);
 *   - the disassembler (isa/disasm.ts).
 * `pnpm --filter @lantern/runtime gen:isa` regenerates the outputs; test/isa/isa.test.ts fails
 * when they are stale or when an interpreter case disagrees with its row (length, branch target
 * word, whether it can trap). docs/internals/adding-an-instruction.md walks through adding one.
 *
 * Columns: `operands` in the schema language of isa/operands.ts; `flow` (isa/flow.ts; default
 * Seq); `wasm` the wasm instructions it implements (alternatives; none for internal-only ops);
 * `fuses` for a superinstruction, the wasm instruction sequence it replaces, in order; `traps`
 * the trap codes it can raise; `trapsAt` for a fused instruction, which of its fused parts can
 * trap (each traps at that part's code-map entry: the instruction's own, or its `site` word's);
 * `result` the operand receiving the wasm result(s) when it is not the first `out` (calls).
 *
 * NB: rows are append-anywhere but order-sensitive in two places: LoadX/StoreX compare kinds by
 * range (I64Load8S..I64Load32U), and Throw..Switch must stay in exec/control.ts's Ctl order.
 */
import type { TrapCode } from '@lantern/traps';
import { Imm, OPS_FD, type OpRow } from '../binary/opcodes.ts';
import { Flow } from './flow.ts';

export type TrapName = Exclude<keyof typeof TrapCode, 'None'>;

export interface InstructionDef {
  readonly name: string;
  readonly operands: string;
  readonly flow?: Flow;
  readonly wasm?: readonly string[];
  readonly fuses?: readonly string[];
  readonly traps?: readonly TrapName[];
  readonly trapsAt?: readonly string[];
  readonly result?: string;
  readonly doc?: string;
}

const OOB: readonly TrapName[] = ['MemoryOutOfBounds'];
const DIV0: readonly TrapName[] = ['IntegerDivideByZero'];
const TRUNC: readonly TrapName[] = ['IntegerOverflow', 'InvalidConversionToInteger'];
const INDIRECT: readonly TrapName[] = ['TableOutOfBounds', 'UndefinedElement', 'UninitializedElement', 'IndirectCallTypeMismatch', 'StackExhausted'];

type More = Omit<InstructionDef, 'name' | 'operands'>;
const row = (name: string, operands: string, more: More = {}): InstructionDef => ({ name, operands, ...more });
/** d = a op b */
const bin = (name: string, wasm: string, more: More = {}) => row(name, 'd:out a:in b:in', { wasm: [wasm], ...more });
/** d = op a */
const un = (name: string, wasm: string, more: More = {}) => row(name, 'd:out a:in', { wasm: [wasm], ...more });
/** d = a op imm (the constant operand as an immediate) */
const binImm = (name: string, wasm: string) => row(name, 'd:out a:in imm:imm', { wasm: [wasm] });
/** d = a op imm64 */
const binImm64 = (name: string, wasm: string) => row(name, 'd:out a:in imm:imm64', { wasm: [wasm] });
/** An i32/i64 compare fused into the branch that tests it. */
const cmpBr = (name: string, cmp: string) => row(name, 'a:in b:in t:target', { flow: Flow.Cond, fuses: [cmp, 'br_if'] });
const cmpImmBr = (name: string, cmp: string) => row(name, 'a:in imm:imm t:target', { flow: Flow.Cond, fuses: [cmp, 'br_if'] });
/** Memory 0, 32-bit address: d = load((a + c) mod 2^32 + offset) */
const load = (name: string, ...wasm: string[]) => row(name, 'd:out a:in c:imm offset:offset', { wasm, traps: OOB });
const store = (name: string, ...wasm: string[]) => row(name, 'a:in v:in c:imm offset:offset', { wasm, traps: OOB });
const memMove = (name: string, load: string, store: string) =>
  row(name, 'da:in dc:imm doff:offset sa:in sc:imm soff:offset site:site', {
    fuses: [load, store], traps: OOB, trapsAt: [load, store],
    doc: 'a load whose value is only stored (memcpy loops); the load traps at the instruction, the store at its site word',
  });
/** A fused f64 op with an f64.load operand m = load((a + c) mod 2^32 + offset). */
const f64Mem = (name: string, fuses: string[], doc: string) =>
  row(name, 'd:out x:in a:in c:imm offset:offset', { fuses, traps: OOB, trapsAt: ['f64.load'], doc });
const f64Fma = (name: string, fuses: string[], doc: string) => row(name, 'd:out x:in a:in b:in', { fuses, doc });
/** The SIMD instructions (binary/opcodes.ts) with immediate kind `imm` and `ins` operands. */
const simdOps = (imm: number, ins: number, sig?: RegExp): string[] =>
  (Object.values(OPS_FD) as OpRow[]).filter((r) => r[2] === imm && r[3]!.indexOf('>') === ins && (sig === undefined || sig.test(r[3]!))).map((r) => r[1]);
/** A SIMD shape: its last word `k` is the wasm sub-opcode, which exec/simd.ts switches on. */
const simd = (name: string, operands: string, wasm: string[], more: More = {}) => row(name, `${operands} k:simd`, { wasm, ...more });
const control = (name: string, operands: string, wasm: string, more: More = {}) => row(name, operands, { flow: Flow.Control, wasm: [wasm], ...more });
const ARRAY: readonly TrapName[] = ['NullArrayReference', 'ArrayOutOfBounds'];
/** d = the field at word/cell `at` of struct a */
const structGet = (name: string, wasm: string) => row(name, 'd:out a:in at:imm', { wasm: [wasm], traps: ['NullStructureReference'] });
const structSet = (name: string) => row(name, 'a:in v:in at:imm', { wasm: ['struct.set'], traps: ['NullStructureReference'] });
/** d = element i of array a */
const arrayGet = (name: string, wasm: string) => row(name, 'd:out a:in i:in', { wasm: [wasm], traps: ARRAY });
const arraySet = (name: string) => row(name, 'a:in i:in v:in', { wasm: ['array.set'], traps: ARRAY });
const CLAUSES = 'n:count [kind:imm tag:tag dst:slot t:target]*n';

export const INSTRUCTIONS: readonly InstructionDef[] = [
  row('Unreachable', '', { flow: Flow.None, wasm: ['unreachable'], traps: ['Unreachable'] }),
  row('Tick', '', { doc: 'debug compile (at bodies and loop headers) or a sampling profiler (exec/sampling.ts: at loop headers; returns are TickReturns) only: every TICKS_PER_EXIT (or the sampler\'s count) exits so an async entry can yield' }),
  row('CountExec', 'slot:imm', { doc: "an exact profile's counter (exec/sampling.ts InstructionCounter): at each wasm instruction, counts its executions" }),
  row('Const32', 'd:out imm:imm', { wasm: ['i32.const', 'f32.const'], doc: 'a constant materialized into a slot' }),
  row('Const64', 'd:out imm:imm64', { wasm: ['i64.const', 'f64.const'], doc: 'a constant materialized into a slot' }),
  row('ConstFill', 'n:count len:words [slot:out v:imm64]*n', { doc: 'prologue: fills the constant slots once per call (len may also skip the ZeroRange)' }),
  row('Copy32', 'd:out a:in', { wasm: ['local.set', 'local.tee'], doc: 'also block results and branch values' }),
  row('Copy64', 'd:out a:in', { wasm: ['local.set', 'local.tee'], doc: 'also block results and branch values' }),
  row('CopyRef', 'd:out a:in', { wasm: ['local.set', 'local.tee'], doc: 'also block results and branch values' }),
  row('Copy32x2', 'd1:out a1:in d2:out a2:in', { fuses: ['local.set', 'local.set'], doc: "two copies in order: parallel moves at loop ends (also a local.tee's two, debug-compiled too)" }),
  row('Copy64x2', 'd1:out a1:in d2:out a2:in', { fuses: ['local.set', 'local.set'], doc: "two copies in order: parallel moves at loop ends (also a local.tee's two, debug-compiled too)" }),
  row('ZeroRange', 'from:slot to:slot', { doc: 'prologue: zeroes the declared locals some path reads before setting' }),
  row('NullRefs', 'from:slot to:slot', { doc: 'prologue: sets the reference locals to null' }),
  row('Br', 't:target', { flow: Flow.Br, wasm: ['br', 'else', 'end'] }),
  row('BrIf', 'a:in t:target', { flow: Flow.Cond, wasm: ['br_if', 'if'] }),
  row('BrUnless', 'a:in t:target', { flow: Flow.Cond, wasm: ['if', 'br_if'], doc: 'branches when a is 0 (an if skipping its then-block)' }),
  cmpBr('BrIfEq', 'i32.eq'), cmpBr('BrIfNe', 'i32.ne'), cmpBr('BrIfLtS', 'i32.lt_s'), cmpBr('BrIfLtU', 'i32.lt_u'),
  cmpBr('BrIfGtS', 'i32.gt_s'), cmpBr('BrIfGtU', 'i32.gt_u'), cmpBr('BrIfLeS', 'i32.le_s'), cmpBr('BrIfLeU', 'i32.le_u'),
  cmpBr('BrIfGeS', 'i32.ge_s'), cmpBr('BrIfGeU', 'i32.ge_u'),
  cmpImmBr('BrIfEqImm', 'i32.eq'), cmpImmBr('BrIfNeImm', 'i32.ne'), cmpImmBr('BrIfLtSImm', 'i32.lt_s'), cmpImmBr('BrIfLtUImm', 'i32.lt_u'),
  cmpImmBr('BrIfGtSImm', 'i32.gt_s'), cmpImmBr('BrIfGtUImm', 'i32.gt_u'), cmpImmBr('BrIfLeSImm', 'i32.le_s'), cmpImmBr('BrIfLeUImm', 'i32.le_u'),
  cmpImmBr('BrIfGeSImm', 'i32.ge_s'), cmpImmBr('BrIfGeUImm', 'i32.ge_u'),
  cmpBr('BrIfI64Eq', 'i64.eq'), cmpBr('BrIfI64Ne', 'i64.ne'), cmpBr('BrIfI64LtS', 'i64.lt_s'), cmpBr('BrIfI64LtU', 'i64.lt_u'),
  cmpBr('BrIfI64GtS', 'i64.gt_s'), cmpBr('BrIfI64GtU', 'i64.gt_u'), cmpBr('BrIfI64LeS', 'i64.le_s'), cmpBr('BrIfI64LeU', 'i64.le_u'),
  cmpBr('BrIfI64GeS', 'i64.ge_s'), cmpBr('BrIfI64GeU', 'i64.ge_u'),
  row('BrIfI64Eqz', 'a:in t:target', { flow: Flow.Cond, fuses: ['i64.eqz', 'br_if'] }),
  row('BrIfI64Nez', 'a:in t:target', { flow: Flow.Cond, fuses: ['i64.eqz', 'br_if'], doc: 'the negated sense (an if on i64.eqz)' }),
  row('BrIfAddImmNe', 'd:out a:in imm:imm b:in t:target', { flow: Flow.Cond, fuses: ['i32.add', 'i32.ne', 'br_if'], doc: "d = a + imm; branch if d != b: a loop's step and exit test" }),
  row('BrIfI64AddLtU', 'd:out a:in b:in n:in t:target', { flow: Flow.Cond, fuses: ['i64.add', 'i64.lt_u', 'br_if'], doc: 'd = a + b; branch if d <u n' }),
  row('BrIfAddImm', 'd:out a:in imm:imm t:target', { flow: Flow.Cond, fuses: ['i32.add', 'br_if'], doc: 'd = a + imm; branch if d != 0 (a loop counter tee\'d as the condition)' }),
  row('BrUnlessAddImm', 'd:out a:in imm:imm t:target', { flow: Flow.Cond, fuses: ['i32.add', 'br_if'], doc: 'd = a + imm; branch if d == 0' }),
  row('BrIfNull', 'a:in t:target', { flow: Flow.Cond, wasm: ['br_on_null', 'br_on_non_null'] }),
  row('BrIfNonNull', 'a:in t:target', { flow: Flow.Cond, wasm: ['br_on_non_null', 'br_on_null'] }),
  row('BrTable', 'a:in n:count [t:target]*n+1', { flow: Flow.Table, wasm: ['br_table'], doc: 'the last target is the default' }),
  row('Return', 'hdr:hdr', { flow: Flow.Return, wasm: ['return', 'end'], doc: 'the results are already at slots 0..' }),
  row('Call', 'f:func args:args', { flow: Flow.Call, wasm: ['call'], traps: ['StackExhausted'], result: 'args' }),
  row('CallIndirect', 'table:table type:type args:args idx:in is64:imm', { flow: Flow.Call, wasm: ['call_indirect'], traps: INDIRECT, result: 'args' }),
  row('CallRef', 'args:args ref:in', { flow: Flow.Call, wasm: ['call_ref'], traps: ['NullFunctionReference', 'StackExhausted'], result: 'args' }),
  row('ReturnCall', 'f:func args:args nArgs:imm hdr:hdr', { flow: Flow.TailCall, wasm: ['return_call'], traps: ['StackExhausted'], result: 'args' }),
  row('ReturnCallIndirect', 'table:table type:type args:args idx:in is64:imm nArgs:imm hdr:hdr', { flow: Flow.TailCall, wasm: ['return_call_indirect'], traps: INDIRECT, result: 'args' }),
  row('ReturnCallRef', 'args:args ref:in nArgs:imm hdr:hdr', { flow: Flow.TailCall, wasm: ['return_call_ref'], traps: ['NullFunctionReference', 'StackExhausted'], result: 'args' }),
  row('Select32', 'd:out a:in b:in c:in', { wasm: ['select'], doc: 'd = c ? a : b' }),
  row('Select64', 'd:out a:in b:in c:in', { wasm: ['select'], doc: 'd = c ? a : b' }),
  row('SelectRef', 'd:out a:in b:in c:in', { wasm: ['select'], doc: 'd = c ? a : b' }),
  row('GlobalGet32', 'd:out g:global', { wasm: ['global.get'] }),
  row('GlobalGet64', 'd:out g:global', { wasm: ['global.get'] }),
  row('GlobalGetRef', 'd:out g:global', { wasm: ['global.get'] }),
  row('GlobalSet32', 'g:global a:in', { wasm: ['global.set'] }),
  row('GlobalSet64', 'g:global a:in', { wasm: ['global.set'] }),
  row('GlobalSetRef', 'g:global a:in', { wasm: ['global.set'] }),
  load('Load32', 'i32.load', 'f32.load'), load('Load64', 'i64.load', 'f64.load'),
  load('Load8S', 'i32.load8_s'), load('Load8U', 'i32.load8_u'), load('Load16S', 'i32.load16_s'), load('Load16U', 'i32.load16_u'),
  load('I64Load8S', 'i64.load8_s'), load('I64Load8U', 'i64.load8_u'), load('I64Load16S', 'i64.load16_s'), load('I64Load16U', 'i64.load16_u'),
  load('I64Load32S', 'i64.load32_s'), load('I64Load32U', 'i64.load32_u'),
  store('Store32', 'i32.store', 'f32.store', 'i64.store32'), store('Store64', 'i64.store', 'f64.store'),
  store('Store8', 'i32.store8', 'i64.store8'), store('Store16', 'i32.store16', 'i64.store16'),
  memMove('MemMove8', 'i32.load8_u', 'i32.store8'), memMove('MemMove16', 'i32.load16_u', 'i32.store16'),
  memMove('MemMove32', 'i32.load', 'i32.store'), memMove('MemMove64', 'i64.load', 'i64.store'),
  row('MemMoveStoreSite', '', { doc: "a MemMove's last word (the store's code-map entry); run only by a retry of the store: reruns the move" }),
  row('LoadX', 'kind:op d:out a:in mem:mem offset:offset64', { wasm: ['i32.load', 'i64.load', 'f32.load', 'f64.load'], traps: OOB, doc: 'any memory, memory64: the access of fast load `kind`' }),
  row('StoreX', 'kind:op a:in v:in mem:mem offset:offset64', { wasm: ['i32.store', 'i64.store', 'f32.store', 'f64.store'], traps: OOB, doc: 'any memory, memory64: the access of fast store `kind`' }),
  row('MemorySize', 'd:out mem:mem', { wasm: ['memory.size'] }),
  row('MemoryGrow', 'd:out mem:mem a:in', { wasm: ['memory.grow'] }),
  row('MemoryFill', 'mem:mem d:in v:in n:in', { wasm: ['memory.fill'], traps: OOB }),
  row('MemoryCopy', 'dstMem:mem srcMem:mem d:in s:in n:in', { wasm: ['memory.copy'], traps: OOB }),
  row('MemoryInit', 'mem:mem seg:data d:in s:in n:in', { wasm: ['memory.init'], traps: OOB }),
  row('DataDrop', 'seg:data', { wasm: ['data.drop'] }),
  row('TableGet', 'd:out table:table a:in', { wasm: ['table.get'], traps: ['TableOutOfBounds'] }),
  row('TableSet', 'table:table a:in v:in', { wasm: ['table.set'], traps: ['TableOutOfBounds'] }),
  row('TableSize', 'd:out table:table', { wasm: ['table.size'] }),
  row('TableGrow', 'd:out table:table init:in delta:in', { wasm: ['table.grow'] }),
  row('TableFill', 'table:table i:in v:in n:in', { wasm: ['table.fill'], traps: ['TableOutOfBounds'] }),
  row('TableCopy', 'dstTable:table srcTable:table d:in s:in n:in', { wasm: ['table.copy'], traps: ['TableOutOfBounds'] }),
  row('TableInit', 'table:table seg:elem d:in s:in n:in', { wasm: ['table.init'], traps: ['TableOutOfBounds'] }),
  row('ElemDrop', 'seg:elem', { wasm: ['elem.drop'] }),
  row('RefNull', 'd:out', { wasm: ['ref.null'] }),
  row('RefIsNull', 'd:out a:in', { wasm: ['ref.is_null'] }),
  row('RefFunc', 'd:out f:func', { wasm: ['ref.func'] }),
  row('RefAsNonNull', 'd:out a:in', { wasm: ['ref.as_non_null'], traps: ['NullReference'] }),
  row('RefEq', 'd:out a:in b:in', { wasm: ['ref.eq'] }),
  bin('I32Add', 'i32.add'), bin('I32Sub', 'i32.sub'), bin('I32Mul', 'i32.mul'),
  bin('I32DivS', 'i32.div_s', { traps: ['IntegerDivideByZero', 'IntegerOverflow'] }), bin('I32DivU', 'i32.div_u', { traps: DIV0 }),
  bin('I32RemS', 'i32.rem_s', { traps: DIV0 }), bin('I32RemU', 'i32.rem_u', { traps: DIV0 }),
  bin('I32And', 'i32.and'), bin('I32Or', 'i32.or'), bin('I32Xor', 'i32.xor'), bin('I32Shl', 'i32.shl'), bin('I32ShrS', 'i32.shr_s'),
  bin('I32ShrU', 'i32.shr_u'), bin('I32Rotl', 'i32.rotl'), bin('I32Rotr', 'i32.rotr'),
  bin('I32Eq', 'i32.eq'), bin('I32Ne', 'i32.ne'), bin('I32LtS', 'i32.lt_s'), bin('I32LtU', 'i32.lt_u'), bin('I32GtS', 'i32.gt_s'),
  bin('I32GtU', 'i32.gt_u'), bin('I32LeS', 'i32.le_s'), bin('I32LeU', 'i32.le_u'), bin('I32GeS', 'i32.ge_s'), bin('I32GeU', 'i32.ge_u'),
  row('I32AddImm', 'd:out a:in imm:imm', { wasm: ['i32.add', 'i32.sub'], doc: 'i32.sub of a constant adds its negation' }),
  binImm('I32MulImm', 'i32.mul'), binImm('I32AndImm', 'i32.and'), binImm('I32OrImm', 'i32.or'), binImm('I32XorImm', 'i32.xor'),
  binImm('I32ShlImm', 'i32.shl'), binImm('I32ShrSImm', 'i32.shr_s'), binImm('I32ShrUImm', 'i32.shr_u'),
  binImm('I32EqImm', 'i32.eq'), binImm('I32NeImm', 'i32.ne'), binImm('I32LtSImm', 'i32.lt_s'), binImm('I32LtUImm', 'i32.lt_u'),
  binImm('I32GtSImm', 'i32.gt_s'), binImm('I32GtUImm', 'i32.gt_u'), binImm('I32LeSImm', 'i32.le_s'), binImm('I32LeUImm', 'i32.le_u'),
  binImm('I32GeSImm', 'i32.ge_s'), binImm('I32GeUImm', 'i32.ge_u'),
  un('I32Eqz', 'i32.eqz'), un('I32Clz', 'i32.clz'), un('I32Ctz', 'i32.ctz'), un('I32Popcnt', 'i32.popcnt'),
  un('I32Extend8S', 'i32.extend8_s'), un('I32Extend16S', 'i32.extend16_s'),
  row('I32AddShl', 'd:out x:in a:in k:imm', { fuses: ['i32.shl', 'i32.add'], doc: 'd = x + (a << k): a scaled index' }),
  row('I32XorLoad8U', 'd:out x:in a:in c:imm offset:offset', { fuses: ['i32.load8_u', 'i32.xor'], traps: OOB, trapsAt: ['i32.load8_u'], doc: 'd = x ^ byte: FNV-style hashes' }),
  row('I32AddLoad32', 'd:out x:in a:in c:imm offset:offset', { fuses: ['i32.load', 'i32.add'], traps: OOB, trapsAt: ['i32.load'], doc: 'd = x + word: sums' }),
  row('I32Add2', 'd1:out a1:in b1:in d2:out a2:in b2:in', { fuses: ['i32.add', 'i32.add'], doc: 'two adds in order: address arithmetic' }),
  row('I32AddImm2', 'd1:out a1:in imm1:imm d2:out a2:in imm2:imm', { fuses: ['i32.add', 'i32.add'], doc: "two adds of a constant in order: a loop's pointer and counter steps" }),
  row('Load32Shl', 'd:out a:in k:imm c:imm offset:offset', { fuses: ['i32.shl', 'i32.load'], traps: OOB, trapsAt: ['i32.load'], doc: 'i32.load at ((a << k) + c) mod 2^32 + offset' }),
  row('BrTableLoad32Shl', 'd:out n:count [t:target]*n+1 a:in k:imm c:imm offset:offset', {
    flow: Flow.Table, fuses: ['i32.shl', 'i32.load', 'br_table'], traps: OOB, trapsAt: ['i32.load'], doc: 'br_table on a Load32Shl (`switch (code[pc])`); d unused',
  }),
  bin('I64Add', 'i64.add'), bin('I64Sub', 'i64.sub'), bin('I64Mul', 'i64.mul'),
  bin('I64DivS', 'i64.div_s', { traps: ['IntegerDivideByZero', 'IntegerOverflow'] }), bin('I64DivU', 'i64.div_u', { traps: DIV0 }),
  bin('I64RemS', 'i64.rem_s', { traps: DIV0 }), bin('I64RemU', 'i64.rem_u', { traps: DIV0 }),
  bin('I64And', 'i64.and'), bin('I64Or', 'i64.or'), bin('I64Xor', 'i64.xor'), bin('I64Shl', 'i64.shl'), bin('I64ShrS', 'i64.shr_s'),
  bin('I64ShrU', 'i64.shr_u'), bin('I64Rotl', 'i64.rotl'), bin('I64Rotr', 'i64.rotr'),
  bin('I64Eq', 'i64.eq'), bin('I64Ne', 'i64.ne'), bin('I64LtS', 'i64.lt_s'), bin('I64LtU', 'i64.lt_u'), bin('I64GtS', 'i64.gt_s'),
  bin('I64GtU', 'i64.gt_u'), bin('I64LeS', 'i64.le_s'), bin('I64LeU', 'i64.le_u'), bin('I64GeS', 'i64.ge_s'), bin('I64GeU', 'i64.ge_u'),
  row('I64AddImm', 'd:out a:in imm:imm64', { wasm: ['i64.add', 'i64.sub'], doc: 'i64.sub of a constant adds its negation' }),
  binImm64('I64AndImm', 'i64.and'), binImm64('I64OrImm', 'i64.or'), binImm64('I64XorImm', 'i64.xor'), binImm64('I64MulImm', 'i64.mul'),
  binImm64('I64ShlImm', 'i64.shl'), binImm64('I64ShrSImm', 'i64.shr_s'), binImm64('I64ShrUImm', 'i64.shr_u'),
  row('I64XorShlImm', 'd:out b:in a:in k:imm', { fuses: ['i64.shl', 'i64.xor'], doc: 'd = b ^ (a << k), 0 < k < 64: xorshift' }),
  row('I64XorShrUImm', 'd:out b:in a:in k:imm', { fuses: ['i64.shr_u', 'i64.xor'], doc: 'd = b ^ (a >>> k), 0 < k < 64: xorshift' }),
  row('I64XorShrUMulImm', 'd:out b:in a:in k:imm imm:imm64', { fuses: ['i64.shr_u', 'i64.xor', 'i64.mul'], doc: 'd = (b ^ (a >>> k)) * imm: the hash-mixer / splitmix step' }),
  un('I64Eqz', 'i64.eqz'), un('I64Clz', 'i64.clz'), un('I64Ctz', 'i64.ctz'), un('I64Popcnt', 'i64.popcnt'),
  un('I64Extend8S', 'i64.extend8_s'), un('I64Extend16S', 'i64.extend16_s'), un('I64Extend32S', 'i64.extend32_s'),
  un('I64ExtendI32S', 'i64.extend_i32_s'), un('I64ExtendI32U', 'i64.extend_i32_u'),
  bin('F32Add', 'f32.add'), bin('F32Sub', 'f32.sub'), bin('F32Mul', 'f32.mul'), bin('F32Div', 'f32.div'), bin('F32Min', 'f32.min'),
  bin('F32Max', 'f32.max'), bin('F32Copysign', 'f32.copysign'), bin('F32Eq', 'f32.eq'), bin('F32Ne', 'f32.ne'), bin('F32Lt', 'f32.lt'),
  bin('F32Gt', 'f32.gt'), bin('F32Le', 'f32.le'), bin('F32Ge', 'f32.ge'),
  un('F32Abs', 'f32.abs'), un('F32Neg', 'f32.neg'), un('F32Ceil', 'f32.ceil'), un('F32Floor', 'f32.floor'), un('F32Trunc', 'f32.trunc'),
  un('F32Nearest', 'f32.nearest'), un('F32Sqrt', 'f32.sqrt'),
  bin('F64Add', 'f64.add'), bin('F64Sub', 'f64.sub'), bin('F64Mul', 'f64.mul'), bin('F64Div', 'f64.div'), bin('F64Min', 'f64.min'),
  bin('F64Max', 'f64.max'), bin('F64Copysign', 'f64.copysign'), bin('F64Eq', 'f64.eq'), bin('F64Ne', 'f64.ne'), bin('F64Lt', 'f64.lt'),
  bin('F64Gt', 'f64.gt'), bin('F64Le', 'f64.le'), bin('F64Ge', 'f64.ge'),
  un('F64Abs', 'f64.abs'), un('F64Neg', 'f64.neg'), un('F64Ceil', 'f64.ceil'), un('F64Floor', 'f64.floor'), un('F64Trunc', 'f64.trunc'),
  un('F64Nearest', 'f64.nearest'), un('F64Sqrt', 'f64.sqrt'),
  f64Mem('F64AddM', ['f64.load', 'f64.add'], 'd = x + m'),
  f64Mem('F64SubM', ['f64.load', 'f64.sub'], 'd = x - m'),
  f64Mem('F64RSubM', ['f64.load', 'f64.sub'], 'd = m - x'),
  f64Mem('F64MulM', ['f64.load', 'f64.mul'], 'd = x * m'),
  row('F64MulMAdd', 'd:out y:in x:in a:in c:imm offset:offset', { fuses: ['f64.load', 'f64.mul', 'f64.add'], traps: OOB, trapsAt: ['f64.load'], doc: 'd = y + x * m (m = f64.load): a multiply-add' }),
  f64Mem('F64AddToMem', ['f64.load', 'f64.add', 'f64.store'], 'm = x + m (`p->f += x`; d is the dead temporary; the load\'s check covers the store)'),
  f64Mem('F64RSubToMem', ['f64.load', 'f64.sub', 'f64.store'], 'm = m - x (`p->f -= x`; d is the dead temporary)'),
  row('F64AddStore', 'a:in c:imm offset:offset x:in y:in', { fuses: ['f64.add', 'f64.store'], traps: OOB, trapsAt: ['f64.store'], doc: 'f64.store of x + y' }),
  row('F64SubStore', 'a:in c:imm offset:offset x:in y:in', { fuses: ['f64.sub', 'f64.store'], traps: OOB, trapsAt: ['f64.store'], doc: 'f64.store of x - y' }),
  f64Fma('F64MulAdd', ['f64.mul', 'f64.add'], 'd = x + a*b (two roundings, as two instructions)'),
  f64Fma('F64MulSub', ['f64.mul', 'f64.sub'], 'd = x - a*b'),
  f64Fma('F64MulRSub', ['f64.mul', 'f64.sub'], 'd = a*b - x'),
  f64Fma('F64Mul3', ['f64.mul', 'f64.mul'], 'd = a*b*x'),
  un('I32TruncF32S', 'i32.trunc_f32_s', { traps: TRUNC }), un('I32TruncF32U', 'i32.trunc_f32_u', { traps: TRUNC }),
  un('I32TruncF64S', 'i32.trunc_f64_s', { traps: TRUNC }), un('I32TruncF64U', 'i32.trunc_f64_u', { traps: TRUNC }),
  un('I64TruncF32S', 'i64.trunc_f32_s', { traps: TRUNC }), un('I64TruncF32U', 'i64.trunc_f32_u', { traps: TRUNC }),
  un('I64TruncF64S', 'i64.trunc_f64_s', { traps: TRUNC }), un('I64TruncF64U', 'i64.trunc_f64_u', { traps: TRUNC }),
  un('I32TruncSatF32S', 'i32.trunc_sat_f32_s'), un('I32TruncSatF32U', 'i32.trunc_sat_f32_u'),
  un('I32TruncSatF64S', 'i32.trunc_sat_f64_s'), un('I32TruncSatF64U', 'i32.trunc_sat_f64_u'),
  un('I64TruncSatF32S', 'i64.trunc_sat_f32_s'), un('I64TruncSatF32U', 'i64.trunc_sat_f32_u'),
  un('I64TruncSatF64S', 'i64.trunc_sat_f64_s'), un('I64TruncSatF64U', 'i64.trunc_sat_f64_u'),
  un('F32ConvertI32S', 'f32.convert_i32_s'), un('F32ConvertI32U', 'f32.convert_i32_u'), un('F32ConvertI64S', 'f32.convert_i64_s'),
  un('F32ConvertI64U', 'f32.convert_i64_u'), un('F32DemoteF64', 'f32.demote_f64'),
  un('F64ConvertI32S', 'f64.convert_i32_s'), un('F64ConvertI32U', 'f64.convert_i32_u'), un('F64ConvertI64S', 'f64.convert_i64_s'),
  un('F64ConvertI64U', 'f64.convert_i64_u'), un('F64PromoteF32', 'f64.promote_f32'),
  // SIMD: v128 values take four int32 slots (two cells). One row per operand shape; exec/simd.ts does the lanes.
  row('V128Const', 'd:out l0:imm l1:imm l2:imm l3:imm', { wasm: ['v128.const'], doc: 'the four 32-bit lanes' }),
  row('Copy128', 'd:out a:in', { wasm: ['local.set', 'local.tee'], doc: 'also block results and branch values' }),
  row('Select128', 'd:out a:in b:in c:in', { wasm: ['select'], doc: 'd = c ? a : b' }),
  row('GlobalGet128', 'd:out g:global', { wasm: ['global.get'] }),
  row('GlobalSet128', 'g:global a:in', { wasm: ['global.set'] }),
  simd('SimdUnary', 'd:out a:in', simdOps(Imm.None, 1), { doc: 'v128 -> v128, v128 -> i32 (tests, bitmasks), splats' }),
  simd('SimdBinary', 'd:out a:in b:in', simdOps(Imm.None, 2), { doc: 'v128 x v128 -> v128, shifts (v128 x i32)' }),
  simd('SimdTernary', 'd:out a:in b:in c:in', simdOps(Imm.None, 3)),
  simd('SimdExtractLane', 'd:out a:in lane:imm', simdOps(Imm.Lane, 1)),
  simd('SimdReplaceLane', 'd:out a:in b:in lane:imm', simdOps(Imm.Lane, 2)),
  row('SimdShuffle', 'd:out a:in b:in l0:imm l1:imm l2:imm l3:imm', { wasm: ['i8x16.shuffle'], doc: 'the 16 lane indices, four bytes per word' }),
  simd('SimdLoad', 'd:out a:in mem:mem offset:offset64', simdOps(Imm.MemArg, 1, /^a>v$/), { traps: OOB }),
  row('SimdStore', 'a:in v:in mem:mem offset:offset64', { wasm: ['v128.store'], traps: OOB }),
  simd('SimdLoadLane', 'd:out a:in v:in mem:mem offset:offset64 lane:imm', simdOps(Imm.MemArgLane, 2, />v$/), { traps: OOB }),
  simd('SimdStoreLane', 'a:in v:in mem:mem offset:offset64 lane:imm', simdOps(Imm.MemArgLane, 2, />$/), { traps: OOB }),
  // GC (Wasm 3.0): objects in instances/gcObjects.ts; allocation and bulk paths in exec/gcAccess.ts.
  // `at` is a field's offset in the object's words (or refs); `type` a canonical type id.
  row('StructNew', 'd:out type:type args:in', { wasm: ['struct.new'], doc: 'the field values from args on, laid out as call arguments' }),
  row('StructNewDefault', 'd:out type:type', { wasm: ['struct.new_default'] }),
  structGet('StructGet32', 'struct.get'), structGet('StructGet64', 'struct.get'), structGet('StructGet128', 'struct.get'),
  // A packed field holds its bits zero-extended: struct.get_u is StructGet32.
  structGet('StructGetRef', 'struct.get'), structGet('StructGet8S', 'struct.get_s'), structGet('StructGet16S', 'struct.get_s'),
  structSet('StructSet32'), structSet('StructSet64'), structSet('StructSet128'), structSet('StructSetRef'),
  structSet('StructSet8'), structSet('StructSet16'),
  row('ArrayNew', 'd:out type:type v:in n:in', { wasm: ['array.new'], traps: ['ArrayOutOfBounds'], doc: 'traps when the engine cannot hold n elements' }),
  row('ArrayNewDefault', 'd:out type:type n:in', { wasm: ['array.new_default'], traps: ['ArrayOutOfBounds'] }),
  row('ArrayNewFixed', 'd:out type:type args:in n:imm', { wasm: ['array.new_fixed'], doc: 'the n elements from args on, laid out as call arguments' }),
  row('ArrayNewData', 'd:out type:type seg:data s:in n:in', { wasm: ['array.new_data'], traps: ['MemoryOutOfBounds', 'ArrayOutOfBounds'] }),
  row('ArrayNewElem', 'd:out type:type seg:elem s:in n:in', { wasm: ['array.new_elem'], traps: ['TableOutOfBounds'] }),
  arrayGet('ArrayGet32', 'array.get'), arrayGet('ArrayGet64', 'array.get'), arrayGet('ArrayGet128', 'array.get'),
  arrayGet('ArrayGetRef', 'array.get'), arrayGet('ArrayGet8S', 'array.get_s'), arrayGet('ArrayGet16S', 'array.get_s'),
  arraySet('ArraySet32'), arraySet('ArraySet64'), arraySet('ArraySet128'), arraySet('ArraySetRef'), arraySet('ArraySet8'), arraySet('ArraySet16'),
  row('ArrayLen', 'd:out a:in', { wasm: ['array.len'], traps: ['NullArrayReference'] }),
  row('ArrayFill', 'a:in i:in v:in n:in', { wasm: ['array.fill'], traps: ARRAY }),
  row('ArrayCopy', 'a:in i:in b:in j:in n:in', { wasm: ['array.copy'], traps: ARRAY }),
  row('ArrayInitData', 'a:in i:in s:in n:in seg:data', { wasm: ['array.init_data'], traps: [...ARRAY, 'MemoryOutOfBounds'] }),
  row('ArrayInitElem', 'a:in i:in s:in n:in seg:elem', { wasm: ['array.init_elem'], traps: [...ARRAY, 'TableOutOfBounds'] }),
  row('RefI31', 'd:out a:in', { wasm: ['ref.i31'] }),
  row('I31GetS', 'd:out a:in', { wasm: ['i31.get_s'], traps: ['NullI31Reference'] }),
  row('I31GetU', 'd:out a:in', { wasm: ['i31.get_u'], traps: ['NullI31Reference'] }),
  row('RefTest', 'd:out a:in heap:heap nullable:imm', { wasm: ['ref.test'] }),
  row('RefCast', 'd:out a:in heap:heap nullable:imm', { wasm: ['ref.cast'], traps: ['CastFailure'] }),
  row('BrOnCast', 'a:in heap:heap nullable:imm t:target', { flow: Flow.Cond, wasm: ['br_on_cast', 'br_on_cast_fail'], doc: 'branches when a is of the heap type' }),
  row('BrOnCastFail', 'a:in heap:heap nullable:imm t:target', { flow: Flow.Cond, wasm: ['br_on_cast_fail', 'br_on_cast'], doc: 'branches when a is not of the heap type' }),
  // Exceptions and stack switching: one interpreter case hands them to exec/control.ts (Ctl order).
  control('Throw', 'tag:tag args:args', 'throw'),
  control('ThrowRef', 'exn:in', 'throw_ref', { traps: ['NullExceptionReference'] }),
  row('ContNew', 'd:out f:in', { wasm: ['cont.new'], traps: ['NullFunctionReference', 'StackExhausted'] }),
  row('ContBind', 'd:out cont:in args:args n:imm', { wasm: ['cont.bind'], traps: ['NullContinuationReference', 'ContinuationAlreadyConsumed'] }),
  control('Suspend', 'tag:tag args:args', 'suspend', { traps: ['UnhandledTag'], result: 'args' }),
  control('Resume', `args:args cont:in nArgs:imm nResults:imm ${CLAUSES}`, 'resume', {
    traps: ['NullContinuationReference', 'ContinuationAlreadyConsumed', 'StackExhausted'], result: 'args',
    doc: 'clause kind 0: (on $tag $label), label slots at dst, code at t; kind 1: (on $tag switch)',
  }),
  control('ResumeThrow', `args:args cont:in tag:tag nResults:imm ${CLAUSES}`, 'resume_throw', {
    traps: ['NullContinuationReference', 'ContinuationAlreadyConsumed', 'StackExhausted'], result: 'args',
  }),
  control('ResumeThrowRef', `exn:in cont:in zero:imm nResults:imm ${CLAUSES}`, 'resume_throw_ref', {
    traps: ['NullContinuationReference', 'NullExceptionReference', 'ContinuationAlreadyConsumed', 'StackExhausted'], result: 'exn',
  }),
  control('Switch', 'args:args cont:in nArgs:imm tag:tag', 'switch', {
    traps: ['NullContinuationReference', 'ContinuationAlreadyConsumed', 'UnhandledTag', 'StackExhausted'], result: 'args',
  }),
  row('Break', '', {
    flow: Flow.None,
    doc: 'never emitted: the debugger patches it over an instruction\'s first word (the original kept in its patch table) to leave the loop with a Break exit',
  }),
  row('Meter', 'cost:imm', {
    traps: ['OutOfFuel', 'Interrupted'],
    doc: 'metered stores only (exec/meter.ts), ending the prologue and at loop headers: charges `cost` fuel, polls the interrupt flag',
  }),
  // A metered store's back edges (compile/controlStack.ts): a br / br_if to a loop's Meter that runs
  // that Meter in its own dispatch (falling through to its case) — unless a debugger patched it.
  row('BrIfBack', 'a:in t:target', { flow: Flow.Cond, wasm: ['br_if'], doc: "BrIf to a metered loop's header: the loop's Meter at its target runs in the same dispatch" }),
  row('BrBack', 't:target', { flow: Flow.Br, wasm: ['br'], doc: "Br to a metered loop's header: the loop's Meter at its target runs in the same dispatch" }),
  row('EnterCompiled', '', {
    flow: Flow.None,
    doc: 'never in a function\'s code: the store-wide entry of functions the tier runs as JavaScript (src/tier/); the frame is pushed as for any call, the loop exits with a Compiled exit',
  }),
  row('TickReturn', 'hdr:hdr', {
    flow: Flow.Return, wasm: ['return', 'end'],
    doc: "a sampling profiler's Return (exec/sampling.ts), in code not debug-compiled: a Tick (the returning frame still there) and the Return in one dispatch",
  }),
];
