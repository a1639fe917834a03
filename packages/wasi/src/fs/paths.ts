/**
 * '/'-separated path helpers for FileSystem paths (node:path is not available everywhere the
 * package runs).
 */

/** The names in `path`, without empty components and `.`; `..` is kept. */
export function pathComponents(path: string): string[] {
  return path.split('/').filter((c) => c !== '' && c !== '.');
}

/** `base` followed by `names` (which contain no `/`). */
export function joinPath(base: string, ...names: string[]): string {
  if (names.length === 0) return base;
  return `${base.endsWith('/') ? base.slice(0, -1) : base}/${names.join('/')}`;
}

/** The directory containing `path` ('/' for a top-level name). */
export function parentPath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const at = trimmed.lastIndexOf('/');
  return at <= 0 ? '/' : trimmed.slice(0, at);
}
