/**
 * DWARF expression decoding (DWARF 5 §2.5/§2.6, plus DW_OP_WASM_location from tool-conventions
 * Dwarf.md) and a printer in llvm-dwarfdump's syntax, so tests can compare expressions with the
 * committed dumps and the debugger can show them.
 *
 * Invariants: operands are bigint (DW_OP_constu may carry a full 64-bit value); signed operands
 * are already sign-extended. `decodeExpression` stops at the first undecodable byte and reports
 * the rest as a single op with code -1 (never throws).
 */

import { ByteReader } from '../byteReader.ts';
import { DW_OP } from './constants.ts';

export interface ExpressionOp {
  /** Offset of the opcode inside the expression (branch targets are relative to these). */
  readonly offset: number;
  readonly code: number;
  readonly args: readonly bigint[];
  /** Block operand of implicit_value / entry_value / const_type. */
  readonly block?: Uint8Array;
  /** Offset just past this op. */
  readonly next: number;
}

const DW_OP_GNU_push_tls_address = 0xe0;
const DW_OP_GNU_addr_index = 0xfb;
const DW_OP_GNU_const_index = 0xfc;

const OP_NAMES = new Map<number, string>();
for (const [k, v] of Object.entries(DW_OP)) OP_NAMES.set(v, 'DW_OP_' + k);
for (let i = 0; i < 32; i++) {
  OP_NAMES.set(DW_OP.lit0 + i, `DW_OP_lit${i}`);
  OP_NAMES.set(DW_OP.reg0 + i, `DW_OP_reg${i}`);
  OP_NAMES.set(DW_OP.breg0 + i, `DW_OP_breg${i}`);
}
OP_NAMES.set(DW_OP_GNU_push_tls_address, 'DW_OP_GNU_push_tls_address');
OP_NAMES.set(DW_OP_GNU_addr_index, 'DW_OP_GNU_addr_index');
OP_NAMES.set(DW_OP_GNU_const_index, 'DW_OP_GNU_const_index');

export function opName(code: number): string {
  return OP_NAMES.get(code) ?? `DW_OP_unknown_0x${code.toString(16)}`;
}

/** Ops whose (first) operand is signed, printed with an explicit sign by llvm-dwarfdump. */
function isSignedOperand(code: number, index: number): boolean {
  if (code >= DW_OP.breg0 && code <= DW_OP.breg31) return true;
  switch (code) {
    case DW_OP.const1s:
    case DW_OP.const2s:
    case DW_OP.const4s:
    case DW_OP.const8s:
    case DW_OP.consts:
    case DW_OP.fbreg:
      return true;
    case DW_OP.bregx:
    case DW_OP.implicit_pointer:
      return index === 1;
    default:
      return false;
  }
}

export function decodeExpression(bytes: Uint8Array, addressSize = 4): ExpressionOp[] {
  const ops: ExpressionOp[] = [];
  const r = new ByteReader(bytes);
  while (!r.atEnd) {
    const offset = r.pos;
    try {
      const code = r.u8();
      const args: bigint[] = [];
      let block: Uint8Array | undefined;
      const u = () => args.push(r.ulebBig());
      const s = () => args.push(r.slebBig());
      if (code >= DW_OP.breg0 && code <= DW_OP.breg31) s();
      else
        switch (code) {
          case DW_OP.addr:
            args.push(addressSize === 8 ? r.u64() : BigInt(r.unsigned(addressSize)));
            break;
          case DW_OP.const1u:
          case DW_OP.pick:
          case DW_OP.deref_size:
          case DW_OP.xderef_size:
            args.push(BigInt(r.u8()));
            break;
          case DW_OP.const1s:
            args.push(BigInt(r.i8()));
            break;
          case DW_OP.const2u:
          case DW_OP.call2:
            args.push(BigInt(r.u16()));
            break;
          case DW_OP.const2s:
          case DW_OP.skip:
          case DW_OP.bra:
            args.push(BigInt((r.u16() << 16) >> 16));
            break;
          case DW_OP.const4u:
          case DW_OP.call4:
          case DW_OP.call_ref:
            args.push(BigInt(r.u32()));
            break;
          case DW_OP.const4s:
            args.push(BigInt(r.u32() | 0));
            break;
          case DW_OP.const8u:
            args.push(r.u64());
            break;
          case DW_OP.const8s:
            args.push(BigInt.asIntN(64, r.u64()));
            break;
          case DW_OP.constu:
          case DW_OP.plus_uconst:
          case DW_OP.regx:
          case DW_OP.piece:
          case DW_OP.addrx:
          case DW_OP.constx:
          case DW_OP.convert:
          case DW_OP.reinterpret:
          case DW_OP_GNU_addr_index:
          case DW_OP_GNU_const_index:
            u();
            break;
          case DW_OP.consts:
          case DW_OP.fbreg:
            s();
            break;
          case DW_OP.bregx:
            u();
            s();
            break;
          case DW_OP.bit_piece:
          case DW_OP.regval_type:
            u();
            u();
            break;
          case DW_OP.deref_type:
            args.push(BigInt(r.u8()));
            u();
            break;
          case DW_OP.implicit_value:
          case DW_OP.entry_value:
          case DW_OP.GNU_entry_value: {
            const len = r.uleb();
            args.push(BigInt(len));
            block = r.bytesView(len);
            break;
          }
          case DW_OP.implicit_pointer:
            args.push(BigInt(r.u32()));
            s();
            break;
          case DW_OP.const_type: {
            u();
            const len = r.u8();
            args.push(BigInt(len));
            block = r.bytesView(len);
            break;
          }
          case DW_OP.WASM_location: {
            const kind = r.u8();
            args.push(BigInt(kind));
            args.push(kind === 3 ? BigInt(r.u32()) : r.ulebBig());
            break;
          }
          default:
            break; // no operands (or unknown: decoded as operand-less)
        }
      ops.push({ offset, code, args, ...(block ? { block } : {}), next: r.pos });
    } catch {
      ops.push({ offset, code: -1, args: [], next: bytes.length });
      break;
    }
  }
  return ops;
}

function hex(v: bigint): string {
  return '0x' + BigInt.asUintN(64, v).toString(16);
}

/**
 * llvm-dwarfdump's rendering: "DW_OP_WASM_location 0x0 0x1, DW_OP_stack_value", "DW_OP_fbreg +12".
 * `unitOffset` turns DW_OP_convert's unit-relative DIE offset into the absolute one it prints.
 */
export function describeExpression(bytes: Uint8Array, addressSize = 4, unitOffset = 0): string {
  return decodeExpression(bytes, addressSize)
    .map((op) => {
      if (op.code === -1) return '<decoding error>';
      const name = opName(op.code);
      if (op.code === DW_OP.convert || op.code === DW_OP.reinterpret) {
        const ref = op.args[0] === 0n ? 0n : op.args[0] + BigInt(unitOffset);
        return `${name} (0x${ref.toString(16).padStart(8, '0')})`;
      }
      if (op.args.length === 0) return name;
      const parts = op.args.map((a, i) => (isSignedOperand(op.code, i) ? (a < 0n ? `${a}` : `+${a}`) : hex(a)));
      return `${name} ${parts.join(' ')}`;
    })
    .join(', ');
}
