/**
 * How a trap is shown on a terminal: the spec's message, then the backtrace at source level
 * (function, file:line:column, inlined frames, host frames) where symbols exist, else each
 * wasm frame by function index and module offset.
 */
import { relative } from 'node:path';
import { formatStackTrace, type SymbolResolver, type TraceFrame } from '@lantern/debugger';
import { exceptionOf, valTypeName } from '@lantern/runtime';

export function describeTrap(error: Error, symbols: SymbolResolver): string {
  const frames = (error as { frames?: readonly TraceFrame[] }).frames ?? [];
  const display = (file: string) => (file.startsWith('/') ? relative(process.cwd(), file) : file);
  const trace = formatStackTrace(frames, symbols, { fileName: display });
  return `trap: ${error.message}\n${trace}${trace ? '\n' : ''}`;
}

/**
 * A wasm exception no handler caught, in one line (its tag's parameter types and the payload),
 * or undefined when `error` is not one.
 */
export function describeUncaughtException(error: unknown): string | undefined {
  const exn = exceptionOf(error);
  if (exn === undefined) return undefined;
  const values = exn.tag.type.params.map((t, i) => `${valTypeName(t)} ${String(exn.payload[i])}`);
  return `uncaught wasm exception: (${values.join(', ')})\n`;
}
