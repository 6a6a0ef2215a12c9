import type {
  AnyPermission,
  CurrentUser,
  MyOrganization,
  RoleSummary,
  UserSummary,
} from '@hyperion/contracts';

import { MembershipEntity } from '../entities/membership.entity';
import { RoleEntity } from '../entities/role.entity';
import { UserEntity } from '../entities/user.entity';
import { unionPermissions } from '../roles/permissions';

/** The roles of a membership (loaded with `roles.role`), by name. */
export function roleNames(membership: MembershipEntity | null | undefined): string[] {
  return (membership?.roles ?? []).map((link) => link.role.name).sort();
}

export function membershipPermissions(membership: MembershipEntity | null | undefined) {
  return unionPermissions((membership?.roles ?? []).map((link) => link.role.permissions));
}

/** What an account may do here: its roles' permissions, and `platform:admin` for a platform administrator. */
export function accountPermissions(
  user: UserEntity,
  membership: MembershipEntity | null | undefined,
): AnyPermission[] {
  return [
    ...membershipPermissions(membership),
    ...(user.platformAdmin ? (['platform:admin'] as const) : []),
  ];
}

/** A member (account + roles in the active organisation); `lockedUntil` when sign-in is locked now. */
export function toUserSummary(
  user: UserEntity,
  membership: MembershipEntity | null,
  lockedUntil: Date | null = null,
): UserSummary {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    displayName: user.displayName,
    status: user.status,
    roles: roleNames(membership),
    twoFactorEnabled: user.totpEnabled,
    createdAt: user.createdAt.toISOString(),
    platformAdmin: user.platformAdmin,
    lockedUntil: lockedUntil?.toISOString() ?? null,
    mustChangePassword: user.mustChangePassword,
  };
}

export function toCurrentUser(
  user: UserEntity,
  active: MembershipEntity | null,
  memberships: readonly MembershipEntity[],
  recoveryCodesRemaining: number,
): CurrentUser {
  const organizations: MyOrganization[] = memberships
    .filter((m) => m.organization && !m.organization.disabledAt)
    .map((m) => ({
      id: m.organizationId,
      name: m.organization?.name ?? '',
      slug: m.organization?.slug ?? '',
      roles: roleNames(m),
    }));
  const org = active?.organization ?? null;
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    displayName: user.displayName,
    roles: roleNames(active),
    permissions: accountPermissions(user, active),
    twoFactorEnabled: user.totpEnabled,
    recoveryCodesRemaining,
    mustChangePassword: user.mustChangePassword,
    organization: org ? { id: org.id, name: org.name, slug: org.slug } : null,
    organizations,
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
