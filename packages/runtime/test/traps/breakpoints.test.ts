/**
 * Breakpoints (issue 5's runtime hooks): patched Break opcodes with the original in the patch
 * table; pending before the function compiles; resuming runs the original instruction without
 * re-hitting it; removing restores the unpatched code. Offsets: fixtures/protocol.dump.
 */
import { describe, expect, it } from 'vitest';
import { ExitKind, RETRY, resumeWith } from '@lantern/traps';
import { DebugHooks, type PauseContext } from '../../src/index.ts';
import { loadProtocol } from './helpers.ts';

describe('breakpoints', () => {
  it('a pending breakpoint (function not compiled yet) hits once per execution, never re-hits on resume', () => {
    const m = loadProtocol();
    expect(m.func('sum').compiled).toBe(false);
    const bp = DebugHooks.setBreakpoint(m.store, m.inst, 0x9d); // i32.add in the loop of $sum
    expect(bp.pcs).toEqual([]); // pending
    const hits: unknown[][] = [];
    const off = DebugHooks.onExit(m.store, (ctx: PauseContext) => {
      expect(ctx.kind).toBe(ExitKind.Break);
      expect(ctx.reason).toBe('breakpoint');
      const f = ctx.frames();
      expect([f.funcName, f.pc]).toEqual(['sum', 0x9d]);
      hits.push([f.local(0), f.local(1)]);
      return RETRY; // continue: run the original instruction
    });
    expect(m.call('sum', 3)).toEqual([6]);
    expect(bp.pcs.length).toBe(1);
    expect(hits).toEqual([[3, 0], [2, 3], [1, 5]]);
    off();
  });

  it('set on a module: binds in every instance; hit inside a re-entered activation', () => {
    const m = loadProtocol();
    DebugHooks.setBreakpoint(m.store, m.info, 0x6c); // i32.div_s in $div, reached through the host
    let frames: string[] = [];
    const off = DebugHooks.onExit(m.store, (ctx: PauseContext) => {
      const c = ctx.frames();
      for (; !c.done; c.moveUp()) frames.push(c.kind === 'wasm' ? `${c.funcName}@0x${c.pc.toString(16)}` : `host ${c.importName}`);
      return undefined;
    });
    expect(m.call('outer', 4)).toEqual([26]);
    expect(frames).toEqual(['div@0x6c', 'inner@0x75', 'host reenter', 'outer@0x7c']);
    frames = [];
    off();
  });

  it('resume with values skips the instruction at a breakpoint', () => {
    const m = loadProtocol();
    DebugHooks.setBreakpoint(m.store, m.inst, 0x6c);
    const off = DebugHooks.onExit(m.store, () => resumeWith(1000));
    expect(m.call('inner', 0)).toEqual([1000]); // no trap: the division never ran
    off();
  });

  it('removal restores the unpatched code and empties the patch table', () => {
    const m = loadProtocol();
    m.call('sum', 1); // compile $sum unpatched
    const map = m.func('sum').codeMap!;
    const before = m.store.code.buf.slice(map.start, map.end);
    const bps = [0x9d, 0x94, 0xa4, 0xa7].map((o) => DebugHooks.setBreakpoint(m.store, m.inst, o));
    expect(DebugHooks.patchTable(m.store).size).toBe(4);
    expect(m.store.code.buf.slice(map.start, map.end)).not.toEqual(before);
    let hits = 0;
    const off = DebugHooks.onExit(m.store, () => {
      hits++;
      return undefined;
    });
    expect(m.call('sum', 2)).toEqual([3]);
    expect(hits).toBeGreaterThan(4);
    for (const bp of bps) expect(DebugHooks.removeBreakpoint(m.store, bp)).toBe(true);
    expect(DebugHooks.patchTable(m.store).size).toBe(0);
    expect(m.store.code.buf.slice(map.start, map.end)).toEqual(before);
    hits = 0;
    expect(m.call('sum', 2)).toEqual([3]);
    expect(hits).toBe(0);
    off();
    DebugHooks.detach(m.store);
    expect(m.store.debug).toBeNull();
  });
});
