/**
 * The text round trip (`src/wat/roundTrip.ts`): every module of the spec suites and every
 * committed module, printed by printWat and encoded by wat2wasm, is the same module byte for
 * byte, modulo only what roundTrip.ts normalizes. The inputs the text format cannot spell are
 * listed below with the reason; for those the encoding of the text must be shorter (each reason
 * is a longer-than-needed encoding), print to the same text, and round-trip exactly itself.
 * Plus the smoke run of the `wat` fuzz target (long runs: `scripts/fuzz.sh wat <count>`).
 */
import { describe, expect, it } from 'vitest';
import { CompileError, decodeModule, wasmInstructions } from '@lantern/runtime';
import { loadCorpus, type Seed } from '../src/binary/corpus.ts';
import { roundTrip, type Verdict } from '../src/wat/roundTrip.ts';
import { runWatCases, validates } from '../src/wat/watTarget.ts';
import { Tally } from '../src/findings.ts';

const LINKER_PADDING = 'padded LEB128s of a linker';

/** Spec modules written in encodings the text format has no way to say, by the reason. */
const SPEC_NON_CANONICAL: [RegExp, string][] = [
  [/^spec\/core\/binary-leb128\.wast#\d+$/, 'overlong LEB128s (the script tests them)'],
  [/^spec\/core\/binary0\.wast#[014]$/, 'overlong LEB128s in limits and segment offsets'],
  [/^spec\/core\/float_literals\.wast#99$/, 'section sizes and indices as 5-byte LEB128s'],
  [/^spec(-more\/custom-page-sizes)?\/(core\/)?binary\.wast#(50|51|62|65|74|79|85|88|91|95)$/, 'empty sections (a section of 0 entries), which encoders leave out'],
  [/^spec\/core\/custom\.wast#1$/, 'empty sections between custom sections'],
  [/^spec(-more\/custom-page-sizes)?\/(core\/)?binary\.wast#45$/, 'local declarations with a count of 0'],
  [/^spec\/core\/elem\.wast#(32|44|46|56)$/, 'an element segment naming table 0 (flags 2 and 6) where the short form (0 and 4) says the same'],
];

interface Outcome {
  verdicts: Record<Verdict, number>;
  unexpected: string[];
  /** non-canonical inputs seen, by reason */
  reasons: Map<string, number>;
}

/**
 * Round-trips every module of `seeds`; `reasonFor` names why a module may differ (undefined: it
 * must not); with `listedDiffer`, a module given a reason must differ.
 */
function roundTripAll(seeds: Seed[], reasonFor: (seed: Seed) => string | undefined, listedDiffer: boolean): Outcome {
  const out: Outcome = { verdicts: { identical: 0, identicalModuloNames: 0, identicalModuloDataCount: 0, differs: 0 }, unexpected: [], reasons: new Map() };
  for (const seed of seeds) {
    try {
      decodeModule(seed.bytes);
    } catch {
      continue; // over a limit of Lantern's decoder (e.g. a table of more than 10,000,000 entries)
    }
    let result;
    try {
      result = roundTrip(seed.bytes);
    } catch (e) {
      // Only a module with an instruction Lantern does not know (validation says so too) has no text.
      if (!(e instanceof CompileError) || !/illegal opcode/.test(e.message) || validates(seed.bytes)) out.unexpected.push(`${seed.name}: ${String(e)}`);
      continue;
    }
    out.verdicts[result.verdict]++;
    const reason = reasonFor(seed);
    if (result.verdict !== 'differs') {
      if (listedDiffer && reason !== undefined) out.unexpected.push(`${seed.name}: listed as non-canonical (${reason}) but round-trips exactly`);
      continue;
    }
    if (reason === undefined) {
      out.unexpected.push(`${seed.name}: differs after the round trip`);
      continue;
    }
    out.reasons.set(reason, (out.reasons.get(reason) ?? 0) + 1);
    const canonical = roundTrip(result.binary);
    if (result.binary.length >= seed.bytes.length) out.unexpected.push(`${seed.name}: its text encodes no shorter (${reason}?)`);
    if (canonical.verdict !== 'identical') out.unexpected.push(`${seed.name}: the encoding of its text does not round-trip itself`);
    if (withoutPlacements(canonical.text) !== withoutPlacements(result.text)) out.unexpected.push(`${seed.name}: the encoding of its text prints differently`);
    const longer = longerInstructions(seed.bytes, result.binary);
    if (longer === undefined) out.unexpected.push(`${seed.name}: its functions' instructions differ from those of its text's encoding`);
    else if (reason === LINKER_PADDING && longer === 0) out.unexpected.push(`${seed.name}: no instruction is encoded longer than its text's`);
  }
  return out;
}

/**
 * How many instructions of `input` take more bytes than the same instruction (mnemonic and
 * immediates) in `output`; undefined if the functions' instructions are not the same.
 */
function longerInstructions(input: Uint8Array, output: Uint8Array): number | undefined {
  const a = decodeModule(input);
  const b = decodeModule(output);
  if (a.bodies.length !== b.bodies.length) return undefined;
  let longer = 0;
  for (let f = a.importedFuncs; f < a.importedFuncs + a.bodies.length; f++) {
    const x = wasmInstructions(a, f);
    const y = wasmInstructions(b, f);
    if (x.length !== y.length) return undefined;
    for (let i = 0; i < x.length; i++) {
      if (x[i].mnemonic !== y[i].mnemonic || x[i].immediates !== y[i].immediates || x[i].bytes.length < y[i].bytes.length) return undefined;
      if (x[i].bytes.length > y[i].bytes.length) longer++;
    }
  }
  return longer;
}


/** Custom sections placed after an empty section move when it is left out: their placement is not compared. */
function withoutPlacements(text: string): string {
  return text.replace(/^( {2}\(@custom "[^"]*") \((before|after) \w+\)/gm, '$1');
}

describe('printWat -> wat2wasm round trip', () => {
  it('every module of the spec suites comes back byte for byte (but the listed non-canonical encodings)', () => {
    const seeds = loadCorpus(['spec']);
    const outcome = roundTripAll(seeds, (s) => SPEC_NON_CANONICAL.find(([pattern]) => pattern.test(s.name))?.[1], true);
    expect(outcome.unexpected).toEqual([]);
    // Every listed reason occurs, and nearly every module is identical with nothing normalized.
    expect([...outcome.reasons.keys()].sort()).toEqual(SPEC_NON_CANONICAL.map(([, reason]) => reason).sort());
    expect(outcome.verdicts.identical).toBeGreaterThan(2300);
    expect(outcome.verdicts.differs).toBeLessThan(100);
    // binary.wast's module with a data count section and no data: the one normalized.
    expect(outcome.verdicts.identicalModuloNames).toBe(0);
    expect(outcome.verdicts.identicalModuloDataCount).toBe(2);
  });

  it('every committed module and .wat fixture comes back (modulo names and data count; wasm-ld output keeps padded LEB128s)', () => {
    const seeds = loadCorpus(['fixtures', 'wat']);
    // wasm-ld, unless asked to --compress-relocations, leaves the relocated immediates of calls
    // and addresses as 5-byte LEB128s: toolchain output may, a .wat fixture may not.
    const padded = (s: Seed) => (s.name.endsWith('.wasm') ? LINKER_PADDING : undefined);
    const outcome = roundTripAll(seeds, padded, false);
    expect(outcome.unexpected).toEqual([]);
    expect(outcome.reasons.get(LINKER_PADDING)).toBeGreaterThan(10);
    expect(outcome.verdicts.identical).toBeGreaterThan(100);
    // wabt's name sections list functions without local names; LLVM writes a data count section.
    expect(outcome.verdicts.identicalModuloNames).toBeGreaterThan(0);
    expect(outcome.verdicts.identicalModuloDataCount).toBeGreaterThan(0);
  });
});

describe('the wat fuzz target', () => {
  it('40 generated programs (ours and binaryen\'s) print and encode back to themselves', async () => {
    const tally = new Tally();
    await runWatCases(20261207, 0, 40, tally);
    expect(tally.findings.map((f) => `${f.kind} (case ${f.caseIndex}): ${f.detail.slice(0, 300)}`)).toEqual([]);
    const counts = tally.summary();
    expect(counts['programs:own']).toBe(20);
    expect(counts['programs:binaryen']).toBeGreaterThan(15);
    expect(counts['roundTrip:identical']).toBeGreaterThan(20);
  });
});
