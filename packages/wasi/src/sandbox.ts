/**
 * Path resolution inside a preopen, the WASI capability rule: a guest path is relative to a
 * directory fd and may never name anything outside the preopen that fd came from.
 *
 * We resolve component by component through the FileSystem (like cap-std): `.` is skipped,
 * `..` pops (popping past the root → ENOTCAPABLE), and every symlink met on the way (and the
 * final one when the call follows symlinks) is read and spliced into the remaining
 * components. An absolute path or absolute symlink target is always an escape. The result is
 * a path with no symlinks except possibly an unfollowed final component, so the backend's own
 * resolution cannot leave the root either (TOCTOU races with a concurrent host process are
 * out of scope). Only lstat and readlink are used, so every backend gets the same protection.
 */
import { Errno, WasiError } from './errno.ts';
import type { DirEntry } from './fdTable.ts';
import { MAX_SYMLINK_HOPS, type FileSystem } from './fs/fileSystem.ts';
import { joinPath, pathComponents } from './fs/paths.ts';

/**
 * The FileSystem path that `guestPath` (relative to directory `dir`) names.
 * @param followFinal follow a symlink in the last component (lookupflags.symlink_follow).
 */
export function resolvePath(fs: FileSystem, dir: DirEntry, guestPath: string, followFinal: boolean): string {
  if (guestPath.includes('\0')) throw new WasiError(Errno.INVAL);
  if (guestPath === '') throw new WasiError(Errno.NOENT);
  if (guestPath.startsWith('/')) throw new WasiError(Errno.NOTCAPABLE);
  const rootPath = dir.root.hostPath;
  // dir.hostPath is rootPath itself or rootPath + '/' + components.
  const resolved = pathComponents(dir.hostPath.slice(rootPath.length));
  // Components still to walk, first one at the end (so pop() takes the next).
  const pending = pathComponents(guestPath).reverse();
  // A trailing slash means "must be a directory": keep it so the backend checks it.
  const trailingSlash = guestPath.endsWith('/');
  let hops = 0;
  let missing = false;
  while (pending.length > 0) {
    const component = pending.pop()!;
    if (component === '..') {
      if (resolved.length === 0) throw new WasiError(Errno.NOTCAPABLE);
      resolved.pop();
      continue;
    }
    const isLast = pending.length === 0;
    const candidate = joinPath(rootPath, ...resolved, component);
    if (!missing && (!isLast || followFinal || trailingSlash)) {
      let isLink = false;
      try {
        isLink = fs.lstat(candidate).kind === 'symlink';
      } catch {
        // Does not exist (yet): the rest cannot be symlinks; the backend reports ENOENT.
        missing = true;
      }
      if (isLink) {
        if (++hops > MAX_SYMLINK_HOPS) throw new WasiError(Errno.LOOP);
        const target = fs.readlink(candidate);
        if (target.startsWith('/')) throw new WasiError(Errno.NOTCAPABLE);
        pending.push(...pathComponents(target).reverse());
        continue;
      }
    }
    resolved.push(component);
  }
  const path = joinPath(rootPath, ...resolved);
  return trailingSlash && resolved.length > 0 ? `${path}/` : path;
}
