// Dependency direction demo -> debugger -> runtime -> traps (wat and wasi stand alone): a package
// may import another @lantern package only if its package.json declares it, never through a deep
// `src/` path, and the lower layers never import the layers above them.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

export const FORBIDDEN = {
  '@lantern/traps': ['@lantern/runtime', '@lantern/debugger', '@lantern/wat', '@lantern/wasi', '@lantern/demo'],
  '@lantern/runtime': ['@lantern/debugger', '@lantern/demo', '@lantern/wasi'],
  '@lantern/wat': ['@lantern/traps', '@lantern/runtime', '@lantern/debugger', '@lantern/demo', '@lantern/wasi'],
  '@lantern/wasi': ['@lantern/debugger', '@lantern/demo'],
  '@lantern/debugger': ['@lantern/demo'],
};

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|mjs|js)$/.test(name)) yield path;
  }
}

/** Every violation under root's packages/ and apps/, as "file: what is wrong". */
export function findViolations(root) {
  const problems = [];
  for (const group of ['packages', 'apps']) {
    if (!existsSync(join(root, group))) continue;
    for (const pkgDir of readdirSync(join(root, group))) {
      const dir = join(root, group, pkgDir);
      if (!existsSync(join(dir, 'package.json'))) continue;
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
      for (const file of sourceFiles(dir)) {
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](@lantern\/[\w-]+)(\/[^'"]*)?['"]/g)) {
          const [, target, deep] = match;
          const where = relative(root, file);
          if (target === pkg.name) continue;
          if ((FORBIDDEN[pkg.name] ?? []).includes(target)) problems.push(`${where}: ${pkg.name} must not import ${target}`);
          else if (!declared.has(target)) problems.push(`${where}: imports ${target}, which ${pkg.name}'s package.json does not declare`);
          if (deep) problems.push(`${where}: deep import ${target}${deep}; import the package's public entry`);
        }
      }
    }
  }
  return problems;
}
