/**
 * The profiler (src/profile/) on a C program with a known hot function (fixtures/profile/hot.c:
 * hot() runs nine times cold()'s loop; the loop is `spin`, inlined into both), on WAT programs
 * for host frames and continuation boundaries, and its output formats. Exact mode is what pins
 * the 90%: instruction counts are deterministic. Sampling is checked for what does not depend on
 * the machine's load: where samples land (stacks, inlined frames, lines) and that hot dominates.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureBacktrace, createWebAssembly, sampleStack, siteFrame, type TierPolicy } from '@lantern/runtime';
import type { RawFrame } from '@lantern/traps';
import { Wasi } from '@lantern/wasi';
import {
  Profiler, SymbolResolver, summarize, toCpuProfile, toFlameGraphHtml, toFolded, toPprof, type Profile, type ProfilerOptions,
} from '../src/index.ts';
import { debugStoreOf } from '../src/engineLink.ts';
import { FIXTURES } from './helpers.ts';

const HOT_WASM = join(FIXTURES, 'profile', 'hot.wasm');
const HOT_C = '/fixtures/profile/hot.c';
/** hot.c: spin's loop body and header lines, and where hot/cold call it. */
const SPIN_LINES = [7, 8];

function profileHot(rounds: number, options: ProfilerOptions, tier?: TierPolicy): { profile: Profile; stdout: string } {
  const WebAssembly = createWebAssembly(tier !== undefined ? { tier } : {});
  let stdout = '';
  const wasi = new Wasi({ args: ['hot', String(rounds)], env: {}, stdout: (b) => void (stdout += new TextDecoder().decode(b)) });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(readFileSync(HOT_WASM))), wasi.getImportObject());
  const profiler = Profiler.start(WebAssembly, options);
  wasi.start(instance as never);
  return { profile: profiler.stop(), stdout };
}

const share = (profile: Profile, fn: string) => {
  const s = summarize(profile);
  return (s.functions.find((f) => f.function === fn)?.total ?? 0) / s.total;
};

describe('exact mode', () => {
  const { profile, stdout } = profileHot(2, { mode: 'exact' });

  it('runs the program unchanged', () => {
    expect(stdout).toBe('4172812357\n');
  });

  it('gives the hot function 90% ± 5 of the instructions, the cold one 10% ± 5', () => {
    expect(profile.unit).toBe('instructions');
    expect(share(profile, 'hot')).toBeGreaterThan(0.85);
    expect(share(profile, 'hot')).toBeLessThan(0.95);
    expect(share(profile, 'cold')).toBeGreaterThan(0.05);
    expect(share(profile, 'cold')).toBeLessThan(0.15);
  });

  it("counts spin's loop lines, inlined into hot", () => {
    const s = summarize(profile);
    const top = s.lines.slice(0, 2);
    expect(top.map((l) => l.file)).toEqual([HOT_C, HOT_C]);
    expect(top.map((l) => l.line).sort()).toEqual(SPIN_LINES);
    // Each instruction of the hot loop: spin [inlined] inside hot.
    const loop = profile.samples.reduce((a, b) => (b.weight > a.weight ? b : a));
    const frames = profile.locations[loop.locations[0]].frames;
    expect(frames.map((f) => [f.function, f.inlined])).toEqual([['spin', true], ['hot', false]]);
    expect(frames[0].functionLine).toBe(6);
    expect(frames[1].line).toBe(13);
  });

  it('refuses a store with a tier', () => {
    expect(() => Profiler.start(createWebAssembly({ tier: 'eager' }), { mode: 'exact' })).toThrow(/interpreter/);
  });
});

describe('sampling', () => {
  for (const tier of ['interpreter', 'eager'] as const) {
    it(`samples the VM stack with inlined frames and source lines (${tier})`, () => {
      const { profile, stdout } = profileHot(tier === 'eager' ? 40 : 8, { intervalMs: 0.2 }, tier);
      expect(stdout).toBe(tier === 'eager' ? '4064716741\n' : '428326853\n');
      expect(profile.samples.length).toBeGreaterThan(20);
      const inHot = profile.samples.filter((s) => {
        const names = s.locations.flatMap((i) => profile.locations[i].frames.map((f) => f.function));
        return names[0] === 'spin' && names.includes('hot') && names.includes('main');
      });
      expect(inHot.length).toBeGreaterThan(0);
      // The newest frame of a sample in the loop sits on one of spin's lines, inlined into hot.
      const leaf = profile.locations[inHot[0].locations[0]].frames;
      expect(leaf[0]).toMatchObject({ function: 'spin', file: HOT_C, inlined: true });
      expect(SPIN_LINES).toContain(leaf[0].line);
      expect(leaf[1]).toMatchObject({ function: 'hot', line: 13, inlined: false });
      // hot does nine times cold's work: whatever the machine's load, it holds most samples.
      expect(share(profile, 'hot')).toBeGreaterThan(share(profile, 'cold'));
    });
  }

  it('shows host frames between activations and continuation boundaries', () => {
    const symbols = new SymbolResolver();
    const bytes = symbols.addWat(
      `(module
  (type $f (func))
  (type $k (cont $f))
  (import "env" "callback" (func $callback))
  (func $spin (export "spin") (local $i i32)
    (loop $l (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 3000000)))))
  (func $viaHost (export "viaHost") (call $callback))
  (func $inCont (export "inCont") (resume $k (cont.new $k (ref.func $spin))))
  (elem declare func $spin))`,
      'frames.wat',
    );
    const WebAssembly = createWebAssembly();
    let exports: Record<string, () => void> = {};
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { callback: () => exports.spin() } });
    exports = instance.exports as typeof exports;
    const profiler = Profiler.start(WebAssembly, { intervalMs: 0.1, symbols });
    exports.viaHost();
    exports.inCont();
    const profile = profiler.stop();
    const stacks = new Set(profile.samples.map((s) => s.locations.map((i) => profile.locations[i].frames[0].function).join(' < ')));
    expect(stacks).toContain('spin < <host> env.callback < viaHost');
    expect([...stacks].some((s) => /^spin < -- continuation #\d+ -- < inCont$/.test(s))).toBe(true);
  });

  it('samples loop-free code in the interpreter at its returns: a recursive fib, at every depth', () => {
    const symbols = new SymbolResolver();
    const bytes = symbols.addWat(
      `(module
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1))) (call $fib (i32.sub (local.get $n) (i32.const 2))))))))`,
      'fib.wat',
    );
    const WebAssembly = createWebAssembly({ tier: 'interpreter' });
    const { fib } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as { fib: (n: number) => number };
    const profiler = Profiler.start(WebAssembly, { intervalMs: 0.1, symbols });
    expect(fib(25)).toBe(75025);
    const profile = profiler.stop();
    expect(profile.samples.length).toBeGreaterThan(1);
    const stacks = profile.samples.map((s) => s.locations.map((i) => profile.locations[i].frames[0].function));
    expect(stacks.every((names) => names.length > 0 && names.every((n) => n === 'fib'))).toBe(true);
    expect(Math.max(...stacks.map((names) => names.length))).toBeGreaterThan(5);
  });

  it('samples quiet compiled calls, compiled before the profiler started, through the headers their callers now write', () => {
    const symbols = new SymbolResolver();
    const bytes = symbols.addWat(
      `(module
  (func $down (export "down") (param $n i32) (param $spins i32) (result i32) (local $i i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (loop $spin (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $spin (i32.lt_u (local.get $i) (local.get $spins)))) (local.get $i))
      (else (i32.add (i32.const 1) (call $down (i32.sub (local.get $n) (i32.const 1)) (local.get $spins)))))))`,
      'down.wat',
    );
    const WebAssembly = createWebAssembly({ tier: 'eager' });
    const { down } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as { down: (n: number, spins: number) => number };
    // Compiled without a profiler: its recursive calls leave the callee's header unwritten (runtime src/tier/keepsViews.ts).
    expect(down(3, 10)).toBe(13);
    const tier = debugStoreOf(WebAssembly)!.tier!;
    expect(tier.compiled).toBe(1);
    const profiler = Profiler.start(WebAssembly, { intervalMs: 0.1, symbols });
    expect(tier.headers).toBe(true);
    // The loop at the bottom, 20 calls deep, polls and samples in place (the frames below are read as they are).
    for (let i = 0; i < 20; i++) expect(down(20, 300_000)).toBe(300_020);
    const profile = profiler.stop();
    expect(tier.headers).toBe(false);
    expect(profile.samples.length).toBeGreaterThan(1);
    const stacks = profile.samples.map((s) => s.locations.map((i) => profile.locations[i].frames[0].function));
    // Every frame read is down's, 21 of them (a stale header would show another function, or another depth).
    expect(stacks.every((names) => names.length === 21 && names.every((n) => n === 'down'))).toBe(true);
  });

  /**
   * walk(n) recurses n deep through two call sites (odd n: line 6, even n: line 7), then calls
   * spin (line 5): every caller's frame a sample shows is fixed by its depth. All of it is quiet
   * (runtime src/tier/keepsViews.ts): compiled, its calls write one header word, the return pc.
   */
  const WALK_WAT = `(module
  (func $top (export "top") (param $n i32) (param $spins i32) (result i32)
    (call $walk (local.get $n) (local.get $spins)))
  (func $walk (param $n i32) (param $spins i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n)) (then (call $spin (local.get $spins)))
      (else (if (result i32) (i32.and (local.get $n) (i32.const 1)) (then (call $walk (i32.sub (local.get $n) (i32.const 1)) (local.get $spins)))
        (else (call $walk (i32.sub (local.get $n) (i32.const 1)) (local.get $spins)))))))
  (func $spin (param $spins i32) (result i32) (local $i i32)
    (loop $l (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $spins))))
    (local.get $i)))`;
  const WALK_DEPTH = 12;
  /** The callers' frames of a sample in walk.wat's spin, outermost first: top at its call, then walk at its call for n = WALK_DEPTH..0. */
  const WALK_CHAIN = ['top@3', ...Array.from({ length: WALK_DEPTH + 1 }, (_, k) => WALK_DEPTH - k).map((n) => `walk@${n === 0 ? 5 : n % 2 === 1 ? 6 : 7}`)];

  function profileWalk(tier: TierPolicy, options: ProfilerOptions): { stacks: string[][]; store: NonNullable<ReturnType<typeof debugStoreOf>> } {
    const symbols = new SymbolResolver();
    const bytes = symbols.addWat(WALK_WAT, 'walk.wat');
    const WebAssembly = createWebAssembly({ tier });
    const { top } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as { top: (n: number, spins: number) => number };
    const profiler = Profiler.start(WebAssembly, { symbols, ...options });
    for (let i = 0; i < 6; i++) expect(top(WALK_DEPTH, 1_500_000)).toBe(1_500_000);
    const profile = profiler.stop();
    // Outermost first; a frame as function@line.
    const stacks = profile.samples.map((s) => s.locations.map((i) => profile.locations[i].frames[0]).map((f) => `${f.function}@${f.line}`).reverse());
    return { stacks, store: debugStoreOf(WebAssembly)! };
  }

  it('samples compiled frames whose calls wrote only the return pc with the same stacks as the interpreter', () => {
    const byTier = (['interpreter', 'eager'] as const).map((tier) => {
      const { stacks, store } = profileWalk(tier, { intervalMs: 0.1 });
      if (tier === 'eager') expect(store.tier!.compiled).toBe(3);
      expect(stacks.length, tier).toBeGreaterThan(10);
      // Every sample's callers are the chain its depth fixes: a header completed wrong would show
      // another function, another call line or another depth.
      for (const stack of stacks) expect(stack.slice(0, -1), tier).toEqual(WALK_CHAIN.slice(0, stack.length - 1));
      // The spinning stack, WALK_DEPTH + 1 walk frames under top, holds most samples.
      const spinning = stacks.filter((st) => st.at(-1)!.startsWith('spin@'));
      expect(spinning.length / stacks.length, tier).toBeGreaterThan(0.5);
      return new Set(spinning.map((st) => st.slice(0, -1).join(' > ')));
    });
    expect([...byTier[0]]).toEqual([WALK_CHAIN.join(' > ')]);
    expect([...byTier[1]]).toEqual([...byTier[0]]);
  });

  it('compiled quiet calls under a profiler write one word of their callee\'s header, the return pc', () => {
    const symbols = new SymbolResolver();
    const WebAssembly = createWebAssembly({ tier: 'eager' });
    const { top } = new WebAssembly.Instance(new WebAssembly.Module(symbols.addWat(WALK_WAT, 'walk.wat')), {}).exports as { top: (n: number, spins: number) => number };
    const store = debugStoreOf(WebAssembly)!;
    // No sample is due (a sample completes the headers it walks): what is written is the calls' own.
    const profiler = Profiler.start(WebAssembly, { intervalMs: 1e9, symbols });
    expect(top(WALK_DEPTH, 10)).toBe(10);
    expect(store.tier!.compiled).toBe(3);
    const i32 = store.thread.i32;
    const base = store.thread.sp;
    const SENTINEL = 0x5eed5eed;
    i32.fill(SENTINEL, base, base + 4096);
    expect(top(WALK_DEPTH, 10)).toBe(10);
    profiler.stop();
    // Above top's frame (written by the driver: its arguments, its header), each callee's frame got
    // one word: walk's frames and spin's, WALK_DEPTH + 2 of them, holding the return pcs of the
    // four call sites (top's, walk's three).
    const topFunc = store.funcs.find((f) => f.instance !== null && f.funcIndex === 0)!;
    const written = [...i32.subarray(base + topFunc.localsI32 + 5, base + 4096)].filter((v) => v !== SENTINEL);
    expect(written).toHaveLength(WALK_DEPTH + 2);
    expect(new Set(written).size).toBe(4);
  });

  it('samples a compiled loop from JS, at the loop, without leaving it for the interpreter, and stops costing after stop()', () => {
    const symbols = new SymbolResolver();
    const bytes = symbols.addWat(
      `(module
  (func $count (export "count") (param $n i32) (result i32) (local $i i32)
    (loop $l (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $i)))`,
      'count.wat',
    );
    const WebAssembly = createWebAssembly({ tier: 'eager' });
    const tier = debugStoreOf(WebAssembly)!.tier!;
    const { count } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as { count: (n: number) => number };
    const poll = tier.poll.bind(tier);
    let polls = 0;
    tier.poll = (...args) => (polls++, poll(...args));
    const profiler = Profiler.start(WebAssembly, { intervalMs: 0.1, symbols });
    expect(count(20_000_000)).toBe(20_000_000);
    const profile = profiler.stop();
    // Samples were taken from the loop's polls, in JS: no frame was materialized, none re-entered.
    expect(profile.samples.length).toBeGreaterThan(1);
    expect(polls).toBeGreaterThanOrEqual(profile.samples.length);
    expect(tier.deopts).toBe(0);
    expect(tier.osrEntries).toBe(0);
    // Every sample is in count, on the loop's line (3), the body's first.
    const leaves = profile.samples.map((s) => profile.locations[s.locations[0]].frames[0]);
    expect(leaves.every((f) => f.function === 'count' && f.file === 'count.wat' && f.line === 3)).toBe(true);
    // Stopped, the code translated for it polls its loop only every POLL_EVERY (65,536) iterations.
    polls = 0;
    expect(count(2_000_000)).toBe(2_000_000);
    expect(polls).toBeLessThanOrEqual(Math.ceil(2_000_000 / 65_536) + 1);
  });

  it("takes a plain wasm stack by sites that name the same frames as the full walk, and leaves host frames to it", () => {
    const bytes = new SymbolResolver().addWat(
      `(module
  (import "env" "look" (func $look))
  (func $down (export "down") (param $n i32)
    (if (i32.eqz (local.get $n)) (then (call $look)) (else (call $down (i32.sub (local.get $n) (i32.const 1)))))))`,
      'sites.wat',
    );
    const WebAssembly = createWebAssembly({ tier: 'interpreter' });
    const store = debugStoreOf(WebAssembly)!;
    const sites: number[] = [];
    let counts: number[] = [];
    let named: RawFrame[] = [];
    let full: RawFrame[] = [];
    let exports: Record<string, (n: number) => void> = {};
    const look = () => {
      counts.push(sampleStack(store, sites));
      if (counts.length === 1) {
        named = Array.from({ length: counts[0] }, (_, i) => siteFrame(store, sites[2 * i], sites[2 * i + 1]));
        full = captureBacktrace(store);
        exports.down(0); // a second activation: a host frame between the two
      }
    };
    exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { look } }).exports as typeof exports;
    exports.down(4);
    expect(counts).toEqual([5, -1]);
    expect(named).toEqual(full);
    // The newest frame at its call of look, the four below at their recursive call.
    const at = named.map((f) => (f.kind === 'wasm' ? `${f.funcName}@${f.offset}` : 'host'));
    expect(new Set(at.slice(1)).size).toBe(1);
    expect(at[0]).not.toBe(at[1]);
    expect(at[0]).toMatch(/^down@\d+$/);
  });

  it('rejects a bad interval and a second profiler on one store', () => {
    const WebAssembly = createWebAssembly();
    expect(() => Profiler.start(WebAssembly, { intervalMs: 0 })).toThrow(RangeError);
    const p = Profiler.start(WebAssembly);
    expect(() => Profiler.start(WebAssembly)).toThrow(/already/);
    p.stop();
    Profiler.start(WebAssembly).stop();
  });
});

describe('output formats', () => {
  const { profile } = profileHot(1, { mode: 'exact' });
  const sampled = profileHot(3, { intervalMs: 0.2 }).profile;

  it('.cpuprofile: a well-formed V8 profile (nodes, samples, timeDeltas)', () => {
    const cpu = JSON.parse(JSON.stringify(toCpuProfile(sampled))) as ReturnType<typeof toCpuProfile>;
    const ids = new Set(cpu.nodes.map((n) => n.id));
    expect(ids.size).toBe(cpu.nodes.length);
    expect(cpu.nodes[0].callFrame.functionName).toBe('(root)');
    for (const n of cpu.nodes) for (const c of n.children) expect(ids.has(c)).toBe(true);
    expect(cpu.samples.length).toBe(sampled.samples.length);
    expect(cpu.timeDeltas.length).toBe(cpu.samples.length);
    for (const s of cpu.samples) expect(ids.has(s)).toBe(true);
    expect(cpu.endTime).toBeGreaterThanOrEqual(cpu.startTime);
    const hits = cpu.nodes.reduce((a, n) => a + n.hitCount, 0);
    expect(hits).toBe(cpu.samples.length);
    const spin = cpu.nodes.find((n) => n.callFrame.functionName === 'spin [inlined]' && n.positionTicks);
    expect(spin?.callFrame).toMatchObject({ url: HOT_C, lineNumber: 5 });
    expect(SPIN_LINES).toContain(spin!.positionTicks![0].line);
  });

  it('pprof: a profile.proto whose strings, samples and inlined lines decode', () => {
    const pb = toPprof(profile);
    const msg = decode(pb);
    const strings = msg.get(6)!.map((b) => new TextDecoder().decode(b as Uint8Array));
    expect(strings[0]).toBe('');
    expect(strings).toEqual(expect.arrayContaining(['instructions', 'hot', 'spin', HOT_C]));
    expect(msg.get(2)!.length).toBe(profile.samples.length);
    // A location of the loop has two lines: spin (inlined, innermost first), then hot.
    const fnName = new Map(msg.get(5)!.map((f) => { const m = decode(f as Uint8Array); return [m.get(1)![0] as number, strings[m.get(2)![0] as number]]; }));
    const twoLines = msg.get(4)!.map((l) => decode(l as Uint8Array).get(4) ?? []).filter((lines) => lines.length === 2);
    const names = twoLines.map((lines) => lines.map((l) => fnName.get(decode(l as Uint8Array).get(1)![0] as number)).join('<'));
    expect(names).toContain('spin<hot');
  });

  it('folded stacks: one line per stack, weights summing to the total', () => {
    const folded = toFolded(sampled);
    const lines = folded.trim().split('\n');
    let sum = 0;
    for (const l of lines) {
      const m = /^(.+) (\d+)$/.exec(l);
      expect(m).not.toBeNull();
      sum += Number(m![2]);
    }
    expect(lines.some((l) => l.includes(';main;hot;spin [inlined] '))).toBe(true);
    expect(Math.abs(sum - summarize(sampled).total)).toBeLessThanOrEqual(lines.length);
  });

  it('HTML flame graph: self-contained, with the call tree in it', () => {
    const html = toFlameGraphHtml(profile, 'hot <profile>');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script[^>]+src=|<link|https?:\/\//);
    expect(html).toContain('hot &#60;profile&#62;');
    const data = /const root = (.*);\n/.exec(html)![1];
    const root = JSON.parse(data) as { v: number; c: { n: string }[] };
    expect(root.v).toBe(summarize(profile).total);
  });
});

/** A protobuf message's fields: varints as numbers, length-delimited fields as bytes (enough to check pprof). */
function decode(b: Uint8Array): Map<number, (number | Uint8Array)[]> {
  const out = new Map<number, (number | Uint8Array)[]>();
  let p = 0;
  const varint = () => {
    let v = 0, mul = 1;
    for (;;) {
      const x = b[p++];
      v += (x & 0x7f) * mul;
      mul *= 128;
      if (x < 0x80) return v;
    }
  };
  while (p < b.length) {
    const key = varint();
    const field = Math.floor(key / 8), wire = key % 8;
    let value: number | Uint8Array;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const n = varint();
      value = b.subarray(p, p + n);
      p += n;
    } else throw new Error(`unexpected wire type ${wire}`);
    (out.get(field) ?? out.set(field, []).get(field)!).push(value);
  }
  return out;
}
