/**
 * A decode-only pass over a function body: checks the instruction ENCODING (opcodes,
 * immediates, block structure, the final `end` at the declared body end) without typing.
 *
 * The validator decodes bodies itself, so this pass is not on the normal path. It exists so
 * that a module that is both malformed and invalid is reported as malformed, as the spec
 * requires (the reference interpreter decodes the whole module before validating anything):
 * when validation fails, validateModule scans every body and, if one is malformed, throws that
 * error instead.
 *
 * Structure follows the reference decoder: a block's instruction sequence stops at `end`,
 * `else`, `catch`, `catch_all` (and `delegate`); anything but the expected terminator there is
 * "END opcode expected". Reading is not bounded by the body's size: a body that runs past its
 * declared end is a "section size mismatch" once its final `end` is found.
 */
import type { FunctionBody } from '../syntax/moduleInfo.ts';
import { ByteReader } from './reader.ts';
import { readOpcodeImm, skipImmediates } from './immediates.ts';

const K_BLOCK = 0;
const K_IF = 1;
const K_ELSE = 2;
const K_TRY = 3;
const K_CATCH = 4;
const K_CATCH_ALL = 5;

/** Throws the CompileError of the first malformation in `body`, if any. */
export function scanFunctionBody(bytes: Uint8Array, body: FunctionBody): void {
  const r = new ByteReader(bytes, body.codeStart);
  const kinds: number[] = [K_BLOCK];
  while (kinds.length > 0) {
    const at = r.pos;
    const op = r.peek();
    if (op < 0) r.fail('unexpected end of section or function', r.end);
    const top = kinds[kinds.length - 1];
    switch (op) {
      case 0x05: // else
        if (top !== K_IF) r.fail('END opcode expected', at);
        kinds[kinds.length - 1] = K_ELSE;
        r.pos++;
        continue;
      case 0x07: // catch
        if (top !== K_TRY && top !== K_CATCH) r.fail('END opcode expected', at);
        kinds[kinds.length - 1] = K_CATCH;
        r.pos++;
        r.u32();
        continue;
      case 0x19: // catch_all
        if (top !== K_TRY && top !== K_CATCH) r.fail('END opcode expected', at);
        kinds[kinds.length - 1] = K_CATCH_ALL;
        r.pos++;
        continue;
      case 0x18: // delegate
        if (top !== K_TRY) r.fail('misplaced DELEGATE opcode', at);
        r.pos++;
        r.u32();
        kinds.pop();
        continue;
      case 0x0b: // end
        r.pos++;
        kinds.pop();
        continue;
    }
    skipImmediates(r, readOpcodeImm(r));
    switch (op) {
      case 0x02: // block
      case 0x03: // loop
      case 0x1f: // try_table
        kinds.push(K_BLOCK);
        break;
      case 0x04: // if
        kinds.push(K_IF);
        break;
      case 0x06: // try
        kinds.push(K_TRY);
        break;
    }
  }
  if (r.pos !== body.codeEnd) r.fail('section size mismatch', body.entryOffset);
}
