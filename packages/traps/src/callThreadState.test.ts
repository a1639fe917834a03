import { describe, expect, it } from 'vitest';
import { CallThreadState } from './callThreadState.ts';
import { ExitKind, ExitRecord } from './exitRecord.ts';
import { Trap } from './trap.ts';
import { TrapCode } from './trapCode.ts';

describe('CallThreadState', () => {
  it('references the exit record it is given', () => {
    const exit = new ExitRecord();
    expect(new CallThreadState(exit).exit).toBe(exit);
  });

  it('saves and restores the exit position of nested activations', () => {
    const s = new CallThreadState();
    const exit = s.exit;
    s.enter(0, 0);
    Object.assign(exit, { kind: ExitKind.Hostcall, fp: 10, sitePc: 20, func: 3 });
    const inner = s.enter(40, 40);
    expect(inner.prev).not.toBeNull();
    expect(exit.kind).toBe(ExitKind.None);
    Object.assign(exit, { kind: ExitKind.Trap, fp: 50, sitePc: 60, func: 4 });
    s.leave();
    expect([exit.kind, exit.fp, exit.sitePc, exit.func]).toEqual([ExitKind.Hostcall, 10, 20, 3]);
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
