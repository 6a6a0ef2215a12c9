import { posix } from 'node:path';

import type { Stats } from 'ssh2';

import { InvalidPathError, PathNotFoundError, PathRefusedError } from './file-errors';
import { parseRelativePath } from './root-guard';
import { fromSftp, SftpHandle, SftpSession } from './sftp-session';

/**
 * The guard of a root on an SSH host (SFTP). SFTP has no O_NOFOLLOW and no directory handles to
 * look names up in, so each path is checked as close to its use as the protocol allows:
 *
 * 1. the same parsing as the local guard (relative, no NUL, no backslash, no `..`);
 * 2. `realpath` of the parent on the server, which must exist, be a directory, and be the root
 *    or below `root + '/'` (so `/data-backup` is never inside `/data`);
 * 3. `lstat` of the final component: a symlink (inside, outside, dangling) is refused;
 * 4. a file is opened only after that, and its handle's fstat compared with the lstat (type,
 *    size, mtime, owner, mode); directories are re-resolved before they are read or descended.
 *
 * What remains (documented in the README): between the check and the request that uses the
 * path, a process on the SSH host that can write inside the root can swap a directory of the
 * path for a symlink, and the SFTP server, which follows symlinks, would then act on the target.
 * The window is one round trip; uploads and extraction write into a random temporary name and
 * re-check the parent before publishing, so a swap then makes them fail rather than land outside.
 */

/** Where a client path leads on the server. */
export interface SftpLocated {
  rel: string;
  /** Null for the root itself. */
  name: string | null;
  /** The resolved parent directory (the root for the root itself). */
  parent: string;
  /** The resolved path of the entry (parent + '/' + name; the root for the root). */
  path: string;
  entry: Stats | null;
  field: string;
}

export class SftpGuard {
  private constructor(
    readonly session: SftpSession,
    readonly root: string,
  ) {}

  /** The guard of a root declared at `root` (stored resolved); refused if it moved. */
  static async open(session: SftpSession, root: string): Promise<SftpGuard> {
    let real: string;
    try {
      real = await session.realpath(root);
    } catch (error) {
      throw fromSftp(error, 'root', root) instanceof PathNotFoundError
        ? new PathNotFoundError('The directory of this root does not exist on the SSH host')
        : fromSftp(error, 'root', root);
    }
    if (real !== root) throw new PathRefusedError('The root no longer resolves to its directory');
    const stats = await session.lstat(root).catch((error: unknown) => {
      throw fromSftp(error, 'root', root);
    });
    if (!stats.isDirectory()) throw new PathNotFoundError('The root is no longer a directory');
    return new SftpGuard(session, root);
  }

  contains(real: string): boolean {
    const prefix = this.root.endsWith('/') ? this.root : this.root + '/';
    return real === this.root || real.startsWith(prefix);
  }

  join(dir: string, name: string): string {
    return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
  }

  async locate(raw: unknown, field: string): Promise<SftpLocated> {
    const segments = parseRelativePath(raw, field);
    const rel = segments.join('/');
    const s = this.session;
    try {
      if (segments.length === 0) {
        const entry = await s.lstat(this.root);
        return { rel, name: null, parent: this.root, path: this.root, entry, field };
      }
      const name = segments[segments.length - 1];
      const parent = await s.realpath(posix.join(this.root, ...segments.slice(0, -1)));
      // OpenSSH resolves a missing last component too: existence is checked here.
      const parentStats = await s.lstatOrNull(parent);
      if (!parentStats) throw new PathNotFoundError(`${field}: "${rel}" does not exist`);
      if (!this.contains(parent)) throw new PathRefusedError(`${field}: "${rel}" leaves the root`);
      if (!parentStats.isDirectory()) {
        throw new PathNotFoundError(`${field}: "${rel}" does not exist`);
      }
      const path = this.join(parent, name);
      const entry = await s.lstatOrNull(path);
      if (entry?.isSymbolicLink()) {
        throw new PathRefusedError(`${field}: "${rel}" is a symbolic link`);
      }
      return { rel, name, parent, path, entry, field };
    } catch (error) {
      throw fromSftp(error, field, rel);
    }
  }

  /** Refuses when `dir` no longer resolves to itself (swapped for a symlink since it was checked). */
  async stillThere(dir: string, field: string, rel: string): Promise<void> {
    const real = await this.session.realpath(dir).catch(() => null);
    if (real !== dir || !this.contains(real)) {
      throw new PathRefusedError(`${field}: "${rel}" changed while it was being used`);
    }
  }

  /**
   * Opens a regular file examined by `locate` (lstat `expected`) for reading, and checks the
   * handle's attributes against it: a file swapped in between is refused.
   */
  async openChecked(
    path: string,
    expected: Stats,
    field: string,
    rel: string,
  ): Promise<SftpHandle> {
    if (!expected.isFile()) throw new InvalidPathError(field, `"${rel}" is not a regular file`);
    const handle = await this.session.open(path, 'r');
    const opened = await this.session.fstat(handle).catch(async (error: unknown) => {
      await this.session.closeHandle(handle).catch(() => undefined);
      throw error;
    });
    if (!sameAttributes(opened, expected)) {
      await this.session.closeHandle(handle).catch(() => undefined);
      throw new PathRefusedError(`${field}: "${rel}" changed while it was opened`);
    }
    return handle;
  }
}

/** SFTP v3 has no inode: what the handle holds is compared on every attribute it has. */
export function sameAttributes(a: Stats, b: Stats): boolean {
  return (
    a.mode === b.mode &&
    a.size === b.size &&
    a.mtime === b.mtime &&
    a.uid === b.uid &&
    a.gid === b.gid
  );
}

/** The version tag of an SFTP entry (no inode, one-second mtimes: mtime and size). */
export function sftpVersionOf(s: Stats): string {
  return `s${s.mtime}-${s.size}`;
}
