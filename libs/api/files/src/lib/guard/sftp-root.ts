import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

import type { FileEntry, FileEntryType, FileExtractResult, FileListing } from '@hyperion/contracts';
import type { Stats } from 'ssh2';

import {
  entryTypeOf,
  type FileBackend,
  type OpenedFile,
  type TreeItem,
  type TreeWalk,
  type UploadOptions,
} from './file-backend';
import {
  FileConflictError,
  FileTooLargeError,
  InvalidPathError,
  PathNotFoundError,
  PathRefusedError,
} from './file-errors';
import { MAX_TREE_DEPTH, TreeOutcome } from './held-files';
import { parseMode } from './local-root';
import { SftpGuard, SftpLocated, sftpVersionOf } from './sftp-guard';
import { fromSftp, SftpSession } from './sftp-session';
import { ExtractSink, ExtractTarget, extractZip, RangeReader } from './zip-extract';

export function toSftpEntry(rel: string, name: string, s: Stats): FileEntry {
  return {
    path: rel,
    name,
    type: entryTypeOf(s),
    size: s.size,
    mtime: new Date(s.mtime * 1000).toISOString(),
    mode: (s.mode & 0o7777).toString(8).padStart(4, '0'),
    version: sftpVersionOf(s),
  };
}

/** Writes of an upload sent before the first one is answered. */
const WRITES_IN_FLIGHT = 16;

const temporaryName = (what: string) => `.hyperion-${what}-${randomBytes(8).toString('hex')}`;

/**
 * The file operations of a root on an SSH host, over one SFTP session (one connection per
 * operation, closed by `close`). Each starts with `guard.locate` (sftp-guard.ts) and uses only
 * the resolved paths it returns.
 */
export class SftpRoot implements FileBackend {
  private readonly s: SftpSession;

  constructor(readonly guard: SftpGuard) {
    this.s = guard.session;
  }

  list(raw: unknown): Promise<FileListing> {
    return this.at(raw, 'path', async (loc) => {
      const dir = this.directory(loc);
      const rows = await this.s.readdir(dir);
      await this.guard.stillThere(dir, 'path', loc.rel);
      const entries = rows
        .filter((r) => r.filename !== '.' && r.filename !== '..')
        .map((r) =>
          toSftpEntry(loc.rel ? `${loc.rel}/${r.filename}` : r.filename, r.filename, r.attrs),
        )
        .sort(
          (a, b) =>
            Number(b.type === 'directory') - Number(a.type === 'directory') ||
            a.name.localeCompare(b.name),
        );
      return { path: loc.rel, entries };
    });
  }

  stat(raw: unknown): Promise<FileEntry> {
    return this.at(raw, 'path', async (loc) =>
      toSftpEntry(loc.rel, loc.name ?? '', this.existing(loc)),
    );
  }

  /** The file's bytes; the session (connection) ends with the stream. */
  download(raw: unknown): Promise<OpenedFile> {
    return this.at(raw, 'path', async (loc) => {
      const entry = this.existing(loc);
      if (loc.name === null || !entry.isFile()) {
        throw new InvalidPathError('path', `"${loc.rel}" is not a regular file`);
      }
      const handle = await this.guard.openChecked(loc.path, entry, 'path', loc.rel);
      const stream = this.s.readStream(handle, 0, entry.size, () => {
        void this.s
          .closeHandle(handle)
          .catch(() => undefined)
          .finally(() => this.close());
      });
      return { stream, entry: toSftpEntry(loc.rel, loc.name, entry) };
    });
  }

  /**
   * Streams `body` to a new temporary file (exclusive create) beside the target, re-checks the
   * directory, then publishes it: create-only with the protocol's rename (never replaces), or
   * atomic replace (posix-rename) of exactly the listed version.
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
      const temporary = this.guard.join(loc.parent, temporaryName('upload'));
      await this.writeNew(temporary, body, options.maxBytes, mode);
      try {
        await this.guard.stillThere(loc.parent, 'path', loc.rel);
        if (options.version === undefined) {
          await this.s.renameNoReplace(temporary, loc.path);
        } else {
          const now = await this.s.lstatOrNull(loc.path);
          if (now?.isSymbolicLink())
            throw new PathRefusedError(`path: "${loc.rel}" is a symbolic link`);
          checkVersion(loc, now, options.version);
          await this.s.renameReplace(temporary, loc.path);
        }
      } catch (error) {
        await this.s.unlink(temporary).catch(() => undefined);
        throw error;
      }
      const entry = toSftpEntry(loc.rel, name, await this.s.lstat(loc.path));
      return { entry, replaced: options.version !== undefined };
    });
  }

  mkdir(raw: unknown): Promise<FileEntry> {
    return this.at(raw, 'path', async (loc) => {
      const name = this.named(loc, 'create the root itself');
      if (loc.entry) throw new FileConflictError(`path: "${loc.rel}" already exists`);
      await this.s.mkdir(loc.path, 0o755);
      return toSftpEntry(loc.rel, name, await this.s.lstat(loc.path));
    });
  }

  rename(rawFrom: unknown, rawTo: unknown): Promise<FileEntry> {
    return this.at(rawFrom, 'from', (from) =>
      this.at(rawTo, 'to', async (to) => {
        this.named(from, 'move the root itself');
        const toName = this.named(to, 'replace the root');
        this.existing(from);
        if (to.entry) throw new FileConflictError(`to: "${to.rel}" already exists`);
        if (to.path.startsWith(`${from.path}/`)) {
          throw new InvalidPathError('to', 'a directory cannot be moved into itself');
        }
        await this.s.renameNoReplace(from.path, to.path);
        return toSftpEntry(to.rel, toName, await this.s.lstat(to.path));
      }),
    );
  }

  copy(rawFrom: unknown, rawTo: unknown): Promise<{ entry: FileEntry } & TreeOutcome> {
    return this.at(rawFrom, 'from', (from) =>
      this.at(rawTo, 'to', async (to) => {
        this.named(from, 'copy the root itself');
        const toName = this.named(to, 'replace the root');
        const source = this.existing(from);
        if (to.entry) throw new FileConflictError(`to: "${to.rel}" already exists`);
        const outcome: TreeOutcome = { files: 0, bytes: 0, skipped: [] };
        if (source.isFile()) {
          outcome.bytes = await this.copyFile(from.path, source, to.parent, toName, from.rel);
          outcome.files = 1;
        } else if (source.isDirectory()) {
          if (to.path.startsWith(`${from.path}/`)) {
            throw new InvalidPathError('to', 'a directory cannot be copied into itself');
          }
          await this.copyTree(from.path, source, to.path, '', outcome, 0);
        } else {
          throw new InvalidPathError('from', `"${from.rel}" is not a file or a directory`);
        }
        return { entry: toSftpEntry(to.rel, toName, await this.s.lstat(to.path)), ...outcome };
      }),
    );
  }

  remove(raw: unknown, recursive: boolean): Promise<{ type: FileEntryType; bytes: number }> {
    return this.at(raw, 'path', async (loc) => {
      this.named(loc, 'delete the root');
      const entry = this.existing(loc);
      if (!entry.isDirectory()) {
        await this.s.unlink(loc.path);
        return { type: entryTypeOf(entry), bytes: entry.isFile() ? entry.size : 0 };
      }
      if (!recursive) {
        await this.s.rmdir(loc.path);
        return { type: 'directory', bytes: 0 };
      }
      const outcome = { files: 0, bytes: 0 };
      await this.removeTree(loc.path, outcome, 0);
      return { type: 'directory', bytes: outcome.bytes };
    });
  }

  chmod(raw: unknown, rawMode: unknown): Promise<FileEntry> {
    const mode = parseMode(rawMode);
    return this.at(raw, 'path', async (loc) => {
      const name = this.named(loc, 'change the root itself');
      const entry = this.existing(loc);
      if (entry.isFile()) {
        // Through a checked handle: fsetstat never follows a symlink swapped in.
        const handle = await this.guard.openChecked(loc.path, entry, 'path', loc.rel);
        try {
          await this.s.fchmod(handle, mode);
        } finally {
          await this.s.closeHandle(handle).catch(() => undefined);
        }
      } else if (entry.isDirectory()) {
        await this.guard.stillThere(loc.path, 'path', loc.rel);
        await this.s.setstat(loc.path, { mode });
      } else {
        throw new InvalidPathError('path', `"${loc.rel}" is not a file or a directory`);
      }
      return toSftpEntry(loc.rel, name, await this.s.lstat(loc.path));
    });
  }

  async walk(raw: unknown): Promise<TreeWalk & { release(): Promise<void> }> {
    const loc = await this.guard.locate(raw, 'path').catch(async (error: unknown) => {
      await this.close();
      throw error;
    });
    try {
      const dir = this.directory(loc);
      const skipped: string[] = [];
      const name = loc.name ?? (this.guard.root.split('/').pop() || 'root');
      return {
        name,
        items: this.walkTree(dir, '', skipped, 0),
        skipped,
        release: () => this.close(),
      };
    } catch (error) {
      await this.close();
      throw fromSftp(error, 'path', loc.rel);
    }
  }

  extract(rawPath: unknown, rawTo: unknown): Promise<FileExtractResult> {
    return this.at(rawPath, 'path', async (archive) => {
      const entry = this.existing(archive);
      if (archive.name === null || !entry.isFile()) {
        throw new InvalidPathError('path', `"${archive.rel}" is not a regular file`);
      }
      const handle = await this.guard.openChecked(archive.path, entry, 'path', archive.rel);
      try {
        return await this.at(rawTo, 'to', async (to) => {
          if (to.entry && !to.entry.isDirectory()) {
            throw new FileConflictError(`to: "${to.rel}" exists and is not a directory`);
          }
          const reader = new RangeReader((start, end) => this.s.readStream(handle, start, end));
          const outcome = await extractZip({ reader, size: entry.size }, this.extractTarget(to));
          return { to: to.rel, ...outcome };
        });
      } finally {
        await this.s.closeHandle(handle).catch(() => undefined);
      }
    });
  }

  close(): Promise<void> {
    return this.s.close();
  }

  // --- below: resolved paths only, each directory re-checked before it is read or entered ---

  private async *walkTree(
    dir: string,
    prefix: string,
    skipped: string[],
    depth: number,
  ): AsyncGenerator<TreeItem> {
    if (depth > MAX_TREE_DEPTH) throw new PathRefusedError('The tree is too deep to archive');
    await this.guard.stillThere(dir, 'path', prefix);
    const rows = (await this.s.readdir(dir)).sort((a, b) => (a.filename < b.filename ? -1 : 1));
    for (const { filename, attrs } of rows) {
      if (filename === '.' || filename === '..') continue;
      const rel = prefix ? `${prefix}/${filename}` : filename;
      const path = this.guard.join(dir, filename);
      const base = {
        rel,
        mode: attrs.mode & 0o777,
        mtime: new Date(attrs.mtime * 1000),
        size: attrs.size,
      };
      if (attrs.isDirectory()) {
        yield { ...base, type: 'directory' };
        yield* this.walkTree(path, rel, skipped, depth + 1);
      } else if (attrs.isFile()) {
        yield {
          ...base,
          type: 'file',
          open: async () => {
            const handle = await this.guard.openChecked(path, attrs, 'path', rel);
            return this.s.readStream(handle, 0, attrs.size, () => {
              void this.s.closeHandle(handle).catch(() => undefined);
            });
          },
        };
      } else {
        skipped.push(rel);
      }
    }
  }

  /** A new file at `path` (exclusive create) from `body`, at most `maxBytes`; removed on failure. */
  private async writeNew(
    path: string,
    body: Readable | AsyncIterable<Uint8Array>,
    maxBytes: number,
    mode: number,
  ): Promise<number> {
    const handle = await this.s.open(path, 'wx', mode);
    let size = 0;
    // A few writes in flight (each a round trip): bounded memory, and no stall per chunk.
    const inflight: Promise<void>[] = [];
    let failure: unknown = null;
    try {
      for await (const chunk of body as AsyncIterable<Uint8Array>) {
        size += chunk.length;
        if (size > maxBytes) {
          throw new FileTooLargeError(`The file is larger than the limit of ${maxBytes} bytes`);
        }
        const data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
        inflight.push(
          this.s.write(handle, data, size - chunk.length).catch((error: unknown) => {
            failure ??= error;
          }),
        );
        if (inflight.length >= WRITES_IN_FLIGHT) await inflight.shift();
        if (failure) throw failure;
      }
      await Promise.all(inflight);
      if (failure) throw failure;
      await this.s.fsync(handle);
      await this.s.fchmod(handle, mode);
      await this.s.closeHandle(handle);
      return size;
    } catch (error) {
      await this.s.closeHandle(handle).catch(() => undefined);
      await this.s.unlink(path).catch(() => undefined);
      throw error;
    }
  }

  private async copyFile(
    fromPath: string,
    expected: Stats,
    toDir: string,
    toName: string,
    rel: string,
  ): Promise<number> {
    const handle = await this.guard.openChecked(fromPath, expected, 'from', rel);
    try {
      const temporary = this.guard.join(toDir, temporaryName('upload'));
      const size = await this.writeNew(
        temporary,
        this.s.readStream(handle, 0, expected.size),
        Number.MAX_SAFE_INTEGER,
        expected.mode & 0o777,
      );
      try {
        await this.guard.stillThere(toDir, 'to', rel);
        await this.s.renameNoReplace(temporary, this.guard.join(toDir, toName));
      } catch (error) {
        await this.s.unlink(temporary).catch(() => undefined);
        throw error;
      }
      return size;
    } finally {
      await this.s.closeHandle(handle).catch(() => undefined);
    }
  }

  private async copyTree(
    from: string,
    expected: Stats,
    to: string,
    prefix: string,
    outcome: TreeOutcome,
    depth: number,
  ): Promise<void> {
    if (depth > MAX_TREE_DEPTH) throw new PathRefusedError('The tree is too deep to copy');
    await this.guard.stillThere(from, 'from', prefix);
    await this.s.mkdir(to, expected.mode & 0o777);
    await this.guard.stillThere(to, 'to', prefix);
    for (const { filename, attrs } of await this.s.readdir(from)) {
      if (filename === '.' || filename === '..') continue;
      const rel = prefix ? `${prefix}/${filename}` : filename;
      const source = this.guard.join(from, filename);
      if (attrs.isDirectory()) {
        await this.copyTree(source, attrs, this.guard.join(to, filename), rel, outcome, depth + 1);
      } else if (attrs.isFile()) {
        outcome.bytes += await this.copyFile(source, attrs, to, filename, rel);
        outcome.files += 1;
      } else {
        outcome.skipped.push(rel);
      }
    }
  }

  /** Deletes a tree; a symlink inside is removed as a link, a directory re-checked before it is read. */
  private async removeTree(dir: string, outcome: { files: number; bytes: number }, depth: number) {
    if (depth > MAX_TREE_DEPTH) throw new PathRefusedError('The tree is too deep to delete');
    await this.guard.stillThere(dir, 'path', dir.slice(this.guard.root.length + 1));
    for (const { filename, attrs } of await this.s.readdir(dir)) {
      if (filename === '.' || filename === '..') continue;
      const path = this.guard.join(dir, filename);
      if (attrs.isDirectory()) {
        await this.removeTree(path, outcome, depth + 1);
      } else {
        await this.s.unlink(path);
        outcome.files += 1;
        if (attrs.isFile()) outcome.bytes += attrs.size;
      }
    }
    await this.s.rmdir(dir);
  }

  private extractTarget(to: SftpLocated): ExtractTarget {
    const destination = to.name === null ? to.path : to.entry ? to.path : null;
    const s = this.s;
    const guard = this.guard;
    return {
      async exists(top) {
        if (!destination) return false;
        return (await s.lstatOrNull(guard.join(destination, top))) !== null;
      },
      begin: async (): Promise<ExtractSink> => {
        // Beside the destination (inside the root itself when extracting into the root).
        const parent = to.name === null ? to.path : to.parent;
        const temp = guard.join(parent, temporaryName('extract'));
        await s.mkdir(temp, 0o700);
        const at = (segments: string[]) => [temp, ...segments].join('/');
        return {
          mkdir: (segments, mode) => s.mkdir(at(segments), mode),
          writeFile: async (segments, data, mode) => {
            await this.writeNew(at(segments), data, Number.MAX_SAFE_INTEGER, mode);
          },
          commit: async (tops) => {
            await guard.stillThere(parent, 'to', to.rel);
            if (!destination) {
              await s.renameNoReplace(temp, to.path);
              return;
            }
            await guard.stillThere(destination, 'to', to.rel);
            for (const top of tops)
              await s.renameNoReplace(at([top]), guard.join(destination, top));
            await s.rmdir(temp);
          },
          abort: async () => {
            if (await s.lstatOrNull(temp)) await this.removeTree(temp, { files: 0, bytes: 0 }, 0);
          },
        };
      },
    };
  }

  private async at<T>(
    raw: unknown,
    field: string,
    fn: (loc: SftpLocated) => Promise<T>,
  ): Promise<T> {
    const loc = await this.guard.locate(raw, field);
    try {
      return await fn(loc);
    } catch (error) {
      throw fromSftp(error, field, loc.rel);
    }
  }

  private directory(loc: SftpLocated): string {
    const entry = this.existing(loc);
    if (!entry.isDirectory())
      throw new InvalidPathError(loc.field, `"${loc.rel}" is not a directory`);
    return loc.path;
  }

  private existing(loc: SftpLocated): Stats {
    if (!loc.entry) throw new PathNotFoundError(`${loc.field}: "${loc.rel}" does not exist`);
    return loc.entry;
  }

  private named(loc: SftpLocated, what: string): string {
    if (loc.name === null) throw new InvalidPathError(loc.field, `cannot ${what}`);
    return loc.name;
  }
}

function checkVersion(loc: SftpLocated, entry: Stats | null, version: string | undefined): void {
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
  if (sftpVersionOf(entry) !== version) {
    throw new FileConflictError(`path: "${loc.rel}" changed since it was listed`);
  }
}
