import type { Permission } from './permissions';

/** A status page of the active organisation, as the API returns it. */
export interface StatusPageSummary {
  id: string;
  name: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** ISO 8601, UTC. */
  updatedAt: string;
}

export interface CreateStatusPageRequest {
  name: string;
}

/** Only the fields given change. */
export interface UpdateStatusPageRequest {
  name?: string;
}

/** Validation rules of status pages: the API's DTOs and the console's forms both use these. */
export const STATUS_PAGE_RULES = {
  nameMaxLength: 128,
  /** One line, without leading or trailing spaces. */
  namePattern: /^\S(?:.*\S)?$/,
  nameHint: '1 to 128 characters on one line, without leading or trailing spaces',
} as const;

/** What reading and changing status pages requires (the API's routes and the console's module). */
export const STATUS_PAGE_PERMISSIONS = {
  read: 'monitoring:read',
  write: 'monitoring:control',
} as const satisfies Record<'read' | 'write', Permission>;

export const STATUS_PAGE_ROUTES = {
  /** GET: every status page of the active organisation; POST: a new one. */
  collection: '/api/v1/status-pages',
  /** GET, PATCH, DELETE: one status page. */
  item: (id: string) => `/api/v1/status-pages/${encodeURIComponent(id)}`,
} as const;
