/**
 * Trap: the error a trap becomes once it unwinds to the host. It is also the JS API's
 * `WebAssembly.RuntimeError` (constructible by user code with only a message).
 */
import { type TrapCode, trapMessage } from './trapCode.ts';
import type { RawFrame } from './rawFrame.ts';

export class Trap extends Error {
  /** The trap condition, or undefined for a RuntimeError made by user code. */
  readonly code: TrapCode | undefined;
  /** The wasm frames alive when the trap happened, newest first (empty for user-made errors). */
  frames: RawFrame[] = [];

  constructor(messageOrCode?: string | TrapCode, detail?: string) {
    const message =
      typeof messageOrCode === 'number'
        ? trapMessage(messageOrCode) + (detail ? ` ${detail}` : '')
        : (messageOrCode ?? '');
    super(message);
    this.code = typeof messageOrCode === 'number' ? messageOrCode : undefined;
  }

  static {
    Object.defineProperty(this.prototype, 'name', { value: 'RuntimeError', writable: true, configurable: true });
  }
}
