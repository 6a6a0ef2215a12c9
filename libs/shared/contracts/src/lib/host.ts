import type { Permission } from './permissions';

/** A host of the active organisation, as the API returns it. */
export interface HostSummary {
  id: string;
  name: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** ISO 8601, UTC. */
  updatedAt: string;
}

export interface CreateHostRequest {
  name: string;
}

/** Only the fields given change. */
export interface UpdateHostRequest {
  name?: string;
}

/** Validation rules of hosts: the API's DTOs and the console's forms both use these. */
export const HOST_RULES = {
  nameMaxLength: 128,
  /** One line, without leading or trailing spaces. */
  namePattern: /^\S(?:.*\S)?$/,
  nameHint: '1 to 128 characters on one line, without leading or trailing spaces',
} as const;

/** What reading and changing hosts requires (the API's routes and the console's module). */
export const HOST_PERMISSIONS = {
  read: 'monitoring:read',
  write: 'monitoring:control',
} as const satisfies Record<'read' | 'write', Permission>;

export const HOST_ROUTES = {
  /** GET: every host of the active organisation; POST: a new one. */
  collection: '/api/v1/hosts',
  /** GET, PATCH, DELETE: one host. */
  item: (id: string) => `/api/v1/hosts/${encodeURIComponent(id)}`,
} as const;
