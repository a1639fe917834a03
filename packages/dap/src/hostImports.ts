/**
 * Imports a program may need beside WASI that the adapter supplies when the module asks for
 * them: AssemblyScript's `env.abort` (its runtime calls it when an assertion or a bounds check
 * fails), which ends the run with an error naming the source position AssemblyScript passes.
 */
import { decodeModule } from '@lantern/runtime';

export class AbortError extends Error {
  override name = 'AbortError';
}

export function hostImports(bytes: Uint8Array): Record<string, Record<string, unknown>> {
  const info = decodeModule(bytes);
  const wantsAbort = info.imports.some((i) => i.module === 'env' && i.name === 'abort' && i.desc.kind === 'func');
  if (!wantsAbort) return {};
  return {
    env: {
      abort(_message: number, _file: number, line: number, column: number) {
        throw new AbortError(`abort() called by the program (AssemblyScript assertion or bounds check) at line ${line}, column ${column}`);
      },
    },
  };
}
