/**
 * `pnpm bench` (the demo's part): how fast the `lantern` CLI starts, as ratios to `node -e 0`
 * (a bare Node start on the same machine at the same moment). Each command runs ROUNDS times,
 * the three interleaved so machine load hits them alike; the median of each is reported.
 *
 * Usage: tsx bench/startup.ts [rounds]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildCli, cliBundleIsStale } from '../scripts/cliBundle.mjs';

const rounds = Number(process.argv[2] ?? 15);
const bin = fileURLToPath(new URL('../bin/lantern.mjs', import.meta.url));
const hello = fileURLToPath(new URL('../examples/hello/hello.wasm', import.meta.url));

const commands: Array<{ name: string; argv: string[] }> = [
  { name: 'node -e 0', argv: ['-e', '0'] },
  { name: 'lantern --version', argv: [bin, '--version'] },
  { name: 'lantern run hello.wasm', argv: [bin, 'run', hello] },
];

function timeOnce(argv: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`node ${argv.join(' ')} exited with ${result.status}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

// The bench measures starting the built CLI, not building it.
if (cliBundleIsStale()) await buildCli();
for (const { argv } of commands) timeOnce(argv); // warm the file cache

const samples = commands.map(() => [] as number[]);
for (let round = 0; round < rounds; round++) {
  commands.forEach(({ argv }, index) => samples[index]!.push(timeOnce(argv)));
}
const baseline = median(samples[0]!);
console.log(`CLI start-up (median of ${rounds} runs each, interleaved)`);
commands.forEach(({ name }, index) => {
  const ms = median(samples[index]!);
  console.log(`  ${name.padEnd(24)} ${ms.toFixed(1).padStart(7)} ms  ${(ms / baseline).toFixed(2)}x node -e 0`);
});
