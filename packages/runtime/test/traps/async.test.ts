/**
 * invokeAsync: a handler returns a promise; the loop stays exited with every VM frame on the VM
 * stack while the JS event loop runs (timers fire, the store may be called synchronously), then
 * execution continues correctly.
 */
import { describe, expect, it } from 'vitest';
import { RETRY, TrapCode, resumeWith } from '@lantern/traps';
import { DebugHooks, invokeAsync, type PauseContext } from '../../src/index.ts';
import { loadProtocol } from './helpers.ts';

const later = <T>(ms: number, v: T) => new Promise<T>((resolve) => setTimeout(() => resolve(v), ms));

describe('async pause', () => {
  it('a breakpoint handler awaits a timer; the event loop runs meanwhile; execution resumes', async () => {
    const m = loadProtocol();
    DebugHooks.setBreakpoint(m.store, m.inst, 0x9d);
    const events: string[] = [];
    const off = DebugHooks.onExit(m.store, async (ctx: PauseContext) => {
      const f = ctx.frames();
      events.push(`pause n=${f.local(0)}`);
      // While paused: a synchronous call into the same store builds its frames above ours.
      setTimeout(() => events.push(`nested inner(4)=${m.call('inner', 4)[0]}`), 1);
      return later(5, RETRY);
    });
    const p = invokeAsync(m.store, m.func('sum'), [2]);
    events.push('returned to the event loop');
    expect(await p).toEqual([3]);
    expect(events).toEqual([
      'pause n=2', 'returned to the event loop', 'nested inner(4)=25', 'pause n=1', 'nested inner(4)=25',
    ]);
    expect(m.store.thread.state.activation).toBeNull();
    off();
  });

  it('an async trap handler resumes with a value', async () => {
    const m = loadProtocol();
    const off = DebugHooks.onExit(m.store, (ctx: PauseContext) =>
      ctx.trapCode === TrapCode.IntegerDivideByZero ? later(2, resumeWith(41)) : undefined,
    );
    expect(await invokeAsync(m.store, m.func('inner'), [0])).toEqual([41]);
    off();
  });

  it('a second async entry while paused is refused', async () => {
    const m = loadProtocol();
    DebugHooks.setBreakpoint(m.store, m.inst, 0x6c);
    let second: Promise<string> | undefined;
    const off = DebugHooks.onExit(m.store, () => {
      second = invokeAsync(m.store, m.func('inner'), [1]).then(() => 'entered', (e: Error) => e.message);
      return later(1, RETRY);
    });
    expect(await invokeAsync(m.store, m.func('inner'), [5])).toEqual([20]);
    expect(await second).toMatch(/paused/);
    off();
  });
});
