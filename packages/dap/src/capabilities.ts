/**
 * What the adapter tells the client it can do (`initialize`'s response). Only requests the
 * session really implements are advertised; a client never sends the others.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';

/** The exception filters of `setExceptionBreakpoints`. */
export const exceptionFilters: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: 'traps', label: 'Traps', description: 'Stop at a trap before the stack unwinds (the trap can then be resumed with a value, retried or unwound).', default: true },
  { filter: 'uncaught', label: 'Uncaught wasm exceptions', description: 'Stop where a wasm exception is thrown that no wasm handler will catch.', default: false },
  { filter: 'all', label: 'All wasm exceptions', description: 'Stop at every wasm `throw`, caught or not.', default: false },
];

export const capabilities: DebugProtocol.Capabilities = {
  supportsConfigurationDoneRequest: true,
  supportsTerminateRequest: true,
  supportsRestartRequest: true,
  exceptionBreakpointFilters: exceptionFilters,
};
