/**
 * The cost of an attached debugger with no breakpoints (and with 100 breakpoints in code that
 * never runs) against no debugger, on a recursive fib and a memory loop in WAT. `pnpm bench`
 * (or: pnpm exec tsx bench/attachCost.ts [rounds]).
 *
 * Side by side: every mode has its own instance (own Store), all set up first; then each round
 * runs every mode once, in a rotated order, and the ratio to the no-debugger run OF THE SAME
 * ROUND is recorded. Printed: median and best time per mode, the median (and 25th-75th
 * percentile) of the per-round ratios, and the ratio of best times (the least disturbed runs).
 * A second no-debugger instance ('none (A/A)') is the noise floor: its ratio should be ~1.00,
 * and differences inside its spread are not measurable.
 *
 * $never alternates add and xor of nonzero constants so that each of its 100 lines is an internal
 * instruction of its own (two adds in a row fuse into one I32AddImm2; x + 0 compiles to nothing),
 * keeping 100 distinct breakpoint sites.
 *
 * 'tier' and 'tier+attached' run the same on the JS-compiling tier (`tier: 'auto'`), alone and with
 * a debugger attached (compiled code keeps running; it is materialized only when something
 * observes): the line "tier+attached vs tier" is the debugger's cost on compiled code.
 *
 * Debug compile mode (operand stack materialised, `debugCompile: true`; off by default) is measured
 * separately: it is what makes operands visible, and it costs. `debugCompile: false` keeps the
 * normal code, so an attached debugger without breakpoints costs nothing by construction.
 */
import { createWebAssembly } from '@lantern/runtime';
import { Debugger, SymbolResolver } from '../src/index.ts';
import { fibAndLoopWat } from './workloads.ts';

const WAT = fibAndLoopWat(`  (func $never (export "never") (param $x i32) (result i32)
    ${Array.from({ length: 100 }, (_, i) => `(local.set $x (i32.${i % 2 ? 'xor' : 'add'} (local.get $x) (i32.const ${i + 1})))`).join('\n    ')}
    (local.get $x))
`);

type Mode = 'none' | 'none (A/A)' | 'attached' | 'attached+100bp' | 'attached+debugCompile' | 'tier' | 'tier+attached';
const MODES: readonly Mode[] = ['none', 'none (A/A)', 'attached', 'attached+100bp', 'attached+debugCompile', 'tier', 'tier+attached'];
type Work = 'fib' | 'loop';
const WORK: Record<Work, { arg: number }> = { fib: { arg: 27 }, loop: { arg: 2_000_000 } };

/** The 100 lines of $never's body in WAT (1-based). */
const NEVER_LINES = (() => {
  const at = WAT.split('\n').findIndex((l) => l.includes('(func $never')) + 1;
  return Array.from({ length: 100 }, (_, i) => at + 1 + i);
})();

interface Setup {
  mode: Mode;
  run: () => number;
  dbg?: Debugger;
}

async function setup(mode: Mode, work: Work): Promise<Setup> {
  const symbols = new SymbolResolver();
  const bytes = symbols.addWat(WAT, 'bench.wat');
  // its own Store; 'tier': the JS-compiling tier (`auto`), which keeps running with a debugger attached
  const WebAssembly = createWebAssembly({ tier: mode.startsWith('tier') ? 'auto' : 'interpreter' });
  const { instance } = await WebAssembly.instantiate(bytes);
  const ex = instance.exports as Record<string, (n: number) => number>;
  let dbg: Debugger | undefined;
  if (mode.includes('attached')) {
    dbg = Debugger.attach(instance, { symbols, debugCompile: mode === 'attached+debugCompile' });
    if (mode === 'attached+100bp') {
      for (const line of NEVER_LINES) {
        const bp = dbg.setBreakpoint({ file: 'bench.wat', line });
        if (bp.boundLine !== line) throw new Error(`breakpoint at bench.wat:${line} bound to ${bp.boundLine}`);
      }
      ex.never(0); // compiles $never, so the 100 breakpoints are patched in (hit once; not timed)
      dbg.removeAllListeners();
      if (dbg.patchCount < 100) throw new Error(`only ${dbg.patchCount} breakpoints patched`);
    }
  }
  const arg = WORK[work].arg;
  return { mode, dbg, run: () => ex[work](arg) };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q, lo = Math.floor(i), hi = Math.ceil(i);
  return s[lo] + (s[hi] - s[lo]) * (i - lo);
};

const ROUNDS = Number(process.argv[2] ?? 25);
/** Per workload: fewer rounds (at least 9) when a loaded machine makes them slow (~60 s in all). */
const BUDGET_MS = 22_000;
const started = performance.now();
console.log(`attach cost: up to ${ROUNDS} rounds per workload, modes run side by side (ratios are per round, vs 'none' of the same round)`);
for (const work of ['fib', 'loop'] as const) {
  const setups = await Promise.all(MODES.map((m) => setup(m, work)));
  // Warm up every mode (JIT, compilation), checking they all compute the same.
  const expected = setups[0].run();
  for (let i = 0; i < 3; i++) {
    for (const s of setups) if (s.run() !== expected) throw new Error(`${s.mode}: wrong result`);
  }
  const times = new Map<Mode, number[]>(MODES.map((m) => [m, []]));
  const ratios = new Map<Mode, number[]>(MODES.map((m) => [m, []]));
  const t0Work = performance.now();
  let rounds = 0;
  for (let round = 0; round < ROUNDS && (round < 9 || performance.now() - t0Work < BUDGET_MS); round++, rounds++) {
    const t = new Map<Mode, number>();
    for (let k = 0; k < setups.length; k++) {
      const s = setups[(round + k) % setups.length];
      const t0 = performance.now();
      s.run();
      t.set(s.mode, performance.now() - t0);
    }
    for (const m of MODES) {
      times.get(m)!.push(t.get(m)!);
      ratios.get(m)!.push(t.get(m)! / t.get('none')!);
    }
  }
  for (const s of setups) s.dbg?.detach();
  console.log(`\n${work}(${WORK[work].arg.toLocaleString('en-US')}), ${rounds} rounds:`);
  console.log(`  ${'mode'.padEnd(24)}${'median ms'.padStart(10)}${'best ms'.padStart(9)}${'ratio'.padStart(9)}${'p25-p75'.padStart(15)}${'best/best'.padStart(11)}`);
  const best = (m: Mode) => Math.min(...times.get(m)!);
  for (const m of MODES) {
    const r = ratios.get(m)!;
    const ratio = m === 'none' ? '1' : `x${quantile(r, 0.5).toFixed(3)}`;
    const spread = m === 'none' ? '' : `${quantile(r, 0.25).toFixed(3)}-${quantile(r, 0.75).toFixed(3)}`;
    const bb = m === 'none' ? '1' : `x${(best(m) / best('none')).toFixed(3)}`;
    console.log(
      `  ${m.padEnd(24)}${quantile(times.get(m)!, 0.5).toFixed(1).padStart(10)}${best(m).toFixed(1).padStart(9)}` +
        `${ratio.padStart(9)}${spread.padStart(15)}${bb.padStart(11)}`,
    );
  }
  // The debugger's cost on compiled code: tier+attached against the tier alone, per round.
  const onTier = times.get('tier+attached')!.map((t, i) => t / times.get('tier')![i]);
  console.log(
    `  tier+attached vs tier: x${quantile(onTier, 0.5).toFixed(3)} (p25-p75 ${quantile(onTier, 0.25).toFixed(3)}-${quantile(onTier, 0.75).toFixed(3)}, ` +
      `best/best x${(best('tier+attached') / best('tier')).toFixed(3)})`,
  );
}
console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
