/**
 * A metered store's back edges (compile/controlStack.ts): a br / br_if to a loop's header is a
 * BrBack / BrIfBack, which runs the loop's Meter in its own dispatch. They charge what the Meter
 * charges, run out of fuel at the Meter (its pc, its module offset, its refund, its retry), and a
 * debugger's Break patched over the Meter still stops every iteration.
 */
import { describe, expect, it } from 'vitest';
import { ExitKind, RETRY, TrapCode, registerHandler } from '@lantern/traps';
import { createWebAssembly, DebugHooks, funcInstanceOf, functionListing, storeOf, type WebAssemblyOptions } from '../../src/index.ts';
import { body, codeSec, funcSec, funcType, module, section, str, typeSec, u32, vec } from '../decodeValidate/wasmBuilder.ts';
import { thrown } from './helpers.ts';

const I32 = 0x7f;
const END = 0x0b;
/** $sum's loop: acc += n; n--; continue while n & 255 (an i32.and, so a plain br_if: BrIf, metered BrIfBack). */
const SUM_LOOP = [0x03, 0x40, 0x20, 1, 0x20, 0, 0x6a, 0x21, 1, 0x20, 0, 0x41, 1, 0x6b, 0x22, 0, 0x41, 0xff, 0x01, 0x71, 0x0d, 0, END];
/** $spin's loop: (loop br 0) — Br, metered BrBack. */
const SPIN_LOOP = [0x03, 0x40, 0x0c, 0x00, END];
const bytes = module(
  typeSec(funcType([I32], [I32]), funcType([], [])),
  funcSec(0, 1),
  section(7, vec([[...str('sum'), 0, ...u32(0)], [...str('spin'), 0, ...u32(1)]])),
  codeSec(body([[1, I32]], [...SUM_LOOP, 0x20, 1, END]), body([], [...SPIN_LOOP, END])),
) as Uint8Array<ArrayBuffer>;
/** What each region charges (compile/meterCosts.ts): $sum's body (local.get, end) and loop (its 13 instructions), $spin's. */
const SUM_BODY = 2, SUM_ITERATION = 13, SPIN_BODY = 1, SPIN_ITERATION = 3;

/** Module offset of the first occurrence of `seq` in the module. */
function offsetOf(seq: number[]): number {
  for (let i = 0; i + seq.length <= bytes.length; i++) if (seq.every((b, k) => bytes[i + k] === b)) return i;
  throw new Error('not in the module');
}

type Exports = { sum(n: number): number; spin(): void };
function instantiate(options: WebAssemblyOptions) {
  const W = createWebAssembly({ tier: 'interpreter', ...options });
  const exports = new W.Instance(new W.Module(bytes), {}).exports as unknown as Exports;
  return { W, store: storeOf(W)!, exports };
}

describe('metered back edges', () => {
  it('are BrIfBack / BrBack in a metered store, BrIf / Br in an unmetered one', () => {
    const listings = (options: WebAssemblyOptions) => {
      const { store, exports } = instantiate(options);
      const [sum, spin] = [funcInstanceOf(exports.sum)!, funcInstanceOf(exports.spin)!];
      store.compileFunc(sum);
      store.compileFunc(spin);
      return [functionListing(store, sum), functionListing(store, spin)];
    };
    const [sum, spin] = listings({ fuel: 1_000_000 });
    expect(sum).toMatch(/BrIfBack r\d+, -> \d+/);
    expect(spin).toMatch(/BrBack -> \d+/);
    const [plainSum, plainSpin] = listings({});
    expect(plainSum).toMatch(/ BrIf r\d+, -> \d+/);
    expect(plainSpin).toMatch(/ Br -> \d+/);
    expect(`${plainSum}${plainSpin}`).not.toContain('Back');
  });

  it("charge the loop's cost per iteration, as the loop's Meter does", () => {
    const { store, exports } = instantiate({ fuel: 1_000_000 });
    expect(exports.sum(200)).toBe(20_100);
    expect(1_000_000 - store.fuel).toBe(SUM_BODY + 200 * SUM_ITERATION);
  });

  it("run out of fuel at the loop's Meter: its offset, the refused charge refunded, a retry going on from there", () => {
    const loopAt = offsetOf(SUM_LOOP);
    // Enough for the body and 57 iterations, and 5 more: the 58th iteration's charge (at a back edge) is refused.
    const { W, store, exports } = instantiate({ fuel: SUM_BODY + 57 * SUM_ITERATION + 5 });
    const e = thrown(() => exports.sum(200));
    expect(e).toBeInstanceOf(W.RuntimeError);
    expect(e.code).toBe(TrapCode.OutOfFuel);
    expect(e.frames!.map((f) => f.offset)).toEqual([loopAt]);
    expect(store.fuel).toBe(5);

    // A handler adding one iteration's fuel each time: every back edge runs out, is retried, goes on.
    store.setFuel(SUM_BODY + SUM_ITERATION);
    let refills = 0;
    const off = registerHandler(store.thread.state, (ctx) => {
      if (ctx.trapCode !== TrapCode.OutOfFuel) return undefined;
      expect(ctx.frames().pc).toBe(loopAt);
      refills++;
      store.addFuel(SUM_ITERATION);
      return RETRY;
    });
    try {
      expect(exports.sum(200)).toBe(20_100);
    } finally {
      off();
    }
    expect(refills).toBe(199);
    expect(store.fuel).toBe(0);
  });

  it("a br loop runs out at its Meter as well; an interrupt stops it there", () => {
    const loopAt = offsetOf(SPIN_LOOP);
    const { store, exports } = instantiate({ fuel: SPIN_BODY + 40 * SPIN_ITERATION + 2, interruptible: true });
    const e = thrown(() => exports.spin());
    expect(e.message).toBe('out of fuel');
    expect(e.frames!.map((f) => f.offset)).toEqual([loopAt]);
    expect(store.fuel).toBe(2);
    store.setFuel(Infinity);
    store.setTimeout(10);
    const stopped = thrown(() => exports.spin());
    expect(stopped.message).toBe('interrupted');
    expect(stopped.frames!.map((f) => f.offset)).toEqual([loopAt]);
  });

  it("a breakpoint on the loop (a Break over its Meter) stops every iteration, metered as unmetered", () => {
    const loopAt = offsetOf(SUM_LOOP);
    for (const options of [{ fuel: 1_000_000 }, {}] as WebAssemblyOptions[]) {
      const { store, exports } = instantiate(options);
      const f = funcInstanceOf(exports.sum)!;
      DebugHooks.setBreakpoint(store, f.instance as never, loopAt);
      const seen: number[] = [];
      const off = DebugHooks.onExit(store, (ctx) => {
        expect(ctx.kind).toBe(ExitKind.Break);
        seen.push(ctx.frames().local(0) as number);
        return RETRY;
      });
      try {
        expect(exports.sum(5)).toBe(15);
      } finally {
        off();
      }
      expect(seen).toEqual([5, 4, 3, 2, 1]);
    }
  });
});
