/**
 * ExitStatus: how `proc_exit` leaves the program. It is thrown from the host function and
 * travels out of the engine unchanged (a JS exception from a host call is not a trap), and
 * `Wasi.start` catches it and returns the code. It deliberately does not extend the
 * engine's RuntimeError, so code that catches traps does not swallow an exit.
 */
export class ExitStatus extends Error {
  constructor(readonly code: number) {
    super(`exit(${code})`);
  }

  static {
    Object.defineProperty(this.prototype, 'name', { value: 'ExitStatus', writable: true, configurable: true });
  }
}
