/**
 * QuickJS (a JavaScript engine in C, built with Emscripten) from `quickjs-emscripten-core` and
 * its `@jitl/quickjs-wasmfile-release-sync` variant, through their own glue: a script that
 * builds objects, sorts, round-trips JSON and runs regular expressions inside the guest VM.
 */
import { newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten-core';

const SCRIPT = `
  const people = [];
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let i = 0; i < 2000; i++) people.push({ id: i, name: 'p' + rnd().toString(36), age: rnd() % 90, tags: ['a' + (i % 7), 'b' + (i % 11)] });
  people.sort((a, b) => a.age - b.age || (a.name < b.name ? -1 : 1));
  const text = JSON.stringify(people);
  const back = JSON.parse(text);
  let vowels = 0;
  for (const p of back) vowels += (p.name.match(/[aeiou]/g) || []).length;
  const byAge = new Map();
  for (const p of back) byAge.set(p.age, (byAge.get(p.age) || 0) + 1);
  let fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2));
  [text.length, vowels, byAge.size, back[1234].name, fib(20)].join(',');
`;

export async function workload(): Promise<string> {
  const QuickJS = await newQuickJSWASMModuleFromVariant(import('@jitl/quickjs-wasmfile-release-sync'));
  const vm = QuickJS.newContext();
  const handle = vm.unwrapResult(vm.evalCode(SCRIPT));
  const result = String(vm.dump(handle));
  handle.dispose();
  vm.dispose();
  return result;
}
