/**
 * Breakpoints (the runtime's hooks, src/debug/debugHooks.ts): patched Break opcodes with the original in the patch
 * table; pending before the function compiles; resuming runs the original instruction without
 * re-hitting it; removing restores the unpatched code. Offsets: fixtures/protocol.dump.
 */
import { describe, expect, it } from 'vitest';
import { ExitKind, RETRY, resumeWith } from '@lantern/traps';
import {
  DebugHooks, FuncInstance, Store, decodeModule, instantiate, invoke, validateModule, type PauseContext,
} from '../../src/index.ts';
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

/**
 * `(func $f (export "f") (result i32) (local i32) i32.const 7 local.set 0 <tail> local.get 0)` and
 * `(func $g (export "g") (result i32) call $f)`, hand-encoded. $f's first wasm instruction
 * (i32.const at `first`) shares its module offset with the compiled prologue (the constant slots'
 * fill, locals zeroed): a breakpoint there must be patched on the instruction's own code, not on
 * prologue code that calls skip.
 */
function firstInstrModule(tail: number[] = []): { bytes: Uint8Array; first: number } {
  const body = [0x01, 0x01, 0x7f, 0x41, 0x07, 0x21, 0x00, ...tail, 0x20, 0x00, 0x0b];
  const bodyG = [0x00, 0x10, 0x00, 0x0b];
  const code = [0x02, body.length, ...body, bodyG.length, ...bodyG];
  const head = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type () -> i32
    0x03, 0x03, 0x02, 0x00, 0x00,
    0x07, 0x09, 0x02, 0x01, 0x66, 0x00, 0x00, 0x01, 0x67, 0x00, 0x01, // exports "f", "g"
    0x0a, code.length,
  ];
  return { bytes: new Uint8Array([...head, ...code]), first: head.length + 2 + 3 };
}

function loadFirst(tail: number[] = [], debugCompile = false) {
  const { bytes, first } = firstInstrModule(tail);
  const store = new Store();
  const info = decodeModule(bytes);
  validateModule(info);
  const inst = instantiate(store, info, []);
  if (debugCompile) DebugHooks.setDebugCompile(store, true);
  const call = (n: string) => invoke(store, inst.exports.get(n) as FuncInstance, []);
  return { store, inst, first, call };
}

describe('a breakpoint on a function\'s first instruction', () => {
  const tails: [string, number[]][] = [
    ['no constant slot used', []],
    // i32.add of two constants (a constant slot in use): the ConstFill runs at entry
    ['a constant slot in use', [0x41, 0x05, 0x41, 0x03, 0x6a, 0x21, 0x00]],
  ];
  for (const debugCompile of [false, true]) {
    for (const [what, tail] of tails) {
      it(`hits at the instruction, locals zeroed (${debugCompile ? 'debug' : 'normal'} compile, ${what})`, () => {
        const { store, inst, first, call } = loadFirst(tail, debugCompile);
        const bp = DebugHooks.setBreakpoint(store, inst, first);
        const hits: unknown[] = [];
        DebugHooks.onExit(store, (ctx: PauseContext) => {
          const c = ctx.frames();
          hits.push([ctx.reason, c.pc - first, c.local(0), c.operandCount]);
          return RETRY;
        });
        const r = tail.length > 0 ? 8 : 7;
        expect(call('f')).toEqual([r]);
        expect(bp.pcs.length).toBe(1);
        expect(call('g')).toEqual([r]); // reached through a call; resumed without re-hitting
        // Normal compile: i32.const has no code of its own (the local.set writes the constant),
        // the breakpoint stops at the instruction that has, before it runs.
        const hit = debugCompile ? ['breakpoint', 0, 0, 0] : ['breakpoint', 2, 0, -1];
        expect(hits).toEqual([hit, hit]);
      });
    }
  }

  it('step into a call stops at the callee\'s first instruction, before it runs', () => {
    for (const debugCompile of [false, true]) {
      const { store, inst, first, call } = loadFirst([], debugCompile);
      const callOffset = first + 9; // `call $f` in $g
      const bp = DebugHooks.setBreakpoint(store, inst, callOffset);
      const stops: unknown[] = [];
      DebugHooks.onExit(store, (ctx: PauseContext) => {
        const c = ctx.frames();
        stops.push([ctx.reason, c.pc - first]);
        if (ctx.reason === 'breakpoint') DebugHooks.removeBreakpoint(store, bp);
        if (stops.length < 3) ctx.step('into');
        return undefined;
      });
      expect(call('g')).toEqual([7]);
      // call $f, then $f's first instruction with code (nothing of $f run yet), then the next
      expect(stops).toEqual(debugCompile ? [['breakpoint', 9], ['step', 0], ['step', 2]] : [['breakpoint', 9], ['step', 2], ['step', 6]]);
    }
  });
});
