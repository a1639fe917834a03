/**
 * Long fuzzing runs: `scripts/fuzz.sh <target> <count> [--seed N] [--from I] [--corpus a,b]`.
 * Prints progress and a summary (counts by outcome, findings by kind) as JSON lines, and keeps
 * each finding's input under packages/fuzz/findings/<target>/ (after every batch). Exit status 1 when anything was found.
 */
import { parseArgs } from 'node:util';
import { Tally } from './findings.ts';
import { TARGETS } from './targets.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    seed: { type: 'string', default: '1' },
    from: { type: 'string', default: '0' },
    corpus: { type: 'string' },
    batch: { type: 'string', default: '1000' },
  },
});
const [targetName, countText] = positionals;
const target = TARGETS[targetName as keyof typeof TARGETS];
if (target === undefined || countText === undefined) {
  console.error(`usage: scripts/fuzz.sh <${Object.keys(TARGETS).join('|')}> <count> [--seed N] [--from I] [--corpus parts]`);
  process.exit(2);
}
const count = Number(countText);
const seed = Number(values.seed);
const from = Number(values.from);
const batch = Number(values.batch);
const tally = new Tally();
const run = await target.prepare({ corpus: values.corpus?.split(',') });
const started = Date.now();
for (let at = from; at < from + count; at += batch) {
  const to = Math.min(from + count, at + batch);
  const before = tally.findings.length;
  await run(seed, at, to, tally);
  // Each batch's findings are printed and kept at once: a long run may be stopped at any time.
  for (const f of tally.findings.slice(before)) console.log(JSON.stringify({ kind: f.kind, caseIndex: f.caseIndex, detail: f.detail.slice(0, 400) }));
  tally.save();
  const done = to - from;
  const seconds = (Date.now() - started) / 1000;
  console.log(JSON.stringify({ target: targetName, seed, done, seconds: Math.round(seconds), perSecond: +(done / seconds).toFixed(1), findings: tally.findings.length }));
}
console.log(JSON.stringify({ target: targetName, seed, from, count, seconds: Math.round((Date.now() - started) / 1000), summary: tally.summary() }));
process.exitCode = tally.findings.length > 0 ? 1 : 0;
