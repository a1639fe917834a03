// Dependency rules that `pnpm lint` enforces (tested by boundaries.test.mjs):
//   1. Packages: apps (demo, web, vscode) -> dap -> debugger -> runtime -> traps (wat and wasi stand alone; the apps import no app;
//      fuzz, the fuzzing harnesses, sits on top of runtime, wat, wasi and debugger, and nothing imports it). A package may import
//      another @lantern package only if its package.json declares it, only through an entry of that
//      package's `exports` (never a deep `src/` path), and the lower layers never import the layers
//      above them.
//   2. Layers inside a package (LAYERS): a file may VALUE-import only from its own directory or a
//      directory listed before it. Type-only imports (`import type`, `export type`, `{ type X }`)
//      are exempt: they vanish at run time, and a lower layer may name the shapes above it.
//   3. No value-level import cycle among any package's files.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const FORBIDDEN = {
  '@lantern/traps': ['@lantern/runtime', '@lantern/debugger', '@lantern/dap', '@lantern/wat', '@lantern/wasi', '@lantern/demo', '@lantern/web', '@lantern/fuzz'],
  '@lantern/runtime': ['@lantern/debugger', '@lantern/dap', '@lantern/demo', '@lantern/wasi', '@lantern/web', '@lantern/fuzz'],
  '@lantern/wat': ['@lantern/traps', '@lantern/runtime', '@lantern/debugger', '@lantern/dap', '@lantern/demo', '@lantern/wasi', '@lantern/web', '@lantern/fuzz'],
  '@lantern/wasi': ['@lantern/debugger', '@lantern/dap', '@lantern/demo', '@lantern/web', '@lantern/fuzz'],
  '@lantern/debugger': ['@lantern/dap', '@lantern/demo', '@lantern/web', '@lantern/fuzz'],
  '@lantern/dap': ['@lantern/demo', '@lantern/web', '@lantern/fuzz'],
  '@lantern/demo': ['@lantern/web', '@lantern/fuzz'],
  '@lantern/web': ['@lantern/demo', '@lantern/fuzz'],
};

/**
 * Directory order per source root, lowest first. Every directory under the root must be listed
 * (a new one has to be given its place); files directly in the root (index.ts, errors.ts) are
 * outside the order.
 */
export const LAYERS = {
  'packages/runtime/src': [
    'syntax', //        module shapes and value types (no code of ours below)
    'binary', //        decoding: the wasm opcode table, readers
    'text', //          printing a module as WebAssembly text, with each instruction's position
    'valid', //         validation, canonical type ids
    'isa', //           the internal instruction set
    'instances', //     the runtime objects: functions, memories, tables, globals, tags, exceptions, raw values
    'compile', //       wasm -> internal code, code maps, handler tables
    'continuations', // stack segments and continuation objects
    'exit', //          always on: the exit protocol, frames, backtraces, resume values, force-return
    'exec', //          the interpreter loop and the driver that runs it
    'debug', //         opt-in: breakpoints, stepping, probes, operand types
    'tier', //          the JS-compiling tier: wasm functions translated to JavaScript
    'store', //         the Store, instantiation, linking
    'jsapi', //         the standard WebAssembly namespace
  ],
};

/**
 * Value imports that break the rules above and are being moved, each with the reason it is still
 * allowed (left out of both checks). An entry that matches no import any more is itself reported,
 * so the list only shrinks.
 */
export const PENDING = [
];

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|mjs|js)$/.test(name)) yield path;
  }
}

/** Comments blanked out (same length), so imports quoted in comments are not seen. */
function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\/|(^|[^:'"`\\])\/\/[^\n]*/g, (m, pre = '') => pre + m.slice(pre.length).replace(/[^\n]/g, ' '));
}

const CLAUSE = String.raw`(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\}|[\w$]+(?:\s*,\s*(?:\{[^}]*\}|\*\s+as\s+[\w$]+))?)`;
const STATIC = new RegExp(String.raw`^[ \t]*(import|export)\s+(type\s+)?(${CLAUSE})\s*from\s*['"]([^'"]+)['"]`, 'gm');
const BARE = /^[ \t]*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every import of a file: { spec, typeOnly, dynamic }. */
export function importsOf(text) {
  const code = stripComments(text);
  const out = [];
  for (const m of code.matchAll(STATIC)) {
    const [, , typeKw, clause, spec] = m;
    let typeOnly = typeKw !== undefined;
    if (!typeOnly && clause.startsWith('{')) {
      const names = clause.slice(1, -1).split(',').map((s) => s.trim()).filter((s) => s !== '');
      typeOnly = names.length > 0 && names.every((n) => /^type\s/.test(n));
    }
    out.push({ spec, typeOnly, dynamic: false });
  }
  for (const m of code.matchAll(BARE)) out.push({ spec: m[1], typeOnly: false, dynamic: false });
  for (const m of code.matchAll(DYNAMIC)) out.push({ spec: m[1], typeOnly: false, dynamic: true });
  return out;
}

/** Strongly connected components of size > 1 (or a file importing itself), as lists of nodes. */
function cyclesOf(graph) {
  let index = 0;
  const idx = new Map(), low = new Map(), onStack = new Set(), stack = [], cycles = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? new Set()).has(v)) cycles.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return cycles;
}

/** One path around a strongly connected component, for the message: a -> b -> ... -> a. */
function cyclePath(graph, scc) {
  const members = new Set(scc);
  const start = scc[0];
  const prev = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = prev.get(u)) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [...scc, start];
}

/** Every violation under root's packages/ and apps/, as "file: what is wrong". */
export function findViolations(root, { layers = LAYERS, pending = PENDING } = {}) {
  const problems = [];
  const unusedPending = new Set(pending);
  const layerProblem = (from, to) => {
    for (const [base, order] of Object.entries(layers)) {
      const inBase = (p) => p.startsWith(base + '/') ? p.slice(base.length + 1).split('/') : null;
      const a = inBase(from), b = inBase(to);
      if (a === null || b === null || a.length < 2 || b.length < 2 || a[0] === b[0]) continue;
      if (!order.includes(a[0]) || !order.includes(b[0])) continue; // reported once per directory below
      if (order.indexOf(b[0]) < order.indexOf(a[0])) continue;
      return `${from}: imports ${to} at the value level, but ${b[0]}/ lies above ${a[0]}/ in ${base} (LAYERS); a type-only import is fine`;
    }
    return null;
  };
  for (const [base, order] of Object.entries(layers)) {
    if (!existsSync(join(root, base))) continue;
    for (const name of readdirSync(join(root, base))) {
      if (statSync(join(root, base, name)).isDirectory() && !order.includes(name)) {
        problems.push(`${base}/${name}/: a directory with no place in the layer order; add it to LAYERS in scripts/boundaries.mjs`);
      }
    }
  }
  const packages = [];
  for (const group of ['packages', 'apps']) {
    if (!existsSync(join(root, group))) continue;
    for (const pkgDir of readdirSync(join(root, group))) {
      const dir = join(root, group, pkgDir);
      if (existsSync(join(dir, 'package.json'))) packages.push({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) });
    }
  }
  // package name -> its public subpaths ("/polyfill" for an `exports` key "./polyfill").
  const entries = new Map(packages.map(({ pkg }) => [pkg.name, new Set(Object.keys(pkg.exports ?? {}).map((k) => k.slice(1)))]));
  for (const { dir, pkg } of packages) {
    const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
    const graph = new Map();
    for (const file of sourceFiles(dir)) {
      const where = relative(root, file).split(sep).join('/');
      const edges = new Set();
      graph.set(where, edges);
      for (const { spec, typeOnly } of importsOf(readFileSync(file, 'utf8'))) {
        const lantern = /^(@lantern\/[\w-]+)(\/.*)?$/.exec(spec);
        if (lantern !== null) {
          const [, target, deep] = lantern;
          if (target === pkg.name) continue;
          if ((FORBIDDEN[pkg.name] ?? []).includes(target)) problems.push(`${where}: ${pkg.name} must not import ${target}`);
          else if (!declared.has(target)) problems.push(`${where}: imports ${target}, which ${pkg.name}'s package.json does not declare`);
          if (deep && !entries.get(target)?.has(deep)) problems.push(`${where}: deep import ${target}${deep}; import an entry of its package.json's exports`);
          continue;
        }
        if (typeOnly || !spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        if (!existsSync(target)) continue;
        const to = relative(root, target).split(sep).join('/');
        const allowed = pending.find((p) => p.from === where && p.to === to);
        if (allowed !== undefined) {
          unusedPending.delete(allowed);
          continue;
        }
        edges.add(to);
        if (!/\.test\.[cm]?[jt]s$/.test(where)) {
          const p = layerProblem(where, to);
          if (p !== null) problems.push(p);
        }
      }
    }
    for (const scc of cyclesOf(graph)) {
      problems.push(`${scc[0]}: value-level import cycle ${cyclePath(graph, scc).join(' → ')}; make one of these imports type-only or move what is shared below them`);
    }
  }
  for (const p of unusedPending) problems.push(`${p.from}: the pending allowance for importing ${p.to} matches no import any more; remove it from PENDING`);
  return problems;
}
