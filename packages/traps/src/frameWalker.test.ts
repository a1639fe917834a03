import { describe, expect, it } from 'vitest';
import { CallThreadState } from './callThreadState.ts';
import { ExitKind } from './exitRecord.ts';
import { FRAME_LAYOUT } from './frameLayout.ts';
import { visitFrames, visitSuspendedFrames, type FrameSource, type WalkFrame } from './frameWalker.ts';

/**
 * A hand-built VM stack: functions 0..3 have 1 local each (header at fp + 2). Activation 1:
 * f0 (entry) calls f1; f1 calls the host function "H", which re-enters: activation 2: f2 traps.
 * Apart from them, a suspended continuation: f3 (suspended at pc 400) called by f1 at its
 * segment's bottom (fp 40), which links on to a stale resumer.
 */
function world() {
  const stack = new Int32Array(64);
  const header = (fp: number, callerFpCells: number, callerFunc: number, retPc: number, func: number, flag = 0) => {
    const h = fp + 2;
    stack[h + 2 * FRAME_LAYOUT.SAVED_FP] = callerFpCells;
    stack[h + 2 * FRAME_LAYOUT.SAVED_FP + 1] = callerFunc;
    stack[h + 2 * FRAME_LAYOUT.RETURN_PC] = retPc;
    stack[h + 2 * FRAME_LAYOUT.RETURN_PC + 1] = flag;
    stack[h + 2 * FRAME_LAYOUT.FUNC] = func;
  };
  header(0, FRAME_LAYOUT.ENTRY_FP, FRAME_LAYOUT.ENTRY_FP, -1, 0); // f0 at fp 0
  header(10, 0, 0, 101, 1); // f1 at fp 10, called from f0 (return pc 101)
  header(30, FRAME_LAYOUT.ENTRY_FP, FRAME_LAYOUT.ENTRY_FP, -1, 2); // f2: entry frame of activation 2
  header(40, 0, 0, 77, 1, 2); // f1: bottom of a suspended continuation's segment (stale link to f0)
  header(50, 20, 1, 151, 3); // f3, called by f1 at fp 40 (return pc 151)
  const s = new CallThreadState();
  const exit = s.exit;
  s.enter(0, 0);
  Object.assign(exit, { kind: ExitKind.Hostcall, fp: 10, sitePc: 205, func: 1 }); // f1 calls H at pc 205
  s.enter(15, 15, 'H');
  Object.assign(exit, { kind: ExitKind.Trap, fp: 30, sitePc: 300, func: 2 }); // f2 traps at pc 300
  const source: FrameSource = { stack, headerOffset: (f) => (f >= 0 && f <= 3 ? 2 : -1) };
  return { s, source };
}

const show = (f: WalkFrame) => (f.kind === 'host' ? `host ${String(f.host)}` : `f${f.func}@${f.pc}${f.exitFrame ? '!' : ''}${f.segmentBottom ? '^' : ''} fp=${f.fp}`);

describe('visitFrames', () => {
  it('walks every activation newest first, with the host function between them', () => {
    const { s, source } = world();
    const seen: string[] = [];
    const n = visitFrames(s, source, (f) => {
      seen.push(show(f));
    });
    expect(seen).toEqual(['f2@300! fp=30', 'host H', 'f1@205! fp=10', 'f0@100 fp=0']);
    expect(n).toBe(4);
  });

  it('stops early when the visitor returns false', () => {
    const { s, source } = world();
    let k = 0;
    expect(visitFrames(s, source, () => ++k < 2)).toBe(2);
    k = 0;
    expect(visitFrames(s, source, () => ++k < 3)).toBe(3);
  });

  it('visits nothing when no exit is recorded, or when the exit left no frames', () => {
    expect(visitFrames(new CallThreadState(), { stack: new Int32Array(4), headerOffset: () => -1 }, () => true)).toBe(0);
    const { s, source } = world();
    s.exit.kind = ExitKind.Done;
    const seen: string[] = [];
    visitFrames(s, source, (f) => {
      seen.push(show(f));
    });
    expect(seen).toEqual(['host H', 'f1@205! fp=10', 'f0@100 fp=0']);
  });
});

describe('visitSuspendedFrames', () => {
  it('walks a suspended continuation down to its bottom frame, not into its stale link', () => {
    const { source } = world();
    const seen: string[] = [];
    const n = visitSuspendedFrames(source, 50, 3, 399, 40, (f) => {
      seen.push(show(f));
      expect(f.activation).toBeNull();
    });
    expect(seen).toEqual(['f3@399 fp=50', 'f1@150^ fp=40']);
    expect(n).toBe(2);
  });
});
