/**
 * Loads Lantern's WebAssembly namespace for the tests, or reports why it cannot be loaded,
 * so the same suites run on Node's native namespace regardless, and the Lantern half fails
 * with a clear message (see the "is available" tests) instead of a module-link error.
 */
/** Loosely typed on purpose: the lib's WebAssembly types lack Tag/Exception and use BufferSource narrowly. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Namespace = any;

export const lanternLoad: { ns: Namespace | undefined; error: string } = await import('../../src/index.ts')
  .then((m: Record<string, unknown>) =>
    typeof m.createWebAssembly === 'function'
      ? { ns: (m.createWebAssembly as () => Namespace)(), error: '' }
      : { ns: undefined, error: '@lantern/runtime does not export createWebAssembly' },
  )
  .catch((err: unknown) => ({ ns: undefined, error: String(err) }));

export const createWebAssembly = await import('../../src/index.ts')
  .then((m: Record<string, unknown>) => m.createWebAssembly as ((options?: object) => Namespace) | undefined)
  .catch(() => undefined);

/** [name, namespace] pairs: native always, Lantern when it loads. */
export function engines(): [string, Namespace][] {
  const list: [string, Namespace][] = [['native', globalThis.WebAssembly]];
  if (lanternLoad.ns) list.push(['lantern', lanternLoad.ns]);
  return list;
}
