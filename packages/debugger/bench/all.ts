/**
 * Runs every benchmark in this folder (each *.ts but this one, in name order), each in its own
 * Node process with the same loader (tsx), so one benchmark's JIT state and heap do not skew the
 * next. `pnpm bench` in this package (and the root `pnpm bench`, through turbo) runs this.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const self = basename(fileURLToPath(import.meta.url));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== self)
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n== ${f}`);
  const r = spawnSync(process.execPath, [...process.execArgv, join(here, f)], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`${f} failed (exit ${r.status ?? r.signal})`);
    failed++;
  }
}
process.exitCode = failed > 0 ? 1 : 0;
