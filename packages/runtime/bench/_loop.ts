import { readFileSync } from 'node:fs';
import * as rt from '../src/index.ts';
const WA = (rt as any).WebAssembly;
const inst = new WA.Instance(new WA.Module(readFileSync('/tmp/loop.wasm')), {});
const N = 50_000_000;
for (let rep = 0; rep < 3; rep++) for (const [f, k] of [['one', 1], ['two', 2], ['four', 4]] as const) {
  const t = performance.now(); inst.exports[f](N); const ms = performance.now() - t;
  console.log(f, (ms * 1e6 / N / k).toFixed(2), 'ns/instr');
}
