/**
 * Dry calls of freshly compiled code (feedbackPriming.ts): they return at the function's first
 * test and touch nothing — no VM stack, no budget extension, no interpreter.
 */
import { describe, expect, it, vi } from 'vitest';
import { Store } from '../../src/index.ts';
import { DRY_FP, primeFeedback } from '../../src/tier/feedbackPriming.ts';
import { load } from '../exec/helpers.ts';

describe('dry calls of compiled code', () => {
  it('return at once and change nothing', () => {
    const store = new Store({ tier: 'eager' });
    const tier = store.tier!;
    let source = '';
    tier.onSource = (_, s) => { source = s; };
    const { call, func } = load('../../tier/fixtures/loopNarrowing', () => [], undefined, store);
    const before = call('nested', 30)[0];
    const fn = func('nested').jit!.fn!;
    const more = vi.spyOn(tier, 'more');
    const interpret = vi.spyOn(tier, 'interpret');
    const stack = store.thread.i32.slice();
    expect(fn(DRY_FP, -1)).toBe(0);
    primeFeedback(fn, source.length);
    expect(more).not.toHaveBeenCalled();
    expect(interpret).not.toHaveBeenCalled();
    let changed = 0;
    for (let i = 0; i < stack.length; i++) if (stack[i] !== store.thread.i32[i]) changed++;
    expect(changed).toBe(0);
    expect(call('nested', 30)[0]).toEqual(before);
  });

  it('return at the function\'s first test, before its call of `slow`', () => {
    const store = new Store({ tier: 'eager' });
    const sources: string[] = [];
    store.tier!.onSource = (_, s) => sources.push(s);
    const { call } = load('../../tier/fixtures/loopNarrowing', () => [], undefined, store);
    call('ints', 5);
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) expect(s).toMatch(new RegExp(`\\) < 0\\) \\{ if \\(fp === ${DRY_FP}\\) return 0; return slow\\(fp, dk`));
  });
});
