/**
 * Goto (a debugger's "jump to here", DAP `goto`): the paused frame continues at another
 * instruction of its own function, re-running or skipping code. Allowed only where no state has
 * to be invented, so that the interpreter's frame is exactly what it would be had execution
 * reached the target normally:
 *   - the frame is stopped before an instruction (a Break exit: breakpoint, step, pause), in
 *     debug-compiled code (where every operand has its own slot and the code map knows the
 *     operand stack height at each instruction);
 *   - the target's innermost block is the paused instruction's block or one around it (a branch
 *     could leave to it): nothing of a block not yet entered (a loop's, an `if` arm's, a catch's
 *     exnref) has to exist;
 *   - the operand stack is empty there: every value the code after it reads is in a local.
 * Block structure carries no run-time state in this interpreter (labels are code positions,
 * handlers are found by pc: compile/handlerTables.ts), so moving the pc is the whole change.
 */
import { ExitKind } from '@lantern/traps';
import type { Store } from '../store/store.ts';
import type { FuncInstance } from '../instances/func.ts';
import type { Instance } from '../instances/instance.ts';
import { wasmInstructions } from '../binary/wasmListing.ts';

const OPENS = new Set(['block', 'loop', 'if', 'try', 'try_table']);
const SWITCHES_ARM = new Set(['else', 'catch', 'catch_all']);
const CLOSES = new Set(['end', 'delegate']);

/**
 * The internal pc the paused frame (the newest, thread.exit) continues at when it goes to module
 * offset `offset`; throws an Error saying why when that is not safe (see above).
 */
export function gotoTarget(store: Store, offset: number): number {
  const exit = store.thread.exit;
  if (exit.kind !== ExitKind.Break) throw new Error('goto: only where execution stopped before an instruction (a breakpoint, a step or a pause), not at a trap or inside a host call');
  const f = store.funcs[exit.func] as FuncInstance;
  const map = f.codeMap;
  const inst = f.instance as Instance | null;
  if (map === null || inst === null) throw new Error('goto: the paused frame has no wasm code');
  if (map.heights === null) throw new Error('goto: needs debug-compiled code (the operand stack materialized)');
  const name = f.debugName ?? `function ${f.funcIndex}`;
  const body = inst.info.bodies[f.funcIndex - inst.info.importedFuncs];
  const hex = `0x${offset.toString(16)}`;
  if (offset < body.codeStart || offset >= body.codeEnd) throw new Error(`goto: ${hex} is not in ${name}, the paused function`);
  const pc = map.pcsOf(offset)[0] ?? map.pcAtOrAfter(offset);
  const entry = pc < 0 ? -1 : map.entryAt(pc);
  if (entry < 0) throw new Error(`goto: no instruction of ${name} at ${hex}`);
  // An instruction compiled to nothing (a `block`, a `local.get`) continues at the next that has code.
  const lands = map.offsets[entry];
  const paths = blockPaths(inst, f.funcIndex);
  const target = paths.get(lands);
  const here = paths.get(map.offsetAt(exit.resumePc));
  if (target === undefined || here === undefined) throw new Error(`goto: no instruction of ${name} at ${hex}`);
  if (target.length > here.length || target.some((b, i) => here[i] !== b)) {
    throw new Error(`goto: ${hex} is inside a block the paused instruction is not in (a loop, an if arm, a try or catch entered there would have to be invented)`);
  }
  if (map.heights[entry] !== 0) throw new Error(`goto: the operand stack holds ${map.heights[entry]} value(s) at ${hex}; only a point where it is empty can be jumped to`);
  return pc;
}

/** For each instruction offset of the function: the blocks it is in, outermost first (block ids). */
function blockPaths(inst: Instance, funcIndex: number): Map<number, readonly number[]> {
  const out = new Map<number, readonly number[]>();
  let path: number[] = [];
  let next = 0;
  for (const ins of wasmInstructions(inst.info, funcIndex)) {
    const m = ins.mnemonic;
    // An `else` / `catch` starts a new arm: the instruction belongs to it already.
    if (SWITCHES_ARM.has(m)) path = [...path.slice(0, -1), next++];
    out.set(ins.offset, path);
    if (OPENS.has(m)) path = [...path, next++];
    else if (CLOSES.has(m)) path = path.slice(0, -1);
  }
  return out;
}
