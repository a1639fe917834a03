// Test helper: wabt's binaries for thousands of text modules from a handful of wabt processes
// (a process start costs far more than converting one module).

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function hasWabt(): boolean {
  try {
    execFileSync('wat2wasm', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** wat2wasm on one module's text: its binary, or undefined if wat2wasm rejects it. */
function wat2wasm(text: string, dir: string): Uint8Array | undefined {
  writeFileSync(join(dir, 'm.wat'), text);
  try {
    execFileSync('wat2wasm', ['--enable-all', '--no-check', join(dir, 'm.wat'), '-o', join(dir, 'm.wasm')], { stdio: 'pipe' });
    return readFileSync(join(dir, 'm.wasm'));
  } catch {
    return undefined;
  }
}

/**
 * wabt's binary of each module text, or undefined where wat2wasm rejects it. The `(module ...)`
 * texts go into one script for wast2json; the modules its errors point at are taken out (and
 * converted alone by wat2wasm, as are texts that are no script command of their own, like a
 * quoted module of bare fields), and the script runs again without them.
 */
export function wabtModuleBinaries(texts: string[], dir: string): (Uint8Array | undefined)[] {
  const binaries: (Uint8Array | undefined)[] = texts.map(() => undefined);
  const isCommand = (text: string) => /^\(module[\s)]/.test(text);
  const alone = texts.flatMap((text, i) => (isCommand(text) ? [] : [i]));
  let batch = texts.flatMap((text, i) => (isCommand(text) ? [i] : []));
  const script = join(dir, 'batch.wast');
  const json = join(dir, 'batch.json');
  while (batch.length > 0) {
    // One module per command: starts[k] is the script line where batch[k] begins.
    const starts: number[] = [];
    let line = 1;
    for (const i of batch) {
      starts.push(line);
      line += texts[i]!.split('\n').length;
    }
    writeFileSync(script, batch.map((i) => texts[i]).join('\n'));
    let errors: string;
    try {
      execFileSync('wast2json', ['--enable-all', '--no-check', script, '-o', json], { stdio: 'pipe' });
      const { commands } = JSON.parse(readFileSync(json, 'utf8')) as { commands: { type: string; line: number; filename: string }[] };
      const modules = commands.filter((c) => c.type === 'module');
      if (modules.length === batch.length && modules.every((c, k) => c.line === starts[k])) {
        modules.forEach((c, k) => (binaries[batch[k]!] = readFileSync(join(dir, c.filename))));
        break;
      }
      errors = '';
    } catch (e) {
      errors = String((e as { stderr?: Buffer }).stderr ?? e);
    }
    const moduleAt = (errorLine: number) => starts.filter((s) => s <= errorLine).length - 1;
    const failing = new Set([...errors.matchAll(/batch\.wast:(\d+):\d+: error/g)].map((m) => moduleAt(Number(m[1]))));
    failing.delete(-1);
    // Nothing pointed at (or the commands do not match the modules): each module alone.
    const out = failing.size > 0 ? failing : new Set(batch.keys());
    alone.push(...[...out].map((k) => batch[k]!));
    batch = batch.filter((_, k) => !out.has(k));
  }
  for (const i of alone) binaries[i] = wat2wasm(texts[i]!, dir);
  return binaries;
}
