import type { CurrentUser, Permission, RoleSummary, UserSummary } from '@hyperion/contracts';

import { RoleEntity } from '../entities/role.entity';
import { UserEntity } from '../entities/user.entity';
import { unionPermissions } from '../roles/permissions';

/** The user's roles (loaded with `userRoles.role`), by name. */
export function roleNames(user: UserEntity): string[] {
  return (user.userRoles ?? []).map((link) => link.role.name).sort();
}

export function userPermissions(user: UserEntity): Permission[] {
  return unionPermissions((user.userRoles ?? []).map((link) => link.role.permissions));
}

export function toUserSummary(user: UserEntity): UserSummary {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    displayName: user.displayName,
    status: user.status,
    roles: roleNames(user),
    twoFactorEnabled: user.totpEnabled,
    createdAt: user.createdAt.toISOString(),
  };
}

export function toCurrentUser(user: UserEntity): CurrentUser {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    displayName: user.displayName,
    roles: roleNames(user),
    permissions: userPermissions(user),
    twoFactorEnabled: user.totpEnabled,
    mustChangePassword: user.mustChangePassword,
  };
}

export function toRoleSummary(role: RoleEntity): RoleSummary {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    permissions: unionPermissions([role.permissions]),
    builtIn: role.builtIn,
  };
}
