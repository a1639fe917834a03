/**
 * CliError: a failure the user caused (missing file, malformed module, bad argument). The CLI
 * prints its message as one line and exits with its code; anything else is a Lantern bug.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
