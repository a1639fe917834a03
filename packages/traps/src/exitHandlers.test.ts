import { describe, expect, it } from 'vitest';
import { CallThreadState } from './callThreadState.ts';
import { RETRY, UNWIND, decide, handlersFor, registerHandler, resumeWith, type ExitContext } from './exitHandlers.ts';
import { ExitKind } from './exitRecord.ts';
import { TrapCode } from './trapCode.ts';

const ctx = (state: CallThreadState): ExitContext => ({
  kind: ExitKind.Trap, trapCode: TrapCode.Unreachable, state, canAwait: false, frames: () => { throw new Error('unused'); },
});

describe('handler registry', () => {
  it('costs a null check when nothing is registered; newest handler first; removal', () => {
    const s = new CallThreadState();
    expect(handlersFor(s)).toBeNull();
    const offA = registerHandler(s, () => UNWIND);
    const offB = registerHandler(s, (c) => (c.trapCode === TrapCode.Unreachable ? RETRY : undefined));
    expect(decide(handlersFor(s)!, ctx(s))).toBe(RETRY);
    offB();
    expect(decide(handlersFor(s)!, ctx(s))).toBe(UNWIND);
    offA();
    expect(handlersFor(s)).toBeNull();
  });

  it('global handlers serve threads without their own', () => {
    const s = new CallThreadState();
    const off = registerHandler('global', () => resumeWith(1));
    expect(decide(handlersFor(s)!, ctx(s))).toEqual({ action: 'resume', values: [1] });
    const own = registerHandler(s, () => undefined);
    expect(decide(handlersFor(s)!, ctx(s))).toBeUndefined();
    own();
    off();
    expect(handlersFor(s)).toBeNull();
  });
});
