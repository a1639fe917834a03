/**
 * The thread's exit record (@lantern/traps exitRecord.ts): one object per thread, written in
 * place by the interpreter, referenced by the CallThreadState, and presented at another position
 * only through presentExit.
 */
import { describe, expect, it } from 'vitest';
import { ExitKind, type RawFrame } from '@lantern/traps';
import { collectFrames, presentExit, type Store } from '../../src/index.ts';
import { loadProtocol } from './helpers.ts';

const show = (frames: readonly RawFrame[]) => frames.map((f) => (f.kind === 'host' ? 'host' : `${f.funcName}@0x${f.offset.toString(16)}`));

function snapshot(store: Store) {
  const exit = store.thread.exit;
  const f = store.funcs[exit.func];
  return { kind: exit.kind, hostFunc: exit.hostFunc, func: f.funcIndex, site: f.codeMap!.offsetAt(exit.sitePc), frames: show(collectFrames(store)) };
}

describe('the exit record', () => {
  it('describes a host call while the host function runs, and stays the same object', () => {
    let during: ReturnType<typeof snapshot> | undefined;
    const m = loadProtocol((x, m) => {
      during = snapshot(m.store);
      return x + 1;
    });
    const exit = m.store.thread.exit;
    expect(m.store.thread.state.exit).toBe(exit);
    expect(m.call('outer', 5)).toEqual([7]);
    const reenter = m.inst.funcs[0];
    // outer (function 3) calls env.reenter at 0x7c.
    expect(during).toEqual({ kind: ExitKind.Hostcall, hostFunc: reenter.addr, func: 3, site: 0x7c, frames: ['outer@0x7c'] });
    for (let i = 0; i < 100; i++) m.call('outer', i);
    expect(m.store.thread.exit).toBe(exit);
    expect(m.store.thread.state.exit).toBe(exit);
  });

  it('is back to the outer host call after a nested activation returns', () => {
    let after: ReturnType<typeof snapshot> | undefined;
    const m = loadProtocol((x, m) => {
      const r = m.call('inner', x)[0] as number; // a nested activation runs and returns
      after = snapshot(m.store);
      return r;
    });
    expect(m.call('outer', 4)).toEqual([26]);
    expect(after).toMatchObject({ kind: ExitKind.Hostcall, func: 3, site: 0x7c, frames: ['outer@0x7c'] });
  });

  it('presentExit shows the stack as another exit would and puts the record back', () => {
    let inside: string[] | undefined, gone: string[] | undefined, back: ReturnType<typeof snapshot> | undefined;
    const m = loadProtocol((x, m) => {
      const store = m.store;
      const exit = store.thread.exit;
      inside = presentExit(store, ExitKind.Break, exit.fp, exit.func, exit.sitePc, () => show(collectFrames(store)));
      // An exit whose frames are gone (Done) shows none of this activation's frames.
      gone = presentExit(store, ExitKind.Done, exit.fp, exit.func, exit.sitePc, () => show(collectFrames(store)));
      back = snapshot(store);
      return x;
    });
    m.call('outer', 1);
    expect(inside).toEqual(['outer@0x7c']);
    expect(gone).toEqual([]);
    expect(back).toMatchObject({ kind: ExitKind.Hostcall, site: 0x7c, frames: ['outer@0x7c'] });
  });
});
