/**
 * The DWARF location-expression evaluator for WebAssembly frames (DWARF 5 §2.5–2.6,
 * DW_OP_WASM_location per WebAssembly tool-conventions, Debugging.md).
 *
 * It runs over an abstract `FrameAccess` (locals, globals, operand stack, linear memory), so it
 * needs no interpreter: the debugger adapts its frame cursor to this interface.
 *
 * Semantics chosen (the same as LLDB and the Chrome DWARF extension):
 * - `DW_OP_WASM_location k i` PUSHES THE CONTENT of local/global/operand slot i, like a register
 *   read. If it is the whole location (no further ops), the result is the slot itself
 *   (`kind: 'wasm'`, a register location); followed by `DW_OP_stack_value` the result is that
 *   value; followed by arithmetic it is an ordinary stack value.
 * - `DW_OP_fbreg n` = frame base + n, where the frame base comes from the function's
 *   DW_AT_frame_base, itself evaluated here (usually `WASM_location 0 N, stack_value` at -O0 or
 *   `WASM_location 3 0, stack_value` = global __stack_pointer at -O2): the base is the slot's
 *   i32 value, an address in linear memory.
 * - Without `DW_OP_stack_value` the top of the stack is a MEMORY address (linear memory 0).
 * - The stack holds 64-bit two's-complement bigints; addresses are masked to 32 bits (wasm32).
 *   Values read straight from a slot also keep their typed form (`raw`) so an f32/f64 local is
 *   shown with its own bits, not a truncated integer.
 * - Never throws: unsupported ops (DW_OP_regN, call_frame_cfa, entry_value, TLS) give
 *   `{kind: 'error'}`; an empty expression or an empty piece gives `optimizedOut`.
 */

import { DW_OP, WASM_LOCATION } from './constants.ts';
import { decodeExpression, opName } from './expression.ts';

/** A slot value with its wasm type, for frames that know it (preferred for floats). */
export interface TypedWasmValue {
  readonly type: 'i32' | 'i64' | 'f32' | 'f64';
  readonly value: number | bigint;
}

/**
 * What the evaluator reads. Plain numbers are taken as i32 when integral and as f64 otherwise;
 * bigints as i64. Return a TypedWasmValue to be exact about f32/f64.
 */
export type SlotValue = number | bigint | TypedWasmValue;

export interface FrameAccess {
  readLocal(index: number): SlotValue;
  readGlobal(index: number): SlotValue;
  /** Operand-stack slot; index 0 is the BOTTOM of the function's operand stack. */
  readOperand(index: number): SlotValue;
  readMemory(address: number, length: number): Uint8Array;
  /** The function's DW_AT_frame_base expression, or an already computed base address. */
  readonly frameBase?: Uint8Array | number | bigint;
}

export type WasmSpace = 'local' | 'global' | 'operand';

export type LocationResult =
  | { readonly kind: 'memory'; readonly address: number }
  | { readonly kind: 'value'; readonly value: bigint; readonly raw?: SlotValue }
  | { readonly kind: 'wasm'; readonly space: WasmSpace; readonly index: number }
  | { readonly kind: 'implicit'; readonly bytes: Uint8Array }
  | { readonly kind: 'pieces'; readonly pieces: readonly { readonly size: number; readonly location: LocationResult }[] }
  | { readonly kind: 'optimizedOut' }
  | { readonly kind: 'error'; readonly message: string };

export interface EvaluateOptions {
  readonly addressSize?: number;
  /** Resolves DW_OP_addrx / DW_OP_constx (DWARF 5 .debug_addr). */
  readonly addressAtIndex?: (index: number) => number | undefined;
}

interface Entry {
  v: bigint;
  raw?: SlotValue;
}

const U64 = (v: bigint) => BigInt.asUintN(64, v);
const S64 = (v: bigint) => BigInt.asIntN(64, v);

export function slotToBigInt(v: SlotValue): bigint {
  if (typeof v === 'bigint') return U64(v);
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return U64(BigInt(v));
    return floatBits(v, 'f64');
  }
  if (v.type === 'f32' || v.type === 'f64') return floatBits(Number(v.value), v.type);
  return U64(BigInt(v.value));
}

function floatBits(v: number, type: 'f32' | 'f64'): bigint {
  const dv = new DataView(new ArrayBuffer(8));
  if (type === 'f32') {
    dv.setFloat32(0, v, true);
    return BigInt(dv.getUint32(0, true));
  }
  dv.setFloat64(0, v, true);
  return dv.getBigUint64(0, true);
}

class EvalError extends Error {}

export function evaluateLocation(expr: Uint8Array, frame: FrameAccess, options: EvaluateOptions = {}): LocationResult {
  try {
    return evaluate(expr, frame, options, 0);
  } catch (e) {
    return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}

function evaluate(expr: Uint8Array, frame: FrameAccess, options: EvaluateOptions, depth: number): LocationResult {
  if (depth > 4) throw new EvalError('frame base recursion');
  const addressSize = options.addressSize ?? 4;
  const ops = decodeExpression(expr, addressSize);
  if (ops.length === 0) return { kind: 'optimizedOut' };
  const byOffset = new Map<number, number>();
  ops.forEach((op, i) => byOffset.set(op.offset, i));
  const stack: Entry[] = [];
  const pieces: { size: number; location: LocationResult }[] = [];
  let isValue = false;
  let slot: { space: WasmSpace; index: number } | undefined;
  let opsSinceSlot = 0;
  let implicit: Uint8Array | undefined;

  const pop = (): Entry => {
    const e = stack.pop();
    if (!e) throw new EvalError('DWARF expression stack underflow');
    return e;
  };
  const push = (v: bigint, raw?: SlotValue) => {
    stack.push(raw === undefined ? { v: U64(v) } : { v: U64(v), raw });
    opsSinceSlot++;
  };
  const addr = (v: bigint) => Number(BigInt.asUintN(addressSize * 8, v));
  const readWord = (address: number, size: number): bigint => {
    const bytes = frame.readMemory(address, size);
    if (bytes.length < size) throw new EvalError(`memory read of ${size} bytes at 0x${address.toString(16)} failed`);
    let v = 0n;
    for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
    return v;
  };
  const readSlot = (space: WasmSpace, index: number): SlotValue =>
    space === 'local' ? frame.readLocal(index) : space === 'global' ? frame.readGlobal(index) : frame.readOperand(index);
  const currentLocation = (): LocationResult => {
    if (implicit) return { kind: 'implicit', bytes: implicit };
    if (slot && opsSinceSlot === 0 && !isValue) return { kind: 'wasm', space: slot.space, index: slot.index };
    if (stack.length === 0) return { kind: 'optimizedOut' };
    const top = stack[stack.length - 1];
    if (isValue) return top.raw !== undefined ? { kind: 'value', value: top.v, raw: top.raw } : { kind: 'value', value: top.v };
    return { kind: 'memory', address: addr(top.v) };
  };

  let pc = 0;
  let steps = 0;
  while (pc < ops.length) {
    if (++steps > 10000) throw new EvalError('DWARF expression does not terminate');
    const op = ops[pc++];
    const c = op.code;
    const a0 = op.args[0] ?? 0n;
    if (c >= DW_OP.lit0 && c <= DW_OP.lit31) {
      push(BigInt(c - DW_OP.lit0));
      continue;
    }
    if ((c >= DW_OP.reg0 && c <= DW_OP.breg31) || c === DW_OP.regx || c === DW_OP.bregx) {
      throw new EvalError(`${opName(c)} has no meaning on WebAssembly`);
    }
    switch (c) {
      case DW_OP.WASM_location: {
        const kind = Number(op.args[0]);
        const index = Number(op.args[1]);
        const space: WasmSpace | undefined =
          kind === WASM_LOCATION.local ? 'local' : kind === WASM_LOCATION.operand ? 'operand' : kind === WASM_LOCATION.global || kind === WASM_LOCATION.globalFixed ? 'global' : undefined;
        if (!space) throw new EvalError(`unknown DW_OP_WASM_location kind ${kind}`);
        const raw = readSlot(space, index);
        push(slotToBigInt(raw), raw);
        slot = { space, index };
        opsSinceSlot = 0;
        break;
      }
      case DW_OP.addr:
      case DW_OP.const1u:
      case DW_OP.const1s:
      case DW_OP.const2u:
      case DW_OP.const2s:
      case DW_OP.const4u:
      case DW_OP.const4s:
      case DW_OP.const8u:
      case DW_OP.const8s:
      case DW_OP.constu:
      case DW_OP.consts:
        push(a0);
        break;
      case DW_OP.addrx:
      case DW_OP.constx: {
        const v = options.addressAtIndex?.(Number(a0));
        if (v === undefined) throw new EvalError(`${opName(c)} ${a0}: no .debug_addr entry`);
        push(BigInt(v));
        break;
      }
      case DW_OP.fbreg: {
        const base = frameBase(frame, options, depth);
        push(base + a0);
        break;
      }
      case DW_OP.dup:
        push(stack.length ? stack[stack.length - 1].v : pop().v);
        break;
      case DW_OP.drop:
        pop();
        opsSinceSlot++;
        break;
      case DW_OP.over: {
        if (stack.length < 2) throw new EvalError('DW_OP_over: stack underflow');
        push(stack[stack.length - 2].v);
        break;
      }
      case DW_OP.pick: {
        const i = stack.length - 1 - Number(a0);
        if (i < 0) throw new EvalError('DW_OP_pick: stack underflow');
        push(stack[i].v);
        break;
      }
      case DW_OP.swap: {
        const b = pop();
        const a = pop();
        stack.push(b, a);
        opsSinceSlot++;
        break;
      }
      case DW_OP.rot: {
        const t0 = pop();
        const t1 = pop();
        const t2 = pop();
        stack.push(t0, t2, t1);
        opsSinceSlot++;
        break;
      }
      case DW_OP.deref:
        push(readWord(addr(pop().v), addressSize));
        break;
      case DW_OP.deref_size:
        push(readWord(addr(pop().v), Number(a0)));
        break;
      case DW_OP.abs: {
        const v = S64(pop().v);
        push(v < 0n ? -v : v);
        break;
      }
      case DW_OP.neg:
        push(-S64(pop().v));
        break;
      case DW_OP.not:
        push(~pop().v);
        break;
      case DW_OP.plus_uconst:
        push(pop().v + a0);
        break;
      case DW_OP.and:
      case DW_OP.or:
      case DW_OP.xor:
      case DW_OP.plus:
      case DW_OP.minus:
      case DW_OP.mul:
      case DW_OP.div:
      case DW_OP.mod:
      case DW_OP.shl:
      case DW_OP.shr:
      case DW_OP.shra:
      case DW_OP.eq:
      case DW_OP.ne:
      case DW_OP.lt:
      case DW_OP.le:
      case DW_OP.gt:
      case DW_OP.ge: {
        const b = pop().v;
        const a = pop().v;
        push(binary(c, a, b));
        break;
      }
      case DW_OP.skip:
        pc = jump(byOffset, op.next + Number(a0));
        break;
      case DW_OP.bra:
        if (pop().v !== 0n) pc = jump(byOffset, op.next + Number(a0));
        break;
      case DW_OP.nop:
        break;
      case DW_OP.stack_value:
        isValue = true;
        break;
      case DW_OP.implicit_value:
        implicit = op.block;
        break;
      case DW_OP.piece: {
        pieces.push({ size: Number(a0), location: currentLocation() });
        stack.length = 0;
        isValue = false;
        slot = undefined;
        implicit = undefined;
        break;
      }
      default:
        throw new EvalError(`unsupported ${opName(c)}`);
    }
  }
  if (pieces.length > 0) {
    if (stack.length > 0 || slot || implicit) throw new EvalError('trailing location after the last DW_OP_piece');
    return { kind: 'pieces', pieces };
  }
  return currentLocation();
}

function jump(byOffset: Map<number, number>, target: number): number {
  const i = byOffset.get(target);
  if (i === undefined) {
    // A branch to the very end is legal.
    let max = -1;
    for (const k of byOffset.keys()) max = Math.max(max, k);
    if (target > max) return Number.MAX_SAFE_INTEGER;
    throw new EvalError(`branch into the middle of an operation (offset ${target})`);
  }
  return i;
}

function binary(c: number, a: bigint, b: bigint): bigint {
  switch (c) {
    case DW_OP.and:
      return a & b;
    case DW_OP.or:
      return a | b;
    case DW_OP.xor:
      return a ^ b;
    case DW_OP.plus:
      return a + b;
    case DW_OP.minus:
      return a - b;
    case DW_OP.mul:
      return a * b;
    case DW_OP.div:
      if (b === 0n) throw new EvalError('DW_OP_div by zero');
      return S64(a) / S64(b);
    case DW_OP.mod:
      if (b === 0n) throw new EvalError('DW_OP_mod by zero');
      return a % b;
    case DW_OP.shl:
      return b >= 64n ? 0n : a << b;
    case DW_OP.shr:
      return b >= 64n ? 0n : a >> b;
    case DW_OP.shra:
      return S64(a) >> (b >= 64n ? 63n : b);
    case DW_OP.eq:
      return a === b ? 1n : 0n;
    case DW_OP.ne:
      return a !== b ? 1n : 0n;
    case DW_OP.lt:
      return S64(a) < S64(b) ? 1n : 0n;
    case DW_OP.le:
      return S64(a) <= S64(b) ? 1n : 0n;
    case DW_OP.gt:
      return S64(a) > S64(b) ? 1n : 0n;
    default:
      return S64(a) >= S64(b) ? 1n : 0n;
  }
}

function frameBase(frame: FrameAccess, options: EvaluateOptions, depth: number): bigint {
  const fb = frame.frameBase;
  if (fb === undefined) throw new EvalError('DW_OP_fbreg without a frame base');
  if (typeof fb === 'number' || typeof fb === 'bigint') return U64(BigInt(fb));
  const r = evaluate(fb, { ...frame, frameBase: undefined, readLocal: frame.readLocal.bind(frame), readGlobal: frame.readGlobal.bind(frame), readOperand: frame.readOperand.bind(frame), readMemory: frame.readMemory.bind(frame) }, options, depth + 1);
  switch (r.kind) {
    case 'value':
      return BigInt.asUintN(32, r.value);
    case 'memory':
      return BigInt(r.address);
    case 'wasm': {
      const raw = r.space === 'local' ? frame.readLocal(r.index) : r.space === 'global' ? frame.readGlobal(r.index) : frame.readOperand(r.index);
      return BigInt.asUintN(32, slotToBigInt(raw));
    }
    default:
      throw new EvalError(`frame base is not usable (${r.kind})`);
  }
}

/**
 * The bytes of a located object of `size` bytes (little-endian), or undefined when optimized out
 * or unreadable. Memory locations are read through the frame; values are truncated/zero-extended.
 */
export function readLocationBytes(result: LocationResult, size: number, frame: FrameAccess): Uint8Array | undefined {
  switch (result.kind) {
    case 'memory':
      return frame.readMemory(result.address, size);
    case 'value':
      return result.raw !== undefined ? slotBytes(result.raw, size) : bigintBytes(result.value, size);
    case 'wasm': {
      const raw = result.space === 'local' ? frame.readLocal(result.index) : result.space === 'global' ? frame.readGlobal(result.index) : frame.readOperand(result.index);
      // An object wider than its slot cannot live in it: clang passes aggregates (byval structs)
      // as a pointer in the local yet records the local as the location, so read through it.
      if (size > slotWidth(raw)) return frame.readMemory(Number(BigInt.asUintN(32, slotToBigInt(raw))), size);
      return slotBytes(raw, size);
    }
    case 'implicit': {
      const out = new Uint8Array(size);
      out.set(result.bytes.subarray(0, size));
      return out;
    }
    case 'pieces': {
      const out = new Uint8Array(size);
      let at = 0;
      for (const p of result.pieces) {
        const part = readLocationBytes(p.location, p.size, frame);
        if (!part) return undefined;
        out.set(part.subarray(0, Math.max(0, Math.min(p.size, size - at))), at);
        at += p.size;
      }
      return out;
    }
    default:
      return undefined;
  }
}

function bigintBytes(v: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = BigInt.asUintN(64, v);
  for (let i = 0; i < size && i < 8; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** Bytes a slot holds: 4 for i32/f32 (and plain integral numbers), 8 for i64/f64 (and bigints). */
function slotWidth(v: SlotValue): number {
  if (typeof v === 'object') return v.type === 'i64' || v.type === 'f64' ? 8 : 4;
  if (typeof v === 'bigint') return 8;
  return Number.isInteger(v) ? 4 : 8;
}

function slotBytes(v: SlotValue, size: number): Uint8Array {
  if (typeof v === 'object' && v.type === 'f32') {
    const out = new Uint8Array(Math.max(size, 4));
    new DataView(out.buffer).setFloat32(0, Number(v.value), true);
    return out.subarray(0, size);
  }
  return bigintBytes(slotToBigInt(v), size);
}
