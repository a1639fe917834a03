/**
 * Trap codes: one numeric code per trap condition, and the spec test suite's message for each.
 *
 * NB: 0 means "no trap". Pure numeric helpers in the runtime return a TrapCode, and the
 * interpreter stores it on the thread; the message is looked up only when a Trap is built.
 * Messages are the reference interpreter's wording, which the suite matches by prefix.
 */
export enum TrapCode {
  None = 0,
  Unreachable,
  IntegerDivideByZero,
  IntegerOverflow,
  InvalidConversionToInteger,
  MemoryOutOfBounds,
  TableOutOfBounds,
  UndefinedElement,
  UninitializedElement,
  IndirectCallTypeMismatch,
  NullFunctionReference,
  NullReference,
  CastFailure,
  NullStructureReference,
  NullArrayReference,
  ArrayOutOfBounds,
  NullI31Reference,
  NullExceptionReference,
  NullContinuationReference,
  ContinuationAlreadyConsumed,
  UnhandledTag,
  StackExhausted,
  Interrupted,
  OutOfFuel,
  /** A host function threw; the JS exception travels on the thread, not as a message. */
  HostException,
}

const TRAP_MESSAGES: readonly string[] = [
  '',
  'unreachable executed',
  'integer divide by zero',
  'integer overflow',
  'invalid conversion to integer',
  'out of bounds memory access',
  'out of bounds table access',
  'undefined element',
  'uninitialized element',
  'indirect call type mismatch',
  'null function reference',
  'null reference',
  'cast failure',
  'null structure reference',
  'null array reference',
  'out of bounds array access',
  'null i31 reference',
  'null exception reference',
  'null continuation reference',
  'continuation already consumed',
  'unhandled tag',
  'call stack exhausted',
  'interrupted',
  'out of fuel',
  'host function threw',
];

/** The spec's message for a trap code. */
export function trapMessage(code: TrapCode): string {
  return TRAP_MESSAGES[code] ?? `unknown trap ${code}`;
}
