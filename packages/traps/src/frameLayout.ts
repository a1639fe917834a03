/**
 * The VM frame ABI, shared by the interpreter (which writes frames) and the frame walker
 * (which reads them). The VM stack is an array of 64-bit cells; FP and SP are cell indices.
 *
 *   fp + 0 ... fp + numLocals - 1     parameters, then declared locals
 *   fp + numLocals + SAVED_FP          caller's FP (or ENTRY_FP for the first frame of an activation)
 *   fp + numLocals + RETURN_PC         caller's PC: the module byte offset of its call instruction's
 *                                      internal code position (see runtime's CodeMap)
 *   fp + numLocals + FUNC              store-wide address of the function running in this frame
 *   fp + numLocals + HEADER_CELLS ...  operand stack
 *
 * Alternatives considered: a header below the parameters needs the call to move its arguments;
 * a separate control stack is a second structure to switch with continuations. After-locals costs
 * nothing per call and a walker finds the header from the function's local count.
 */
export const FRAME_LAYOUT = {
  SAVED_FP: 0,
  RETURN_PC: 1,
  FUNC: 2,
  HEADER_CELLS: 3,
  /** Saved FP value marking the oldest frame of an activation (entered from the host). */
  ENTRY_FP: -1,
} as const;
