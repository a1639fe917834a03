/**
 * ControlHooks: the hook point for debugger events of exception handling and stack switching.
 * `thread.hooks` is null by default; the paths that call it (throw, unwinding, resume, suspend,
 * switch, a continuation's return) test it once each, and none of them is a hot loop path.
 *
 * Every callback runs while all frames it names are alive, before the runtime changes anything
 * (a `thrown` event sees the stack at the throw point, before any unwinding). FPs are int32
 * indices into the thread's VM stack, pcs internal code pcs, funcs store-wide function addresses
 * (`presentExit` lets a debugger walk the stack from there). Callbacks must not throw or run wasm.
 */
import type { ExceptionInstance } from '../instances/exception.ts';
import type { TagInstance } from '../instances/tag.ts';

export interface ControlHooks {
  /** An exception is thrown at (fp, func, pc) — `throw`, `throw_ref`, `rethrow`, a host function, `resume_throw`. */
  thrown?(exn: ExceptionInstance, fp: number, func: number, pc: number): void;
  /**
   * It is caught: the handler's frame, function, and the pc where the handler continues (the
   * thread already describes the handler); `clause` is the matching clause (compile/handlerTables.ts).
   */
  caught?(exn: ExceptionInstance, fp: number, func: number, handlerPc: number, clause?: { readonly tag: number; readonly exnDst: number }): void;
  /** It leaves the activation (to the host) uncaught. */
  uncaught?(exn: ExceptionInstance): void;
  /** A continuation is resumed (`resume`, `resume_throw*`) from (fp, func, pc). */
  resume?(cont: object, fp: number, func: number, pc: number): void;
  /** The running continuation suspends with `tag` at (fp, func, pc), to the handler at handlerPc of the resumer frame. */
  suspend?(cont: object, tag: TagInstance, fp: number, func: number, pc: number): void;
  /** The running continuation (captured as `from`) switches to `to` with `tag`. */
  switch?(from: object, to: object, tag: TagInstance, fp: number, func: number, pc: number): void;
  /** A continuation's bottom function returned to its resumer. */
  returned?(fp: number, func: number): void;
  /**
   * After a `resume`, `suspend` or `switch` moved control: the exit record's fp/func/resumePc/depth say where
   * execution continues (inside the continuation, at the resumer's handler label, in the switched-to
   * continuation). A debugger stops there when a step must follow the transfer.
   */
  transferred?(op: 'resume' | 'suspend' | 'switch'): void;
}
