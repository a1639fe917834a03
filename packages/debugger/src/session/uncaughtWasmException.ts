/**
 * A wasm exception no handler caught: the end of a run the way a client reports it. The runtime
 * rejects the run with its raw ExceptionInstance; the session turns it into this Error, whose
 * message names the tag and the payload.
 */
import type { ExceptionInfo } from '../control/controlInfo.ts';
import { formatWasmValue } from '../frames/wasmValue.ts';

/** `$tag(i32 6, i64 -2)`: a wasm exception in one line. */
export function exceptionText(exception: ExceptionInfo): string {
  if (exception.jsValue !== undefined) return `JS value ${String(exception.jsValue)}`;
  return `${exception.tag}(${exception.payload.map((v) => formatWasmValue(v)).join(', ')})`;
}

export class UncaughtWasmException extends Error {
  override name = 'UncaughtWasmException';

  constructor(readonly exception: ExceptionInfo) {
    super(`uncaught wasm exception ${exceptionText(exception)}`);
  }
}
