/**
 * Issue 4's measurements: what the trap-handler protocol costs when no trap happens, and what a
 * deep backtrace costs.
 *
 *   1. One compute program (bench/programs/fib, recursive calls) on Lantern with no handler vs a
 *      trap handler registered on its store (DebugHooks.onExit), interleaved, per-run medians:
 *      the ratio should be ~1.00 (a registered handler is read only when a trap happens).
 *   2. captureBacktrace from a host function called at the bottom of a wasm recursion
 *      (test/traps/fixtures/debugApi.wasm `deep`) 1,000 and 10 frames deep: time per frame.
 *
 * Usage: tsx bench/trapCost.ts [--iters N]   (pnpm --filter @lantern/runtime bench:traps)
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DebugHooks, FuncInstance, I32, Store, captureBacktrace, createWebAssembly, decodeModule, instantiate, invoke, storeOf, validateModule } from '../src/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const itersArg = process.argv.indexOf('--iters');
const ITERS = itersArg > 0 ? Number(process.argv[itersArg + 1]) : 15;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

// ---------------------------------------------------------------- 1. handler registered vs none

const FIB_N = 30;
const WA = createWebAssembly();
const fibModule = new WA.Module(readFileSync(join(here, 'programs/fib/fib.wasm')));
const fib = (new WA.Instance(fibModule, {}).exports as { run: (n: number) => number }).run;
const store = storeOf(WA)!;
const expected = fib(FIB_N); // warm-up (compiles)
for (let i = 0; i < 3; i++) fib(FIB_N);

const none: number[] = [];
const withHandler: number[] = [];
for (let i = 0; i < ITERS; i++) {
  for (const registered of i % 2 === 0 ? [false, true] : [true, false]) {
    const off = registered ? DebugHooks.onExit(store, () => undefined) : null;
    const t0 = performance.now();
    const r = fib(FIB_N);
    const ms = performance.now() - t0;
    off?.();
    if (r !== expected) throw new Error(`fib(${FIB_N}) = ${r}, expected ${expected}`);
    (registered ? withHandler : none).push(ms);
  }
}
const mNone = median(none);
const mWith = median(withHandler);
console.log(`trap handler registered vs none (fib(${FIB_N}), ${ITERS} interleaved runs each, medians):`);
console.log(`  none ${mNone.toFixed(1)} ms, registered ${mWith.toFixed(1)} ms, ratio ${(mWith / mNone).toFixed(3)}`);

// ---------------------------------------------------------------- 2. backtrace depth

const bytes = new Uint8Array(readFileSync(join(here, '../test/traps/fixtures/debugApi.wasm')));
const info = decodeModule(bytes);
validateModule(info);
const bstore = new Store();
const type = { kind: 'func' as const, params: [I32], results: [I32] };
let captures = 1;
let frames = 0;
let captureMs: number[] = [];
const inst = instantiate(bstore, info, [
  FuncInstance.host(bstore, type, (a) => a),
  FuncInstance.host(bstore, type, () => {
    const t0 = performance.now();
    for (let i = 0; i < captures; i++) frames = captureBacktrace(bstore).length;
    captureMs.push((performance.now() - t0) / captures);
    return [0];
  }),
]);
const deep = inst.exports.get('deep') as FuncInstance;

function perCapture(depth: number, reps: number): { ms: number; frames: number } {
  captures = reps;
  captureMs = [];
  for (let i = 0; i < 3; i++) invoke(bstore, deep, [depth]); // warm-up
  captureMs = [];
  for (let i = 0; i < ITERS; i++) invoke(bstore, deep, [depth]);
  return { ms: median(captureMs), frames };
}
const deepRun = perCapture(1000, 20);
const shallowRun = perCapture(10, 2000);
const perFrameDeep = (deepRun.ms * 1000) / deepRun.frames;
const perFrameShallow = (shallowRun.ms * 1000) / shallowRun.frames;
console.log('captureBacktrace from a host function under a wasm recursion (medians):');
console.log(`  ${deepRun.frames} frames: ${(deepRun.ms * 1000).toFixed(1)} µs per backtrace, ${perFrameDeep.toFixed(3)} µs per frame`);
console.log(`  ${shallowRun.frames} frames: ${(shallowRun.ms * 1000).toFixed(2)} µs per backtrace, ${perFrameShallow.toFixed(3)} µs per frame`);
console.log(`  per-frame ratio 1000-deep / 10-deep: ${(perFrameDeep / perFrameShallow).toFixed(2)}`);
