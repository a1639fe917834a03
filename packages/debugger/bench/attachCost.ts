/**
 * The cost of an attached debugger with no breakpoints (and with 100 breakpoints in code that
 * never runs) against no debugger, on a recursive fib and a memory loop in WAT. Prints ratios
 * (median of runs, same process). Run: pnpm exec tsx bench/attachCost.ts
 *
 * Debug compile mode (operand stack materialised, `debugCompile: true`; off by default) is measured
 * separately: it is what makes operands visible, and it costs. `debugCompile: false` keeps the
 * normal code, so an attached debugger without breakpoints costs nothing by construction.
 */
import { createWebAssembly } from '@lantern/runtime';
import { Debugger, SymbolResolver } from '../src/index.ts';

const WAT = `(module
  (memory 1)
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func $loop (export "loop") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 0xfffc)) (local.get $acc))
        (local.set $acc (i32.add (local.get $acc) (i32.load (i32.and (i32.mul (local.get $i) (i32.const 12)) (i32.const 0xfffc)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))
  (func $never (export "never") (param $x i32) (result i32)
    ${Array.from({ length: 100 }, (_, i) => `(local.set $x (i32.add (local.get $x) (i32.const ${i})))`).join('\n    ')}
    (local.get $x))
)`;

type Mode = 'none' | 'attached' | 'attached+100bp' | 'attached+debugCompile';

async function measure(mode: Mode, work: 'fib' | 'loop'): Promise<number> {
  const symbols = new SymbolResolver();
  const bytes = symbols.addWat(WAT, 'bench.wat');
  const WebAssembly = createWebAssembly();
  const { instance } = await WebAssembly.instantiate(bytes);
  const ex = instance.exports as Record<string, (n: number) => number>;
  let dbg: Debugger | undefined;
  if (mode !== 'none') {
    dbg = Debugger.attach(instance, { symbols, debugCompile: mode === 'attached+debugCompile' });
    if (mode === 'attached+100bp') {
      for (let line = 1; line <= 200 && dbg.breakpoints().length < 100; line++) {
        const bp = dbg.setBreakpoint({ file: 'bench.wat', line });
        if (!bp.sites.some((s) => s.offset > 0) || !inNever(bp, bytes)) dbg.removeBreakpoint(bp);
      }
      ex.never(0); // compile it: the 100 breakpoints are patched (and hit once; not timed)
      dbg.removeAllListeners();
    }
  }
  const run = () => (work === 'fib' ? ex.fib(29) : ex.loop(2_000_000));
  run(); // warm up (and compile)
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  dbg?.detach();
  times.sort((a, b) => a - b);
  return times[4];
}

function inNever(bp: import('../src/index.ts').Breakpoint, _bytes: Uint8Array): boolean {
  const l = bp.boundLine ?? 0;
  return l >= 20 && l < 120;
}

// Modes are interleaved over several rounds and each keeps its best median (JIT warm-up and
// GC noise otherwise dominate differences of a few percent).
const MODES = ['none', 'attached', 'attached+100bp', 'attached+debugCompile'] as const;
for (const work of ['fib', 'loop'] as const) {
  const best = new Map<Mode, number>();
  for (let round = 0; round < 5; round++) {
    for (const mode of MODES) best.set(mode, Math.min(best.get(mode) ?? Infinity, await measure(mode, work)));
  }
  const base = best.get('none')!;
  const line = [`${work}: none ${base.toFixed(1)} ms`];
  for (const mode of MODES.slice(1)) line.push(`${mode} ${best.get(mode)!.toFixed(1)} ms (x${(best.get(mode)! / base).toFixed(3)})`);
  console.log(line.join(' | '));
}
