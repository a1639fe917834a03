/**
 * `pnpm bench` (the demo's part): how fast the `lantern` CLI starts, as ratios to `node -e 0`
 * (a bare Node start on the same machine at the same moment): in this checkout (bin/lantern.mjs
 * first checks that the bundle is not older than its sources) and installed from the packed
 * tarball into a temporary project, as a user runs it (no sources beside it: no check). Each
 * command runs ROUNDS times, all interleaved so machine load hits them alike; the median of
 * each is reported.
 *
 * Usage: tsx bench/startup.ts [rounds]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli, cliBundleIsStale } from '../scripts/cliBundle.mjs';

const rounds = Number(process.argv[2] ?? 15);
const bin = fileURLToPath(new URL('../bin/lantern.mjs', import.meta.url));
const hello = fileURLToPath(new URL('../examples/hello/hello.wasm', import.meta.url));

/** Packs the CLI and installs the tarball with npm into a temporary project; returns its bin. */
function installPacked(root: string): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
  const step = (command: string, args: string[], cwd: string, useEnv: NodeJS.ProcessEnv = env) => {
    const result = spawnSync(command, args, { cwd, env: useEnv, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  };
  step('pnpm', ['pack', '--pack-destination', join(root, 'tarballs')], fileURLToPath(new URL('..', import.meta.url)), process.env);
  const project = join(root, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user', private: true }));
  step('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(root, 'tarballs', readdirSync(join(root, 'tarballs'))[0]!)], project);
  return join(project, 'node_modules', '@lantern', 'demo', 'bin', 'lantern.mjs');
}

const root = mkdtempSync(join(tmpdir(), 'lantern-startup-'));
const installed = installPacked(root);

const commands: Array<{ name: string; argv: string[] }> = [
  { name: 'node -e 0', argv: ['-e', '0'] },
  { name: 'lantern --version', argv: [bin, '--version'] },
  { name: 'lantern run hello.wasm', argv: [bin, 'run', hello] },
  { name: 'installed: --version', argv: [installed, '--version'] },
  { name: 'installed: run hello.wasm', argv: [installed, 'run', hello] },
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
rmSync(root, { recursive: true, force: true });
