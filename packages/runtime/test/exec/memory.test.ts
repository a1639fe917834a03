import { describe, expect, it } from 'vitest';
import { Trap } from '@lantern/traps';
import { MemoryInstance } from '../../src/index.ts';
import { load } from './helpers.ts';

const SNAN32 = 0x7fa00001; // signalling NaN with a payload
const NEG_NAN32 = 0xffc12345;
const SNAN64 = 0x7ff0000000000001n;
const NAN64_PAYLOAD = 0xfff8dead0000beefn;

describe('memory and NaN bits', () => {
  const m = load('memory');

  it('preserves f32/f64 NaN payloads through stores, loads, locals, globals, select, calls', () => {
    expect(m.call('nan32', SNAN32)).toEqual([SNAN32]);
    expect(m.call('nan32', NEG_NAN32)).toEqual([NEG_NAN32]);
    expect(m.call('nan64', SNAN64)).toEqual([SNAN64]);
    expect(m.call('nan64', NAN64_PAYLOAD)).toEqual([NAN64_PAYLOAD]);
    expect(m.call('reinterpret', SNAN32)).toEqual([SNAN32 | 0]);
  });

  it('abs, neg and copysign act on bits only', () => {
    expect(m.call('abs32', NEG_NAN32)).toEqual([NEG_NAN32 & 0x7fffffff]);
    expect(m.call('neg64', SNAN64)).toEqual([SNAN64 | 0x8000000000000000n]);
    expect(m.call('copysign32', SNAN32, 0x80000000)).toEqual([(SNAN32 | 0x80000000) >>> 0]);
  });

  it('loads with sign/zero extension and little-endian order', () => {
    expect(m.call('load8s', 16)).toEqual([1]);
    m.call('store16', 100, 0xff80);
    expect(m.call('load8s', 100)).toEqual([-128]);
    expect(m.call('load16u', 100)).toEqual([0xff80]);
    expect(m.call('load64', 16)).toEqual([0x0807060504030201n]);
    m.call('store16', 202, 0x8000);
    expect(m.call('load32s64', 200)).toEqual([-2147483648n]);
  });

  it('traps out of bounds (offset + size beyond the end, no wraparound)', () => {
    expect(m.call('load-far', 0)).toEqual([0]);
    expect(() => m.call('load-far', 1)).toThrow(Trap);
    expect(() => m.call('load-far', -1)).toThrow('out of bounds memory access');
  });

  it('bulk memory: fill, copy (overlapping), init, drop, bounds checked before writing', () => {
    m.call('fill', 1000, 0xab, 4);
    expect(m.call('load64', 1000)).toEqual([0x00000000ababababn]);
    m.call('copy', 17, 16, 8); // overlapping, memmove semantics
    expect(m.call('load64', 16)).toEqual([0x0706050403020101n]);
    m.call('init', 2000, 1, 3);
    expect(m.call('load16u', 2000)).toEqual([0x6c65]); // "el"
    expect(() => m.call('init', 2000, 3, 3)).toThrow('out of bounds memory access');
    expect(() => m.call('fill', 65535, 1, 2)).toThrow('out of bounds memory access');
    expect(m.call('load8s', 65535)).toEqual([0]); // nothing written
    m.call('drop');
    m.call('init', 0, 0, 0);
    expect(() => m.call('init', 0, 0, 1)).toThrow('out of bounds memory access');
  });

  it('memory.grow detaches the buffer and respects the maximum', () => {
    const mem = m.inst.exports.get('mem') as MemoryInstance;
    const old = mem.buffer;
    expect(m.call('grow', 1)).toEqual([1]);
    expect(old.byteLength).toBe(0);
    expect(mem.buffer).not.toBe(old);
    expect(m.call('size')).toEqual([2]);
    expect(m.call('load-far', 4)).toEqual([0]); // the new view is used at once
    expect(m.call('grow', 3)).toEqual([-1]);
    expect(mem.grow(2)).toBe(2);
    expect(m.call('size')).toEqual([4]);
  });
});

describe('multi-memory and memory64', () => {
  const m = load('multimem');

  it('addresses each memory separately', () => {
    m.call('store-b', 70000, 1234);
    expect(m.call('load-b', 70000)).toEqual([1234]);
    expect(m.call('size-b')).toEqual([2]);
    expect(() => m.call('load-a', 70000)).toThrow('out of bounds memory access');
    m.call('copy-b-to-a', 8, 70000, 4);
    expect(m.call('load-a', 8)).toEqual([1234]);
  });

  it('memory64 uses i64 addresses, bounds-checked in full precision', () => {
    m.call('store64', 65528n, -2n);
    expect(m.call('load64', 65528n)).toEqual([-2n]);
    expect(() => m.call('load64', 65529n)).toThrow('out of bounds memory access');
    expect(() => m.call('load64', 0x100000000n)).toThrow('out of bounds memory access');
    expect(() => m.call('load64', -8n)).toThrow('out of bounds memory access');
    expect(m.call('grow64', 1n)).toEqual([1n]);
    expect(m.call('size64')).toEqual([2n]);
    expect(m.call('grow64', 1n << 40n)).toEqual([-1n]);
  });
});
