/**
 * RawFrame: one frame of a backtrace, newest first, as plain data so the bottom layer needs
 * nothing from the runtime (`instance` is the runtime's Instance object, opaque here).
 *
 * A backtrace covers ALL activations: the wasm frames of the newest activation, then (when wasm
 * was entered from a host function that wasm called) a `host` frame naming that function — by
 * the import's module and name and the JS function's own name — then the older wasm frames, and
 * so on. Both kinds share `funcIndex`/`offset`/`instance` (-1/-1/null on host frames) so code that
 * only reads wasm fields keeps working on either.
 *
 * NB (the PC rule): `offset` is a module byte offset: for the newest frame of an activation it
 * is the offset of the instruction that left wasm (the trapping instruction, the breakpoint, the
 * call to the host function); for every caller it is the offset of its call instruction.
 */
export interface WasmRawFrame {
  readonly kind: 'wasm';
  /** Function index in its module's function index space. */
  readonly funcIndex: number;
  /** Module byte offset of the frame's current instruction (see above). */
  readonly offset: number;
  /** The runtime Instance the function belongs to (opaque here). */
  readonly instance: unknown;
  /** The function's name from the name section, when it has one. */
  readonly funcName?: string;
  /** The module's name from the name section, when it has one. */
  readonly moduleName?: string;
  /**
   * Stack switching: set on the bottom frame of a continuation's stack segment (the next frame
   * of the walk is the one that resumed it): `continuation` is the runtime's Continuation (opaque
   * here), `tag` the TagInstance it was last suspended with (null if it never suspended).
   */
  readonly boundary?: { readonly continuation: unknown; readonly tag: unknown };
}

export interface HostRawFrame {
  readonly kind: 'host';
  readonly funcIndex: -1;
  readonly offset: -1;
  readonly instance: null;
  /** Import module and field the host function was called through, when known. */
  readonly importModule?: string;
  readonly importName?: string;
  /** The JS function's own name (`fn.name`), when known. */
  readonly name?: string;
}

export type RawFrame = WasmRawFrame | HostRawFrame;
