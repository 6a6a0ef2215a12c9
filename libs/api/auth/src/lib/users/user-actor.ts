import type { Actor } from '@hyperion/api/core';

import { UserEntity } from '../entities/user.entity';

/** The user as the actor of what it does before its permissions are known (sign-in, sessions). */
export function userActor(
  user: UserEntity,
  organizationId: string | null = null,
  sessionId: string | null = null,
): Actor {
  return {
    type: 'user',
    id: user.id,
    name: user.username,
    permissions: [],
    organizationId,
    sessionId,
  };
}

export const userTarget = (id: string) => `user:${id}`;
