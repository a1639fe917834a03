import { describe, expect, it } from 'vitest';
import { Trap } from '@lantern/traps';
import {
  decodeModule, validateModule, instantiate, matchImport, Store, FuncInstance, GlobalInstance, MemoryInstance,
  TableInstance, LinkError, I32, I64, FUNCREF, type ExternValue,
} from '../../src/index.ts';
import { fixtureBytes } from './helpers.ts';

const lim = (min: number, max?: number) => ({ min: BigInt(min), max: max === undefined ? undefined : BigInt(max), is64: false, shared: false });

describe('instantiation', () => {
  const info = decodeModule(fixtureBytes('instantiate'));
  validateModule(info);

  function imports(store: Store, over: Partial<Record<string, ExternValue>> = {}): ExternValue[] {
    return [
      over.f ?? FuncInstance.host(store, { kind: 'func', params: [I32], results: [I32] }, ([x]) => [(x as number) * 2]),
      over.g ?? new GlobalInstance({ valType: I32, mutable: false }, 20),
      over.mem ?? new MemoryInstance({ limits: lim(1, 2), pageSizeLog2: 16 }),
      over.tab ?? new TableInstance({ elemType: FUNCREF, limits: lim(2) }, null),
    ];
  }

  it('rejects incompatible imports with a LinkError naming the import', () => {
    const store = new Store();
    const wrongType = FuncInstance.host(store, { kind: 'func', params: [I64], results: [I32] }, () => [0]);
    expect(() => instantiate(store, info, imports(store, { f: wrongType }))).toThrow(LinkError);
    expect(() => instantiate(store, info, imports(store, { f: wrongType }))).toThrow('incompatible import type for "env" "f"');
    const mutGlobal = new GlobalInstance({ valType: I32, mutable: true }, 1);
    expect(() => instantiate(store, info, imports(store, { g: mutGlobal }))).toThrow(LinkError);
    const noMax = new MemoryInstance({ limits: lim(1), pageSizeLog2: 16 });
    expect(matchImport(info, info.imports[2], noMax)).toBe(false);
    const bigMax = new MemoryInstance({ limits: lim(1, 3), pageSizeLog2: 16 });
    expect(matchImport(info, info.imports[2], bigMax)).toBe(false);
    const grown = new MemoryInstance({ limits: lim(0, 2), pageSizeLog2: 16 });
    expect(matchImport(info, info.imports[2], grown)).toBe(false);
    grown.grow(1);
    expect(matchImport(info, info.imports[2], grown)).toBe(true); // current size counts
    expect(() => instantiate(store, info, imports(store, { tab: grown }))).toThrow(LinkError);
  });

  it('applies segments in order; a trapping segment keeps earlier writes and skips start', () => {
    const store = new Store();
    const mem = new MemoryInstance({ limits: lim(1, 2), pageSizeLog2: 16 });
    const tab = new TableInstance({ elemType: FUNCREF, limits: lim(2) }, null);
    let called = false;
    const f = FuncInstance.host(store, { kind: 'func', params: [I32], results: [I32] }, () => {
      called = true;
      return [0];
    });
    expect(() => instantiate(store, info, imports(store, { mem, tab, f }))).toThrow(Trap);
    expect(() => instantiate(store, info, imports(store, { mem, tab, f }))).toThrow('out of bounds memory access');
    expect(mem.u8[0]).toBe(42);
    expect(tab.get(0)).toBeInstanceOf(FuncInstance);
    expect(called).toBe(false);
  });

  it('runs the start function after initialization', () => {
    const info2 = decodeModule(fixtureBytes('start'));
    validateModule(info2);
    const store = new Store();
    const logged: unknown[] = [];
    const inst = instantiate(store, info2, [FuncInstance.host(store, { kind: 'func', params: [I32], results: [] }, (a) => {
      logged.push(...a);
      return [];
    })]);
    expect(logged).toEqual([7]);
    expect((inst.exports.get('g') as GlobalInstance).value).toBe(15n);
    expect([...inst.exports.keys()]).toEqual(['g']);
  });
});
