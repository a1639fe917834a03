// Errors: every failure to read text is a WatError carrying the line:column where it was noticed.

export class WatError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(`${line}:${column}: ${message}`);
    this.name = 'WatError';
    this.line = line;
    this.column = column;
  }
  /** The message without the position prefix. */
  get reason(): string {
    return this.message.replace(/^\d+:\d+: /, '');
  }
}

/** Anything carrying a text position. */
export interface Pos {
  line: number;
  col: number;
}

export function fail(at: Pos, message: string): never {
  throw new WatError(message, at.line, at.col);
}
