/**
 * The host's file system, for the few calls that take a PATH (SymbolResolver.addFile and its
 * default `readSource`, loadSymbolsForFile): node:fs and node:path where the host has them,
 * looked up at run time and never imported statically, so the package loads unchanged in
 * browsers — where a page passes bytes and a `readSource` of its own, and these calls say
 * plainly that they need Node.
 */
type NodeFs = typeof import('node:fs');
type NodePath = typeof import('node:path');

const nodeProcess = globalThis.process as NodeJS.Process | undefined;
const isNode = typeof nodeProcess?.versions?.node === 'string';

// process.getBuiltinModule where available (Node >= 20.16), else a dynamic import, attempted only in Node.
export const nodeFs: NodeFs | undefined = nodeProcess?.getBuiltinModule?.('node:fs') ?? (isNode ? await import('node:fs').catch(() => undefined) : undefined);
export const nodePath: NodePath | undefined = nodeProcess?.getBuiltinModule?.('node:path') ?? (isNode ? await import('node:path').catch(() => undefined) : undefined);

/** node:fs and node:path, or an error naming the call that needs them. */
export function hostFiles(call: string): { fs: NodeFs; path: NodePath } {
  if (!nodeFs || !nodePath) throw new Error(`${call} reads files from a path, which needs Node's file system; pass the module's bytes (and a readSource) instead`);
  return { fs: nodeFs, path: nodePath };
}
