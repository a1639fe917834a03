/**
 * The decoding/validation target: a mutant must end in a module or a `CompileError` that names a
 * byte offset inside the input; anything else escaping is a finding. Lantern's verdict must agree
 * with Node's `WebAssembly.validate`, except where V8's rejection shows a feature Node 20 does not
 * ship (nodeGaps.ts), which is counted by feature and is no finding.
 */
import { CompileError, createWebAssembly } from '@lantern/runtime';
import { caseSeed, Rng } from '../rng.ts';
import type { Tally } from '../findings.ts';
import { mutate } from './mutate.ts';
import { knownAcceptanceGap, missingNodeFeature } from './nodeGaps.ts';
import type { Seed } from './corpus.ts';

const lantern = createWebAssembly();
/** Cases slower than this are findings (the bound on one input); timed, never asserted by a test. */
export const SLOW_MS = 1000;

export type Verdict = { valid: true } | { valid: false; error: unknown };

export function lanternVerdict(bytes: Uint8Array): Verdict {
  try {
    new lantern.Module(bytes as Uint8Array<ArrayBuffer>);
    return { valid: true };
  } catch (error) {
    return { valid: false, error };
  }
}

/** Why a Lantern rejection is not a proper CompileError, or null when it is one. */
export function improperRejection(error: unknown, inputLength: number): { kind: string; detail: string } | null {
  if (!(error instanceof CompileError)) return { kind: 'escape', detail: String((error as Error)?.stack ?? error) };
  // compileBytes wraps what the decoder/validator let slip through: an escape all the same.
  if (error.reason.startsWith('invalid module:')) return { kind: 'escape', detail: error.message };
  if (error.offset < 0) return { kind: 'noOffset', detail: error.message };
  if (error.offset > inputLength) return { kind: 'offsetPastEnd', detail: `${error.message} (input is ${inputLength} bytes)` };
  return null;
}

function nodeError(bytes: Uint8Array): string {
  try {
    new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/** Checks one input, counting it into `tally`; `timed`: a case over SLOW_MS is a finding (long runs only: tests never depend on speed). */
export function checkModuleBytes(bytes: Uint8Array, caseIndex: number, tally: Tally, compareWithNode: boolean, timed: boolean): void {
  const started = performance.now();
  const verdict = lanternVerdict(bytes);
  const ms = performance.now() - started;
  if (timed && ms > SLOW_MS) tally.find({ target: 'binary', kind: 'slow', caseIndex, detail: `${ms.toFixed(0)} ms, ${bytes.length} bytes`, input: bytes });
  if (!verdict.valid) {
    const bad = improperRejection(verdict.error, bytes.length);
    if (bad !== null) tally.find({ target: 'binary', kind: bad.kind, caseIndex, detail: bad.detail, input: bytes });
  }
  tally.count(verdict.valid ? 'lantern:valid' : 'lantern:invalid');
  if (!compareWithNode) return;
  const nodeValid = WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>);
  if (nodeValid === verdict.valid) {
    tally.count('agree');
    return;
  }
  if (verdict.valid) {
    const message = nodeError(bytes);
    const feature = missingNodeFeature(message, bytes);
    if (feature !== null) {
      tally.count(`nodeLacks:${feature}`);
      return;
    }
    tally.find({ target: 'binary', kind: 'lanternAcceptsNodeRejects', caseIndex, detail: `node: ${message}`, input: bytes });
  } else {
    const error = verdict.error as CompileError;
    const gap = knownAcceptanceGap(error.message, error.offset, bytes);
    if (gap !== null) {
      tally.count(gap);
      return;
    }
    tally.find({ target: 'binary', kind: 'nodeAcceptsLanternRejects', caseIndex, detail: `lantern: ${error.message}`, input: bytes });
  }
}

/** Seeds Node's engine validates: their mutants are compared with it (the others are checked for escapes only). */
export function nodeComparable(seeds: readonly Seed[]): boolean[] {
  return seeds.map((s) => WebAssembly.validate(s.bytes as Uint8Array<ArrayBuffer>));
}

/** Cases [from, to) of the campaign `campaignSeed` over `seeds`. */
export function runBinaryCases(seeds: readonly Seed[], campaignSeed: number, from: number, to: number, tally: Tally, timed = true): void {
  const comparable = nodeComparable(seeds);
  for (let i = from; i < to; i++) {
    const r = new Rng(caseSeed(campaignSeed, i));
    const which = r.int(seeds.length);
    const { bytes, kinds } = mutate(r, seeds[which].bytes, r.pick(seeds).bytes);
    for (const k of kinds) tally.count(`mutation:${k}`);
    checkModuleBytes(bytes, i, tally, comparable[which], timed);
  }
}
