/** Probe points (opt-in): enter / leave of wasm functions, memory.grow, host calls. */
import { describe, expect, it } from 'vitest';
import { DebugHooks, type PauseContext } from '../../src/index.ts';
import { loadProtocol } from './helpers.ts';

describe('probes', () => {
  it('report enter/leave and host calls while on, and cost nothing once off', () => {
    const m = loadProtocol();
    const events: string[] = [];
    const off = DebugHooks.onExit(m.store, (ctx: PauseContext) => {
      const f = ctx.frames();
      events.push(`${ctx.probe} ${f.funcName}`);
      return undefined;
    });
    DebugHooks.setProbes(m.store, { enter: true, leave: true, hostcall: true });
    expect(m.call('outer', 4)).toEqual([26]);
    expect(events).toEqual([
      'enter outer', 'hostcall outer', 'enter inner', 'enter div', 'leave div', 'leave inner', 'hostreturn outer', 'leave outer',
    ]);
    DebugHooks.setProbes(m.store, { enter: false, leave: false, hostcall: false });
    expect(DebugHooks.patchTable(m.store).size).toBe(0);
    events.length = 0;
    expect(m.call('outer', 4)).toEqual([26]);
    expect(events).toEqual([]);
    off();
  });
});
