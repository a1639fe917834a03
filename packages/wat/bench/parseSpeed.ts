// Parse-speed benchmark: reads every .wast of the spec corpus, parses each script and
// parses+encodes every text module in it; prints MB/s and total seconds.

import { readFileSync } from 'node:fs';
import { parseScript } from '../src/index.ts';
import { wastFiles, specRoot } from '../test/corpusLoader.ts';

const files = wastFiles();
if (files.length === 0) {
  console.log(`no spec corpus at ${specRoot}`);
  process.exit(0);
}
const texts = files.map((f) => readFileSync(f, 'utf8'));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

function runOnce(): { modules: number; failed: number } {
  let modules = 0;
  let failed = 0;
  for (const text of texts) {
    for (const c of parseScript(text)) {
      if (!('module' in c) || c.module === undefined || typeof c.module === 'string') continue;
      if (c.module.form === 'binary') continue;
      modules++;
      if (!c.module.compile({ names: true }).ok) failed++;
    }
  }
  return { modules, failed };
}

const runs = Number(process.argv[2] ?? 3);
const times: number[] = [];
let last = { modules: 0, failed: 0 };
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  last = runOnce();
  times.push((performance.now() - t0) / 1000);
}
const first = times[0]!;
const best = Math.min(...times);
const mb = bytes / 1e6;
console.log(
  `parsed+encoded ${files.length} scripts, ${last.modules} text modules (${last.failed} rejected, i.e. assert_malformed), ${mb.toFixed(2)} MB`,
);
console.log(`first run ${first.toFixed(3)} s (${(mb / first).toFixed(2)} MB/s), best of ${runs} ${best.toFixed(3)} s (${(mb / best).toFixed(2)} MB/s)`);
