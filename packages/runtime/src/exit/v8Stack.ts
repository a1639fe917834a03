/**
 * V8's stack-trace format for wasm frames, interleaved with the JS frames, so that a Trap's
 * `stack` reads like one thrown by native WebAssembly in Node or Chrome:
 *
 *     RuntimeError: integer divide by zero
 *         at div (wasm://wasm/traps:wasm-function[1]:0x3c)         innermost activation's wasm frames
 *         at callsDiv (wasm://wasm/traps:wasm-function[2]:0x45)
 *         at logAndDivide (file:///app/host.js:12:3)                the JS frames of the host function
 *         at main (wasm://wasm/traps:wasm-function[3]:0x51)        the older activation's wasm frames
 *         at Object.<anonymous> (file:///app/run.js:4:1)            the embedder
 *
 * How JS and wasm frames are matched: one JS stack is captured when the Trap is made; the
 * runtime's own frames in it come in runs, one per activation (the driver's `invoke` and
 * `callHost` with the JS-API glue around them). Each run is replaced by that activation's wasm
 * frames, innermost first; the JS frames between runs are the host functions' own.
 *
 * Names: the name section's function name, else none (`at wasm://…` alone, as V8 prints);
 * module: the name section's module name, else an 8-digit hash of the module bytes.
 */
import type { RawFrame } from '@lantern/traps';
import type { Instance } from '../instances/instance.ts';
import type { ModuleInfo } from '../syntax/moduleInfo.ts';

const hashes = new WeakMap<ModuleInfo, string>();

/** FNV-1a over the module bytes, 8 hex digits (stable per module; V8 hashes the wire bytes too). */
export function moduleHash(info: ModuleInfo): string {
  let h = hashes.get(info);
  if (h === undefined) {
    let x = 0x811c9dc5;
    const b = info.bytes;
    for (let i = 0; i < b.length; i++) x = Math.imul(x ^ b[i], 0x01000193);
    h = (x >>> 0).toString(16).padStart(8, '0');
    hashes.set(info, h);
  }
  return h;
}

/** One V8-style line (with its 4-space indent) for a wasm frame. */
export function v8WasmFrameLine(frame: RawFrame): string {
  const info = (frame.instance as Instance | null)?.info;
  const mod = frame.kind === 'wasm' ? (frame.moduleName ?? (info ? moduleHash(info) : 'module')) : 'host';
  const where = `wasm://wasm/${mod}:wasm-function[${frame.funcIndex}]:0x${frame.offset.toString(16)}`;
  const name = frame.kind === 'wasm' ? frame.funcName : undefined;
  return name !== undefined ? `    at ${name} (${where})` : `    at ${where}`;
}

/** The runtime's own source directory (frames from here are driver/glue frames). */
const RUNTIME_SRC = new URL('..', import.meta.url);
const RUNTIME_MARKERS = [decodeURIComponent(RUNTIME_SRC.pathname), RUNTIME_SRC.href];
const DRIVER_MARKERS = RUNTIME_MARKERS.map((m) => `${m}exec/driver.ts`);

function isRuntimeLine(line: string): boolean {
  return RUNTIME_MARKERS.some((m) => line.includes(m));
}
function isDriverLine(line: string): boolean {
  return DRIVER_MARKERS.some((m) => line.includes(m));
}

/**
 * Builds the `stack` of an error from its header line, the JS stack captured with it (its
 * `at …` lines) and the frames (all activations, newest first, host frames between activations).
 */
export function interleaveStack(header: string, jsStack: string, frames: readonly RawFrame[]): string {
  // Wasm frames per activation: host frames separate them.
  const groups: RawFrame[][] = [[]];
  for (const f of frames) {
    if (f.kind === 'host') groups.push([]);
    else groups[groups.length - 1].push(f);
  }
  const jsLines = jsStack.split('\n').filter((l) => /^\s+at /.test(l));
  const out: string[] = [header];
  let g = 0;
  let i = 0;
  while (i < jsLines.length) {
    if (!isRuntimeLine(jsLines[i])) {
      out.push(jsLines[i++]);
      continue;
    }
    // A run of runtime frames: an activation boundary if the driver is in it.
    let j = i;
    let driver = false;
    for (; j < jsLines.length && isRuntimeLine(jsLines[j]); j++) if (isDriverLine(jsLines[j])) driver = true;
    if (driver && g < groups.length) for (const f of groups[g++]) out.push(v8WasmFrameLine(f));
    i = j;
  }
  // Activations whose JS frames were cut off (Error.stackTraceLimit): their wasm frames still show.
  while (g < groups.length) for (const f of groups[g++]) out.push(v8WasmFrameLine(f));
  return out.join('\n');
}

/**
 * Sets `error.stack` in V8's format (see above), from a JS stack captured now. The string is
 * built on first read (V8 itself formats stacks lazily): a trap nobody prints costs one capture.
 */
export function attachV8Stack(error: Error, frames: readonly RawFrame[]): void {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  // Room for the runtime frames that are replaced by wasm frames.
  Error.stackTraceLimit = Math.max(limit, 50);
  try {
    Error.captureStackTrace(holder, attachV8Stack);
  } finally {
    Error.stackTraceLimit = limit;
  }
  let stack: string | undefined;
  Object.defineProperty(error, 'stack', {
    get(): string {
      if (stack === undefined) {
        const header = error.message ? `${error.name}: ${error.message}` : error.name;
        stack = interleaveStack(header, holder.stack ?? '', frames);
      }
      return stack;
    },
    set(v: string) {
      stack = v;
    },
    configurable: true,
    enumerable: false,
  });
}
