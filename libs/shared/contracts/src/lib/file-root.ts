import type { Permission } from './permissions';

/**
 * Where a root's files live: `local`, a directory on the Hyperion host (inside
 * FILES_ALLOWED_ROOTS); `sftp`, a directory on an SSH host of the organisation, reached over SFTP
 * through the same host record, credentials, jump hosts and host-key rules as its terminal.
 */
export const FILE_ROOT_KINDS = ['local', 'sftp'] as const;
export type FileRootKind = (typeof FILE_ROOT_KINDS)[number];

/** A file root of the active organisation, as the API returns it. */
export interface FileRootSummary {
  id: string;
  name: string;
  kind: FileRootKind;
  /** Absolute, resolved (no symlink in it) when the root was declared. */
  path: string;
  /** The SSH host of an `sftp` root; null for `local`. */
  sshHostId: string | null;
  /** Largest upload accepted in this root, bytes; null: the instance's FILES_MAX_UPLOAD_BYTES. */
  maxUploadBytes: number | null;
  /** Every write (upload, mkdir, rename, copy, delete, chmod) is refused with 403. */
  readOnly: boolean;
  /** Role names that see the root; empty: every role holding `files:read`. */
  allowedRoles: string[];
  /** ISO 8601, UTC. */
  createdAt: string;
  /** ISO 8601, UTC. */
  updatedAt: string;
}

export interface CreateFileRootRequest {
  name: string;
  kind: FileRootKind;
  path: string;
  /** Required for `sftp`, refused for `local`. */
  sshHostId?: string;
  /** At most FILES_MAX_UPLOAD_BYTES. */
  maxUploadBytes?: number;
  readOnly?: boolean;
  allowedRoles?: string[];
}

/** Only the fields given change. The kind (and SSH host) of a root never changes. */
export interface UpdateFileRootRequest {
  name?: string;
  path?: string;
  maxUploadBytes?: number;
  readOnly?: boolean;
  allowedRoles?: string[];
  /** `maxUploadBytes`: back to the instance's limit. */
  clear?: 'maxUploadBytes'[];
}

/** Validation rules of file roots: the API's DTOs and the console's forms both use these. */
export const FILE_ROOT_RULES = {
  nameMaxLength: 128,
  /** One line, without leading or trailing spaces. */
  namePattern: /^\S(?:.*\S)?$/,
  nameHint: '1 to 128 characters on one line, without leading or trailing spaces',
  pathMaxLength: 1024,
  /** Absolute, no NUL; the API resolves it and requires an existing directory. */
  pathPattern: /^\/[^\0]*$/,
  pathHint: 'an absolute path of an existing directory (at most 1024 characters)',
  allowedRolesMax: 32,
  roleNameMaxLength: 64,
} as const;

/** What reading and changing file roots requires (the API's routes and the console's module). */
export const FILE_ROOT_PERMISSIONS = {
  read: 'files:read',
  write: 'files:admin',
} as const satisfies Record<'read' | 'write', Permission>;

export const FILE_ROOT_ROUTES = {
  /** GET: the file roots of the active organisation the caller's role sees; POST: a new one. */
  collection: '/api/v1/files/roots',
  /** GET, PATCH, DELETE: one file root. */
  item: (id: string) => `/api/v1/files/roots/${encodeURIComponent(id)}`,
} as const;
