import type { Permission } from './permissions';

/** What a directory entry is. A symlink is listed, but every operation on it is refused. */
export type FileEntryType = 'file' | 'directory' | 'symlink' | 'other';

/** One entry of a file root, as `list` and `stat` return it. */
export interface FileEntry {
  /** Relative to the root, POSIX, without a leading slash ('' is the root itself). */
  path: string;
  name: string;
  type: FileEntryType;
  size: number;
  /** ISO 8601, UTC. */
  mtime: string;
  /** Permission bits as an octal string, e.g. "0644". */
  mode: string;
  /**
   * Changes whenever the entry's content is replaced: send it back as `If-Match` (or `version`)
   * with an upload, which is refused with 409 if the file changed since it was listed.
   */
  version: string;
}

export interface FileListing {
  path: string;
  entries: FileEntry[];
}

export interface FilePathRequest {
  path: string;
}

export interface FileMoveRequest {
  from: string;
  to: string;
}

export interface FileChmodRequest {
  path: string;
  /** Octal permission bits, "644" or "0755" (at most 0777). */
  mode: string;
}

/** `POST FILE_ROUTES.extract`: unpacks a zip archive of the root into a directory of the root. */
export interface FileExtractRequest {
  /** The archive (a `.zip` file). */
  path: string;
  /** The directory to extract into; created if missing, must not exist as a file. */
  to: string;
}

/**
 * What an extraction did. It is all or nothing: an entry escaping the directory (`../`, an
 * absolute path — zip-slip), a symlink entry, or an entry that exists already refuses the whole
 * archive (400 / 409 naming the entry) before anything is written.
 */
export interface FileExtractResult {
  to: string;
  files: number;
  directories: number;
  bytes: number;
}

/** Validation rules of paths inside a root (the API's guard and the console's forms). */
export const FILE_RULES = {
  pathMaxLength: 4096,
  /** Three or four octal digits; the API also refuses anything above 0777 (no setuid/setgid). */
  modePattern: /^[0-7]{3,4}$/,
  modeHint: 'octal permission bits such as 644 or 0755, at most 0777',
  /** Extraction limits: entries, and bytes once uncompressed (a zip bomb stops there). */
  extractEntriesMax: 10_000,
  extractBytesMax: 2 * 1024 * 1024 * 1024,
} as const;

/** Permissions of the file operations inside a root (managing roots needs `files:admin`). */
export const FILE_PERMISSIONS = {
  read: 'files:read',
  write: 'files:write',
} as const satisfies Record<'read' | 'write', Permission>;

const base = (rootId: string) => `/api/v1/files/roots/${encodeURIComponent(rootId)}`;

/** Operations inside one root; `path` (and `recursive`, `version`) go in the query string. */
export const FILE_ROUTES = {
  /** GET `?path=`: a directory's entries; DELETE `?path=&recursive=`: a file or directory. */
  entries: (rootId: string) => `${base(rootId)}/entries`,
  /** GET `?path=`: one entry. */
  stat: (rootId: string) => `${base(rootId)}/stat`,
  /**
   * GET `?path=`: the file's bytes (streamed, as an attachment). PUT `?path=&version=` with
   * `Content-Type: application/octet-stream`: upload (create-only without a version).
   */
  content: (rootId: string) => `${base(rootId)}/content`,
  /** POST { path } */
  mkdir: (rootId: string) => `${base(rootId)}/mkdir`,
  /** POST { from, to }: rename or move within the root; never overwrites. */
  rename: (rootId: string) => `${base(rootId)}/rename`,
  /** POST { from, to }: copy a file or a directory within the root; never overwrites. */
  copy: (rootId: string) => `${base(rootId)}/copy`,
  /** POST { path, mode } */
  chmod: (rootId: string) => `${base(rootId)}/chmod`,
  /** GET `?path=`: a directory as a zip (streamed); symlinks and special files are left out. */
  archive: (rootId: string) => `${base(rootId)}/archive`,
  /** POST FileExtractRequest → FileExtractResult. */
  extract: (rootId: string) => `${base(rootId)}/extract`,
} as const;
