// Corpus: every text module of the spec suite must parse and encode, every quoted malformed module
// must be rejected with a WatError, and the binaries are checked against Node's validator and wabt.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WatError, detectFeatures } from '../src/index.ts';
import type { Feature } from '../src/index.ts';
import { isValid, isWellFormed, loadCorpus, specRoot, wastFiles } from './corpusLoader.ts';
import { hasWabt, wabtModuleBinaries } from './wabtOracle.ts';
import { compareModules } from './wasmSections.ts';

const haveCorpus = wastFiles().length > 0;
if (!haveCorpus) console.log(`[wat corpus] skipped: no spec corpus at ${specRoot}`);

/** proposals Node 20's engine (V8 11.3) does not implement (relaxed SIMD: only behind a flag) */
const NODE20_MISSING: Feature[] = [
  'relaxed-simd',
  'gc',
  'gc-types',
  'function-references',
  'exnref',
  'memory64',
  'multi-memory',
  'extended-const',
  'stack-switching',
];

describe.skipIf(!haveCorpus)('spec corpus', () => {
  it('reads every script', () => {
    const { scriptErrors } = loadCorpus();
    expect(scriptErrors).toEqual([]);
    expect(wastFiles().length).toBe(268); // 202 of the spec suite, 59 SIMD, 7 relaxed SIMD
  });

  it('parses and encodes every well-formed text module', () => {
    const { modules } = loadCorpus();
    const wellFormed = modules.filter(isWellFormed);
    const failures = wellFormed
      .filter((m) => !m.result.ok)
      .map((m) => `${m.file}:${m.line}: ${m.result.ok ? '' : m.result.error.message}`);
    const byCommand = new Map<string, number>();
    for (const m of wellFormed) byCommand.set(m.command, (byCommand.get(m.command) ?? 0) + 1);
    console.log(
      `[wat corpus] ${wellFormed.length - failures.length}/${wellFormed.length} well-formed text modules parsed+encoded (${[...byCommand]
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`,
    );
    expect(failures).toEqual([]);
    expect(wellFormed.length).toBeGreaterThan(4000);
  });

  it('rejects every assert_malformed quote module with a WatError', () => {
    const { modules } = loadCorpus();
    const malformed = modules.filter((m) => m.command === 'assert_malformed' && m.module.form === 'quote');
    const accepted = malformed.filter((m) => m.result.ok).map((m) => `${m.file}:${m.line}`);
    const wrongError = malformed.filter((m) => !m.result.ok && !(m.result.error instanceof WatError));
    console.log(`[wat corpus] ${malformed.length - accepted.length}/${malformed.length} assert_malformed quote modules rejected`);
    expect(accepted).toEqual([]);
    expect(wrongError).toEqual([]);
    expect(malformed.length).toBe(1236);
  });

  it("Node's WebAssembly.validate accepts every valid module it has the features for", () => {
    const { modules } = loadCorpus();
    let accepted = 0;
    const skips = new Map<string, number>();
    const rejected: string[] = [];
    let invalidRejected = 0;
    let invalidTotal = 0;
    for (const m of modules) {
      if (!isWellFormed(m) || !m.result.ok) continue;
      const features = detectFeatures(m.result.module!);
      const missing = NODE20_MISSING.filter((f) => features.has(f));
      if (missing.length > 0) {
        const k = missing.join('+');
        skips.set(k, (skips.get(k) ?? 0) + 1);
        continue;
      }
      const ok = WebAssembly.validate(m.result.binary);
      if (!isValid(m)) {
        invalidTotal++;
        if (!ok) invalidRejected++;
        continue;
      }
      if (ok) accepted++;
      else rejected.push(`${m.file}:${m.line}`);
    }
    const skipped = [...skips.values()].reduce((a, b) => a + b, 0);
    console.log(
      `[wat oracle] WebAssembly.validate accepted ${accepted} valid modules; skipped ${skipped} needing features Node 20 lacks (${[...skips]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}); assert_invalid modules rejected by Node: ${invalidRejected}/${invalidTotal}`,
    );
    expect(rejected).toEqual([]);
    expect(accepted).toBeGreaterThan(1000);
  });

  const wabt = hasWabt();
  if (!wabt) console.log('[wat wabt] skipped: wat2wasm/wast2json not on PATH');
  it.skipIf(!wabt)('matches wabt structurally wherever wabt can encode the module', () => {
    const { modules } = loadCorpus();
    /** known, deliberate differences (file:line -> reason) */
    const KNOWN: Record<string, string> = {
      'core/select.wast:367': '`select (result)` stays typed (0x1c 0x00) as in the reference interpreter; wabt writes 0x1b',
      'core/comments.wast:83': 'a lone CR ends a line comment (spec newline); wabt 1.0.32 reads on to the LF',
    };
    const dir = mkdtempSync(join(tmpdir(), 'lantern-wat-'));
    let same = 0;
    let known = 0;
    const notComparable = new Map<string, number>();
    const diffs: string[] = [];
    const nc = (why: string): void => {
      notComparable.set(why, (notComparable.get(why) ?? 0) + 1);
    };
    try {
      // The modules wabt 1.0.32 can encode, converted all at once (wabtOracle.ts).
      const comparable = modules.flatMap((m) => {
        if (!isWellFormed(m) || !m.result.ok) return [];
        const f = detectFeatures(m.result.module!);
        const unsupported = (['gc', 'gc-types', 'function-references', 'exnref', 'stack-switching'] as const).filter((x) => f.has(x));
        if (unsupported.length > 0) nc(`wabt 1.0.32 lacks ${unsupported.join('+')}`);
        return unsupported.length === 0 ? [{ m, ours: m.result.binary }] : [];
      });
      const texts = comparable.map(({ m }) => (m.module.form === 'quote' ? m.module.quote! : m.module.source.replace(/^\(module\s+definition/, '(module')));
      const theirs = wabtModuleBinaries(texts, dir);
      comparable.forEach(({ m, ours }, i) => {
        const binary = theirs[i];
        if (binary === undefined) {
          nc('rejected by wat2wasm');
          return;
        }
        const d = compareModules(ours, binary);
        const key = `${m.file}:${m.line}`;
        if (d === undefined) same++;
        else if (KNOWN[key] !== undefined) known++;
        else diffs.push(`${key}: ${d}`);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(
      `[wat wabt] ${same} modules structurally identical to wat2wasm, ${known} known differences, ${diffs.length} unexpected; not comparable: ${[
        ...notComparable,
      ]
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    expect(diffs).toEqual([]);
    expect(same).toBeGreaterThan(3000);
  });
});
