import { describe, expect, it } from 'vitest';
import { CallThreadState, ExitKind } from './callThreadState.ts';
import { FRAME_LAYOUT } from './frameLayout.ts';
import { visitFrames, type FrameSource } from './frameWalker.ts';

/**
 * A hand-built VM stack: functions 0..2 have 1 local each (header at fp + 2). Activation 1:
 * f0 (entry) calls f1; f1 calls the host function "H", which re-enters: activation 2: f2 traps.
 */
function world() {
  const stack = new Int32Array(64);
  const header = (fp: number, callerFpCells: number, callerFunc: number, retPc: number, func: number) => {
    const h = fp + 2;
    stack[h + 2 * FRAME_LAYOUT.SAVED_FP] = callerFpCells;
    stack[h + 2 * FRAME_LAYOUT.SAVED_FP + 1] = callerFunc;
    stack[h + 2 * FRAME_LAYOUT.RETURN_PC] = retPc;
    stack[h + 2 * FRAME_LAYOUT.FUNC] = func;
  };
  header(0, FRAME_LAYOUT.ENTRY_FP, FRAME_LAYOUT.ENTRY_FP, -1, 0); // f0 at fp 0
  header(10, 0, 0, 101, 1); // f1 at fp 10, called from f0 (return pc 101)
  header(30, FRAME_LAYOUT.ENTRY_FP, FRAME_LAYOUT.ENTRY_FP, -1, 2); // f2: entry frame of activation 2
  const s = new CallThreadState();
  s.enter(0, 0);
  s.recordExit(ExitKind.Hostcall, 5, 205, 1); // f1 calls H at pc 205
  s.enter(15, 15, 'H');
  s.recordExit(ExitKind.Trap, 15, 300, 2); // f2 traps at pc 300
  const source: FrameSource = { stack, headerOffset: (f) => (f >= 0 && f <= 2 ? 2 : -1) };
  return { s, source };
}

describe('visitFrames', () => {
  it('walks every activation newest first, with the host function between them', () => {
    const { s, source } = world();
    const seen: string[] = [];
    const n = visitFrames(s, source, (f) => {
      seen.push(f.kind === 'host' ? `host ${String(f.host)}` : `f${f.func}@${f.pc}${f.exitFrame ? '!' : ''} fp=${f.fp}`);
    });
    expect(seen).toEqual(['f2@300! fp=30', 'host H', 'f1@205! fp=10', 'f0@100 fp=0']);
    expect(n).toBe(4);
  });

  it('stops early when the visitor returns false', () => {
    const { s, source } = world();
    let k = 0;
    expect(visitFrames(s, source, () => ++k < 2)).toBe(2);
  });

  it('visits nothing when no exit is recorded', () => {
    expect(visitFrames(new CallThreadState(), { stack: new Int32Array(4), headerOffset: () => -1 }, () => true)).toBe(0);
  });
});
