/**
 * Errors at the module boundary. A CompileError names the byte offset (and section, function
 * where known); a LinkError names the import's module and field. What the engine adds (`offset`,
 * `reason`) is non-enumerable, so an error looks like the standard one to code that inspects it;
 * the namespace's constructors of these classes are in jsapi/nativeErrors.ts.
 */
export class CompileError extends Error {
  /** Byte offset in the module binary, or -1 when not tied to a place. */
  declare readonly offset: number;
  /** The message without the location suffix, as the spec suite expects it. */
  declare readonly reason: string;

  constructor(message: string, offset: number = -1) {
    super(offset >= 0 ? `${message} (at byte offset 0x${offset.toString(16)})` : message);
    Object.defineProperties(this, { offset: { value: offset }, reason: { value: message } });
  }

  static {
    Object.defineProperty(this.prototype, 'name', { value: 'CompileError', writable: true, configurable: true });
  }
}

export class LinkError extends Error {
  static {
    Object.defineProperty(this.prototype, 'name', { value: 'LinkError', writable: true, configurable: true });
  }
}
