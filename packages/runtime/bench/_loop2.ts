import { readFileSync } from 'node:fs';
import * as rt from '../src/index.ts';
const WA = (rt as any).WebAssembly;
const inst = new WA.Instance(new WA.Module(readFileSync('/tmp/loop2.wasm')), {});
const N = 1_000_000;
for (let rep = 0; rep < 5; rep++) {
  const t = performance.now(); for (let i = 0; i < 20; i++) inst.exports.mv(N); const ms = performance.now() - t;
  console.log('mv', (ms * 1e6 / (N / 4 * 20) / 5).toFixed(2), 'ns/instr');
}
