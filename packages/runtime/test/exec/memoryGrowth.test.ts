import { describe, expect, it } from 'vitest';
import { MemoryInstance, type StoreOptions } from '../../src/index.ts';
import { load } from './helpers.ts';

type Tier = NonNullable<StoreOptions['tier']>;
const PAGE = 65536;
const OOB = 'out of bounds memory access';

describe('memory growth (store over-allocated, wasm-visible size exact)', () => {
  for (const tier of ['interpreter', 'eager'] as Tier[]) {
    it(`${tier}: a loop growing until memory.grow fails ends at the maximum`, () => {
      const m = load('growth', () => [], { tier });
      expect(m.call('grow-all')).toEqual([63]);
      expect(m.call('grow', 0)).toEqual([64]);
      expect(m.call('grow-all-b')).toEqual([7]);
      expect(m.call('grow-all-c')).toEqual([7n]);
      expect(m.inst.memories.map((mem) => mem.pages)).toEqual([64, 8, 8]);
    });

    it(`${tier}: accesses trap right at the size although the store is larger`, () => {
      const m = load('growth', () => [], { tier });
      const [a, b, c] = m.inst.memories;
      // 1 → 2 → 3 pages: the second grow makes room for 4, the size stays 3.
      expect(m.call('grow', 1)).toEqual([1]);
      expect(m.call('grow', 1)).toEqual([2]);
      expect(a.u8.length).toBe(3 * PAGE);
      expect(a.view.byteLength).toBe(3 * PAGE);
      m.call('store', 3 * PAGE - 4, 7);
      expect(m.call('load', 3 * PAGE - 4)).toEqual([7]);
      expect(() => m.call('load', 3 * PAGE - 3)).toThrow(OOB);
      expect(() => m.call('store', 3 * PAGE, 1)).toThrow(OOB);
      expect(() => m.call('fill', 3 * PAGE - 1, 0, 2)).toThrow(OOB);
      // Growing into the room finds zeroes and keeps the contents.
      expect(m.call('grow', 1)).toEqual([3]);
      expect(m.call('load', 3 * PAGE)).toEqual([0]);
      expect(m.call('load', 3 * PAGE - 4)).toEqual([7]);
      expect(() => m.call('load', 4 * PAGE - 3)).toThrow(OOB);

      expect(m.call('grow-b', 2)).toEqual([1]);
      expect(m.call('grow-b', 1)).toEqual([3]);
      m.call('store8-b', 4 * PAGE - 1, 5);
      expect(m.call('load8-b', 4 * PAGE - 1)).toEqual([5]);
      expect(() => m.call('load8-b', 4 * PAGE)).toThrow(OOB);
      expect(b.pages).toBe(4);

      expect(m.call('grow-c', 1n)).toEqual([1n]);
      expect(m.call('grow-c', 1n)).toEqual([2n]);
      m.call('store-c', BigInt(3 * PAGE - 8), -3n);
      expect(m.call('load-c', BigInt(3 * PAGE - 8))).toEqual([-3n]);
      expect(() => m.call('load-c', BigInt(3 * PAGE - 7))).toThrow(OOB);
      expect(c.pages).toBe(3);
    });
  }

  it('`buffer` has the exact size, aliases the memory, and is detached by the next grow (even by 0)', () => {
    const mem = new MemoryInstance({ limits: { min: 1n, max: 10n, is64: false, shared: false }, pageSizeLog2: 16 });
    expect(mem.grow(1)).toBe(1);
    expect(mem.grow(1)).toBe(2); // now over-allocated
    mem.u8[3 * PAGE - 1] = 42;
    const buffer = mem.buffer;
    expect(buffer.byteLength).toBe(3 * PAGE);
    expect(new Uint8Array(buffer)[3 * PAGE - 1]).toBe(42);
    expect(mem.buffer).toBe(buffer); // no grow, same buffer
    new Uint8Array(buffer)[0] = 9;
    expect(mem.u8[0]).toBe(9); // reading `buffer` made it the store itself
    expect(mem.grow(0)).toBe(3);
    expect(buffer.byteLength).toBe(0);
    const again = mem.buffer;
    expect(again).not.toBe(buffer);
    expect(again.byteLength).toBe(3 * PAGE);
    expect(mem.u8[0]).toBe(9);
    expect(mem.grow(1)).toBe(3);
    expect(again.byteLength).toBe(0);
    expect(mem.buffer.byteLength).toBe(4 * PAGE);
    expect([mem.u8[0], mem.u8[3 * PAGE - 1], mem.u8[4 * PAGE - 1]]).toEqual([9, 42, 0]);
    expect(mem.grow(7)).toBe(-1);
    expect(mem.grow(6)).toBe(4);
    expect(mem.buffer.byteLength).toBe(10 * PAGE);
  });
});
