/**
 * Development check (not a vitest test): runs every module of the spec suite's .wast files
 * through decodeModule + validateModule and compares with the script's expectations:
 *   - `module` (text or binary): must be accepted;
 *   - `assert_invalid` / `assert_malformed` with a binary module: must be rejected with a
 *     CompileError whose reason starts with the expected message (rejections with another
 *     message are counted separately);
 *   - modules of `assert_unlinkable` / `assert_uninstantiable` / `assert_trap (module ...)`:
 *     must be accepted (they fail later, at link or instantiation time).
 * `assert_malformed (module quote ...)` tests the text format only and is skipped.
 *
 * NEEDS an external text-format assembler, since our own (@lantern/wat) is not ready yet:
 *   1. wasm-tools' `wat` parser as shipped in the npm package @bytecodealliance/jco, used first
 *      because it knows all of Wasm 3.0 and stack switching. Install it OUTSIDE the repo:
 *        mkdir -p /tmp/jco && cd /tmp/jco && npm install @bytecodealliance/jco
 *      (or point JCO_API at its dist/api.js);
 *   2. Debian wabt's `wast2json` (package `wabt`), the fallback for what jco refuses. wabt 1.0.32
 *      encodes some typed-reference/GC types in an obsolete way, so its verdicts on those
 *      modules are not trustworthy.
 * Binary modules (`(module binary ...)`) are decoded from the script directly.
 *
 * Usage (from packages/runtime):
 *   pnpm exec tsx test/decodeValidate/devSpecCheck.ts [--verbose] [filter-substring]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeModule } from '../../src/binary/decoder.ts';
import { validateModule } from '../../src/valid/validator.ts';
import { CompileError } from '../../src/errors.ts';

// The official suite sits in ../shared/spec beside the checkout (packages/spectest/src/suiteFiles.ts).
const SPEC = process.env.SPEC_DIR ?? new URL('../../../../../shared/spec', import.meta.url).pathname;
const WORK = process.env.WORK_DIR ?? '/tmp/lantern-devspec';
const JCO_API = process.env.JCO_API ?? '/tmp/jco/node_modules/@bytecodealliance/jco/dist/api.js';
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const filter = args.find((a) => !a.startsWith('--'));

type Parse = (wat: string) => Promise<Uint8Array>;
let jcoParse: Parse | undefined;
if (existsSync(JCO_API)) {
  jcoParse = ((await import(pathToFileURL(JCO_API).href)) as { parse: Parse }).parse;
} else {
  console.log(`note: ${JCO_API} not found; using wast2json only`);
}

function listWast(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'old-typed-continuations') out.push(...listWast(p));
    } else if (e.name.endsWith('.wast')) out.push(p);
  }
  return out.sort();
}

// ---- a minimal S-expression scanner over the script text ------------------------------------

/** Index just past the S-expression starting at `i` (which is '('), skipping strings/comments. */
function skipSexpr(src: string, i: number): number {
  let depth = 0;
  for (; i < src.length; i++) {
    const c = src[i];
    if (c === ';' && src[i + 1] === ';') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '(' && src[i + 1] === ';') {
      let d = 1;
      i += 2;
      while (i < src.length && d > 0) {
        if (src[i] === '(' && src[i + 1] === ';') (d++, i++);
        else if (src[i] === ';' && src[i + 1] === ')') (d--, i++);
        i++;
      }
      i--;
    } else if (c === '"') {
      for (i++; i < src.length && src[i] !== '"'; i++) if (src[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return src.length;
}

/** The direct children of the list `text` (atoms, strings, and lists), as source slices. */
function children(text: string): string[] {
  const out: string[] = [];
  let i = 1;
  while (i < text.length - 1) {
    const c = text[i];
    if (/\s/.test(c)) i++;
    else if (c === ';' && text[i + 1] === ';') while (i < text.length && text[i] !== '\n') i++;
    else if (c === '(' && text[i + 1] === ';') i = skipBlockComment(text, i);
    else if (c === '(') {
      const e = skipSexpr(text, i);
      out.push(text.slice(i, e));
      i = e;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) if (text[j] === '\\') j++;
      out.push(text.slice(i, j + 1));
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length - 1 && !/[\s()"]/.test(text[j])) j++;
      out.push(text.slice(i, j));
      i = j;
    }
  }
  return out;
}

function skipBlockComment(text: string, i: number): number {
  let d = 1;
  i += 2;
  while (i < text.length && d > 0) {
    if (text[i] === '(' && text[i + 1] === ';') (d++, i++);
    else if (text[i] === ';' && text[i + 1] === ')') (d--, i++);
    i++;
  }
  return i;
}

function topLevel(src: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ';' && src[i + 1] === ';') while (i < src.length && src[i] !== '\n') i++;
    else if (c === '(' && src[i + 1] === ';') i = skipBlockComment(src, i);
    else if (c === '(') {
      const e = skipSexpr(src, i);
      out.push({ text: src.slice(i, e), line: src.slice(0, i).split('\n').length });
      i = e;
    } else i++;
  }
  return out;
}

/** Decodes a wast string literal (with its quotes) to bytes. */
function stringBytes(lit: string): number[] {
  const out: number[] = [];
  const s = lit.slice(1, -1);
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\') {
      out.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = s[++i];
    if (/[0-9a-fA-F]/.test(n) && /[0-9a-fA-F]/.test(s[i + 1] ?? '')) {
      out.push(parseInt(s.slice(i, i + 2), 16));
      i++;
    } else if (n === 'n') out.push(10);
    else if (n === 't') out.push(9);
    else if (n === 'r') out.push(13);
    else if (n === 'u') {
      const end = s.indexOf('}', i);
      out.push(...Buffer.from(String.fromCodePoint(parseInt(s.slice(i + 2, end), 16)), 'utf8'));
      i = end;
    } else out.push(n.charCodeAt(0));
  }
  return out;
}

// ---- converting one module -----------------------------------------------------------------

interface ModuleSource {
  kind: 'text' | 'binary' | 'quote';
  text: string; // the `(module ...)` form
}

function moduleForm(mod: string): ModuleSource | undefined {
  const parts = children(mod);
  let k = 1;
  if (parts[k]?.startsWith('$')) k++;
  if (parts[k] === 'instance') return undefined;
  if (parts[k] === 'definition') {
    k++;
    if (parts[k]?.startsWith('$')) k++;
  }
  if (parts[k] === 'binary') return { kind: 'binary', text: mod };
  if (parts[k] === 'quote') return { kind: 'quote', text: mod };
  return { kind: 'text', text: mod.replace(/^\(module(\s+\$[^\s()]+)?\s+definition/, '(module$1') };
}

let wabtCounter = 0;
function viaWabt(command: string): Uint8Array | undefined {
  const dir = join(WORK, `w${wabtCounter++}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'c.wast'), command + '\n');
  try {
    execFileSync('wast2json', ['--enable-all', '--no-check', join(dir, 'c.wast'), '-o', join(dir, 'o.json')], {
      stdio: 'pipe',
    });
    const json = JSON.parse(readFileSync(join(dir, 'o.json'), 'utf8')) as { commands: { filename?: string }[] };
    const file = json.commands.find((c) => c.filename?.endsWith('.wasm'))?.filename;
    return file ? new Uint8Array(readFileSync(join(dir, file))) : undefined;
  } catch {
    return undefined;
  }
}

async function assemble(src: ModuleSource, wrapAs: string): Promise<{ bytes?: Uint8Array; via: string }> {
  const parts = children(src.text);
  if (src.kind === 'binary') {
    const bytes: number[] = [];
    for (const p of parts) if (p.startsWith('"')) bytes.push(...stringBytes(p));
    return { bytes: Uint8Array.from(bytes), via: 'script' };
  }
  let text = src.text;
  if (src.kind === 'quote') {
    const raw: number[] = [];
    for (const p of parts) if (p.startsWith('"')) raw.push(...stringBytes(p), 32);
    const body = Buffer.from(raw).toString('utf8').trim();
    text = body.startsWith('(module') ? body : `(module ${body})`;
  }
  if (jcoParse) {
    try {
      return { bytes: await jcoParse(text), via: 'jco' };
    } catch {
      // fall through to wabt
    }
  }
  const bytes = viaWabt(wrapAs.replace('MODULE', text));
  return { bytes, via: 'wabt' };
}

// ---- checking ------------------------------------------------------------------------------

const counts = {
  validAccepted: 0,
  validRejected: 0,
  invalidRejected: 0,
  invalidRejectedOtherMsg: 0,
  invalidAccepted: 0,
  malformedRejected: 0,
  malformedRejectedOtherMsg: 0,
  malformedAccepted: 0,
  crashes: 0,
  notAssembled: 0,
};
const failures: string[] = [];

function check(bytes: Uint8Array): { ok: true } | { ok: false; error: unknown } {
  try {
    validateModule(decodeModule(bytes));
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
for (const file of [...listWast(join(SPEC, 'core')), ...listWast(join(SPEC, 'proposals'))]) {
  const rel = file.slice(SPEC.length + 1);
  if (filter && !rel.includes(filter)) continue;
  for (const cmd of topLevel(readFileSync(file, 'utf8'))) {
    const head = /^\((\w+)/.exec(cmd.text)?.[1] ?? '';
    const where = `${rel}:${cmd.line}`;
    let mod: string | undefined;
    let expected: string | undefined;
    let kind: 'valid' | 'invalid' | 'malformed';
    if (head === 'module') {
      mod = cmd.text;
      kind = 'valid';
    } else if (['assert_invalid', 'assert_malformed', 'assert_unlinkable', 'assert_uninstantiable', 'assert_trap'].includes(head)) {
      const parts = children(cmd.text);
      if (!parts[1]?.startsWith('(module')) continue;
      mod = parts[1];
      const last = parts[parts.length - 1];
      expected = last.startsWith('"') ? Buffer.from(stringBytes(last)).toString('utf8') : undefined;
      kind = head === 'assert_invalid' ? 'invalid' : head === 'assert_malformed' ? 'malformed' : 'valid';
    } else continue;
    const src = moduleForm(mod);
    if (!src) continue;
    if (kind === 'malformed' && src.kind !== 'binary') continue; // text-format malformations
    const { bytes, via } = await assemble(src, kind === 'valid' ? 'MODULE' : `(${head} MODULE "${expected ?? ''}")`);
    if (!bytes) {
      counts.notAssembled++;
      if (verbose) console.log(`NOT-ASSEMBLED ${where}`);
      continue;
    }
    const res = check(bytes);
    if (!res.ok && !(res.error instanceof CompileError)) {
      counts.crashes++;
      failures.push(`CRASH ${where}: ${String((res.error as Error)?.stack ?? res.error)}`);
      continue;
    }
    const full = res.ok ? '' : (res.error as CompileError).message;
    const reason = res.ok ? '' : (res.error as CompileError).reason;
    if (kind === 'valid') {
      if (res.ok) counts.validAccepted++;
      else {
        counts.validRejected++;
        failures.push(`VALID-REJECTED ${where} [${via}]: ${full}`);
      }
    } else if (res.ok) {
      counts[`${kind}Accepted`]++;
      failures.push(`${kind.toUpperCase()}-ACCEPTED ${where} [${via}]: expected "${expected}"`);
    } else if (reason.startsWith(expected ?? '')) counts[`${kind}Rejected`]++;
    else {
      counts[`${kind}RejectedOtherMsg`]++;
      failures.push(`${kind.toUpperCase()}-MSG ${where} [${via}]: expected "${expected}", got "${full}"`);
    }
  }
}

for (const f of failures) console.log(f);
console.log(JSON.stringify(counts, null, 2));
