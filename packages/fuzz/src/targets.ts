/** The fuzz targets by name, as `scripts/fuzz.sh` and the smoke tests run them. */
import type { Tally } from './findings.ts';
import { loadCorpus, type CorpusPart } from './binary/corpus.ts';
import { runBinaryCases } from './binary/binaryTarget.ts';
import { runProgramCases } from './programs/programTarget.ts';
import { runDebuggerCases } from './debugger/debuggerTarget.ts';
import { runFsCases } from './wasi/fsTarget.ts';
import { runWatCases } from './wat/watTarget.ts';

export interface TargetOptions {
  corpus?: string[];
}
/** Runs cases [from, to) of campaign `seed`, counting into `tally`. */
export type CaseRunner = (seed: number, from: number, to: number, tally: Tally) => void | Promise<void>;

export interface Target {
  prepare(options: TargetOptions): CaseRunner | Promise<CaseRunner>;
}

export const TARGETS = {
  binary: {
    prepare({ corpus }) {
      const seeds = loadCorpus((corpus ?? ['fixtures', 'wat', 'spec', 'real']) as CorpusPart[]);
      console.log(JSON.stringify({ target: 'binary', seeds: seeds.length, seedBytes: seeds.reduce((n, s) => n + s.bytes.length, 0) }));
      return (seed, from, to, tally) => runBinaryCases(seeds, seed, from, to, tally);
    },
  },
  programs: {
    prepare: () => (seed, from, to, tally) => runProgramCases('own', seed, from, to, tally),
  },
  binaryen: {
    prepare: () => (seed, from, to, tally) => runProgramCases('binaryen', seed, from, to, tally),
  },
  debugger: {
    prepare: () => runDebuggerCases,
  },
  wasi: {
    prepare: () => runFsCases,
  },
  wat: {
    prepare: () => runWatCases,
  },
} satisfies Record<string, Target>;
