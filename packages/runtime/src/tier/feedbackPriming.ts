/**
 * Dry calls of a freshly compiled function, so that V8 optimizes its whole body, not only its loop.
 *
 * V8 gives a function its feedback vector (where type feedback is recorded) only after it has run
 * a while. A program's main loop sits in a function called a few times (`run`, `main`): its first
 * call runs the function's head before the vector exists, so the head has no feedback. V8 then
 * optimizes the loop mid-call (on-stack replacement) and, at the next call, the whole function —
 * from feedback that may still lack the head (the compile races the call), and code compiled so
 * deoptimizes at its first instruction ("insufficient type feedback"). The function then stays
 * in its OSR code for good: 2–4x slower (nbody: its main loop 180–290 vs 85–100 ms per call).
 *
 * Dry calls before the first real one make V8 allocate the vector, so the first real call records
 * feedback for the head. A dry call passes a negative frame pointer (no real frame has one) and a
 * spent budget: the function returns at its first test (codegen.ts), before its call of `slow`.
 * V8 allocates the vector after a budget proportional to the function's bytecode, of which a dry
 * call spends a few bytes: the count follows the source's length (nbody's 14 KB `run` needed
 * about 2,000; a dry call costs ~0.1 µs).
 */
export const DRY_FP = -1;

/** Source characters per dry call: about 2x the calls V8 was seen to need. */
const CHARS_PER_DRY_CALL = 4;

export function primeFeedback(fn: (fp: number, dk: number) => unknown, sourceLength: number): void {
  const calls = Math.ceil(sourceLength / CHARS_PER_DRY_CALL);
  for (let k = 0; k < calls; k++) fn(DRY_FP, -1);
}
