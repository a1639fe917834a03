/**
 * A Profile as folded stacks (Brendan Gregg's flamegraph.pl, speedscope, inferno): one line per
 * distinct stack, `root;caller;callee weight`, source function names (inlined ones marked
 * `[inlined]`), weights in µs (exact profiles: instructions).
 */
import { type Profile, type ProfileFrame, rootFirstFrames } from './profile.ts';

export function frameLabel(f: ProfileFrame): string {
  return f.inlined ? `${f.function} [inlined]` : f.function;
}

/** The distinct stacks (root first) with their summed weight, in first-seen order. */
export function foldStacks(profile: Profile): Map<string, { frames: ProfileFrame[]; weight: number }> {
  const stacks = new Map<string, { frames: ProfileFrame[]; weight: number }>();
  for (const s of profile.samples) {
    const frames = rootFirstFrames(profile, s);
    const key = frames.map((f) => frameLabel(f).replace(/;/g, ':')).join(';');
    const e = stacks.get(key);
    if (e === undefined) stacks.set(key, { frames, weight: s.weight });
    else e.weight += s.weight;
  }
  return stacks;
}

export function toFolded(profile: Profile): string {
  let out = '';
  for (const [key, { weight }] of foldStacks(profile)) {
    const w = Math.round(weight);
    if (w > 0 && key !== '') out += `${key} ${w}\n`;
  }
  return out;
}
