/**
 * Clocks, sleeping and randomness: clock_res_get, clock_time_get, poll_oneoff (clock
 * subscriptions sleep synchronously with Atomics.wait; fd subscriptions are reported ready at
 * once, since every Lantern fd is backed by blocking I/O), sched_yield, random_get.
 *
 * Only web-standard globals are required (performance, crypto); Node's process.hrtime and
 * process.cpuUsage are used when present, for nanosecond and CPU-time clocks.
 */
import { Clock, EventType, Layout, SubclockFlags } from '../abi.ts';
import { Errno, WasiError } from '../errno.ts';
import type { WasiCalls, WasiContext } from '../context.ts';

const realtimeOriginNs = BigInt(Math.round(performance.timeOrigin * 1e6));
const nodeProcess = globalThis.process as NodeJS.Process | undefined;
const hrtime = nodeProcess?.hrtime;
const cpuUsage = nodeProcess?.cpuUsage;

const monotonicNs: () => bigint = hrtime ? () => hrtime.bigint() : () => BigInt(Math.round(performance.now() * 1e6));
/** Browsers have no CPU-time accounting: monotonic time (since the page's origin) stands in. */
const cpuTimeNs: () => bigint = cpuUsage
  ? () => {
    const usage = cpuUsage();
    return BigInt(usage.user + usage.system) * 1000n;
  }
  : monotonicNs;

export function clockNow(id: number): bigint {
  switch (id) {
    case Clock.REALTIME:
      return realtimeOriginNs + BigInt(Math.round(performance.now() * 1e6));
    case Clock.MONOTONIC:
      return monotonicNs();
    case Clock.PROCESS_CPUTIME:
    case Clock.THREAD_CPUTIME:
      return cpuTimeNs();
    default:
      throw new WasiError(Errno.INVAL);
  }
}

function resolution(id: number): bigint {
  switch (id) {
    case Clock.REALTIME: return 1000n;
    // performance.now() is microseconds at best.
    case Clock.MONOTONIC: return hrtime ? 1n : 1000n;
    case Clock.PROCESS_CPUTIME:
    case Clock.THREAD_CPUTIME: return 1000n;
    default: throw new WasiError(Errno.INVAL);
  }
}

// SharedArrayBuffer is missing from pages that are not cross-origin isolated.
const sleeper = typeof SharedArrayBuffer === 'function' ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
function sleepNs(ns: bigint): void {
  if (ns <= 0n) return;
  const ms = Number(ns) / 1e6;
  const end = monotonicNs() + ns;
  if (ms >= 1 && sleeper) {
    try {
      Atomics.wait(sleeper, 0, 0, ms);
    } catch {
      // A browser's main thread may not block: the spin below does all the waiting.
    }
  }
  // Atomics.wait takes fractional milliseconds; spin out the sub-millisecond remainder.
  while (monotonicNs() < end) { /* spin */ }
}

const RANDOM_CHUNK = 65_536;

interface Subscription {
  userdata: bigint;
  tag: number;
  /** Clock subscriptions: nanoseconds from now until the deadline (≤ 0: due); error if any. */
  remaining: bigint;
  error: number;
  fd: number;
}

export function clockCalls(ctx: WasiContext): WasiCalls {
  const { mem } = ctx;
  return {
    clock_res_get: (id: number, resOut: number) => {
      mem.setU64(resOut, resolution(id));
      return 0;
    },
    clock_time_get: (id: number, _precision: bigint, timeOut: number) => {
      mem.view(timeOut, 8);
      mem.setU64(timeOut, clockNow(id));
      return 0;
    },
    poll_oneoff: (subsIn: number, eventsOut: number, nsubscriptions: number, neventsOut: number) => {
      const n = nsubscriptions >>> 0;
      if (n === 0) return Errno.INVAL;
      const subs = mem.input(subsIn, n * Layout.SUBSCRIPTION_SIZE);
      const events = mem.view(eventsOut, n * Layout.EVENT_SIZE);
      mem.view(neventsOut, 4);
      const parsed: Subscription[] = [];
      for (let i = 0; i < n; i++) {
        const at = i * Layout.SUBSCRIPTION_SIZE;
        const sub: Subscription = {
          userdata: subs.getBigUint64(at, true),
          tag: subs.getUint8(at + 8),
          remaining: 0n,
          error: 0,
          fd: subs.getUint32(at + 16, true),
        };
        if (sub.tag === EventType.CLOCK) {
          const id = subs.getUint32(at + 16, true);
          const timeout = subs.getBigUint64(at + 24, true);
          const flags = subs.getUint16(at + 40, true);
          try {
            sub.remaining = flags & SubclockFlags.ABSTIME ? timeout - clockNow(id) : (resolution(id), timeout);
          } catch {
            sub.error = Errno.INVAL;
          }
        } else if (sub.tag === EventType.FD_READ || sub.tag === EventType.FD_WRITE) {
          try {
            ctx.fds.get(sub.fd);
          } catch {
            sub.error = Errno.BADF;
          }
        } else {
          return Errno.INVAL;
        }
        parsed.push(sub);
      }
      // Ready now: fd subscriptions and failed ones. Otherwise sleep until the first clock.
      let ready = parsed.filter((s) => s.tag !== EventType.CLOCK || s.error !== 0 || s.remaining <= 0n);
      if (ready.length === 0) {
        const first = parsed.reduce((a, b) => (b.remaining < a.remaining ? b : a));
        sleepNs(first.remaining);
        ready = parsed.filter((s) => s.remaining <= first.remaining);
      }
      ready.forEach((s, i) => {
        const at = i * Layout.EVENT_SIZE;
        for (let b = 0; b < Layout.EVENT_SIZE; b++) events.setUint8(at + b, 0);
        events.setBigUint64(at, s.userdata, true);
        events.setUint16(at + 8, s.error, true);
        events.setUint8(at + 10, s.tag);
        if (s.tag === EventType.FD_READ && s.error === 0) {
          // For a regular file, bytes left to read; otherwise unknown (0).
          const entry = ctx.fds.get(s.fd);
          if (entry.kind === 'file') {
            const left = ctx.fs.fstat(entry.handle).size - entry.position;
            events.setBigUint64(at + 16, left > 0n ? left : 0n, true);
          }
        }
      });
      mem.setU32(neventsOut, ready.length);
      return 0;
    },
    sched_yield: () => 0,
    random_get: (buf: number, len: number) => {
      const bytes = mem.bytes(buf, len);
      // getRandomValues refuses views of shared memory and more than 65,536 bytes per call:
      // fill a copy, in chunks.
      const random = new Uint8Array(bytes.length);
      for (let at = 0; at < random.length; at += RANDOM_CHUNK) globalThis.crypto.getRandomValues(random.subarray(at, at + RANDOM_CHUNK));
      bytes.set(random);
      return 0;
    },
  };
}
