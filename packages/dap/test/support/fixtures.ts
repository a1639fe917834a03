/**
 * The programs the adapter's tests debug. Most are the repository's own examples and the
 * debugger's fixtures (each built by the build.sh beside it); the Rust one is this package's.
 */
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));

export const repoRoot = repo.replace(/\/$/, '');

export const fixtures = {
  /** C at -O0 (apps/demo/examples/debugging): structs, a recursive fib; no arguments → divide by zero. */
  statsC: `${repo}apps/demo/examples/debugging/stats.c`,
  statsWasm: `${repo}apps/demo/examples/debugging/stats.wasm`,
  /** C at -O0: copy_name overruns `name` into its neighbour `guard`. */
  overrunC: `${repo}apps/demo/examples/debugging/overrun.c`,
  overrunWasm: `${repo}apps/demo/examples/debugging/overrun.wasm`,
  /** C at -O2 with an inlined helper (`crash div` divides by zero inside it). */
  crashO2Wasm: `${repo}packages/debugger/test/fixtures/crash/crash-O2.wasm`,
  crashC: `${repo}packages/debugger/test/fixtures/crash/crash.c`,
  utilH: `${repo}packages/debugger/test/fixtures/crash/util.h`,
  /** Rust at opt-level 0 with DWARF. */
  bankWasm: `${repo}packages/dap/test/fixtures/rust/bank.wasm`,
  bankRs: `${repo}packages/dap/test/fixtures/rust/bank.rs`,
  /** AssemblyScript with a source map (sums.wasm.map). */
  sumsWasm: `${repo}packages/debugger/test/fixtures/assemblyscript/sums.wasm`,
  sumsTs: `${repo}packages/debugger/test/fixtures/assemblyscript/sums.ts`,
  /** Hand-written WAT, debugged at its own lines. */
  squaresWat: `${repo}apps/demo/examples/debugging/squares.wat`,
  /** WASI: writes a buffer to stdout with fd_write, changes a letter, writes it again. */
  greetWat: `${repo}apps/demo/examples/debugging/greet.wat`,
  /** A loop of four billion rounds (to pause). */
  spinWat: `${repo}apps/demo/examples/debugging/spin.wat`,
  /** Stack switching: generators on continuations. */
  generatorWat: `${repo}apps/demo/examples/wasmfx/generator.wat`,
  schedulerWat: `${repo}apps/demo/examples/wasmfx/scheduler.wat`,
  /** Wasm exceptions: one caught, one that leaves wasm (this package's). */
  overdraftWat: `${repo}packages/dap/test/fixtures/overdraft.wat`,
  /** Every throw path: rethrow, throw_ref, resume_throw, a host function's throw (this package's). */
  throwPathsWat: `${repo}packages/dap/test/fixtures/throwpaths.wat`,
  /** Wasm GC: structs with named fields, a 1000-element array, i31s (this package's). */
  gcValuesWat: `${repo}packages/dap/test/fixtures/gcvalues.wat`,
} as const;
