import type { Actor, RequestWithActor } from '@hyperion/api/core';

export type AuthenticatedRequest = RequestWithActor & { sessionFamilyId?: string | null };

/** Who a credential belongs to, as the guard and the socket handshake see it. */
export interface Principal {
  actor: Actor;
  mustChangePassword: boolean;
  /** Refresh-token family of a user session; null for API keys. */
  sessionFamilyId: string | null;
}
