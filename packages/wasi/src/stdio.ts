/**
 * Where the guest's stdio goes when the embedder gives no hook: the process's own streams
 * where node:fs exists; elsewhere (browsers) output is collected for Wasi.collectedOutput and
 * stdin is at end of file, so nothing is lost and nothing blocks.
 */
import type { StdioHooks } from './context.ts';
import { nodeFs } from './fs/nodeFs.ts';

export interface CollectedOutput {
  readonly stdout: Uint8Array[];
  readonly stderr: Uint8Array[];
}

function processWriter(fd: 1 | 2): ((data: Uint8Array) => void) | undefined {
  const fs = nodeFs;
  return fs && ((data) => { fs.writeSync(fd, data); });
}

function processStdin(): ((maxBytes: number) => Uint8Array | null) | undefined {
  const fs = nodeFs;
  return fs && ((maxBytes) => {
    const buf = new Uint8Array(maxBytes);
    try {
      return buf.subarray(0, fs.readSync(0, buf, 0, maxBytes, null));
    } catch {
      return null;
    }
  });
}

/** The embedder's hooks, completed with the defaults above. */
export function stdioHooks(options: StdioHooks, collected: CollectedOutput): Required<StdioHooks> {
  return {
    stdout: options.stdout ?? processWriter(1) ?? ((data) => { collected.stdout.push(data); }),
    stderr: options.stderr ?? processWriter(2) ?? ((data) => { collected.stderr.push(data); }),
    stdin: options.stdin ?? processStdin() ?? (() => null),
  };
}

/** Collected chunks as text (decoded together, so characters split across writes survive). */
export function textOf(chunks: readonly Uint8Array[]): string {
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return new TextDecoder().decode(all);
}
