/**
 * `lantern run <file> [args...]`: the program runs in a worker thread (commands/runProgram.ts)
 * so that this thread stays free to stop it — a signal reaches only the main thread's event loop,
 * which a running program would otherwise block. Ctrl-C (SIGINT) and `--timeout` raise the
 * store's interrupt flag (a SharedArrayBuffer: the runtime's `interruptible` option), the program
 * traps "interrupted" at its next loop iteration or call, with its whole backtrace, and the exit
 * code says why (130: SIGINT, 124: timeout, as timeout(1)). A program that does not reach wasm
 * code within GRACE_MS (blocked in a host call, e.g. reading stdin), or a second Ctrl-C, ends the
 * worker outright. This thread only starts the worker and waits: it loads nothing of the runtime,
 * which the worker loads (once) for the program.
 */
import { once } from 'node:events';
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import { CliError } from '../cliError.ts';
import type { RunOptions } from './runProgram.ts';

export type { RunOptions } from './runProgram.ts';

const RUN_WORKER = 'lantern-run';
const GRACE_MS = 2000;
const SIGINT_EXIT_CODE = 130;
const TIMEOUT_EXIT_CODE = 124;

interface RunRequest {
  readonly kind: typeof RUN_WORKER;
  readonly file: string;
  readonly args: string[];
  readonly options: RunOptions;
  readonly interrupt: Int32Array;
}

/** Seconds of `--timeout`, validated. */
function timeoutMs(options: RunOptions): number | undefined {
  if (options.timeout === undefined) return undefined;
  const seconds = Number(options.timeout);
  if (!(seconds > 0 && seconds <= 2 ** 31 / 1000)) throw new CliError(`--timeout "${options.timeout}": expected a positive number of seconds`);
  return seconds * 1000;
}

export async function runCommand(file: string, args: string[], options: RunOptions): Promise<void> {
  // The engine's options are checked by the worker (runProgram): this thread loads no runtime.
  const ms = timeoutMs(options);
  const interrupt = new Int32Array(new SharedArrayBuffer(4));
  const request: RunRequest = { kind: RUN_WORKER, file, args, options, interrupt };
  // This very module is the worker's entry (the bundle has no other file for it): see the bottom.
  const worker = new Worker(new URL(import.meta.url), { workerData: request });
  let exitCode: number | undefined;
  let failure: { message: string; exitCode: number } | undefined;
  worker.on('message', (m: { exitCode?: number; cliError?: { message: string; exitCode: number } }) => {
    exitCode = m.exitCode;
    failure = m.cliError;
  });
  let stoppedBy: string | undefined;
  let killed = false;
  let grace: NodeJS.Timeout | undefined;
  const kill = () => {
    killed = true;
    void worker.terminate();
  };
  const stop = (why: string) => {
    if (stoppedBy !== undefined) return kill();
    stoppedBy = why;
    Atomics.store(interrupt, 0, 1);
    grace = setTimeout(kill, GRACE_MS);
  };
  const onSigint = () => stop('SIGINT');
  process.on('SIGINT', onSigint);
  const timer = ms === undefined ? undefined : setTimeout(() => stop('timeout'), ms);
  try {
    await once(worker, 'exit');
  } finally {
    process.off('SIGINT', onSigint);
    clearTimeout(timer);
    clearTimeout(grace);
  }
  if (failure !== undefined) throw new CliError(failure.message, failure.exitCode);
  if (stoppedBy === undefined) {
    process.exitCode = exitCode ?? 1;
    return;
  }
  const what = stoppedBy === 'SIGINT' ? 'interrupted by Ctrl-C (SIGINT)' : `stopped by --timeout ${options.timeout} s`;
  process.stderr.write(`lantern: ${what}${killed ? `; the program did not reach wasm code again (blocked in a host call?), so it was ended` : ''}\n`);
  process.exitCode = stoppedBy === 'SIGINT' ? SIGINT_EXIT_CODE : TIMEOUT_EXIT_CODE;
}

/** The worker: runs the program, posts its exit code (or the one-line error of a CliError). */
async function runInWorker(request: RunRequest): Promise<void> {
  const { parentPort } = await import('node:worker_threads');
  const { runProgram } = await import('./runProgram.ts');
  try {
    parentPort!.postMessage({ exitCode: runProgram(request.file, request.args, request.options, { interrupt: request.interrupt }) });
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    parentPort!.postMessage({ cliError: { message: error.message, exitCode: error.exitCode } });
  }
}

if (!isMainThread && (workerData as RunRequest | null)?.kind === RUN_WORKER) await runInWorker(workerData as RunRequest);
