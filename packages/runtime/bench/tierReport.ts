import { createWebAssembly, storeOf } from '../src/index.ts';
const program = process.argv[2];
const ns = createWebAssembly({ tier: 'auto' });
Object.defineProperty(globalThis, 'WebAssembly', { value: ns, writable: true, configurable: true });
const { workload } = (await import(`./real/${program}.ts`)) as { workload(): Promise<string> };
const t0 = performance.now(); const c0 = process.cpuUsage();
await workload();
{ const c = process.cpuUsage(c0); console.log(program, (performance.now() - t0).toFixed(0), "ms wall", ((c.user + c.system) / 1000).toFixed(0), "ms cpu"); }
const store = storeOf(ns)!;
const tier = store.tier!;
console.log('compiled', tier.compiled, 'unsupported', [...tier.unsupported]);
let pending = 0, never = 0;
for (const f of store.funcs) {
  if (f.instance === null) continue;
  if (f.jit !== null && f.jit.fn === null) { if (f.jit.calls > 0) pending++; else never++; }
}
console.log('not yet hot', pending, 'never called (routed)', never);
