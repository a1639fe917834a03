/**
 * RawFrame: one wasm frame as recorded when a trap unwinds, newest first. Plain data, so the
 * bottom layer needs nothing from the runtime: `instance` is the runtime's Instance object.
 *
 * NB: `offset` is a module byte offset: for the trapping (newest) frame it is the offset of the
 * trapping instruction; for every caller it is the offset of its call instruction.
 */
export interface RawFrame {
  /** Function index in its module's function index space. */
  funcIndex: number;
  /** Module byte offset of the frame's current instruction (see above). */
  offset: number;
  /** The runtime Instance the function belongs to (opaque here). */
  instance: unknown;
}
