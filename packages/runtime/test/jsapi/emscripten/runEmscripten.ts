/**
 * Runs the committed, unmodified Emscripten glue (emscripten/prog.js) with its `WebAssembly`
 * global bound to the namespace under test, and collects what the program
 * printed, its exit status and the results of calling its exports from JS afterwards.
 *
 * NB: not a node:vm context: the glue tests `err instanceof TypeError` on errors thrown by
 * the WebAssembly object, which must come from the glue's own realm.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export interface EmscriptenRun {
  stdout: string;
  stderr: string;
  status: number | undefined;
  /** Results of calling exports after main: mul64, hypot2, apply through addFunction. */
  calls: unknown[];
  /** The glue's HEAP8 view, after main, spans the grown memory: it noticed the detach. */
  viewsFollowedGrowth: boolean;
  /** Byte length of the Memory's buffer after main (the program grows it past 16 MiB). */
  memoryBytes: number;
}

interface GlueModule {
  _mul64(a: bigint, b: bigint): bigint;
  _hypot2(x: number, y: number): number;
  _apply(fn: number, a: number, b: number): number;
  addFunction(fn: (...args: number[]) => number, sig: string): number;
  HEAP8?: Int8Array;
}

export async function runEmscripten(ns: unknown): Promise<EmscriptenRun> {
  let stdout = '';
  let stderr = '';
  let status: number | undefined;
  const source = readFileSync(join(here, 'prog.js'), 'utf8');
  const fakeProcess = {
    argv: ['node', join(here, 'prog.js')],
    env: {},
    platform: process.platform,
    versions: process.versions,
    version: process.version,
    exitCode: undefined as number | undefined,
    on: () => fakeProcess,
    exit: (code: number) => { status = code; throw new Error(`process.exit(${code})`); },
    hrtime: process.hrtime,
    stdout: { write: (s: string) => { stdout += s; return true; } },
    stderr: { write: (s: string) => { stderr += s; return true; } },
  };
  let resolveRun!: () => void;
  let rejectRun!: (err: unknown) => void;
  const done = new Promise<void>((resolve, reject) => { resolveRun = resolve; rejectRun = reject; });
  const Module: Record<string, unknown> = {
    arguments: ['first-arg'],
    print: (s: string) => { stdout += `${s}\n`; },
    printErr: (s: string) => { stderr += `${s}\n`; },
    quit: (code: number, toThrow: unknown) => { status = code; throw toThrow; },
    onAbort: (what: unknown) => rejectRun(new Error(`aborted: ${String(what)}`)),
    postRun: [() => resolveRun()],
  };
  // The glue runs as a function of this realm with its free variables bound as parameters:
  // `WebAssembly` is the namespace under test, `fetch` is hidden (so the glue takes its Node
  // path: WebAssembly.instantiate on the file's bytes), `process` is a stand-in.
  const globals: Record<string, unknown> = {
    Module,
    WebAssembly: ns,
    fetch: undefined,
    require: createRequire(join(here, 'prog.js')),
    process: fakeProcess,
    module: { exports: {} },
    __dirname: here,
    __filename: join(here, 'prog.js'),
    console: { log: (s: string) => { stdout += `${s}\n`; }, warn: (s: string) => { stderr += `${s}\n`; }, error: (s: string) => { stderr += `${s}\n`; } },
  };
  const run = new Function(...Object.keys(globals), source) as (...args: unknown[]) => void;
  run(...Object.values(globals));
  await done;
  const glue = Module as unknown as GlueModule;
  const heapAfterMain = glue.HEAP8;
  const calls: unknown[] = [
    glue._mul64(6n, -7n),
    glue._mul64(0x1_0000_0000n, 0x10n),
    glue._hypot2(3, 4.5),
  ];
  const subtract = glue.addFunction((a: number, b: number) => a - b, 'iii');
  calls.push(glue._apply(subtract, 10, 3));
  const memory = (Module.asm as Record<string, { buffer: ArrayBuffer }> | undefined)?.memory;
  const memoryBytes = memory?.buffer.byteLength ?? 0;
  const viewsFollowedGrowth = heapAfterMain !== undefined && heapAfterMain.buffer.byteLength === memoryBytes;
  return { stdout, stderr, status, calls, viewsFollowedGrowth, memoryBytes };
}
