/**
 * The text round trip, fuzzed: programs of our generator (even cases) and of binaryen's
 * `wasm-opt -ttf` (odd cases) are printed by `printWat` and encoded again by `wat2wasm`; the
 * result must be the same module, byte for byte, but for the data count section binaryen writes
 * with every bulk-memory module (roundTrip.ts: the one normalization that applies here, counted
 * apart), and each line's instructions must map back to that line.
 *
 * With `--corpus` the cases are the corpus's modules instead (binary/corpus.ts): each is counted
 * by its verdict, and one that differs must at least encode to a module that round-trips exactly
 * (test/wat.test.ts says which inputs may differ and why). Modules over 500 kB are reported one by
 * one with their print time.
 */
import { CompileError, decodeModule, printWat, validateModule } from '@lantern/runtime';
import type { Seed } from '../binary/corpus.ts';
import type { Tally } from '../findings.ts';
import { caseSeed } from '../rng.ts';
import { binaryenProgram, ownProgram, type Program } from '../programs/programTarget.ts';
import { roundTrip } from './roundTrip.ts';

export async function runWatCases(campaignSeed: number, from: number, to: number, tally: Tally): Promise<void> {
  for (let i = from; i < to; i++) {
    const seed = caseSeed(campaignSeed, i);
    const source = i % 2 === 0 ? 'own' : 'binaryen';
    let program: Program;
    try {
      program = source === 'own' ? ownProgram(seed) : await binaryenProgram(seed);
    } catch (e) {
      tally.count('generatorFailed'); // binaryen's own failure: no program to print
      console.error(`case ${i}: ${(e as Error).message}`);
      continue;
    }
    tally.count(`programs:${source}`);
    const problem = check(program.bytes);
    if (problem === null) tally.count(`roundTrip:${lastVerdict}`);
    else tally.find({ target: 'wat', kind: problem.kind, caseIndex: i, detail: `${program.label}: ${problem.detail}`, input: program.bytes });
  }
}

let lastVerdict = '';

/** What is wrong with the round trip of `bytes`, or null. */
export function check(bytes: Uint8Array): { kind: string; detail: string } | null {
  let result;
  try {
    result = roundTrip(bytes);
  } catch (e) {
    return { kind: 'roundTripThrew', detail: String((e as Error).stack ?? e) };
  }
  lastVerdict = result.verdict;
  if (result.verdict !== 'identical' && result.verdict !== 'identicalModuloDataCount') return { kind: `roundTrip:${result.verdict}`, detail: result.text.slice(0, 2000) };
  const map = printWat(bytes);
  for (let line = 1; line <= result.text.split('\n').length; line++) {
    for (const offset of map.offsetsOfLine(line)) {
      if (map.lineOfOffset(offset) !== line) return { kind: 'positionMap', detail: `offset ${offset} is listed on line ${line} but maps to ${map.lineOfOffset(offset)}` };
    }
  }
  return null;
}

export function runWatCorpusCases(seeds: readonly Seed[], from: number, to: number, tally: Tally): void {
  for (let i = from; i < Math.min(to, seeds.length); i++) {
    const seed = seeds[i];
    if (!decodes(seed.bytes)) {
      tally.count('undecodable');
      continue;
    }
    const started = performance.now();
    let result;
    try {
      result = roundTrip(seed.bytes);
    } catch (e) {
      // A module with an instruction Lantern does not know (its validator rejects it too) has no text.
      if (e instanceof CompileError && /illegal opcode/.test(e.message) && !validates(seed.bytes)) tally.count('unsupportedInstruction');
      else tally.find({ target: 'wat', kind: 'roundTripThrew', caseIndex: i, detail: `${seed.name}: ${String((e as Error).stack ?? e)}`, input: seed.bytes });
      continue;
    }
    const ms = performance.now() - started;
    tally.count(`roundTrip:${result.verdict}`);
    if (seed.bytes.length > 500_000) {
      console.log(JSON.stringify({ module: seed.name, bytes: seed.bytes.length, textBytes: result.text.length, verdict: result.verdict, printAndEncodeMs: Math.round(ms) }));
    }
    if (result.verdict === 'differs' && roundTrip(result.binary).verdict !== 'identical') {
      tally.find({ target: 'wat', kind: 'notFixedPoint', caseIndex: i, detail: `${seed.name}: the encoding of its text does not round-trip itself`, input: seed.bytes });
    }
  }
}

function decodes(bytes: Uint8Array): boolean {
  try {
    decodeModule(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Whether Lantern decodes and validates `bytes`. */
export function validates(bytes: Uint8Array): boolean {
  try {
    validateModule(decodeModule(bytes));
    return true;
  } catch {
    return false;
  }
}
