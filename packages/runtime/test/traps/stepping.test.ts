/**
 * Debug compile mode and stepping: every wasm instruction has its own internal instruction and
 * the operand stack is materialized (heights in the CodeMap); steps are temporary Breaks.
 */
import { describe, expect, it } from 'vitest';
import { DebugHooks, type PauseContext, type StepKind } from '../../src/index.ts';
import { loadProtocol } from './helpers.ts';

type Stop = [pc: string, operands: unknown[]];

function stopOf(ctx: PauseContext): Stop {
  const f = ctx.frames();
  const ops: unknown[] = [];
  for (let i = 0; i < f.operandCount; i++) ops.push(f.operand(i));
  return [`${f.funcName}@0x${f.pc.toString(16)}`, ops];
}

describe('debug compile mode and stepping', () => {
  it('steps instruction by instruction reading the operand stack, and writes an operand', () => {
    const m = loadProtocol();
    DebugHooks.setDebugCompile(m.store, true);
    const bp = DebugHooks.setBreakpoint(m.store, m.inst, 0x9d); // i32.add
    const stops: Stop[] = [];
    const off = DebugHooks.onExit(m.store, (ctx: PauseContext) => {
      const stop = stopOf(ctx);
      stops.push(stop);
      if (ctx.reason === 'breakpoint') {
        DebugHooks.removeBreakpoint(m.store, bp);
        ctx.step('into');
      } else if (stops.length < 7) {
        if (stop[0] === 'sum@0xa4') ctx.frames().setOperand(1, 3); // n - 1 becomes n - 3
        ctx.step('into');
      }
      return undefined;
    });
    // sum(5): first iteration s = 5, then n = 5 - 3 = 2: s = 7, n = 1: s = 8.
    expect(m.call('sum', 5)).toEqual([8]);
    expect(stops).toEqual([
      ['sum@0x9d', [0, 5]], // i32.add (s, n)
      ['sum@0x9e', [5]], // local.set s
      ['sum@0xa0', []], // local.get n
      ['sum@0xa2', [5]], // i32.const 1
      ['sum@0xa4', [5, 1]], // i32.sub
      ['sum@0xa5', [2]], // local.set n (after the write)
      ['sum@0xa7', []], // br 0
    ]);
    off();
  });

  it('step over a call, into a call, out of it', () => {
    const m = loadProtocol();
    DebugHooks.setDebugCompile(m.store, true);
    DebugHooks.setBreakpoint(m.store, m.inst, 0xb2); // first call $double in $twice
    const plan: StepKind[] = ['over', 'into', 'out'];
    const stops: Stop[] = [];
    const off = DebugHooks.onExit(m.store, (ctx: PauseContext) => {
      stops.push(stopOf(ctx));
      const next = plan.shift();
      if (next) ctx.step(next);
      return undefined;
    });
    expect(m.call('twice', 3)).toEqual([12]);
    expect(stops).toEqual([
      ['twice@0xb2', [3]],
      ['twice@0xb4', [6]], // over the first call
      ['double@0xb9', []], // into the second
      ['twice@0xb6', [12]], // out: back in $twice at its end
    ]);
    off();
  });

  it('recompiles functions not on the stack when debug mode is switched on', () => {
    const m = loadProtocol();
    expect(m.call('sum', 3)).toEqual([6]);
    const normal = m.func('sum').codeMap!;
    expect(normal.heights).toBeNull();
    expect(DebugHooks.setDebugCompile(m.store, true, { recompile: true })).toEqual([]);
    expect(m.func('sum').compiled).toBe(false);
    expect(m.call('sum', 3)).toEqual([6]);
    const debug = m.func('sum').codeMap!;
    expect(debug.heights).not.toBeNull();
    // Every instruction of the body has an entry of its own.
    expect(debug.pcsOf(0x96).length).toBe(1); // i32.eqz (fused into br_if in normal mode)
    expect(normal.pcsOf(0x96).length).toBe(0);
  });
});
