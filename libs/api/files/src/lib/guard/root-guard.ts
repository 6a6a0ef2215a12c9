import { constants, Stats } from 'node:fs';
import { FileHandle, lstat, open, readlink, realpath } from 'node:fs/promises';
import { join } from 'node:path';

import { FILE_RULES } from '@hyperion/contracts';

import { fromErrno, InvalidPathError, PathNotFoundError, PathRefusedError } from './file-errors';

/**
 * The one gate between a client's path and the file system. Every operation of the file
 * manager (local-root.ts) goes through `locate`, which:
 *
 * 1. parses the path: relative, POSIX, no NUL, no backslash, no `..` segment at all;
 * 2. resolves the parent with realpath and requires it to be the root or below `root + '/'`
 *    (so `/data-backup` is never inside `/data`);
 * 3. opens that parent with O_DIRECTORY | O_NOFOLLOW and checks, through /proc/self/fd, that
 *    the directory it holds is still that one. From then on the final name is looked up in
 *    the held directory (`/proc/self/fd/<fd>/<name>`), so swapping any directory of the path
 *    for a symlink after the check no longer changes where the operation lands;
 * 4. examines the final name with lstat: a symlink (inside, outside, dangling) is refused.
 *
 * Files are then opened with O_NOFOLLOW and compared (fstat against the lstat of step 4), which
 * closes the window between looking and opening.
 */

const { O_DIRECTORY, O_NOFOLLOW, O_RDONLY } = constants;

/** The longest name most Linux file systems accept, in bytes. */
const NAME_MAX = 255;

/**
 * The segments of a client path, validated. '' and '.' are the root itself. Percent-encoded
 * text is not decoded again: `%2e%2e` is a name like any other.
 */
export function parseRelativePath(raw: unknown, field: string): string[] {
  if (typeof raw !== 'string') throw new InvalidPathError(field, 'must be a string');
  if (raw.length > FILE_RULES.pathMaxLength) {
    throw new InvalidPathError(field, `must be at most ${FILE_RULES.pathMaxLength} characters`);
  }
  if (raw.includes('\0')) throw new InvalidPathError(field, 'must not contain NUL characters');
  // A literal name on Linux, a separator to a Windows client: refused rather than guessed.
  if (raw.includes('\\')) throw new InvalidPathError(field, 'must use "/" as the separator');
  if (raw.startsWith('/')) throw new InvalidPathError(field, 'must be relative to the root');
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw new InvalidPathError(field, 'must not contain ".."');
  if (segments.some((s) => Buffer.byteLength(s) > NAME_MAX)) {
    throw new InvalidPathError(field, `a name must be at most ${NAME_MAX} bytes`);
  }
  return segments;
}

/** A directory held open: names are looked up in it, whatever happens to its path later. */
export class DirHandle {
  constructor(
    readonly handle: FileHandle,
    /** Its real path when it was opened (for messages and checks, never for access). */
    readonly real: string,
  ) {}

  /** A path naming `name` inside this very directory (one component, never `..`). */
  at(name: string): string {
    return `/proc/self/fd/${this.handle.fd}/${name}`;
  }

  /** The directory itself. */
  get self(): string {
    return `/proc/self/fd/${this.handle.fd}`;
  }

  close(): Promise<void> {
    return this.handle.close().catch(() => undefined);
  }
}

/** Where a client path leads: its parent held open, its final name and what lstat found there. */
export interface Located {
  /** The normalised path relative to the root ('' is the root). */
  rel: string;
  /** The final name; null when the path is the root itself (`dir` is then the root). */
  name: string | null;
  dir: DirHandle;
  /** lstat of the final component; null when nothing is there (create). */
  entry: Stats | null;
  /** The request field the path came from (for messages). */
  field: string;
}

export class RootGuard {
  private constructor(readonly root: string) {}

  /**
   * The guard of a root declared at `root` (stored resolved). A root that no longer resolves to
   * itself (its directory replaced by a symlink) is refused rather than followed.
   */
  static async open(root: string): Promise<RootGuard> {
    let real: string;
    try {
      real = await realpath(root);
    } catch (error) {
      throw fromErrno(error, 'root', root) instanceof PathNotFoundError
        ? new PathNotFoundError('The directory of this root does not exist')
        : error;
    }
    if (real !== root) throw new PathRefusedError('The root no longer resolves to its directory');
    return new RootGuard(root);
  }

  /** Whether a real (resolved) path is the root or below it. */
  contains(real: string): boolean {
    const prefix = this.root.endsWith('/') ? this.root : this.root + '/';
    return real === this.root || real.startsWith(prefix);
  }

  /**
   * Resolves a client path (see the file comment). The caller closes `located.dir`. A final
   * symlink is refused here, for every operation, create included.
   */
  async locate(raw: unknown, field: string): Promise<Located> {
    const segments = parseRelativePath(raw, field);
    const rel = segments.join('/');
    if (segments.length === 0) {
      const dir = await this.openDir(this.root, field, rel);
      return { rel, name: null, dir, entry: await dir.handle.stat(), field };
    }
    const name = segments[segments.length - 1];
    let parent: string;
    try {
      parent = await realpath(join(this.root, ...segments.slice(0, -1)));
    } catch (error) {
      throw fromErrno(error, field, rel);
    }
    if (!this.contains(parent)) throw new PathRefusedError(`${field}: "${rel}" leaves the root`);
    const dir = await this.openDir(parent, field, rel);
    try {
      const entry = await lstatOrNull(dir.at(name));
      if (entry?.isSymbolicLink()) {
        throw new PathRefusedError(`${field}: "${rel}" is a symbolic link`);
      }
      return { rel, name, dir, entry, field };
    } catch (error) {
      await dir.close();
      throw fromErrno(error, field, rel);
    }
  }

  /**
   * Opens a directory without following a symlink in its last component, then checks what the
   * descriptor really holds: a directory swapped in between realpath and open is refused.
   */
  async openDir(real: string, field: string, rel: string): Promise<DirHandle> {
    let handle: FileHandle;
    try {
      handle = await open(real, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    } catch (error) {
      const mapped = fromErrno(error, field, rel);
      // ENOTDIR here is a symlink or file swapped in after realpath: as refused as ELOOP.
      throw (error as NodeJS.ErrnoException).code === 'ENOTDIR'
        ? new PathRefusedError(`${field}: "${rel}" changed while it was opened`)
        : mapped;
    }
    const held = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => '');
    if (held !== real || !this.contains(held)) {
      await handle.close();
      throw new PathRefusedError(`${field}: "${rel}" leaves the root`);
    }
    return new DirHandle(handle, held);
  }
}

export async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The same file (device and inode): what was examined is what was opened. */
export function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/** The version tag of an entry: changes when its content is replaced or rewritten. */
export function versionOf(stats: Stats): string {
  return `${stats.mtimeMs}-${stats.size}-${stats.ino}`;
}
