/**
 * Locals not set yet read 0 wherever something can look at frames: with a trap handler registered
 * (as with a debugger attached) the prologue zeroes every local, not only those some path reads
 * before setting.
 */
import { describe, expect, it } from 'vitest';
import { DebugHooks, type PauseContext, type RawValue, Store } from '../../src/index.ts';
import { load, trapOf } from './helpers.ts';

describe('locals not set yet, seen by a trap handler', () => {
  it('are 0, whatever an earlier call left in their cells', () => {
    const store = new Store();
    const seen: RawValue[][] = [];
    DebugHooks.onExit(store, (ctx: PauseContext) => {
      const top = ctx.frames();
      seen.push(top.localTypes.map((_, i) => top.local(i)));
      return undefined;
    });
    const { call } = load('unsetLocals', () => [], undefined, store);
    call('dirty');
    expect(trapOf(() => call('trapBeforeSet')).message).toBe('unreachable executed');
    expect(seen).toEqual([[0, 0, 0, 0]]);
  });
});
