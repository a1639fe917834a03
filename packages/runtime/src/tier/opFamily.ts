/** Instruction families the tier decides on as a whole. */
export type OpFamily = 'exceptions' | 'stack switching' | 'atomics' | 'GC' | 'tables';

/**
 * The family opcode `op` belongs to, or null: codegen.ts never compiles some families and leaves
 * others interpreted under `auto`; keepsViews.ts finds code that may unwind or switch stacks.
 */
export function opFamily(op: number): OpFamily | null {
  // try, catch, throw, rethrow, throw_ref, delegate, catch_all, try_table
  if ((op >= 0x06 && op <= 0x0a) || op === 0x18 || op === 0x19 || op === 0x1f) return 'exceptions';
  if (op >= 0xe0 && op <= 0xe6) return 'stack switching';
  if (op === 0xfe) return 'atomics';
  if (op === 0xfb) return 'GC';
  if (op === 0x25 || op === 0x26) return 'tables';
  return null;
}
