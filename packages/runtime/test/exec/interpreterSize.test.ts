/**
 * The interpreter's dispatch loop (exec/interpreter.ts `run`) must stay small enough for V8 to
 * optimize it: above `--max-optimized-bytecode-size` V8 leaves the whole function to its baseline
 * tiers and every interpreted program runs several times slower, with no error anywhere. `run` is
 * close to that size, so a new instruction case can cross it unnoticed; this test notices.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** A one-instruction program run on the interpreter, so V8 compiles `run` to bytecode. */
const RUN_ONCE = `
const { createWebAssembly } = await import('./src/index.ts');
const wa = createWebAssembly({ tier: 'interpreter' });
const bytes = new Uint8Array([0,97,115,109,1,0,0,0,1,5,1,96,0,1,127,3,2,1,0,7,5,1,1,102,0,0,10,6,1,4,0,65,7,11]);
const { instance } = await wa.instantiate(bytes);
if (instance.exports.f() !== 7) throw new Error('the program did not run');
`;

function node(args: string[]): string {
  const out = spawnSync(process.execPath, args, { cwd: packageDir, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (out.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${out.stderr}`);
  return out.stdout;
}

describe("the interpreter's dispatch loop", () => {
  it("stays under V8's optimizing size limit", () => {
    const limit = Number(/--max-optimized-bytecode-size=(\d+)/.exec(node(['--v8-options']))?.[1]);
    expect(limit).toBeGreaterThan(0);
    const listing = node(['--print-bytecode', '--print-bytecode-filter=run', '--import', 'tsx', '--input-type=module', '-e', RUN_ONCE]);
    // Every function named `run` is listed; the dispatch loop is by far the largest.
    const sizes = [...listing.matchAll(/Bytecode length: (\d+)/g)].map((m) => Number(m[1]));
    const dispatch = Math.max(...sizes);
    expect(dispatch).toBeGreaterThan(10_000);
    expect(dispatch, `run() is ${dispatch} bytes of bytecode; V8 optimizes up to ${limit}`).toBeLessThan(limit);
  });
});
