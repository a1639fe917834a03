/**
 * node:fs when the host has one (Node, or a runtime emulating it), else undefined. It is
 * looked up at run time and never imported statically, so the package also loads where no
 * `fs` exists (browsers): process.getBuiltinModule where available (Node ≥ 20.16), else a
 * dynamic import, attempted only when a Node-compatible `process` is present.
 */
type NodeFs = typeof import('node:fs');

const nodeProcess = globalThis.process as NodeJS.Process | undefined;

export const nodeFs: NodeFs | undefined =
  nodeProcess?.getBuiltinModule?.('node:fs') ??
  (typeof nodeProcess?.versions?.node === 'string' ? await import('node:fs').catch(() => undefined) : undefined);
