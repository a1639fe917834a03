/**
 * The implementation limits of the WebAssembly JS API ("Implementation-defined Limits"): a
 * module over any of them is a CompileError. The decoder checks each count where it reads it,
 * before allocating anything for the items, so an absurd count costs nothing.
 *
 * Not enforced here: the JS API's page bound for 64-bit memories (2^37 - 1), because the core
 * suite's memory64 tests require larger declared maximums to validate (allocation fails instead),
 * and the operands of array.new_fixed (GC instructions are refused as unsupported anyway).
 */
import type { ByteReader } from './reader.ts';

export const JS_API_LIMITS = {
  moduleBytes: 1_073_741_824,
  types: 1_000_000,
  recGroups: 1_000_000,
  recGroupTypes: 1_000_000,
  subtypeDepth: 63,
  functions: 1_000_000,
  imports: 1_000_000,
  exports: 1_000_000,
  globals: 1_000_000,
  tags: 1_000_000,
  dataSegments: 100_000,
  /** Not in the JS API's list; the bound engines apply (the same as a table's size). */
  elementSegments: 10_000_000,
  /** Tables and memories count imported and defined ones together. */
  tables: 100_000,
  tableSize: 10_000_000,
  tableInitEntries: 10_000_000,
  memories: 100,
  params: 1_000,
  results: 1_000,
  functionBodyBytes: 7_654_321,
  /** Declared locals plus parameters. */
  locals: 50_000,
  structFields: 10_000,
} as const;

export type JsApiLimit = keyof typeof JS_API_LIMITS;

/** Lower limits an embedder sets for the modules a store compiles (StoreOptions.limits); higher ones are the JS API's. */
export type ModuleLimits = { readonly [K in JsApiLimit]?: number };

const WHAT: Record<JsApiLimit, string> = {
  moduleBytes: 'module size in bytes',
  types: 'number of types',
  recGroups: 'number of recursion groups',
  recGroupTypes: 'number of types in a recursion group',
  subtypeDepth: 'subtype depth',
  functions: 'number of functions',
  imports: 'number of imports',
  exports: 'number of exports',
  globals: 'number of globals',
  tags: 'number of tags',
  dataSegments: 'number of data segments',
  elementSegments: 'number of element segments',
  tables: 'number of tables',
  tableSize: 'table size',
  tableInitEntries: 'number of entries in an element segment',
  memories: 'number of memories',
  params: 'number of parameters',
  results: 'number of results',
  functionBodyBytes: 'function body size in bytes',
  locals: 'number of locals',
  structFields: 'number of struct fields',
};

/** The words every limit's message contains (how a test runner tells a limit from a bug). */
export const OVER_LIMIT = "over the JS API's implementation limit";

/** Fails with a CompileError at `at` when `count` is over the limit `which` (the JS API's, or the reader's lower one). */
export function checkLimit(r: ByteReader, which: JsApiLimit, count: number | bigint, at: number): void {
  const limit = JS_API_LIMITS[which];
  const own = r.limits?.[which];
  if (own !== undefined && own < limit && count > own) r.fail(`${WHAT[which]} ${count} is over the store's limit ${which} = ${own}`, at);
  // The spec suite's malformed-module tests name this one "too many locals".
  if (count > limit) r.fail(which === 'locals' ? 'too many locals' : `${WHAT[which]} ${count} is ${OVER_LIMIT} of ${limit}`, at);
}
