import type { Readable } from 'node:stream';

import type { FileEntry, FileEntryType, FileExtractResult, FileListing } from '@hyperion/contracts';

import type { TreeOutcome } from './held-files';

/** What a stat answers, locally (`fs.Stats`) or over SFTP (ssh2's `Stats`). */
interface StatKind {
  isSymbolicLink(): boolean;
  isDirectory(): boolean;
  isFile(): boolean;
}

/** The entry type of a stat (not followed: a symlink is a symlink), for both kinds of root. */
export const entryTypeOf = (s: StatKind): FileEntryType =>
  s.isSymbolicLink() ? 'symlink' : s.isDirectory() ? 'directory' : s.isFile() ? 'file' : 'other';

export interface UploadOptions {
  /** The version the client listed: replace only that. Undefined: create only. */
  version?: string;
  maxBytes: number;
}

/** An open file being read out; `close` releases it (and its connection) if not read to the end. */
export interface OpenedFile {
  stream: Readable;
  entry: FileEntry;
}

/** One entry of a directory being archived, relative to that directory. */
export interface TreeItem {
  rel: string;
  type: 'file' | 'directory';
  mode: number;
  mtime: Date;
  size: number;
  /** The file's bytes, opened through the guard only when the zip reaches it. */
  open?: () => Promise<Readable>;
}

/** A directory walked for an archive: items in order; symlinks and special files in `skipped`. */
export interface TreeWalk {
  name: string;
  items: AsyncIterable<TreeItem>;
  skipped: string[];
}

/**
 * The file operations of one root, whatever holds its files (this host, an SSH host over
 * SFTP). Every method takes the client's raw path and resolves it through the root's guard
 * first: no operation of the file manager exists outside an implementation of this interface.
 */
export interface FileBackend {
  list(raw: unknown): Promise<FileListing>;
  stat(raw: unknown): Promise<FileEntry>;
  /** An open regular file to stream; the caller ends or destroys the stream. */
  download(raw: unknown): Promise<OpenedFile>;
  upload(
    raw: unknown,
    body: Readable | AsyncIterable<Uint8Array>,
    options: UploadOptions,
  ): Promise<{ entry: FileEntry; replaced: boolean }>;
  mkdir(raw: unknown): Promise<FileEntry>;
  rename(rawFrom: unknown, rawTo: unknown): Promise<FileEntry>;
  copy(rawFrom: unknown, rawTo: unknown): Promise<{ entry: FileEntry } & TreeOutcome>;
  remove(raw: unknown, recursive: boolean): Promise<{ type: FileEntryType; bytes: number }>;
  chmod(raw: unknown, rawMode: unknown): Promise<FileEntry>;
  /**
   * Walks a directory for a zip download. The walk holds what it opened until `items` is
   * iterated to the end or `release` runs.
   */
  walk(raw: unknown): Promise<TreeWalk & { release(): Promise<void> }>;
  /** Unpacks a zip of the root into a directory of the root, all or nothing (zip-extract.ts). */
  extract(rawPath: unknown, rawTo: unknown): Promise<FileExtractResult>;
  /** Ends what the backend holds (an SSH connection); idempotent. */
  close(): Promise<void>;
}
