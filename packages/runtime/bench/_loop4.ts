import { readFileSync } from 'node:fs';
import * as rt from '../src/index.ts';
const WA = (rt as any).WebAssembly;
const inst = new WA.Instance(new WA.Module(readFileSync('/tmp/l4.wasm')), {});
const N = 10_000_000;
for (let rep = 0; rep < 3; rep++) {
  const res: string[] = [];
  for (const f of ['base', 'calls']) {
    const t = performance.now(); inst.exports[f](N); const ms = performance.now() - t;
    res.push(`${f} ${(ms * 1e6 / N).toFixed(1)}`);
  }
  console.log(res.join('  '), 'ns/iter');
}
