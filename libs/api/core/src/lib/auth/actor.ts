import type { ActorType, AnyPermission } from '@hyperion/contracts';

/** Who is calling: set by the auth guard (HTTP) or the handshake (Socket.IO), carried in the request context. */
export interface Actor {
  type: Exclude<ActorType, 'anonymous'>;
  /** User id, API key id, or "system". */
  id: string;
  /** Username, API key name, or "system". */
  name: string;
  /** In `organizationId`, plus instance-level ones (`platform:admin`) for users holding them. */
  permissions: readonly AnyPermission[];
  /** The organisation the caller acts in; null for instance-level work (system, a platform admin without membership). */
  organizationId: string | null;
  /** Refresh-token family of a user session; null for API keys and the system. */
  sessionId: string | null;
}

export const SYSTEM_ACTOR: Actor = {
  type: 'system',
  id: 'system',
  name: 'system',
  permissions: [],
  organizationId: null,
  sessionId: null,
};

/** Where a request came from, for the audit log. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  correlationId: string | null;
}
