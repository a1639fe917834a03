// scratch: disassemble internal code of a bench program's functions
import { readFileSync } from 'node:fs';
import * as rt from '../src/index.ts';
import { storeOf } from '../src/jsapi/debugAccess.ts';
import { lengthAt } from '../src/debug/opLayout.ts';
const src = readFileSync(new URL('../src/exec/interpreter.ts', import.meta.url), 'utf8');
const enumText = src.slice(src.indexOf('export const enum Op {'), src.indexOf('\n}\n', src.indexOf('export const enum Op {')));
const names = enumText.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '').split('{')[1].match(/\b[A-Z]\w*\b/g)!;
const WA = (rt as any).WebAssembly;
const name = process.argv[2];
const bytes = readFileSync(new URL(`./programs/${name}/${name}.wasm`, import.meta.url));
const mod = new WA.Module(bytes);
const imports: any = {};
for (const i of WA.Module.imports(mod)) { imports[i.module] ??= {}; imports[i.module][i.name] = () => 0; }
const inst = new WA.Instance(mod, imports);
try { (inst.exports.run as any)(1); } catch {}
const store: any = storeOf(WA);
const code = store.code.buf as Int32Array;
for (const f of store.funcs) {
  if (f.entryPc < 0) continue;
  const end = f.codeMap ? undefined : undefined;
  console.log(`func addr ${f.addr} entry ${f.entryPc} locals ${f.localsI32} frame ${f.frameI32}`);
  let pc = f.entryPc;
  const limit = process.argv[3] ? +process.argv[3] : 400;
  for (let k = 0; k < limit && pc < store.code.pos; k++) {
    const op = code[pc]; const len = lengthAt(code, pc, op);
    if (len <= 0) { console.log(pc, names[op], '?'); break; }
    console.log(String(pc).padStart(6), names[op].padEnd(18), Array.from(code.subarray(pc + 1, pc + len)).join(' '));
    pc += len;
    if (names[op] === 'Return' && k > 0 && process.argv[4] !== 'all') { /* keep going until next func */ }
    if (store.funcs.some((g: any) => g.entryPc === pc)) break;
  }
}
