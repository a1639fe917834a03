/**
 * FrameCursor: the debugger's view of the stack (wasmtime's StackView): positioned on the newest
 * frame, `moveUp()` goes to the caller — across host activations (a `host` frame for the host
 * function through which wasm was re-entered) and, once stack switching is walked, continuation
 * parents (`segmentBottom` marks the bottom frame of a continuation's stack segment).
 *
 * NB (the PC rule): `pc` is a module byte offset — the exit instruction's for the newest frame of
 * an activation (trapping instruction, breakpoint, call to the host), the call instruction's for
 * every caller frame. Host frames have pc -1.
 */
export interface FrameCursor {
  /** True once moved past the oldest frame; the other fields are then meaningless. */
  readonly done: boolean;
  readonly kind: 'wasm' | 'host';
  /** Store-wide function address (wasm: the running function; host: the host function, or -1). */
  readonly funcAddr: number;
  /** Index in the module's function index space (-1 for host frames). */
  readonly funcIndex: number;
  /** Name-section function name (wasm) or the JS function's name (host), when known. */
  readonly funcName: string | undefined;
  /** Name-section module name (wasm), or the import module the host function was called through. */
  readonly moduleName: string | undefined;
  /** Module byte offset (see above), -1 for host frames. */
  readonly pc: number;
  /** 0 for the newest frame, counting every frame (wasm and host) outwards. */
  readonly depth: number;
  /** Moves to the calling frame; returns false (and sets done) when there is none. */
  moveUp(): boolean;
}
