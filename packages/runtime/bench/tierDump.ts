/**
 * The JS the tier makes for a micro program (lib/programs.ts): runs it once at its small size on
 * `auto` and writes each compiled function's source to <dir>/f<function index>.js, the name its
 * frames carry in a `node --cpu-prof` profile (lantern-tier/f<index>).
 *
 * Usage: tsx bench/tierDump.ts <program> [dir = /tmp/lantern-tier-<program>] [--size N]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createWebAssembly, storeOf } from '../src/index.ts';
import { PROGRAMS, programPath } from './lib/programs.ts';

const args = process.argv.slice(2);
const sizeAt = args.indexOf('--size');
const size = sizeAt >= 0 ? Number(args.splice(sizeAt, 2)[1]) : undefined;
const [name, dirArg] = args;
const program = PROGRAMS.find((p) => p.name === name);
if (program === undefined) throw new Error(`usage: tsx bench/tierDump.ts <program> [dir] [--size N]; programs: ${PROGRAMS.map((p) => p.name).join(', ')}`);
const dir = dirArg ?? `/tmp/lantern-tier-${name}`;
mkdirSync(dir, { recursive: true });

const ns = createWebAssembly({ tier: 'auto' });
const tier = storeOf(ns)!.tier!;
tier.onSource = (f, source) => writeFileSync(`${dir}/f${f.funcIndex}.js`, source);
const { instance } = await ns.instantiate(readFileSync(programPath(name)), {});
const run = (instance.exports as Record<string, unknown>).run as (n: number) => unknown;
const result = run(size ?? program.small);
console.log(`${name}: result ${String(result)}; ${tier.compiled} function(s) compiled to ${dir}`);
