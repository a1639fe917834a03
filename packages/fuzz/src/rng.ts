/** A seeded PRNG (SplitMix32-style mixing of a counter): every choice of every harness comes from one, so a seed replays a case exactly. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return n <= 1 ? 0 : this.next() % n;
  }

  /** True with probability 1/n. */
  oneIn(n: number): boolean {
    return this.int(n) === 0;
  }

  pick<X>(xs: readonly X[]): X {
    return xs[this.int(xs.length)];
  }

  /** A signed 64-bit value, biased toward the edges that break arithmetic. */
  i64(): bigint {
    if (this.oneIn(3)) return this.pick([0n, 1n, -1n, 0x7fffffffffffffffn, -0x8000000000000000n, 0xffffffffn, 0x80000000n]);
    return BigInt.asIntN(64, (BigInt(this.next()) << 32n) | BigInt(this.next()));
  }

  /** A signed 32-bit value, biased toward the edges. */
  i32(): number {
    if (this.oneIn(3)) return this.pick([0, 1, -1, 0x7fffffff, -0x80000000, 0xff, 0x8000, 31, 32]);
    return this.next() | 0;
  }
}

/** Seed of case `index` in a campaign started with `seed`: cases are independent, so any one replays alone. */
export function caseSeed(seed: number, index: number): number {
  return new Rng((seed ^ Math.imul(index + 1, 0x27d4eb2d)) >>> 0).next();
}
