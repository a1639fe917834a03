/**
 * Assignment (`set var x = 3`, DAP setVariable / setExpression): writes a value to the place an
 * expression names — a source variable in linear memory (encoded by its C type), a wasm local, an
 * operand, a mutable global, one lane of a v128 held in one of those, or a mutable field or
 * element of a GC struct or array.
 */
import { UserError } from './userError.ts';
import { evaluate, scalarSize, type EvalEnv, type Evaluated, type Place } from './evaluator.ts';
import { withV128Lane, writeGcChild } from '../frames/wasmValue.ts';
import { parseLiteral } from './literal.ts';

/** Evaluates `target`, writes `valueText` (a literal) there and returns the target re-read. */
export function assign(target: string, valueText: string, env: EvalEnv): Evaluated {
  const place = placeOf(evaluate(target, env));
  try {
    write(place, parseLiteral(valueText), env);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`Cannot assign: ${error instanceof Error ? error.message : String(error)}`);
  }
  return evaluate(target, env);
}

function write(place: Place, value: number | bigint, env: EvalEnv): void {
  const frame = env.frame;
  switch (place.kind) {
    case 'local':
      frame.setLocal(place.index, value);
      break;
    case 'operand':
      frame.setOperand(place.index, value);
      break;
    case 'global': {
      const g = env.global(place.index);
      if (!g?.mutable || !g.set) throw new UserError(`Global ${g?.name ?? place.index} is immutable.`);
      g.set(value);
      break;
    }
    case 'memory': {
      if (!env.writeMemory) throw new UserError('Memory cannot be written here.');
      env.writeMemory(place.address, encodeScalar(value, place.type, place.size));
      break;
    }
    case 'lane':
      // the whole v128 with one lane replaced goes back where it came from
      write(place.of, withV128Lane(place.bits, place.shape, place.lane, value), env);
      break;
    case 'gc':
      writeGcChild(place.handle.ref, place.index, value, place.handle.gcNames);
      break;
  }
}

function placeOf(e: Evaluated) {
  const place = e.kind === 'number' ? undefined : e.place;
  if (!place) throw new UserError('Left operand of assignment is not an lvalue.');
  return place;
}

/** A number as the bytes of a C scalar (`float`, `double`, or an integer of `size` bytes), little-endian. */
export function encodeScalar(value: number | bigint, type: string, size = scalarSize(type)): Uint8Array {
  const bytes = new Uint8Array(size);
  const dv = new DataView(bytes.buffer);
  if (/\bfloat\b/.test(type)) dv.setFloat32(0, Number(value), true);
  else if (/\bdouble\b/.test(type)) dv.setFloat64(0, Number(value), true);
  else {
    if (typeof value === 'number' && !Number.isInteger(value)) value = Math.trunc(value);
    const v = BigInt.asUintN(size * 8, BigInt(value));
    for (let i = 0; i < size; i++) bytes[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  }
  return bytes;
}
