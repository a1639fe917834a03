/**
 * Path resolution inside a preopen, the WASI capability rule: a guest path is relative to a
 * directory fd and may never name anything outside the preopen that fd came from.
 *
 * We resolve component by component on the host (like cap-std): `.` is skipped, `..` pops
 * (popping past the root → ENOTCAPABLE), and every symlink met on the way (and the final one
 * when the call follows symlinks) is read and spliced into the remaining components. An
 * absolute path or absolute symlink target is always an escape. The result is a host path
 * with no symlinks except possibly an unfollowed final component, so the host's own
 * resolution cannot leave the root either (TOCTOU races with a concurrent host process are
 * out of scope).
 */
import { lstatSync, readlinkSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Errno, WasiError } from './errno.ts';
import type { DirEntry } from './fdTable.ts';

const MAX_SYMLINK_HOPS = 40;

function splitGuest(path: string): string[] {
  return path.split('/').filter((c) => c !== '' && c !== '.');
}

/**
 * The host path that `guestPath` (relative to directory `dir`) names.
 * @param followFinal follow a symlink in the last component (lookupflags.symlink_follow).
 */
export function resolvePath(dir: DirEntry, guestPath: string, followFinal: boolean): string {
  if (guestPath.includes('\0')) throw new WasiError(Errno.INVAL);
  if (guestPath === '') throw new WasiError(Errno.NOENT);
  if (guestPath.startsWith('/')) throw new WasiError(Errno.NOTCAPABLE);
  const rootPath = dir.root.hostPath;
  const fromRoot = relative(rootPath, dir.hostPath);
  const resolved: string[] = fromRoot === '' ? [] : fromRoot.split(sep);
  // Components still to walk, first one at the end (so pop() takes the next).
  const pending = splitGuest(guestPath).reverse();
  // A trailing slash means "must be a directory": keep a final "." so the host checks it.
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
    const candidate = join(rootPath, ...resolved, component);
    if (!missing && (!isLast || followFinal || trailingSlash)) {
      let isLink = false;
      try {
        isLink = lstatSync(candidate).isSymbolicLink();
      } catch {
        // Does not exist (yet): the rest cannot be symlinks; the host call reports ENOENT.
        missing = true;
      }
      if (isLink) {
        if (++hops > MAX_SYMLINK_HOPS) throw new WasiError(Errno.LOOP);
        const target = readlinkSync(candidate, 'utf8');
        if (target.startsWith('/')) throw new WasiError(Errno.NOTCAPABLE);
        pending.push(...splitGuest(target).reverse());
        continue;
      }
    }
    resolved.push(component);
  }
  const host = join(rootPath, ...resolved);
  return trailingSlash && resolved.length > 0 ? host + sep : host;
}
