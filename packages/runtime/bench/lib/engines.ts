/**
 * The engines the benches compare, declared here and nowhere else: Node's native WebAssembly,
 * polywasm (a peer: translates each wasm function to a JS function; no traps, no NaN bits, no
 * validation) and Lantern. Every entry is a standard-shaped `WebAssembly` namespace, so a bench
 * can call it directly or install it as the global `WebAssembly` for a program's own JS glue.
 *
 * Lantern's tiers (the store option `tier`): the interpreter alone, and `auto` (hot functions
 * compiled to JavaScript, src/tier/); each is a column of its own.
 */
import { pathToFileURL } from 'node:url';
import { createWebAssembly, storeOf } from '../../src/index.ts';

/** The subset of the standard namespace the benches use; Node's, polywasm's and ours all fit. */
export interface WasmNamespace {
  instantiate(bytes: BufferSource, imports?: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
}

export interface Engine {
  id: string;
  /** Column header. */
  label: string;
  /** A Lantern engine: a wrong result from it fails the bench (a peer's is only reported). */
  ours: boolean;
  /** A fresh namespace (called once per worker). */
  create(): Promise<WasmNamespace>;
  /** A Lantern engine with a tier: milliseconds its tier has spent compiling in the namespace `create` made. */
  tierCompileMs?(ns: WasmNamespace): number | undefined;
}

type LanternIndex = Pick<typeof import('../../src/index.ts'), 'createWebAssembly' | 'storeOf'>;

/**
 * A/B in one run: LANTERN_BASELINES="name=/path/to/another/checkout,..." adds, per checkout, its
 * `auto` engine (id lantern-auto@name), the runtime imported from that checkout's sources (a git
 * worktree of an older commit, with its own pnpm install).
 */
function baselines(spec: string | undefined): Engine[] {
  return (spec ?? '').split(',').filter(Boolean).map((entry) => {
    const [name, dir] = entry.split('=');
    if (!name || !dir) throw new Error(`LANTERN_BASELINES: expected name=directory, got ${entry}`);
    const url = pathToFileURL(`${dir}/packages/runtime/src/index.ts`).href;
    let index: LanternIndex | undefined;
    return {
      id: `lantern-auto@${name}`,
      label: `auto@${name}`,
      ours: true,
      create: async () => {
        index = (await import(url)) as LanternIndex;
        return index.createWebAssembly({ tier: 'auto' }) as unknown as WasmNamespace;
      },
      tierCompileMs: (ns) => index?.storeOf(ns)?.tier?.compileMs,
    };
  });
}

export const ENGINES: readonly Engine[] = [
  { id: 'native', label: 'native', ours: false, create: async () => globalThis.WebAssembly as unknown as WasmNamespace },
  {
    id: 'polywasm',
    label: 'polywasm',
    ours: false,
    create: async () => (await import('polywasm')).WebAssembly as unknown as WasmNamespace,
  },
  {
    id: 'lantern',
    label: 'lantern interp',
    ours: true,
    create: async () => createWebAssembly({ tier: 'interpreter' }) as unknown as WasmNamespace,
  },
  {
    id: 'lantern-auto',
    label: 'lantern auto',
    ours: true,
    create: async () => createWebAssembly({ tier: 'auto' }) as unknown as WasmNamespace,
    tierCompileMs: (ns) => storeOf(ns)?.tier?.compileMs,
  },
  ...baselines(process.env.LANTERN_BASELINES),
];

export function engineById(id: string): Engine {
  const engine = ENGINES.find((e) => e.id === id);
  if (!engine) throw new Error(`unknown engine ${id}; known: ${ENGINES.map((e) => e.id).join(', ')}`);
  return engine;
}

/** `--engines a,b` → those engines, in the declared order; native is always one (every ratio is against it). */
export function selectEngines(list: string | undefined): Engine[] {
  if (!list) return [...ENGINES];
  const ids = ['native', ...list.split(',')];
  for (const id of ids) engineById(id);
  return ENGINES.filter((e) => ids.includes(e.id));
}
