/**
 * Runs one measurement in a fresh worker thread (its own V8 isolate), so no engine's JIT state or
 * type feedback leaks into the next measurement: `inFreshWorker(moduleUrl, exportName, data)`
 * imports `moduleUrl` in the worker and posts back what `exportName(data)` resolves to.
 *
 * A run that exceeds `timeoutMs` is stopped (Worker.terminate interrupts even a synchronous
 * loop) and reported as an error, so one pathological engine cannot hang the whole bench.
 */
import { Worker } from 'node:worker_threads';

export class WorkerFailure extends Error {}

export function inFreshWorker<T>(moduleUrl: string, exportName: string, data: unknown, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    // A worker does not inherit tsx's module hooks on Node 20: register them, then load the module.
    const tsx = import.meta.resolve('tsx/esm/api');
    const boot = `
      const { parentPort, workerData } = await import('node:worker_threads');
      (await import(${JSON.stringify(tsx)})).register();
      const mod = await import(${JSON.stringify(moduleUrl)});
      try {
        parentPort.postMessage({ ok: true, value: await mod[${JSON.stringify(exportName)}](workerData) });
      } catch (err) {
        parentPort.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
      }`;
    const worker = new Worker(`(async () => {${boot}})()`, { eval: true, workerData: data, stdout: true });
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      void worker.terminate();
      reject(new WorkerFailure(`timed out after ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    worker.on('message', (m: { ok: boolean; value?: T; error?: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (m.ok) resolve(m.value as T);
      else reject(new WorkerFailure(m.error ?? 'failed'));
      void worker.terminate();
    });
    worker.on('error', (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new WorkerFailure(err.message));
    });
    worker.on('exit', (code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new WorkerFailure(`worker exited with code ${code} and no result`));
    });
  });
}
