/**
 * The word a compiled call passes its callee (`dk`, codegen.ts): the JS-stack budget left (bytes,
 * in BUDGET_UNIT units) above DEPTH_BITS bits of call depth counted from its activation's base
 * (tier.ts `depthOf`). One argument instead of two, and a call's charge is one subtraction:
 * budget down by the callee's cost, depth up by one. Below zero, the budget is spent.
 *
 * Fits: an activation's budget is at most ~400 KiB (jsStackGrant.ts), 51,200 units, so the word
 * stays below 2^28 (a small integer in V8); every call charges at least MIN_CALL_COST (160 bytes),
 * so an activation is at most ~2,600 calls deep, below 2^DEPTH_BITS.
 */
const DEPTH_BITS = 12;
const DEPTH_MASK = (1 << DEPTH_BITS) - 1;
const BUDGET_UNIT_LOG2 = 3;

/** The word holding `bytes` of budget (rounded down) at relative depth `rel`. */
export function callWord(bytes: number, rel: number): number {
  return ((Math.max(0, bytes) >> BUDGET_UNIT_LOG2) << DEPTH_BITS) | rel;
}

/** What a call of a function costing `bytes` subtracts from the word (its budget, and one level of depth added). */
export function chargeOf(bytes: number): number {
  return (Math.ceil(bytes / (1 << BUDGET_UNIT_LOG2)) << DEPTH_BITS) - 1;
}

/** The budget bytes a word holds (a spent budget: negative). */
export function budgetOf(word: number): number {
  return (word >> DEPTH_BITS) << BUDGET_UNIT_LOG2;
}

/** The depth a word holds, relative to its activation's base. */
export function relativeDepth(word: number): number {
  return word & DEPTH_MASK;
}
