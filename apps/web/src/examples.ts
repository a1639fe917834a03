/**
 * The shipped examples, one click away. They are the CLI's own example programs
 * (apps/demo/examples), bundled into the page (binaries as base64, see vite.config.ts), so they
 * open offline.
 */
import statsC from '../../demo/examples/debugging/stats.c?raw';
import statsWasm from '../../demo/examples/debugging/stats.wasm?base64';
import squaresWat from '../../demo/examples/debugging/squares.wat?raw';
import spinWat from '../../demo/examples/debugging/spin.wat?raw';
import schedulerWat from '../../demo/examples/wasmfx/scheduler.wat?raw';
import type { Entry, ProgramFile } from './protocol.ts';

export interface Example {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly main: string;
  readonly files: () => ProgramFile[];
  readonly entry: Entry;
}

const encoder = new TextEncoder();

function text(name: string, source: string): ProgramFile {
  return { name, bytes: encoder.encode(source) };
}

function base64Bytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export const EXAMPLES: readonly Example[] = [
  {
    id: 'stats',
    title: 'C program with a bug',
    description: 'stats.c built with -g: run it with no arguments and it divides by zero in average().',
    main: 'stats.wasm',
    files: () => [{ name: 'stats.wasm', bytes: base64Bytes(statsWasm) }, text('stats.c', statsC)],
    entry: { kind: 'start', args: [] },
  },
  {
    id: 'squares',
    title: '.wat program',
    description: 'squares.wat: sum(n) stores the squares 1..n in memory; debugged at its own lines.',
    main: 'squares.wat',
    files: () => [text('squares.wat', squaresWat)],
    entry: { kind: 'invoke', name: 'sum', args: ['4'] },
  },
  {
    id: 'scheduler',
    title: 'Stack-switching scheduler',
    description: 'scheduler.wat: green threads as continuations (WasmFX); `crash` makes thread 2 trap across its continuation.',
    main: 'scheduler.wat',
    files: () => [text('scheduler.wat', schedulerWat)],
    entry: { kind: 'start', args: ['crash'] },
  },
  {
    id: 'spin',
    title: 'A program that spins',
    description: 'spin.wat: spin(0) loops about four billion times; Pause stops it wherever it is.',
    main: 'spin.wat',
    files: () => [text('spin.wat', spinWat)],
    entry: { kind: 'invoke', name: 'spin', args: ['0'] },
  },
];
