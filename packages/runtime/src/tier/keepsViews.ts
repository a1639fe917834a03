/**
 * Whether a call leaves memory 0's views and the globals' view as the caller read them: nothing
 * the callee may run grows memory or leaves the instance's own wasm code (an import, which may
 * instantiate modules and so replace the globals' arena, or grow memory; call_indirect, call_ref
 * and resume, which may reach one). Compiled code then keeps its views in its JS locals across
 * such a call instead of reading them again (codegen.ts: ~4 loads per call of a recursive search).
 *
 * The same verdict says the callee is quiet: nothing it may run looks at frames without first
 * materializing them (no host function, nothing reaching one, no exception to unwind with a
 * debugger's hooks), so a compiled caller writes its frame header only when something looks
 * (codegen.ts `call`, tier.ts `returned`): a trap in a quiet function always deoptimizes.
 *
 * Decided over the functions the callee reaches by direct calls, found breadth-first: a set
 * with no such instruction is remembered whole (each member reaches a subset of it). A search
 * passing MAX_REACH functions gives up and answers no, so translating a call costs little even
 * in a program of thousands of functions.
 */
import type { Instance } from '../instances/instance.ts';
import { ByteReader } from '../binary/reader.ts';
import { readOpcodeImm, skipImmediates } from '../binary/immediates.ts';
import { opFamily } from './opFamily.ts';

const MAX_REACH = 256;

/** Per instance and defined function: 1 keeps the views (with all it reaches), 2 may not, 0 not known yet. */
const verdicts = new WeakMap<Instance, Uint8Array>();
/** Per instance and defined function: its direct callees (function indices), or null when its own body may change a view. */
const edges = new WeakMap<Instance, (readonly number[] | null | undefined)[]>();

export function keepsViews(inst: Instance, funcIndex: number): boolean {
  const info = inst.info;
  const imported = info.importedFuncs;
  if (funcIndex < imported) return false;
  let verdict = verdicts.get(inst);
  if (verdict === undefined) verdicts.set(inst, (verdict = new Uint8Array(info.bodies.length)));
  const known = verdict[funcIndex - imported];
  if (known !== 0) return known === 1;
  const seen = new Set<number>([funcIndex]);
  const queue = [funcIndex];
  for (let i = 0; i < queue.length; i++) {
    const callees = directCallees(inst, queue[i]);
    if (callees === null || seen.size > MAX_REACH) {
      verdict[funcIndex - imported] = 2;
      return false;
    }
    for (const g of callees) {
      if (seen.has(g)) continue;
      if (g < imported || verdict[g - imported] === 2) {
        verdict[funcIndex - imported] = 2;
        return false;
      }
      seen.add(g);
      if (verdict[g - imported] !== 1) queue.push(g);
    }
  }
  for (const g of seen) verdict[g - imported] = 1;
  return true;
}

/** The functions `funcIndex`'s body calls directly, or null when it grows memory, makes an indirect call or handles exceptions. */
function directCallees(inst: Instance, funcIndex: number): readonly number[] | null {
  const info = inst.info;
  let all = edges.get(inst);
  if (all === undefined) edges.set(inst, (all = []));
  const at = funcIndex - info.importedFuncs;
  const cached = all[at];
  if (cached !== undefined) return cached;
  const body = info.bodies[at];
  const r = new ByteReader(info.bytes, body.codeStart, body.codeEnd);
  const callees: number[] = [];
  let result: number[] | null = callees;
  while (r.pos < r.end) {
    const op = r.bytes[r.pos];
    if (op === 0x10 || op === 0x12) { // call, return_call
      r.pos++;
      callees.push(r.u32());
      continue;
    }
    // memory.grow, call_indirect, return_call_indirect, call_ref, return_call_ref; exceptions, stack switching
    const family = opFamily(op);
    if (op === 0x40 || op === 0x11 || op === 0x13 || op === 0x14 || op === 0x15 || family === 'exceptions' || family === 'stack switching') {
      result = null;
      break;
    }
    skipImmediates(r, readOpcodeImm(r));
  }
  all[at] = result;
  return result;
}
