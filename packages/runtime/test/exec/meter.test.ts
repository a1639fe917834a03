/**
 * The meter's slow path (exec/meter.ts) with a controlled clock: a watched meter (a deadline, a
 * shared flag) sizes its counter so that the clock is read about every LOOK_MS, and the sizing
 * never changes what fuel is charged or where the deadline and the flag stop the code.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TrapCode } from '@lantern/traps';
import { LOOK_MS, Meter, meterSlowPath } from '../../src/exec/meter.ts';

let clock = 0;
afterEach(() => {
  vi.restoreAllMocks();
});
function fakeClock(): void {
  clock = 1000;
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
}

/** A Meter instruction as the interpreter and the tier run it: the hot decrement, the slow path when it goes negative. */
function charge(m: Meter, cost: number): TrapCode {
  if ((m.left -= cost) < 0) return meterSlowPath(m, cost);
  return TrapCode.None;
}

/** Charges `cost` until a trap or `times` charges; the clock advances `msPerCharge` each. */
function run(m: Meter, cost: number, times: number, msPerCharge = 0): { charged: number; trap: TrapCode; looks: number } {
  let looks = 0;
  const now = vi.mocked(performance.now);
  for (let i = 0; i < times; i++) {
    clock += msPerCharge;
    const before = now.mock.calls.length;
    const trap = charge(m, cost);
    looks += now.mock.calls.length - before;
    if (trap !== TrapCode.None) return { charged: i, trap, looks };
  }
  return { charged: times, trap: TrapCode.None, looks };
}

describe('meter', () => {
  it('a deadline: the slice doubles while the clock shows less than LOOK_MS between looks, halves while more', () => {
    fakeClock();
    const m = new Meter();
    m.setTimeout(60_000);
    const first = m.slice;
    // Fast code: 1000 units cost 1 µs, so a slice of `first` units takes far less than LOOK_MS.
    run(m, 1000, 10 * first, LOOK_MS / 1000);
    expect(m.slice).toBeGreaterThan(first);
    const grown = m.slice;
    // Slow code now: 1000 units cost LOOK_MS; the slice shrinks again (to its floor, 1024).
    run(m, 1000, 5000, LOOK_MS);
    expect(m.slice).toBeLessThan(grown);
    expect(m.slice).toBe(1024);
    // Between two looks the clock moved by at most a few LOOK_MS: the deadline is not overrun by more.
    const { looks } = run(m, 1000, 100, LOOK_MS);
    expect(looks).toBeGreaterThanOrEqual(25);
  });

  it('the slice changes how often the clock is read, never the fuel charged or where it runs out', () => {
    fakeClock();
    const plain = new Meter();
    plain.setFuel(1_000_000);
    const watched = new Meter();
    watched.setFuel(1_000_000);
    watched.setTimeout(60_000);
    const a = run(plain, 7, 1_000_000, 0.0001);
    const b = run(watched, 7, 1_000_000, 0.0001);
    expect(a).toMatchObject({ charged: 142_857, trap: TrapCode.OutOfFuel });
    expect(b).toMatchObject({ charged: 142_857, trap: TrapCode.OutOfFuel });
    expect(b.looks).toBeGreaterThan(0);
    // The refused charge is refunded: what is left is what a retry can still charge.
    expect(plain.fuel).toBe(1_000_000 - 7 * 142_857);
    expect(watched.fuel).toBe(plain.fuel);
  });

  it('the deadline stops the code at the first look past it, refunding that charge; the flag then stays raised', () => {
    fakeClock();
    const m = new Meter();
    m.setFuel(Infinity);
    m.setTimeout(50);
    const { trap } = run(m, 100, 1_000_000, 0.01);
    expect(trap).toBe(TrapCode.Interrupted);
    expect(clock).toBeGreaterThanOrEqual(1050);
    // Overrun: at most the slice that was running when the deadline passed (its LOOK_MS, a few at worst).
    expect(clock).toBeLessThan(1050 + 4 * LOOK_MS);
    expect(m.fuel).toBe(Infinity);
    expect(run(m, 100, 1).trap).toBe(TrapCode.Interrupted);
    m.clear();
    expect(run(m, 100, 1).trap).toBe(TrapCode.None);
  });

  it("another worker's flag (a shared Int32Array) is seen at the next look, however large the slice has grown", () => {
    fakeClock();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const m = new Meter(flag);
    m.setFuel(10_000_000);
    run(m, 1000, 5000, LOOK_MS / 1000);
    expect(m.slice).toBeGreaterThan(1 << 16);
    Atomics.store(flag, 0, 1);
    const before = m.fuel;
    const { trap, charged } = run(m, 1000, 1_000_000, LOOK_MS / 1000);
    expect(trap).toBe(TrapCode.Interrupted);
    // Seen within one slice (the slice lasts about LOOK_MS) and the stopping charge refunded.
    expect(charged * 1000).toBeLessThanOrEqual(m.slice * 2);
    expect(m.fuel).toBe(before - charged * 1000);
  });
});
