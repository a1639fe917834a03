/** Pool worker: runs the files the main thread sends, one at a time, and posts each report. */
import { parentPort, workerData } from 'node:worker_threads';
import { runFile } from './runFile.ts';

const { engine } = workerData as { engine: string };
parentPort!.on('message', (file: string) => {
  try {
    parentPort!.postMessage({ file, report: runFile(file, engine) });
  } catch (error) {
    parentPort!.postMessage({ file, crash: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
