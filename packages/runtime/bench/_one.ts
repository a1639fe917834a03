import { readFileSync } from 'node:fs';
import * as rt from '../src/index.ts';
const WA = (rt as any).WebAssembly;
const name = process.argv[2]; const n = +process.argv[3]; const reps = +(process.argv[4] ?? 5);
const bytes = readFileSync(new URL(`./programs/${name}/${name}.wasm`, import.meta.url));
const inst = new WA.Instance(new WA.Module(bytes), {});
for (let i = 0; i < reps; i++) { const t = performance.now(); const r = inst.exports.run(n); console.log(name, (performance.now() - t).toFixed(1), 'ms', r); }
