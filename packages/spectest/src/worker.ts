/** Pool worker: runs the files the main thread sends, one at a time, and posts each report. */
import { parentPort, workerData } from 'node:worker_threads';
import type { TierPolicy } from '@lantern/runtime';
import { runFile } from './runFile.ts';

const { engine, tier, deoptTorture, recordTraps } = workerData as { engine: string; tier?: TierPolicy; deoptTorture?: number; recordTraps?: boolean };
parentPort!.on('message', (file: string) => {
  try {
    parentPort!.postMessage({ file, report: runFile(file, engine, tier, deoptTorture, recordTraps) });
  } catch (error) {
    parentPort!.postMessage({ file, crash: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
