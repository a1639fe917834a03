/**
 * Runs one WASI test program (packages/runtime/test/programs/<name>/, which holds its C, Rust or
 * AssemblyScript source, the built <name>.wasm and expected outputs) on a given WebAssembly namespace —
 * Node's native one or Lantern's — with @lantern/wasi over a given FileSystem backend, in a
 * fresh tree laid out as its run.json says, and returns what it printed and its exit code.
 *
 * run.json: { args, env?, preopens?: {guest: dir relative to the tree's root}, files?: {path:
 * content}, symlinks?: {path: target ("@TMP@" = the tree's root)}, stdin?, exitCode,
 * expectFiles?, expectMissing? }.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Wasi } from '../src/index.ts';
import type { Backend, Tree } from './fsTrees.ts';

export const PROGRAMS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../runtime/test/programs');

export interface RunSpec {
  args: string[];
  env?: Record<string, string>;
  preopens?: Record<string, string>;
  files?: Record<string, string>;
  symlinks?: Record<string, string>;
  /** What the program reads on fd 0 (then end of file). */
  stdin?: string;
  exitCode: number;
  expectFiles?: Record<string, string>;
  expectMissing?: string[];
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** The tree, still present: the caller checks files and then calls tree.cleanup(). */
  tree: Tree;
}

/** The parts of the standard namespace a WASI run uses (Node's global and Lantern's both fit). */
export interface WasmNamespace {
  Module: new (bytes: BufferSource) => object;
  Instance: new (module: never, imports?: object) => { exports: Record<string, unknown> };
}

export function programNames(): string[] {
  return ['hello', 'fileio', 'listdir', 'clockrandom', 'escape', 'exitcode', 'stdin', 'rust_std', 'as_wasi', 'simd_autovec', 'simd_intrinsics', 'rust_simd'];
}

export function readSpec(name: string): RunSpec {
  return JSON.parse(readFileSync(join(PROGRAMS_DIR, name, 'run.json'), 'utf8')) as RunSpec;
}

export function programBytes(name: string): Uint8Array<ArrayBuffer> {
  return readFileSync(join(PROGRAMS_DIR, name, `${name}.wasm`));
}

export function runProgram(ns: WasmNamespace, name: string, backend: Backend): RunResult {
  const spec = readSpec(name);
  const tree = backend.create(name);
  for (const [path, content] of Object.entries(spec.files ?? {})) tree.write(path, content);
  for (const [path, target] of Object.entries(spec.symlinks ?? {})) {
    tree.symlink(target.startsWith('@TMP@/') ? tree.at(target.slice('@TMP@/'.length)) : target, path);
  }
  const preopens: Record<string, string> = {};
  for (const [guest, dir] of Object.entries(spec.preopens ?? {})) {
    tree.mkdir(dir);
    preopens[guest] = tree.at(dir);
  }
  let stdout = '';
  let stderr = '';
  const decoder = new TextDecoder();
  let input = new TextEncoder().encode(spec.stdin ?? '');
  const wasi = new Wasi({
    args: spec.args,
    env: spec.env ?? {},
    fs: tree.fs,
    preopens,
    stdout: (data) => { stdout += decoder.decode(data, { stream: true }); },
    stderr: (data) => { stderr += decoder.decode(data); },
    // Hands out input in small chunks, so programs see several short reads.
    stdin: (max) => {
      const chunk = input.slice(0, Math.min(max, 7));
      input = input.slice(chunk.length);
      return chunk;
    },
    onUnexpectedError: (err, call) => { stderr += `[host error in ${call}: ${String(err)}]\n`; },
  });
  const module = new ns.Module(programBytes(name));
  const instance = new ns.Instance(module as never, wasi.getImportObject());
  const exitCode = wasi.start(instance);
  stdout += decoder.decode();
  return { stdout, stderr, exitCode, tree };
}

export function expectedOutput(name: string, stream: 'stdout' | 'stderr'): string {
  try {
    return readFileSync(join(PROGRAMS_DIR, name, `expected.${stream}`), 'utf8');
  } catch {
    return '';
  }
}
