import type { Actor } from '@hyperion/api/core';

import { UserEntity } from '../entities/user.entity';
import { userPermissions } from './user-mapper';

/** The user as the actor of what it does (audit, services). */
export function userActor(user: UserEntity): Actor {
  return { type: 'user', id: user.id, name: user.username, permissions: userPermissions(user) };
}

export const userTarget = (id: string) => `user:${id}`;
