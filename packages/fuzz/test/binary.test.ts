/**
 * Smoke run of the binary target (the long run is `scripts/fuzz.sh binary <count>`): mutants of
 * the repository's own modules each end in a module or a CompileError naming an offset inside the
 * input, and agree with Node's WebAssembly.validate except for the known, named gaps.
 */
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/binary/corpus.ts';
import { runBinaryCases } from '../src/binary/binaryTarget.ts';
import { MUTATIONS, mutateOnce } from '../src/binary/mutate.ts';
import { knownAcceptanceGap, missingNodeFeature } from '../src/binary/nodeGaps.ts';
import { sectionsOf } from '../src/binary/sections.ts';
import { Tally } from '../src/findings.ts';
import { Rng } from '../src/rng.ts';

const seeds = loadCorpus(['fixtures', 'wat']);

function nodeMessage(bytes: number[]): string {
  try {
    new WebAssembly.Module(new Uint8Array(bytes));
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

describe('binary decoding and validation, fuzzed', () => {
  it('has a corpus of the repository\'s modules', () => {
    expect(seeds.length).toBeGreaterThan(50);
    expect(seeds.every((s) => sectionsOf(s.bytes).length > 0 || s.bytes.length === 8)).toBe(true);
  });

  it('every mutation kind changes a module', () => {
    const r = new Rng(7);
    const seed = seeds.find((s) => s.name.endsWith('mvp.wasm'))!.bytes;
    for (const kind of MUTATIONS) {
      const changed = Array.from({ length: 20 }, () => mutateOnce(r, seed, seeds[0].bytes, kind)).filter((m) => m.length !== seed.length || m.some((b, i) => b !== seed[i]));
      expect(changed.length, kind).toBeGreaterThan(10);
    }
  });

  it('3,000 mutants: a module or a CompileError with an offset, and Node agrees', () => {
    const tally = new Tally();
    runBinaryCases(seeds, 20261207, 0, 3000, tally, false);
    expect(tally.findings.map((f) => `${f.kind} (case ${f.caseIndex}): ${f.detail}`)).toEqual([]);
    const counts = tally.summary();
    // Both verdicts are common, and Node was asked about most cases.
    expect(counts['lantern:valid']).toBeGreaterThan(150);
    expect(counts['lantern:invalid']).toBeGreaterThan(1500);
    expect(counts.agree).toBeGreaterThan(2000);
  });

  it('names the proposals Node 20 lacks from V8\'s own rejections (and nothing else)', () => {
    const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const memory64 = [...header, 0x05, 0x03, 0x01, 0x04, 0x01];
    const twoMemories = [...header, 0x05, 0x05, 0x02, 0x00, 0x01, 0x00, 0x01];
    const nullref = [...header, 0x04, 0x04, 0x01, 0x71, 0x00, 0x00];
    expect(missingNodeFeature(nodeMessage(memory64), new Uint8Array(memory64))).toBe('memory64');
    expect(missingNodeFeature(nodeMessage(twoMemories), new Uint8Array(twoMemories))).toBe('multi-memory');
    expect(missingNodeFeature(nodeMessage(nullref), new Uint8Array(nullref))).toBe('gc');
    const badMagic = [0x00, 0x61, 0x73, 0x6e, 0x01, 0x00, 0x00, 0x00];
    expect(missingNodeFeature(nodeMessage(badMagic), new Uint8Array(badMagic))).toBeNull();
  });

  it('V8 11.3 accepts an i32 or v128 element type for an empty element segment; Lantern rejects it, as the spec says (a found Node deviation)', () => {
    for (const numeric of [0x7f, 0x7b]) {
      const bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x09, 0x04, 0x01, 0x05, numeric, 0x00];
      expect(WebAssembly.validate(new Uint8Array(bytes))).toBe(true);
      expect(knownAcceptanceGap('malformed reference type', 12, new Uint8Array(bytes))).toBe('nodeDeviates:v8-numeric-element-type');
    }
  });
});
