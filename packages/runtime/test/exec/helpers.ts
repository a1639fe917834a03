/**
 * Test helpers: load a committed .wasm fixture (built from its .wat by fixtures/rebuild.sh),
 * decode + validate + instantiate it, and call exports with RawValues.
 */
import { readFileSync } from 'node:fs';
import { Trap, type TrapCode } from '@lantern/traps';
import { fileURLToPath } from 'node:url';
import {
  decodeModule, validateModule, Store, instantiate, invoke, FuncInstance,
  type ExternValue, type Instance, type ModuleInfo, type RawValue, type StoreOptions,
} from '../../src/index.ts';

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fileURLToPath(new URL(`./fixtures/${name}.wasm`, import.meta.url))));
}

export interface Loaded {
  store: Store;
  info: ModuleInfo;
  inst: Instance;
  func(name: string): FuncInstance;
  call(name: string, ...args: RawValue[]): RawValue[];
}

export function load(
  name: string,
  imports: (store: Store, info: ModuleInfo) => ExternValue[] = () => [],
  options?: StoreOptions,
  store: Store = new Store(options),
): Loaded {
  const info = decodeModule(fixtureBytes(name));
  validateModule(info);
  const inst = instantiate(store, info, imports(store, info));
  const func = (n: string) => {
    const f = inst.exports.get(n);
    if (!(f instanceof FuncInstance)) throw new Error(`no function export ${n}`);
    return f;
  };
  return { store, info, inst, func, call: (n, ...args) => invoke(store, func(n), args) };
}

/** f32 bits of a JS number. */
export function f32Bits(x: number): number {
  const b = new Float32Array([x]);
  return new Uint32Array(b.buffer)[0];
}

/** The Trap `fn` throws (anything else it throws is rethrown; not throwing fails). */
export function trapOf(fn: () => unknown): Trap {
  try {
    fn();
  } catch (e) {
    if (e instanceof Trap) return e;
    throw e;
  }
  throw new Error('expected a trap');
}

/** What `fn` throws, whatever it is: a trap (with its frames and code) or a host error. Not throwing fails. */
export function thrown(fn: () => unknown): Error & { frames?: { offset: number }[]; code?: TrapCode } {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}
