/**
 * The cost of running a program the way the CLI, DAP and the web debugger do: `dbg.run`, an async
 * entry that yields to the event loop every ~4 ms (compiled code deoptimizes to yield and comes
 * back at a loop head or the next call: on-stack replacement, exec/tickYield.ts), against the same
 * export called directly, both on the JS tier (`tier: 'auto'`) with a debugger attached. In a
 * process of its own (attachCost.ts's modes share V8's feedback for the tier's shared code with
 * whatever else runs in the process). `pnpm bench` (or: pnpm exec tsx bench/runCost.ts [rounds]).
 */
import { createWebAssembly } from '@lantern/runtime';
import { Debugger, SymbolResolver } from '../src/index.ts';
import { fibAndLoopWat } from './workloads.ts';

const WAT = fibAndLoopWat();
const WORK = { fib: 27, loop: 2_000_000 } as const;
const ROUNDS = Number(process.argv[2] ?? 15);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function setup(work: keyof typeof WORK, viaRun: boolean): Promise<() => number | Promise<number>> {
  const symbols = new SymbolResolver();
  const WebAssembly = createWebAssembly({ tier: 'auto' });
  const { instance } = await WebAssembly.instantiate(symbols.addWat(WAT, 'bench.wat'));
  const fn = (instance.exports as Record<string, (n: number) => number>)[work];
  const dbg = Debugger.attach(instance, { symbols });
  return viaRun ? () => dbg.run(fn, WORK[work]) as Promise<number> : () => fn(WORK[work]);
}

console.log(`dbg.run vs a direct call, both on the tier with a debugger attached; ${ROUNDS} rounds, alternating`);
for (const work of ['fib', 'loop'] as const) {
  const direct = await setup(work, false);
  const viaRun = await setup(work, true);
  const expected = await direct();
  for (let i = 0; i < 3; i++) if ((await direct()) !== expected || (await viaRun()) !== expected) throw new Error(`${work}: wrong result`);
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    await direct();
    const t1 = performance.now();
    await viaRun();
    const t2 = performance.now();
    ratios.push((t2 - t1) / (t1 - t0));
  }
  console.log(`  ${`${work}(${WORK[work].toLocaleString('en-US')})`.padEnd(20)} dbg.run / direct: x${median(ratios).toFixed(3)} (min x${Math.min(...ratios).toFixed(3)})`);
}
