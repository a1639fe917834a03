/**
 * Rebuilds the trap-kind fixtures: every `*.wat` here becomes `*.wasm` (with a name section) via
 * @lantern/wat, and `*.dump` is Debian wabt's `wasm-objdump -d` of the built module (its first
 * two lines — blank, then the file name — dropped; for modules using instructions newer than
 * wabt 1.0.32 it is what wasm-objdump printed before it stopped). The dumps are what
 * trapKinds.test.ts reads the expected PCs from; the tests themselves need neither tool.
 *
 *   cd packages/runtime && pnpm exec tsx test/traps/trapKinds/rebuild.ts
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { watToWasm } from '../../../../wat/src/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
for (const file of readdirSync(here).filter((f) => f.endsWith('.wat')).sort()) {
  const name = file.slice(0, -4);
  if (only.length > 0 && !only.includes(name)) continue;
  const { binary } = watToWasm(readFileSync(join(here, file), 'utf8'), { names: true });
  writeFileSync(join(here, `${name}.wasm`), binary);
  // wabt 1.0.32 stops (exit status 1) at instructions newer than it: the dump is what it printed
  // up to there (see nullReference.wat / nullFunctionReference.wat).
  const r = spawnSync('wasm-objdump', ['-d', `${name}.wasm`], { cwd: here, encoding: 'utf8' });
  if (r.error) throw r.error;
  writeFileSync(join(here, `${name}.dump`), r.stdout.split('\n').slice(2).join('\n'));
  const note = r.status === 0 ? '' : ` (wasm-objdump exit ${r.status}: ${r.stderr.trim()})`;
  console.log(`${name}.wasm (${binary.length} bytes), ${name}.dump${note}`);
}
