/**
 * How much of each real program the tier runs as JavaScript (`tier: 'auto'`): after the
 * program's workload, every function of its store by state — compiled, interpreted for a reason
 * (the tier's `unsupported` counts), still warming up (called, not hot yet), never called — with
 * the wasm body bytes of each group, and the tier's compile time. Where the time goes is for a profiler:
 *
 *   node --cpu-prof --import tsx bench/tierCoverage.ts sqlite
 *
 * names each compiled function `lantern-tier/f<index>` (its source URL), the interpreter loop `run`.
 *
 * Usage: tsx bench/tierCoverage.ts [program ...]   (programs of bench/realPrograms.ts, and dartFmt: Wasm GC)
 */
import { createWebAssembly, storeOf, type FuncInstance, type Instance } from '../src/index.ts';
import { pad } from './lib/stats.ts';

const PROGRAMS = ['sqlite', 'brotli', 'quickjs', 'dartFmt'];

function bodyBytes(f: FuncInstance): number {
  const info = (f.instance as Instance).info;
  const b = info.bodies[f.funcIndex - info.importedFuncs];
  return b.codeEnd - b.codeStart;
}

async function report(program: string): Promise<void> {
  const ns = createWebAssembly({ tier: 'auto' });
  Object.defineProperty(globalThis, 'WebAssembly', { value: ns, writable: true, configurable: true, enumerable: false });
  const { workload } = (await import(`./real/${program}.ts`)) as { workload(): Promise<string> };
  const cpu = process.cpuUsage();
  const start = performance.now();
  await workload();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const store = storeOf(ns)!;
  const tier = store.tier!;
  const groups = new Map<string, { funcs: number; bytes: number }>();
  const add = (state: string, f: FuncInstance) => {
    const g = groups.get(state) ?? { funcs: 0, bytes: 0 };
    g.funcs++;
    g.bytes += bodyBytes(f);
    groups.set(state, g);
  };
  for (const f of store.funcs) {
    if (f.instance === null || f.host !== undefined) continue;
    if (f.jit === null) add(f.entryPc < 0 ? 'never called' : 'interpreted', f);
    else if (f.jit.fn !== null) add('compiled', f);
    else add(f.jit.calls > 0 ? 'warming up (called, not hot yet)' : 'never called', f);
  }
  console.log(`\n${program}: ${wall.toFixed(0)} ms (${((used.user + used.system) / 1000).toFixed(0)} ms CPU), ${tier.compiled} compiled ` +
    `in ${tier.compileMs.toFixed(0)} ms (${((100 * tier.compileMs) / wall).toFixed(1)}% of the run), ` +
    `${tier.osrEntries} on-stack replacement(s), ${tier.deopts} deoptimization(s)`);
  for (const [state, g] of groups) console.log(`  ${pad(state, 34)}${pad(String(g.funcs), 6, true)} functions${pad(String(g.bytes), 9, true)} body bytes`);
  for (const [reason, n] of tier.unsupported) console.log(`  interpreted: ${reason}: ${n}`);
}

const names = process.argv.slice(2);
for (const n of names) if (!PROGRAMS.includes(n)) throw new Error(`known real programs: ${PROGRAMS.join(', ')}`);
for (const p of names.length ? names : PROGRAMS) await report(p);
