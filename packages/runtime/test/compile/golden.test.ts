/**
 * Golden listings of emitted code: the disassembly (store/codeListing.ts) of every function of
 * golden/*.wasm, compiled normally and in debug mode, must equal golden/<name>.txt and
 * <name>.debug.txt. A compiler change that alters emitted code shows up here as a readable diff;
 * the differential fuzz test (test/exec/fusionFuzz.test.ts) checks that code still computes
 * what V8 computes.
 *
 * Regenerate after an intended change (and review the diff):
 *   LANTERN_UPDATE_GOLDEN=1 pnpm --filter @lantern/runtime exec vitest run test/compile/golden.test.ts
 * (golden/rebuild.sh also reassembles the modules from their .wat).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeListing, decodeModule, type ModuleInfo, validateModule } from '../../src/index.ts';
import { Flow } from '../../src/isa/flow.ts';
import { INSTRUCTIONS } from '../../src/isa/instructions.ts';

const UPDATE = process.env.LANTERN_UPDATE_GOLDEN === '1';
const MODULES = ['fusions', 'control'];
const here = (name: string) => fileURLToPath(new URL(`./golden/${name}`, import.meta.url));

function listings(info: ModuleInfo, debugCompile: boolean): string {
  const out: string[] = [];
  for (let i = info.importedFuncs; i < info.importedFuncs + info.bodies.length; i++) out.push(codeListing(info, i, { debugCompile }));
  return `${out.join('\n\n')}\n`;
}

/** Internal instruction names used in a listing (the word after pc and offset on each line). */
function namesIn(text: string): Set<string> {
  return new Set([...text.matchAll(/^ *\d+ {2}(?:0x[0-9a-f]+| +-) {2}(\w+)/gm)].map((m) => m[1]));
}

const texts = new Map<string, string>();
for (const name of MODULES) {
  const info = decodeModule(new Uint8Array(readFileSync(here(`${name}.wasm`))));
  validateModule(info);
  texts.set(`${name}.txt`, listings(info, false));
  texts.set(`${name}.debug.txt`, listings(info, true));
}

describe('golden listings of emitted code (test/compile/golden)', () => {
  for (const [file, text] of texts) {
    it(`${file} is what the compiler emits`, () => {
      if (UPDATE) writeFileSync(here(file), text);
      expect(text).toBe(readFileSync(here(file), 'utf8'));
    });
  }

  const normal = namesIn(MODULES.map((m) => texts.get(`${m}.txt`)).join('\n'));
  const debug = namesIn(MODULES.map((m) => texts.get(`${m}.debug.txt`)).join('\n'));
  const fused = INSTRUCTIONS.filter((d) => d.fuses !== undefined).map((d) => d.name);

  it('show every superinstruction of the instruction table', () => {
    expect(fused.filter((name) => !normal.has(name))).toEqual([]);
  });

  it('show every kind of control flow', () => {
    const flows = new Set(INSTRUCTIONS.filter((d) => normal.has(d.name)).map((d) => d.flow ?? Flow.Seq));
    const all = [Flow.Seq, Flow.None, Flow.Br, Flow.Cond, Flow.Table, Flow.Call, Flow.Return, Flow.TailCall, Flow.Control];
    expect(all.filter((f) => !flows.has(f))).toEqual([]);
  });

  it('debug-compiled code fuses no wasm instructions (a local.tee\'s two copies pair up, within the one instruction)', () => {
    expect(fused.filter((name) => debug.has(name) && name !== 'Copy32x2' && name !== 'Copy64x2')).toEqual([]);
  });
});
