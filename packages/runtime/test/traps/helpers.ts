/** Test helpers for test/traps: load a committed fixture (fixtures/rebuild.sh) into a fresh Store. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  decodeModule, validateModule, Store, instantiate, invoke, FuncInstance,
  type ExternValue, type Instance, type ModuleInfo, type RawValue,
} from '../../src/index.ts';

export interface Loaded {
  store: Store;
  info: ModuleInfo;
  inst: Instance;
  func(name: string): FuncInstance;
  call(name: string, ...args: RawValue[]): RawValue[];
}

export function loadFixture(name: string, imports: (store: Store) => ExternValue[] = () => [], store = new Store()): Loaded {
  const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL(`./fixtures/${name}.wasm`, import.meta.url))));
  const info = decodeModule(bytes);
  validateModule(info);
  const inst = instantiate(store, info, imports(store));
  const func = (n: string) => {
    const f = inst.exports.get(n);
    if (!(f instanceof FuncInstance)) throw new Error(`no function export ${n}`);
    return f;
  };
  return { store, info, inst, func, call: (n, ...args) => invoke(store, func(n), args) };
}

/** The protocol fixture with `env.reenter` calling `inner` (or `hook`, when given) re-entrantly. */
export function loadProtocol(hook?: (x: number, m: Loaded) => number): Loaded {
  let m!: Loaded;
  const I32 = 0x7f;
  m = loadFixture('protocol', (store) => [
    FuncInstance.host(store, { kind: 'func', params: [I32], results: [I32] }, function reenterHost(args) {
      return [hook ? hook(args[0] as number, m) : (m.call('inner', args[0])[0] as number)];
    }),
  ]);
  return m;
}

/** What `fn` throws: a Trap, or whatever a host function threw through wasm. */
export function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a trap');
}
