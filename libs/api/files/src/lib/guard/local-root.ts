import { Stats } from 'node:fs';
import { FileHandle, lstat, mkdir, readdir, rename, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import type { FileEntry, FileEntryType, FileExtractResult, FileListing } from '@hyperion/contracts';
import { FILE_RULES } from '@hyperion/contracts';

import {
  entryTypeOf,
  type FileBackend,
  type OpenedFile,
  type TreeWalk,
  type UploadOptions,
} from './file-backend';
import {
  FileConflictError,
  fromErrno,
  InvalidPathError,
  PathNotFoundError,
  PathRefusedError,
} from './file-errors';
import {
  copyHeldFile,
  copyHeldTree,
  openHeld,
  openHeldDir,
  publishCreateOnly,
  removeHeldTree,
  streamToTemporary,
  TreeOutcome,
} from './held-files';
import { localExtractTarget, walkHeld } from './local-archive';
import { DirHandle, Located, lstatOrNull, RootGuard, versionOf } from './root-guard';
import { extractZip, RangeReader } from './zip-extract';

export function toFileEntry(rel: string, name: string, s: Stats): FileEntry {
  return {
    path: rel,
    name,
    type: entryTypeOf(s),
    size: s.size,
    mtime: s.mtime.toISOString(),
    mode: (s.mode & 0o7777).toString(8).padStart(4, '0'),
    version: versionOf(s),
  };
}

/** Permission bits from an octal string ("644", "0755"), at most 0777: no setuid or setgid. */
export function parseMode(raw: unknown): number {
  const hint = `mode: ${FILE_RULES.modeHint}`;
  if (typeof raw !== 'string' || !FILE_RULES.modePattern.test(raw)) {
    throw new InvalidPathError('mode', hint.slice('mode: '.length));
  }
  const mode = parseInt(raw, 8);
  if (mode > 0o777) throw new InvalidPathError('mode', hint.slice('mode: '.length));
  return mode;
}

export type { UploadOptions } from './file-backend';

/**
 * The file operations of one local root. Each starts with `guard.locate` (never a path of
 * its own), works on the held parent directory, and maps the system's errors to ours.
 */
export class LocalRoot implements FileBackend {
  constructor(readonly guard: RootGuard) {}

  /** The entries of a directory, directories first, then by name. */
  list(raw: unknown): Promise<FileListing> {
    return this.at(raw, 'path', async (loc) => {
      const dir = loc.name === null ? loc.dir : await this.heldDirectory(loc);
      try {
        const entries: FileEntry[] = [];
        for (const name of await readdir(dir.self)) {
          const stats = await lstatOrNull(dir.at(name));
          if (stats) entries.push(toFileEntry(loc.rel ? `${loc.rel}/${name}` : name, name, stats));
        }
        entries.sort(
          (a, b) =>
            Number(b.type === 'directory') - Number(a.type === 'directory') ||
            a.name.localeCompare(b.name),
        );
        return { path: loc.rel, entries };
      } finally {
        if (dir !== loc.dir) await dir.close();
      }
    });
  }

  stat(raw: unknown): Promise<FileEntry> {
    return this.at(raw, 'path', async (loc) =>
      toFileEntry(loc.rel, loc.name ?? '', this.existing(loc)),
    );
  }

  /** An open regular file (O_NOFOLLOW, checked against lstat) to stream; the caller closes it. */
  openRead(raw: unknown): Promise<{ handle: FileHandle; entry: FileEntry }> {
    return this.at(raw, 'path', async (loc) => {
      const entry = this.existing(loc);
      if (loc.name === null || !entry.isFile()) {
        throw new InvalidPathError('path', `"${loc.rel}" is not a regular file`);
      }
      const handle = await openHeld(loc.dir, loc.name, entry);
      return { handle, entry: toFileEntry(loc.rel, loc.name, await handle.stat()) };
    });
  }

  async download(raw: unknown): Promise<OpenedFile> {
    const { handle, entry } = await this.openRead(raw);
    return { stream: handle.createReadStream() as Readable, entry };
  }

  /** A directory to zip, held open until the walk ends (see local-archive.ts). */
  async walk(raw: unknown): Promise<TreeWalk & { release(): Promise<void> }> {
    const loc = await this.guard.locate(raw, 'path');
    try {
      const dir = loc.name === null ? loc.dir : await this.heldDirectory(loc);
      if (dir !== loc.dir) await loc.dir.close();
      const skipped: string[] = [];
      const name = loc.name ?? (this.guard.root.split('/').pop() || 'root');
      return { name, items: walkHeld(dir, '', skipped), skipped, release: () => dir.close() };
    } catch (error) {
      await loc.dir.close();
      throw fromErrno(error, 'path', loc.rel);
    }
  }

  /** Unpacks a zip of the root into `to`, all or nothing (zip-extract.ts, local-archive.ts). */
  extract(rawPath: unknown, rawTo: unknown): Promise<FileExtractResult> {
    return this.at(rawPath, 'path', async (archive) => {
      const entry = this.existing(archive);
      if (archive.name === null || !entry.isFile()) {
        throw new InvalidPathError('path', `"${archive.rel}" is not a regular file`);
      }
      const handle = await openHeld(archive.dir, archive.name, entry);
      try {
        return await this.at(rawTo, 'to', async (to) => {
          if (to.entry && !to.entry.isDirectory()) {
            throw new FileConflictError(`to: "${to.rel}" exists and is not a directory`);
          }
          const reader = new RangeReader((start, end) => rangeOf(handle, start, end));
          const outcome = await extractZip(
            { reader, size: entry.size },
            localExtractTarget(to.dir, to.name, to.entry),
          );
          return { to: to.rel, ...outcome };
        });
      } finally {
        await handle.close();
      }
    });
  }

  async close(): Promise<void> {
    // Nothing held between operations: each one releases its directories itself.
  }

  /**
   * Streams `body` to a temporary file beside the target, then gives it the target's name:
   * create-only (link, fails if anything appeared) without a version, atomic replace (rename)
   * of exactly the listed version with one. 409 when the file changed since it was listed.
   */
  upload(
    raw: unknown,
    body: Readable | AsyncIterable<Uint8Array>,
    options: UploadOptions,
  ): Promise<{ entry: FileEntry; replaced: boolean }> {
    return this.at(raw, 'path', async (loc) => {
      const name = this.named(loc, 'upload to the root itself');
      checkVersion(loc, loc.entry, options.version);
      const mode = loc.entry ? loc.entry.mode & 0o777 : 0o644;
      const temporary = await streamToTemporary(loc.dir, body, options.maxBytes, mode);
      if (options.version === undefined) {
        await publishCreateOnly(loc.dir, temporary.name, name);
      } else {
        try {
          // The body took a while: the file may have changed meanwhile.
          const now = await lstatOrNull(loc.dir.at(name));
          if (now?.isSymbolicLink())
            throw new PathRefusedError(`path: "${loc.rel}" is a symbolic link`);
          checkVersion(loc, now, options.version);
          await rename(loc.dir.at(temporary.name), loc.dir.at(name));
        } catch (error) {
          await unlink(loc.dir.at(temporary.name)).catch(() => undefined);
          throw error;
        }
      }
      const entry = toFileEntry(loc.rel, name, await lstat(loc.dir.at(name)));
      return { entry, replaced: options.version !== undefined };
    });
  }

  mkdir(raw: unknown): Promise<FileEntry> {
    return this.at(raw, 'path', async (loc) => {
      const name = this.named(loc, 'create the root itself');
      if (loc.entry) throw new FileConflictError(`path: "${loc.rel}" already exists`);
      await mkdir(loc.dir.at(name), 0o755);
      return toFileEntry(loc.rel, name, await lstat(loc.dir.at(name)));
    });
  }

  /** Renames or moves within the root; never replaces what is at `to` (409). */
  rename(rawFrom: unknown, rawTo: unknown): Promise<FileEntry> {
    return this.at(rawFrom, 'from', (from) =>
      this.at(rawTo, 'to', async (to) => {
        const fromName = this.named(from, 'move the root itself');
        const toName = this.named(to, 'replace the root');
        this.existing(from);
        if (to.entry) throw new FileConflictError(`to: "${to.rel}" already exists`);
        await rename(from.dir.at(fromName), to.dir.at(toName));
        return toFileEntry(to.rel, toName, await lstat(to.dir.at(toName)));
      }),
    );
  }

  /** Copies a file or a directory tree within the root; never replaces what is at `to`. */
  copy(rawFrom: unknown, rawTo: unknown): Promise<{ entry: FileEntry } & TreeOutcome> {
    return this.at(rawFrom, 'from', (from) =>
      this.at(rawTo, 'to', async (to) => {
        const fromName = this.named(from, 'copy the root itself');
        const toName = this.named(to, 'replace the root');
        const source = this.existing(from);
        if (to.entry) throw new FileConflictError(`to: "${to.rel}" already exists`);
        let outcome: TreeOutcome;
        if (source.isFile()) {
          const bytes = await copyHeldFile(from.dir, fromName, source, to.dir, toName);
          outcome = { files: 1, bytes, skipped: [] };
        } else if (source.isDirectory()) {
          const fromReal = join(from.dir.real, fromName);
          if (join(to.dir.real, toName).startsWith(`${fromReal}/`)) {
            throw new InvalidPathError('to', 'a directory cannot be copied into itself');
          }
          outcome = await copyHeldTree(from.dir, fromName, source, to.dir, toName);
        } else {
          throw new InvalidPathError('from', `"${from.rel}" is not a file or a directory`);
        }
        return { entry: toFileEntry(to.rel, toName, await lstat(to.dir.at(toName))), ...outcome };
      }),
    );
  }

  /** Deletes a file, an empty directory, or (recursive) a tree, never following a symlink. */
  remove(raw: unknown, recursive: boolean): Promise<{ type: FileEntryType; bytes: number }> {
    return this.at(raw, 'path', async (loc) => {
      const name = this.named(loc, 'delete the root');
      const entry = this.existing(loc);
      if (!entry.isDirectory()) {
        await unlink(loc.dir.at(name));
        return { type: entryTypeOf(entry), bytes: entry.isFile() ? entry.size : 0 };
      }
      if (!recursive) {
        await rmdir(loc.dir.at(name));
        return { type: 'directory', bytes: 0 };
      }
      const { bytes } = await removeHeldTree(loc.dir, name, entry);
      return { type: 'directory', bytes };
    });
  }

  chmod(raw: unknown, rawMode: unknown): Promise<FileEntry> {
    const mode = parseMode(rawMode);
    return this.at(raw, 'path', async (loc) => {
      const name = this.named(loc, 'change the root itself');
      const entry = this.existing(loc);
      // Opening a device or a FIFO may do something of its own: only files and directories.
      if (!entry.isFile() && !entry.isDirectory()) {
        throw new InvalidPathError('path', `"${loc.rel}" is not a file or a directory`);
      }
      const handle = await openHeld(loc.dir, name, entry);
      try {
        await handle.chmod(mode);
        return toFileEntry(loc.rel, name, await handle.stat());
      } finally {
        await handle.close();
      }
    });
  }

  /** Locates `raw`, runs `fn`, releases the held directory, maps system errors to ours. */
  private async at<T>(raw: unknown, field: string, fn: (loc: Located) => Promise<T>): Promise<T> {
    const loc = await this.guard.locate(raw, field);
    try {
      return await fn(loc);
    } catch (error) {
      throw fromErrno(error, field, loc.rel);
    } finally {
      await loc.dir.close();
    }
  }

  private existing(loc: Located): Stats {
    if (!loc.entry) throw new PathNotFoundError(`${loc.field}: "${loc.rel}" does not exist`);
    return loc.entry;
  }

  private named(loc: Located, what: string): string {
    if (loc.name === null) throw new InvalidPathError(loc.field, `cannot ${what}`);
    return loc.name;
  }

  private async heldDirectory(loc: Located): Promise<DirHandle> {
    const entry = this.existing(loc);
    if (!entry.isDirectory() || loc.name === null) {
      throw new InvalidPathError(loc.field, `"${loc.rel}" is not a directory`);
    }
    return openHeldDir(loc.dir, loc.name, entry);
  }
}

/**
 * Bytes `start` to `end` (exclusive) of an open file. Not FileHandle.createReadStream: a stream
 * of it that is destroyed closes the handle even with autoClose: false, and yauzl reads several
 * ranges of the same handle.
 */
function rangeOf(handle: FileHandle, start: number, end: number): Readable {
  let position = start;
  return new Readable({
    highWaterMark: 64 * 1024,
    read(size) {
      const length = Math.min(size, end - position);
      if (length <= 0) return void this.push(null);
      handle.read(Buffer.allocUnsafe(length), 0, length, position).then(
        ({ bytesRead, buffer }) => {
          position += bytesRead;
          this.push(bytesRead === 0 ? null : buffer.subarray(0, bytesRead));
        },
        (error: Error) => this.destroy(error),
      );
    },
  });
}

/** Create-only without a version; with one, exactly that version of a regular file. */
function checkVersion(loc: Located, entry: Stats | null, version: string | undefined): void {
  if (version === undefined) {
    if (entry) {
      throw new FileConflictError(
        `path: "${loc.rel}" already exists (send its version to replace it)`,
      );
    }
    return;
  }
  if (!entry) throw new FileConflictError(`path: "${loc.rel}" no longer exists`);
  if (!entry.isFile()) throw new FileConflictError(`path: "${loc.rel}" is not a regular file`);
  if (versionOf(entry) !== version) {
    throw new FileConflictError(`path: "${loc.rel}" changed since it was listed`);
  }
}
