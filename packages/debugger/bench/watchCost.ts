/**
 * What watchpoints cost: a debugger in debug compile mode (what `lantern debug` runs) with no
 * watchpoint, against the same after a watchpoint was set and removed (the watch machinery
 * exercised and gone: it must cost nothing), and with one set on an address the loop never
 * touches (every store and load is then a patched Break: the price while one is set). A second
 * identical no-watchpoint instance ('A/A') is the noise floor; Node's native WebAssembly runs the
 * same loop for scale. `pnpm bench` (or: pnpm exec tsx bench/watchCost.ts [rounds]).
 *
 * Side by side: every mode has its own instance, all set up first; each round runs every mode
 * once in a rotated order; ratios are per round against 'debugger' of the same round.
 */
import { createWebAssembly } from '@lantern/runtime';
import { Debugger, SymbolResolver } from '../src/index.ts';

const WAT = `(module
  (memory 1)
  (func $loop (export "loop") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 0x7ffc)) (local.get $acc))
        (local.set $acc (i32.add (local.get $acc) (i32.load (i32.and (i32.mul (local.get $i) (i32.const 12)) (i32.const 0x7ffc)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))
)`;

type Mode = 'debugger' | 'debugger (A/A)' | 'watch set, removed' | 'watch set (untouched)' | 'native';
const MODES: readonly Mode[] = ['debugger', 'debugger (A/A)', 'watch set, removed', 'watch set (untouched)', 'native'];
const N = 300_000;

async function setup(mode: Mode): Promise<() => number> {
  const symbols = new SymbolResolver();
  const bytes = symbols.addWat(WAT, 'watch.wat');
  if (mode === 'native') {
    const { instance } = await WebAssembly.instantiate(bytes);
    const loop = instance.exports.loop as (n: number) => number;
    return () => loop(N);
  }
  const { instance } = await createWebAssembly().instantiate(bytes);
  const loop = (instance.exports as { loop: (n: number) => number }).loop;
  const dbg = Debugger.attach(instance, { symbols, debugCompile: true });
  if (mode !== 'debugger' && mode !== 'debugger (A/A)') {
    // Above the loop's addresses (& 0x7ffc): never touched.
    const w = dbg.setWatchpoint({ address: 0x8000, length: 4 }, 'access');
    loop(10); // compiles the function with the watch patches in
    if (mode === 'watch set, removed') {
      dbg.removeWatchpoint(w);
      if (dbg.patchCount !== 0) throw new Error(`${dbg.patchCount} patches left after removing the watchpoint`);
    } else if (dbg.patchCount === 0) throw new Error('the watchpoint patched nothing');
  }
  return () => loop(N);
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q, lo = Math.floor(i), hi = Math.ceil(i);
  return s[lo] + (s[hi] - s[lo]) * (i - lo);
};

const ROUNDS = Number(process.argv[2] ?? 15);
const runs = await Promise.all(MODES.map(setup));
const expected = runs[0]!();
for (let i = 0; i < 2; i++) runs.forEach((r, k) => {
  if (r() !== expected) throw new Error(`${MODES[k]}: wrong result`);
});
const times = MODES.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  for (let k = 0; k < MODES.length; k++) {
    const m = (round + k) % MODES.length;
    const t0 = performance.now();
    runs[m]!();
    times[m]!.push(performance.now() - t0);
  }
}
console.log(`watchpoint cost: loop(${N.toLocaleString('en-US')}) with a store and a load per round, ${ROUNDS} rounds, ratios per round vs 'debugger' (debug compile, no watchpoint)`);
console.log(`  ${'mode'.padEnd(24)}${'median ms'.padStart(10)}${'ratio'.padStart(10)}${'p25-p75'.padStart(15)}`);
MODES.forEach((m, k) => {
  const r = times[k]!.map((t, i) => t / times[0]![i]!);
  console.log(`  ${m.padEnd(24)}${quantile(times[k]!, 0.5).toFixed(1).padStart(10)}${`x${quantile(r, 0.5).toFixed(3)}`.padStart(10)}${`${quantile(r, 0.25).toFixed(3)}-${quantile(r, 0.75).toFixed(3)}`.padStart(15)}`);
});
