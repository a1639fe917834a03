/**
 * On-stack replacement's map of a body: the constructs enclosing one loop. A translation entered
 * at that loop (codegen.ts, `osrLoop`) opens each of them without running the instructions before
 * the next one on the way (their effects are in the frame already), and for an enclosing `if`
 * takes the arm the loop is in.
 */
import { ByteReader } from '../binary/reader.ts';
import { readOpcodeImm, skipImmediates } from '../binary/immediates.ts';

export interface OsrStep {
  /** Module offset of the enclosing block, loop or if (or of the target loop, last). */
  offset: number;
  /** For an `if`: the loop is in its else arm. */
  inElse: boolean;
}

/** The constructs from the body's outermost down to the loop at `loopOffset` (last), or null if no loop starts there. */
export function osrPath(bytes: Uint8Array, codeStart: number, codeEnd: number, loopOffset: number): OsrStep[] | null {
  const r = new ByteReader(bytes, codeStart, codeEnd);
  const open: OsrStep[] = [];
  while (r.pos < codeEnd) {
    const at = r.pos;
    const op = bytes[at];
    if (at === loopOffset) return op === 0x03 ? [...open, { offset: at, inElse: false }] : null;
    if (op === 0x02 || op === 0x03 || op === 0x04 || op === 0x06 || op === 0x1f) open.push({ offset: at, inElse: false });
    else if (op === 0x05 && open.length > 0) open[open.length - 1].inElse = true;
    else if (op === 0x0b) open.pop();
    skipImmediates(r, readOpcodeImm(r));
  }
  return null;
}
