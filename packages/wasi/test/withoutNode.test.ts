/**
 * The package must load and work where there is no Node: no `fs`, no `process`. A worker
 * (withoutNode.worker.mjs) removes Node's globals and refuses Node builtins to every module
 * under src/, then runs programs with the default file system and collected output; a source
 * scan names any static `node:` import outright. On a Node without process.getBuiltinModule,
 * node:fs must still be found (by dynamic import).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { expectedOutput, programBytes, readSpec } from './runProgram.ts';

interface ProgramResult {
  name: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  fs: string;
  files: Record<string, string>;
}
type WorkerReply = { defaultFs: string; results: ProgramResult[] } | { error: string };

const SRC = new URL('../src/', import.meta.url);

function runWithout(hide: 'node' | 'getBuiltinModule', entry: string, denyUnder: string, names: string[]): Promise<WorkerReply> {
  const programs = names.map((name) => ({ name, bytes: programBytes(name), spec: readSpec(name) }));
  const workerData = { hide, entry, denyUnder, programs };
  const worker = new Worker(new URL('./withoutNode.worker.mjs', import.meta.url), { workerData });
  return new Promise<WorkerReply>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  }).finally(() => worker.terminate());
}

describe('without Node', () => {
  it('the worker really refuses Node builtins (a module importing node:fs fails to load)', async () => {
    const reply = await runWithout('node', "data:text/javascript,import 'node:fs';", 'data:', []);
    expect(reply).toEqual({ error: expect.stringContaining('imports the Node builtin node:fs') });
  });

  it('imports the package and runs programs: memory files by default, output collected', async () => {
    const names = ['hello', 'clockrandom', 'fileio'];
    const reply = await runWithout('node', new URL('index.ts', SRC).href, SRC.href, names);
    if ('error' in reply) throw new Error(reply.error);
    expect(reply.defaultFs).toBe('MemoryFileSystem');
    expect(reply.results.map((r) => r.name)).toEqual(names);
    for (const result of reply.results) {
      const spec = readSpec(result.name);
      expect(result.stdout, result.name).toBe(expectedOutput(result.name, 'stdout'));
      expect(result.stderr, result.name).toBe(expectedOutput(result.name, 'stderr'));
      expect(result.exitCode, result.name).toBe(spec.exitCode);
      expect(result.fs, result.name).toBe('MemoryFileSystem');
      expect(result.files, result.name).toEqual(spec.expectFiles ?? {});
    }
  });

  it('without process.getBuiltinModule, node:fs is still found and files default to the disk', async () => {
    const reply = await runWithout('getBuiltinModule', new URL('index.ts', SRC).href, 'nowhere:', []);
    expect(reply).toEqual({ defaultFs: 'NodeFileSystem', results: [] });
  });

  it('no source file imports a Node builtin statically (only fs/nodeFs.ts loads node:fs, at run time)', () => {
    const offenders: string[] = [];
    const scan = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) scan(path);
        else if (entry.name.endsWith('.ts')) {
          const text = readFileSync(path, 'utf8');
          // Type-only imports are erased; anything else from 'node:...' would load at import time.
          for (const match of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+['"]node:[^'"]+['"]/gm)) {
            offenders.push(`${path}: ${match[0].trim()}`);
          }
          if (/\bimport\(\s*['"]node:/.test(text) && !path.endsWith(join('fs', 'nodeFs.ts'))) offenders.push(`${path}: dynamic node: import`);
        }
      }
    };
    scan(SRC.pathname);
    expect(offenders).toEqual([]);
  });
});
