/**
 * A mistake in what a user asked the debugger (a malformed expression, an unknown name, a value
 * out of range): its message is written for the user and shown as one line, never with a stack.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
