/**
 * What each Meter of a metered function charges (exec/meter.ts): per region — the function body,
 * each loop body — the number of wasm instructions directly in it, not in a loop nested in it
 * (whose Meter charges for those). One pass through a region runs each of its instructions at
 * most once (branches inside it go forward; only a loop's go back, to its own Meter), so the
 * charge bounds what that pass executes. The interpreter's compiler and the JS tier both charge
 * these numbers, so fuel runs out at the same place whichever runs the code.
 */
import { ByteReader } from '../binary/reader.ts';
import { readOpcodeImm, skipImmediates } from '../binary/immediates.ts';
import { WasmOp } from '../binary/opcodes.ts';

/** The key of the function body's cost in `meterCosts`' map (loops are keyed by their module offset). */
export const BODY = -1;

/** Region → fuel charged per pass: BODY, and each `loop` by the module offset of its opcode. */
export function meterCosts(bytes: Uint8Array, codeStart: number, codeEnd: number): Map<number, number> {
  const costs = new Map<number, number>([[BODY, 0]]);
  // Per open block, the region it charges to; a loop opens a region of its own.
  const regions: number[] = [BODY];
  const r = new ByteReader(bytes, codeStart, codeEnd);
  while (r.pos < codeEnd) {
    const at = r.pos;
    const op = bytes[at];
    let region = regions[regions.length - 1];
    if (op === WasmOp.loop) {
      costs.set(at, 0);
      regions.push(at);
    } else if (op === WasmOp.block || op === WasmOp.if || op === WasmOp.try || op === WasmOp.tryTable) {
      regions.push(region);
    } else if ((op === WasmOp.end || op === WasmOp.delegate) && regions.length > 1) {
      regions.pop();
    }
    if (op === WasmOp.loop) region = at;
    costs.set(region, costs.get(region)! + 1);
    skipImmediates(r, readOpcodeImm(r));
  }
  return costs;
}
