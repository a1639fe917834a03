/**
 * Profiler: a sampling profiler over a Store, no debugger attached. While it runs the Store has a
 * sampler (runtime exec/sampling.ts): functions compile with Ticks at their returns and loop
 * headers, compiled code (src/tier/) counts down at entries and loop headers, and every so many of them
 * the profiler reads its clock; once an interval has passed it takes the stack with the walker
 * every backtrace uses (wasm frames, the host frames between activations, continuation
 * boundaries). Symbols are looked up once per distinct frame when it stops.
 *
 *   const profiler = Profiler.start(WebAssembly);   // a Store or any object of Lantern's JS API
 *   ...run the program...
 *   const profile = profiler.stop();                // then toCpuProfile / toPprof / toFolded / toFlameGraphHtml
 *
 * The clock is performance.now(): the process's CPU time (process.cpuUsage) counts V8's
 * background threads too, whose bursts (compiling the interpreter, marking) come at particular
 * points of a program and skewed samples towards them. Each sample weighs one interval, whatever
 * the clock did since the previous one: a gap — the machine running another process, the tier
 * compiling, garbage collection, a long host call — would otherwise all count for the one stack
 * that happened to run after it. Samples fall where Ticks are — loop headers, and returns in
 * the interpreter or function entries in compiled code — so the newest frame's line is its
 * loop's, its return's or its entry's. Start the
 * profiler before the code to profile first runs: a function compiled before has no Ticks.
 *
 * Exact mode (`mode: 'exact'`) samples nothing: the interpreter counts every wasm instruction it
 * runs (runtime InstructionCounter), and the profile has one sample per instruction that ran,
 * weighing its count, with its source frames (inlined calls included) but no callers. It needs
 * the interpreter (a store without a tier) and runs several times slower.
 */
import type { RawFrame } from '@lantern/traps';
import {
  DebugHooks, InstructionCounter, sampleStack, setInstructionCounter, setSampler, siteFrame, type StackSampler, type Store,
} from '@lantern/runtime';
import { debugStoreOf } from '../engineLink.ts';
import { SymbolResolver } from '../source/symbolResolver.ts';
import type { Profile, ProfileLocation, ProfileSample } from './profile.ts';
import { locationOf } from './symbolize.ts';

export interface ProfilerOptions {
  /** 'sampling' (the default) or 'exact' (instruction counts per instruction, from the interpreter). */
  readonly mode?: 'sampling' | 'exact';
  /** Sampling interval in milliseconds (default 1, as V8's profiler). */
  readonly intervalMs?: number;
  /** Symbols for naming frames (default: a resolver that reads the modules' own debug info). */
  readonly symbols?: SymbolResolver;
  /** The clock in microseconds (default: performance.now()). */
  readonly clock?: () => number;
}

/** Ticks between clock reads: adapted so that a read comes about every quarter interval. */
const MIN_TICKS = 1;
const MAX_TICKS = 1 << 20;

const wallClock = () => performance.now() * 1000;

export class Profiler implements StackSampler {
  private readonly interval: number;
  private readonly clock: () => number;
  private readonly symbols: SymbolResolver;
  private readonly startClock: number;
  private readonly startTime = Date.now() * 1000;
  private next: number;
  private lastRead: number;
  private ticksPerRead = 64;
  private readonly raw: RawFrame[] = [];
  private readonly rawIndex = new Map<string, number>();
  /**
   * Per function address, its sites' indices into `raw` (take's fast path), for the code they were
   * seen in: a function compiled again (a debugger attached) has other internal pcs.
   */
  private readonly siteIndex: ({ code: unknown; byPc: Map<number, number> } | undefined)[] = [];
  /** sampleStack's output, reused. */
  private readonly sites: number[] = [];
  private readonly samples: ProfileSample[] = [];
  private stopped = false;
  private readonly counter: InstructionCounter | null;

  private constructor(private readonly store: Store, options: ProfilerOptions) {
    this.counter = options.mode === 'exact' ? new InstructionCounter() : null;
    const ms = options.intervalMs ?? 1;
    if (!(ms > 0 && Number.isFinite(ms))) throw new RangeError(`Profiler: intervalMs must be a positive number, got ${String(ms)}`);
    this.interval = ms * 1000;
    this.clock = options.clock ?? wallClock;
    this.symbols = options.symbols ?? new SymbolResolver();
    this.startClock = this.lastRead = this.clock();
    this.next = this.startClock + this.interval;
  }

  /** Starts sampling `target` (a Store, or a namespace / Instance / Module of Lantern's JS API). */
  static start(target: object, options: ProfilerOptions = {}): Profiler {
    const store = debugStoreOf(target);
    if (!store) throw new TypeError('Profiler.start: not a Lantern Store or an object of a Lantern WebAssembly namespace');
    if (store.sampler !== null || store.counter !== null) throw new Error('Profiler.start: this store is already being profiled');
    if (options.mode !== undefined && options.mode !== 'sampling' && options.mode !== 'exact') {
      throw new RangeError(`Profiler: mode must be 'sampling' or 'exact', got ${String(options.mode)}`);
    }
    if (options.mode === 'exact' && store.tier !== null) throw new Error("Profiler.start: exact mode counts in the interpreter; create the store with tier 'interpreter'");
    const profiler = new Profiler(store, options);
    if (profiler.counter !== null) setInstructionCounter(store, profiler.counter);
    else setSampler(store, profiler);
    return profiler;
  }

  /** The runtime's call at a Tick (exec/sampling.ts). */
  onTick(): number {
    const now = this.clock();
    if (now >= this.next) {
      this.take(now);
      this.next = Math.max(this.next + this.interval, now + this.interval / 2);
    }
    // Pace the reads: about four per interval, whatever the code's Tick rate.
    const since = now - this.lastRead;
    this.lastRead = now;
    // Halfway (geometrically) to the count that would have taken a quarter interval: fast to
    // follow a change of pace, steady when one read is off.
    const proposed = (this.ticksPerRead * this.interval) / 4 / Math.max(since, 1);
    this.ticksPerRead = Math.min(MAX_TICKS, Math.max(MIN_TICKS, Math.round(Math.sqrt(this.ticksPerRead * proposed))));
    return this.ticksPerRead;
  }

  private take(now: number): void {
    const n = sampleStack(this.store, this.sites);
    let locations: number[];
    if (n >= 0) {
      locations = new Array<number>(n);
      for (let i = 0; i < n; i++) locations[i] = this.internSite(this.sites[2 * i], this.sites[2 * i + 1]);
    } else {
      locations = [];
      for (const c = DebugHooks.frames(this.store); !c.done; c.moveUp()) locations.push(this.intern(c.toRawFrame()));
    }
    this.samples.push({ locations, time: now - this.startClock, weight: this.interval });
  }

  /** A wasm frame's location by its site (function address, internal pc): named once, then a lookup. */
  private internSite(func: number, pc: number): number {
    const code = this.store.funcs[func].codeMap;
    let sites = this.siteIndex[func];
    if (sites === undefined || sites.code !== code) this.siteIndex[func] = sites = { code, byPc: new Map() };
    let i = sites.byPc.get(pc);
    if (i === undefined) sites.byPc.set(pc, (i = this.intern(siteFrame(this.store, func, pc))));
    return i;
  }

  private intern(f: RawFrame): number {
    const key =
      f.kind === 'host'
        ? `h${f.importModule ?? ''}.${f.importName ?? ''}.${f.name ?? ''}`
        : `w${this.instanceId(f.instance)}:${f.funcIndex}:${f.offset}${f.boundary ? `:b${(f.boundary.continuation as { id?: number } | null)?.id ?? ''}` : ''}`;
    let i = this.rawIndex.get(key);
    if (i === undefined) {
      i = this.raw.length;
      this.raw.push(f);
      this.rawIndex.set(key, i);
    }
    return i;
  }

  private readonly instances = new Map<unknown, number>();
  private instanceId(instance: unknown): number {
    let id = this.instances.get(instance);
    if (id === undefined) this.instances.set(instance, (id = this.instances.size));
    return id;
  }

  /** Stops sampling (code compiled meanwhile keeps its Ticks, which cost next to nothing) and returns the profile. */
  stop(): Profile {
    if (!this.stopped) {
      this.stopped = true;
      if (this.store.sampler === this) setSampler(this.store, null);
      if (this.counter !== null && this.store.counter === this.counter) setInstructionCounter(this.store, null);
    }
    const duration = this.clock() - this.startClock;
    if (this.counter !== null) return this.exactProfile(this.counter, duration);
    // A continuation boundary becomes a location of its own after the frame that carries it.
    const locations: ProfileLocation[] = [];
    const expanded = this.raw.map((f) => {
      const own = locations.push(locationOf(f, this.symbols)) - 1;
      const b = f.kind === 'host' ? undefined : f.boundary;
      if (b === undefined) return [own];
      const id = (b.continuation as { id?: number } | null)?.id;
      const boundary = locations.push({ kind: 'continuation', frames: [{ function: `-- continuation${id !== undefined ? ` #${id}` : ''} --`, inlined: false }] }) - 1;
      return [own, boundary];
    });
    const samples = this.samples.map((s) => ({ ...s, locations: s.locations.flatMap((i) => expanded[i]) }));
    return { mode: 'sampling', locations, samples, startTime: this.startTime, duration, interval: this.interval, unit: 'microseconds' };
  }

  /** One sample per counted instruction that ran: its location, its count. */
  private exactProfile(counter: InstructionCounter, duration: number): Profile {
    const locations: ProfileLocation[] = [];
    const samples: ProfileSample[] = [];
    for (let slot = 0; slot < counter.funcs.length; slot++) {
      const count = counter.counts[slot];
      if (count === 0) continue;
      const f = this.store.funcs[counter.funcs[slot]];
      const raw: RawFrame = { kind: 'wasm', funcIndex: f.funcIndex, offset: counter.offsets[slot], instance: f.instance };
      samples.push({ locations: [locations.push(locationOf(raw, this.symbols)) - 1], time: 0, weight: count });
    }
    return { mode: 'exact', locations, samples, startTime: this.startTime, duration, interval: 0, unit: 'instructions' };
  }
}
