/**
 * The VM frame ABI, shared by the interpreter (which writes frames) and the frame walker
 * (which reads them). The VM stack is an array of 64-bit cells; FP and SP are cell indices.
 * Each cell is two int32 halves, `lo` (first, little-endian) and `hi`.
 *
 *   fp + 0 ... fp + numLocals - 1      parameters, then declared locals; numLocals here is
 *                                      max(params + locals, results): results are returned in
 *                                      cells fp + 0.., which must not reach the header
 *   fp + numLocals + SAVED_FP          lo: caller's FP (ENTRY_FP for the first frame of an activation)
 *                                      hi: caller's function address (store-wide), ENTRY_FP at entry
 *   fp + numLocals + RETURN_PC         lo: caller's resume position, an *internal* code pc (the pc just
 *                                          after its call instruction); the module byte offset of the
 *                                          call is `codeMap.offsetAt(returnPc - 1)` of the caller
 *                                      hi: 1 when the caller runs in a different instance (the
 *                                          interpreter reloads its instance context on return), else 0
 *   fp + numLocals + FUNC              lo: store-wide address of the function running in this frame
 *   fp + numLocals + HEADER_CELLS ...  operand stack (the compiler addresses slots fp-relative)
 *
 * Why the caller's function sits in the callee's header: a walker that knows a frame's function
 * (from the exit record's `func` for the newest frame) finds its header from the function's local
 * count, and from the header the caller's FP *and function*, hence the caller's header: the chain
 * is walkable without any per-frame search. It costs one store per call.
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
