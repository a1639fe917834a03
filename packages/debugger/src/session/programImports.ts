/**
 * Imports a program may need beside WASI, supplied when the module asks for them — one source for
 * `lantern run`, the debug session (so `lantern debug`, the DAP server and the web debugger):
 * AssemblyScript's `env.abort`, which its runtime calls when an assertion or a bounds check fails.
 * It ends the run with an AbortError carrying the message and source position AssemblyScript
 * passes (its strings are read from the instance's memory, handed over with `setMemory`).
 */

export class AbortError extends Error {
  override name = 'AbortError';
}

export interface ProgramImports {
  /** The import object's extra modules (empty when the module imports none of them). */
  readonly imports: Record<string, Record<string, unknown>>;
  /** The instance's exported memory, where AssemblyScript's strings live. */
  setMemory(memory: { readonly buffer: ArrayBuffer }): void;
}

/** The module's imports as `WebAssembly.Module.imports(module)` lists them. */
export function programImports(moduleImports: readonly { readonly module: string; readonly name: string; readonly kind: string }[]): ProgramImports {
  let memory: { readonly buffer: ArrayBuffer } | undefined;
  const wantsAbort = moduleImports.some((i) => i.module === 'env' && i.name === 'abort' && i.kind === 'function');
  const abort = (message: number, file: number, line: number, column: number): never => {
    const text = (memory && asString(memory.buffer, message)) || 'abort() called (AssemblyScript assertion or bounds check)';
    const where = memory && asString(memory.buffer, file);
    throw new AbortError(`${text} at ${where ? `${where}:${line}:${column}` : `line ${line}, column ${column}`}`);
  };
  return {
    imports: wantsAbort ? { env: { abort } } : {},
    setMemory(m) {
      memory = m;
    },
  };
}

/**
 * An AssemblyScript string at `pointer`: UTF-16LE code units, their byte length in the object
 * header just before it. Undefined for null or a pointer outside the memory.
 */
function asString(buffer: ArrayBuffer, pointer: number): string | undefined {
  if (pointer < 4 || pointer > buffer.byteLength) return undefined;
  const length = new DataView(buffer).getUint32(pointer - 4, true);
  if (length % 2 !== 0 || pointer + length > buffer.byteLength) return undefined;
  return new TextDecoder('utf-16le').decode(new Uint8Array(buffer, pointer, length));
}
