import { ACCOUNT_RULES, AnyPermission, Permission, PERMISSIONS } from '@hyperion/contracts';
import { BadRequestException, ForbiddenException } from '@nestjs/common';

const KNOWN = new Set<string>(PERMISSIONS);

/** The entries that are not Hyperion permissions (in the order given, without repeats). */
export function unknownPermissions(list: readonly string[]): string[] {
  return [...new Set(list.filter((p) => !KNOWN.has(p)))];
}

/** Union of several permission lists, in the contracts' canonical order. */
export function unionPermissions(lists: readonly (readonly string[])[]): Permission[] {
  const granted = new Set(lists.flat());
  return PERMISSIONS.filter((p) => granted.has(p));
}

/** Which of `required` are not in `granted`. */
export function missingPermissions(
  required: readonly AnyPermission[],
  granted: readonly AnyPermission[],
): AnyPermission[] {
  return required.filter((p) => !granted.includes(p));
}

export const ROLE_NAME = ACCOUNT_RULES.roleNamePattern;

/** 400 naming the first entries that are not organisation permissions. */
export function assertKnownPermissions(list: readonly string[]): void {
  const unknown = unknownPermissions(list);
  if (unknown.length > 0) {
    throw new BadRequestException(`permissions: unknown permission ${unknown.join(', ')}`);
  }
}

/**
 * 403 unless `actor` holds every permission it is about to grant (a role, an assignment, a
 * membership, an API key): nobody hands out more than they have.
 */
export function assertCanGrant(
  held: readonly AnyPermission[],
  granted: readonly string[],
  what: string,
): void {
  const missing = [...new Set(granted)].filter((p) => !held.includes(p as AnyPermission));
  if (missing.length > 0) {
    throw new ForbiddenException(
      `${what}: you cannot grant permissions you do not hold (${missing.join(', ')})`,
    );
  }
}

/**
 * 403 unless `actor` holds every permission the account it acts on holds (`targetPermissions`,
 * with `platform:admin` for a platform administrator): resetting the password or 2FA of an
 * account would otherwise hand its permissions to whoever did it.
 */
export function assertCanManage(
  held: readonly AnyPermission[],
  targetPermissions: readonly string[],
  what: string,
): void {
  const missing = [...new Set(targetPermissions)].filter((p) => !held.includes(p as AnyPermission));
  if (missing.length > 0) {
    throw new ForbiddenException(
      `${what}: this account holds permissions you do not hold (${missing.join(', ')})`,
    );
  }
}
