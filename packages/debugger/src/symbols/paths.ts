/**
 * POSIX-style path helpers for DWARF file names (comp_dir + include directory + file name).
 * DWARF producers on wasm write '/'-separated paths; Windows drive paths are recognised as
 * absolute but otherwise left alone. No file system access: these are strings, not files.
 */

export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/** Joins path pieces right to left until one is absolute, then normalizes `.` and `..` segments. */
export function joinPath(...parts: (string | undefined)[]): string {
  const kept: string[] = [];
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i];
    if (!p) continue;
    kept.unshift(p);
    if (isAbsolutePath(p)) break;
  }
  return normalizePath(kept.join('/'));
}

export function normalizePath(p: string): string {
  if (p === '') return p;
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') {
      out.pop();
      continue;
    }
    if (seg === '..' && absolute) continue;
    out.push(seg);
  }
  const body = out.join('/');
  return absolute ? '/' + body : body || '.';
}

/** Last path segment. */
export function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}

/**
 * Whether a user-supplied path names `candidate`: exact match after normalization, or a suffix
 * match on whole segments ("shapes.c" and "src/shapes.c" both name "/work/src/shapes.c").
 */
export function pathMatches(candidate: string, query: string): boolean {
  const c = normalizePath(candidate);
  const q = normalizePath(query);
  if (c === q) return true;
  if (isAbsolutePath(q)) return false;
  return c.endsWith('/' + q);
}
