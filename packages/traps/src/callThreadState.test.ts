import { describe, expect, it } from 'vitest';
import { CallThreadState, ExitKind } from './callThreadState.ts';
import { Trap } from './trap.ts';
import { TrapCode } from './trapCode.ts';

describe('CallThreadState', () => {
  it('saves and restores the exit state of nested activations', () => {
    const s = new CallThreadState();
    s.enter(0, 0);
    s.recordExit(ExitKind.Hostcall, 10, 20, 3);
    const inner = s.enter(40, 40);
    expect(inner.prev).not.toBeNull();
    expect(s.exitKind).toBe(ExitKind.None);
    s.recordExit(ExitKind.Trap, 50, 60, 4);
    s.leave();
    expect([s.exitKind, s.exitFp, s.exitPc, s.exitFunc]).toEqual([ExitKind.Hostcall, 10, 20, 3]);
    s.leave();
    expect(s.activation).toBeNull();
  });
});

describe('Trap', () => {
  it('is a RuntimeError with the spec message and room for frames', () => {
    const t = new Trap(TrapCode.UninitializedElement, '2');
    expect(t.name).toBe('RuntimeError');
    expect(t.message).toBe('uninitialized element 2');
    expect(t.frames).toEqual([]);
    expect(new Trap('user').code).toBeUndefined();
  });
});
