/**
 * How soon a pause asked for from JS stops a running program: `dbg.run` of an endless loop (or a
 * recursion with no loop, fib(45)), a
 * timer asks for the pause at a random moment, and the time from the timer's due time to the
 * `paused` event is the latency a user's click (web), Ctrl-C (CLI) or DAP `pause` waits — the
 * event loop gets its turn only when the running program yields (exec/tickYield.ts). On the JS
 * tier (the loop compiled, `auto`) and debug-compiled interpreter code.
 * `pnpm bench` (or: pnpm exec tsx bench/pauseLatency.ts [samples]).
 */
import { createWebAssembly } from '@lantern/runtime';
import { Debugger, SymbolResolver, type PauseContext } from '../src/index.ts';

const WAT = `(module
  (func (export "spin") (param $k i32) (result i32)
    (loop $forever
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $forever (i32.ne (local.get $k) (i32.const -1))))
    (local.get $k))
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1))) (call $fib (i32.sub (local.get $n) (i32.const 2))))))))`;

const SAMPLES = Number(process.argv[2] ?? 30);
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

for (const [mode, work, arg] of [['tier (auto)', 'spin', 0], ['tier (auto)', 'fib', 45], ['debugCompile', 'spin', 0], ['debugCompile', 'fib', 45]] as const) {
  const symbols = new SymbolResolver();
  const WebAssembly = createWebAssembly(mode === 'debugCompile' ? {} : { tier: 'auto' });
  const { instance } = await WebAssembly.instantiate(symbols.addWat(WAT, 'spin.wat'), {});
  const run = (instance.exports as Record<string, (k: number) => number>)[work];
  const dbg = Debugger.attach(instance, { symbols, debugCompile: mode === 'debugCompile' });
  const latencies: number[] = [];
  let due = 0;
  dbg.on('paused', ({ context }: { context: PauseContext }) => {
    latencies.push(performance.now() - due);
    context.unwind(); // ends the run (it rejects)
  });
  for (let i = 0; i < SAMPLES; i++) {
    const delay = 30 + Math.random() * 50;
    due = performance.now() + delay;
    setTimeout(() => dbg.pause(), delay);
    await dbg.run(run, arg).catch(() => undefined);
  }
  console.log(`${mode.padEnd(14)} ${`${work}(${arg})`.padEnd(8)} pause latency over ${SAMPLES} pauses: median ${quantile(latencies, 0.5).toFixed(1)} ms, p90 ${quantile(latencies, 0.9).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`);
}
