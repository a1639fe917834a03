/**
 * Errors at the module boundary. A CompileError names the byte offset (and section, function
 * where known); a LinkError names the import's module and field.
 */
export class CompileError extends Error {
  constructor(
    message: string,
    /** Byte offset in the module binary, or -1 when not tied to a place. */
    readonly offset: number = -1,
  ) {
    super(offset >= 0 ? `${message} (at byte offset 0x${offset.toString(16)})` : message);
    this.reason = message;
  }
  /** The message without the location suffix, as the spec suite expects it. */
  readonly reason: string;

  static {
    Object.defineProperty(this.prototype, 'name', { value: 'CompileError', writable: true, configurable: true });
  }
}

export class LinkError extends Error {
  static {
    Object.defineProperty(this.prototype, 'name', { value: 'LinkError', writable: true, configurable: true });
  }
}
