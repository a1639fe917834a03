/**
 * The imports a program gets beside WASI (src/session/programImports.ts): AssemblyScript's
 * `env.abort` supplied to a debug session of test/fixtures/assemblyscript/sums.wasm, whose `pick`
 * aborts on an index out of range — the run ends with an AbortError carrying AS's own message and
 * position read from memory; a caller's `env.abort` wins over it; a module that imports no `env.abort` gets nothing.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AbortError, DebugSession, programImports, SymbolResolver, type Outcome, type RunEnd } from '../src/index.ts';
import { FIXTURES } from './helpers.ts';

const AS_WASM = join(FIXTURES, 'assemblyscript', 'sums.wasm');

function startPick(index: number, imports?: Record<string, Record<string, unknown>>): Promise<Outcome> {
  const symbols = new SymbolResolver();
  const bytes = symbols.addFile(AS_WASM);
  return new DebugSession({ bytes, name: 'sums.wasm', symbols, invoke: { name: 'pick', args: [index] }, ...(imports ? { imports } : {}) }).start();
}

async function runPick(index: number): Promise<RunEnd> {
  const outcome = await startPick(index);
  if (outcome.kind !== 'ended') throw new Error(`expected the run to end, it stopped: ${outcome.stop.description}`);
  return outcome.end;
}

describe('programImports', () => {
  it("supplies AssemblyScript's env.abort: the run ends with AS's message and source position", async () => {
    expect(await runPick(2)).toEqual({ kind: 'exited', exitCode: 0, result: 4 });
    const end = await runPick(9);
    expect(end.kind).toBe('failed');
    const error = (end as { error: unknown }).error;
    expect(error).toBeInstanceOf(AbortError);
    expect((error as Error).message).toBe('Index out of range at ~lib/staticarray.ts:78:41');
  });

  it("lets the caller's env.abort win", async () => {
    const calls: number[] = [];
    const outcome = await startPick(9, { env: { abort: (_m: number, _f: number, line: number) => void calls.push(line) } });
    // The caller's abort returns: AssemblyScript's code goes on to its `unreachable`, a trap.
    expect(calls).toEqual([78]);
    expect(outcome.kind === 'stopped' && outcome.stop.trap?.message).toBe('unreachable executed');
  });

  it('supplies nothing to a module that does not import env.abort, and no string outside memory', () => {
    expect(programImports([{ module: 'env', name: 'log', kind: 'function' }]).imports).toEqual({});
    const { imports, setMemory } = programImports([{ module: 'env', name: 'abort', kind: 'function' }]);
    setMemory({ buffer: new ArrayBuffer(16) });
    const abort = imports.env!.abort as (m: number, f: number, l: number, c: number) => never;
    expect(() => abort(0, 1000, 3, 7)).toThrow(new AbortError('abort() called (AssemblyScript assertion or bounds check) at line 3, column 7'));
  });
});
