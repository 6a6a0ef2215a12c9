import type { ActorType, Permission } from '@hyperion/contracts';

/** Who is calling: set on the request by the auth guard, passed to services as `actor`. */
export interface Actor {
  type: Exclude<ActorType, 'anonymous'>;
  /** User id, API key id, or "system". */
  id: string;
  /** Username, API key name, or "system". */
  name: string;
  permissions: readonly Permission[];
}

export const SYSTEM_ACTOR: Actor = {
  type: 'system',
  id: 'system',
  name: 'system',
  permissions: [],
};

/** Where a request came from, for the audit log. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  correlationId: string | null;
}
