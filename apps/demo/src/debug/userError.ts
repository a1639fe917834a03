/** A mistake in a debugger command (bad argument, nothing to do): printed as one line, never a stack. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
