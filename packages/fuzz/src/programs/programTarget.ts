/**
 * Whole programs, differentially: each generated program runs on the reference engine (Node's,
 * or Lantern's interpreter for programs using features Node 20 lacks) and on each of Lantern's
 * engines; every observation (results, traps with offsets, host calls, final memories, globals,
 * tables) must agree.
 */
import { caseSeed, Rng } from '../rng.ts';
import type { Tally } from '../findings.ts';
import { engine, LANTERN_ENGINES, type EngineName } from './engines.ts';
import { difference, runProgram, shapeOf, type Outcome } from './outcome.ts';
import { nodeRuns, ProgramGenerator, randomFeatures } from './generator.ts';
import { translateToFuzz } from './ttf.ts';

export interface Program {
  bytes: Uint8Array;
  /** does Node's engine run it (else Lantern's interpreter is the reference) */
  onNode: boolean;
  label: string;
}

export function ownProgram(seed: number): Program {
  const r = new Rng(seed);
  const features = randomFeatures(r);
  const label = Object.entries(features).filter(([, on]) => on).map(([k]) => k).join('+') || 'mvp';
  return { bytes: new ProgramGenerator(r, features).module(), onNode: nodeRuns(features), label };
}

export async function binaryenProgram(seed: number): Promise<Program> {
  const r = new Rng(seed);
  const entropy = new Uint8Array(1024 + r.int(8192)).map(() => r.int(256));
  return { bytes: await translateToFuzz(entropy), onNode: true, label: 'binaryen' };
}

/** Runs `program` everywhere; the engines that disagree with the reference, with the first difference. */
export async function differences(program: Program, argSeed: number): Promise<{ engine: EngineName; difference: string }[]> {
  const shape = shapeOf(program.bytes);
  // binaryen emits some instructions Node 20 lacks (ref.as_non_null …): then Lantern's interpreter is the reference.
  const reference: EngineName = program.onNode && WebAssembly.validate(program.bytes as Uint8Array<ArrayBuffer>) ? 'node' : 'interpreter';
  const expected = await runProgram(engine(reference), program.bytes, shape, argSeed);
  const out: { engine: EngineName; difference: string }[] = [];
  for (const name of LANTERN_ENGINES) {
    if (name === reference) continue;
    const actual: Outcome = await runProgram(engine(name), program.bytes, shape, argSeed);
    const d = difference(expected, actual);
    if (d !== null) out.push({ engine: name, difference: d });
  }
  return out;
}

export async function runProgramCases(source: 'own' | 'binaryen', campaignSeed: number, from: number, to: number, tally: Tally): Promise<void> {
  for (let i = from; i < to; i++) {
    const seed = caseSeed(campaignSeed, i);
    let program: Program;
    try {
      program = source === 'own' ? ownProgram(seed) : await binaryenProgram(seed);
    } catch (e) {
      tally.count('generatorFailed'); // binaryen's own failure: no program to compare
      console.error(`case ${i}: ${(e as Error).message}`);
      continue;
    }
    tally.count(`programs:${program.onNode ? 'vsNode' : 'lanternOnly'}`);
    if (source === 'own') for (const f of program.label.split('+')) tally.count(`feature:${f}`);
    let diffs;
    try {
      diffs = await differences(program, seed);
    } catch (e) {
      tally.find({ target: source, kind: 'harnessError', caseIndex: i, detail: String((e as Error).stack ?? e), input: program.bytes });
      continue;
    }
    for (const d of diffs) tally.find({ target: source, kind: `differs:${d.engine}`, caseIndex: i, detail: `${program.label}: ${d.difference}`, input: program.bytes });
  }
}
