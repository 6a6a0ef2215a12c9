import type { Permission } from './permissions';

/** A ssh host of the active organisation, as the API returns it. */
export interface SshHostSummary {
  id: string;
  name: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** ISO 8601, UTC. */
  updatedAt: string;
}

export interface CreateSshHostRequest {
  name: string;
}

/** Only the fields given change. */
export interface UpdateSshHostRequest {
  name?: string;
}

/** Validation rules of ssh hosts: the API's DTOs and the console's forms both use these. */
export const SSH_HOST_RULES = {
  nameMaxLength: 128,
  /** One line, without leading or trailing spaces. */
  namePattern: /^\S(?:.*\S)?$/,
  nameHint: '1 to 128 characters on one line, without leading or trailing spaces',
} as const;

/** What reading and changing ssh hosts requires (the API's routes and the console's module). */
export const SSH_HOST_PERMISSIONS = {
  read: 'ssh:exec',
  write: 'ssh:admin',
} as const satisfies Record<'read' | 'write', Permission>;

export const SSH_HOST_ROUTES = {
  /** GET: every ssh host of the active organisation; POST: a new one. */
  collection: '/api/v1/ssh-hosts',
  /** GET, PATCH, DELETE: one ssh host. */
  item: (id: string) => `/api/v1/ssh-hosts/${encodeURIComponent(id)}`,
} as const;
