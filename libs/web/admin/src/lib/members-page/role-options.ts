import type { AnyPermission, RoleSummary } from '@hyperion/contracts';

/** One role in a roles select. */
export interface RoleOption {
  readonly name: string;
  /** It grants a permission the user does not hold: they cannot give it (the API refuses too). */
  readonly disabled: boolean;
}

/**
 * The roles a user may hand out: those whose every permission they hold. A role the member
 * already has stays selectable, so it can be taken away.
 */
export function roleOptions(
  roles: readonly RoleSummary[],
  held: readonly AnyPermission[],
  current: readonly string[] = [],
): RoleOption[] {
  return roles.map((role) => ({
    name: role.name,
    disabled: !current.includes(role.name) && !role.permissions.every((p) => held.includes(p)),
  }));
}
