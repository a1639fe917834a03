/**
 * What the adapter tells the client it can do (`initialize`'s response). Only requests the
 * session really implements are advertised; a client never sends the others.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';

/** The exception filters of `setExceptionBreakpoints` (session.ts maps them onto the core's). */
export const exceptionFilters: DebugProtocol.ExceptionBreakpointsFilter[] = [
  {
    filter: 'traps',
    label: 'Traps',
    description: 'Stop at a trap before the stack unwinds: inspect it, then `resume <value>`, `retry` or continue (unwind) in the debug console.',
    default: true,
  },
  {
    filter: 'wasm-uncaught',
    label: 'Uncaught wasm exceptions',
    description: 'Stop before an exception is thrown (`throw`, `throw_ref`, `rethrow`, `resume_throw`, or a host function called from wasm) when no wasm handler on the stack will catch it.',
    default: false,
  },
  {
    filter: 'wasm-all',
    label: 'All wasm exceptions',
    description: 'Stop before every exception is thrown (`throw`, `throw_ref`, `rethrow`, `resume_throw`, or a host function called from wasm), caught or not.',
    default: false,
  },
];

export const capabilities: DebugProtocol.Capabilities = {
  supportsConfigurationDoneRequest: true,
  supportsTerminateRequest: true,
  supportsRestartRequest: true,
  supportsFunctionBreakpoints: true,
  supportsConditionalBreakpoints: true,
  supportsHitConditionalBreakpoints: true,
  supportsLogPoints: true,
  supportsInstructionBreakpoints: true,
  supportsDataBreakpoints: true,
  supportsBreakpointLocationsRequest: true,
  exceptionBreakpointFilters: exceptionFilters,
  supportsExceptionInfoRequest: true,
  supportsEvaluateForHovers: true,
  supportsSetVariable: true,
  supportsSetExpression: true,
  supportsCompletionsRequest: true,
  completionTriggerCharacters: ['$', '.', '>'],
  supportsSteppingGranularity: true,
  supportsStepInTargetsRequest: true,
  supportsGotoTargetsRequest: true,
  supportsDisassembleRequest: true,
  supportsReadMemoryRequest: true,
  supportsWriteMemoryRequest: true,
  supportsLoadedSourcesRequest: true,
  supportsModulesRequest: true,
};
