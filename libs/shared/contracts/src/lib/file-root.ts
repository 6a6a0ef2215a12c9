import type { Permission } from './permissions';

/** A file root of the active organisation, as the API returns it. */
export interface FileRootSummary {
  id: string;
  name: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** ISO 8601, UTC. */
  updatedAt: string;
}

export interface CreateFileRootRequest {
  name: string;
}

/** Only the fields given change. */
export interface UpdateFileRootRequest {
  name?: string;
}

/** Validation rules of file roots: the API's DTOs and the console's forms both use these. */
export const FILE_ROOT_RULES = {
  nameMaxLength: 128,
  /** One line, without leading or trailing spaces. */
  namePattern: /^\S(?:.*\S)?$/,
  nameHint: '1 to 128 characters on one line, without leading or trailing spaces',
} as const;

/** What reading and changing file roots requires (the API's routes and the console's module). */
export const FILE_ROOT_PERMISSIONS = {
  read: 'files:read',
  write: 'files:admin',
} as const satisfies Record<'read' | 'write', Permission>;

export const FILE_ROOT_ROUTES = {
  /** GET: every file root of the active organisation; POST: a new one. */
  collection: '/api/v1/file-roots',
  /** GET, PATCH, DELETE: one file root. */
  item: (id: string) => `/api/v1/file-roots/${encodeURIComponent(id)}`,
} as const;
