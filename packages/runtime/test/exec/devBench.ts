/**
 * DEV-ONLY quick benchmark of the engine API against Node's native WebAssembly on the C programs
 * in bench/programs (not run by vitest; `pnpm bench` is the real one). Prints min-of-3 times.
 *   pnpm exec tsx test/exec/devBench.ts [program ...]
 * NB: run it from this package (ESM). Loaded as CommonJS (e.g. from a file outside the package),
 * tsx turns every cross-module call into a getter call and the interpreter is 3-4x slower.
 */
import { readFileSync } from 'node:fs';
import { decodeModule, validateModule, Store, instantiate, invoke, FuncInstance } from '../../src/index.ts';
const P: [string, number][] = [['fib', 32], ['sieve', 2000000], ['matmul', 160], ['nbody', 200000], ['hash', 100], ['prng', 3000000], ['interp', 400000], ['memops', 30]];
const only = process.argv.slice(2);
let logsum = 0, cnt = 0;
for (const [name, n] of P) {
  if (only.length && !only.includes(name)) continue;
  const bytes = new Uint8Array(readFileSync(new URL(`../../bench/programs/${name}/${name}.wasm`, import.meta.url)));
  const native = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports.run as (n: number) => unknown;
  const info = decodeModule(bytes); validateModule(info);
  const store = new Store();
  const inst = instantiate(store, info, []);
  const run = inst.exports.get('run') as FuncInstance;
  let tn = Infinity, tl = Infinity, rn: unknown, rl: unknown;
  for (let i = 0; i < 3; i++) {
    let t = performance.now(); rn = native(n); tn = Math.min(tn, performance.now() - t);
    t = performance.now(); rl = invoke(store, run, [n])[0]; tl = Math.min(tl, performance.now() - t);
  }
  const ok = String(rn) === String(rl);
  logsum += Math.log(tl / tn); cnt++;
  console.log(`${name.padEnd(8)} native ${tn.toFixed(1).padStart(8)}ms  lantern ${tl.toFixed(1).padStart(8)}ms  x${(tl / tn).toFixed(1).padStart(6)} ${ok ? '' : `MISMATCH ${rn} vs ${rl}`}`);
}
console.log(`geomean x${Math.exp(logsum / cnt).toFixed(1)}`);
