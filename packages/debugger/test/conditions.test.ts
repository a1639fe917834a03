/** Hit conditions as users type them (VS Code's and gdb's forms) and when each hit stops. */
import { describe, expect, it } from 'vitest';
import { hitStops, parseHitCondition } from '../src/index.ts';

describe('hit conditions', () => {
  it('parses N, >= N, == N, = N, % N; rejects the rest naming the text', () => {
    expect(parseHitCondition('3')).toEqual({ op: '>=', count: 3 });
    expect(parseHitCondition(' >= 3 ')).toEqual({ op: '>=', count: 3 });
    expect(parseHitCondition('== 5')).toEqual({ op: '==', count: 5 });
    expect(parseHitCondition('=5')).toEqual({ op: '==', count: 5 });
    expect(parseHitCondition('% 2')).toEqual({ op: '%', count: 2 });
    expect(() => parseHitCondition('> 3')).toThrow('Invalid hit condition "> 3"');
    expect(() => parseHitCondition('% 0')).toThrow('the modulus must be at least 1');
    expect(() => parseHitCondition('n')).toThrow('Invalid hit condition "n"');
  });

  it('decides each hit', () => {
    const stops = (text: string) => [1, 2, 3, 4, 5, 6].filter((n) => hitStops(parseHitCondition(text), n));
    expect(stops('>= 3')).toEqual([3, 4, 5, 6]);
    expect(stops('== 5')).toEqual([5]);
    expect(stops('% 2')).toEqual([2, 4, 6]);
    expect([1, 2].filter((n) => hitStops(undefined, n))).toEqual([1, 2]);
  });
});
