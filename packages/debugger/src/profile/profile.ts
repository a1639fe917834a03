/**
 * Profile: what a profiler run recorded, symbolized — the one model every output format reads
 * (cpuprofile.ts, pprof.ts, folded.ts, flameGraph.ts).
 *
 * A sample is a stack of locations, newest first (pprof's order). A location is one VM frame: a
 * wasm frame at a module offset, whose source lines are its inlined calls innermost first then
 * the function itself (SymbolResolver.sourceFrames, as backtraces show them); a host frame; or
 * the boundary of a running continuation (a pseudo-frame between its bottom frame and its resumer).
 * Weights are microseconds of the profiler's clock (CPU time where the host has one) or, in an
 * exact profile, instruction counts.
 */

/** One source-level frame of a location. */
export interface ProfileFrame {
  /** Source function name (DWARF), else the name section's, else `wasm-function[i]`; `<host> mod.name` for host frames. */
  readonly function: string;
  readonly file?: string;
  /** The line running (newest frame) or calling (callers); 1-based. */
  readonly line?: number;
  readonly column?: number;
  /** The line the function is declared at, when the debug info says. */
  readonly functionLine?: number;
  /** An inlined call (exists only in the debug info). */
  readonly inlined: boolean;
}

export interface ProfileLocation {
  readonly kind: 'wasm' | 'host' | 'continuation';
  /** Source frames innermost first (one for host frames and boundaries). */
  readonly frames: readonly ProfileFrame[];
  /** wasm: the module's label (file name) when known, its function index and the module offset. */
  readonly module?: string;
  readonly funcIndex?: number;
  readonly offset?: number;
}

export interface ProfileSample {
  /** Location indices, newest frame first. */
  readonly locations: readonly number[];
  /** Microseconds since the profile started. */
  readonly time: number;
  /** What this sample stands for: microseconds (sampling: the interval), instructions (exact). */
  readonly weight: number;
}

export interface Profile {
  readonly mode: 'sampling' | 'exact';
  readonly locations: readonly ProfileLocation[];
  readonly samples: readonly ProfileSample[];
  /** Wall-clock start (µs since the epoch), for formats that carry one. */
  readonly startTime: number;
  /** Duration on the profiler's clock (µs). */
  readonly duration: number;
  /** The sampling interval asked for (µs); exact profiles: 0. */
  readonly interval: number;
  /** Exact profiles: the unit of the weights ('instructions'); sampling: 'microseconds'. */
  readonly unit: 'microseconds' | 'instructions';
}

/** A sample's source frames, outermost (root) first: each location's frames reversed. */
export function rootFirstFrames(profile: Profile, sample: ProfileSample): ProfileFrame[] {
  const out: ProfileFrame[] = [];
  for (let i = sample.locations.length - 1; i >= 0; i--) {
    const frames = profile.locations[sample.locations[i]].frames;
    for (let k = frames.length - 1; k >= 0; k--) out.push(frames[k]);
  }
  return out;
}

export interface FunctionCost {
  readonly function: string;
  readonly file?: string;
  /** Weight of samples whose newest source frame is this function. */
  readonly self: number;
  /** Weight of samples with this function anywhere in their stack (once per sample). */
  readonly total: number;
}

export interface LineCost {
  readonly file: string;
  readonly line: number;
  /** Weight of samples whose newest source frame runs this line. */
  readonly self: number;
}

export interface ProfileSummary {
  readonly total: number;
  /** By total weight, largest first. */
  readonly functions: readonly FunctionCost[];
  /** By self weight, largest first. */
  readonly lines: readonly LineCost[];
}

/** Self and total weight per source function and per source line (what `lantern profile` prints). */
export function summarize(profile: Profile): ProfileSummary {
  const fns = new Map<string, { function: string; file?: string; self: number; total: number }>();
  const lines = new Map<string, { file: string; line: number; self: number }>();
  let total = 0;
  for (const s of profile.samples) {
    total += s.weight;
    const frames = rootFirstFrames(profile, s);
    const seen = new Set<string>();
    frames.forEach((f, i) => {
      const key = `${f.function}\0${f.file ?? ''}`;
      let c = fns.get(key);
      if (c === undefined) fns.set(key, (c = { function: f.function, ...(f.file !== undefined ? { file: f.file } : {}), self: 0, total: 0 }));
      if (!seen.has(key)) {
        seen.add(key);
        c.total += s.weight;
      }
      if (i === frames.length - 1) {
        c.self += s.weight;
        // Line 0: code the compiler made for no line in particular.
        if (f.file !== undefined && f.line !== undefined && f.line > 0) {
          const lk = `${f.file}:${f.line}`;
          let l = lines.get(lk);
          if (l === undefined) lines.set(lk, (l = { file: f.file, line: f.line, self: 0 }));
          l.self += s.weight;
        }
      }
    });
  }
  return {
    total,
    functions: [...fns.values()].sort((a, b) => b.total - a.total || b.self - a.self),
    lines: [...lines.values()].sort((a, b) => b.self - a.self),
  };
}
