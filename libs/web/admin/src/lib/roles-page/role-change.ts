import type { Permission, RoleSummary, UpdateRoleRequest } from '@hyperion/contracts';

/** What an edit of a custom role changes (trimmed description, permissions as a set); null: nothing. */
export function roleChange(
  role: Pick<RoleSummary, 'description' | 'permissions'>,
  description: string,
  permissions: readonly Permission[],
): UpdateRoleRequest | null {
  const change: UpdateRoleRequest = {};
  const trimmed = description.trim();
  if (trimmed !== role.description) change.description = trimmed;
  const same =
    permissions.length === role.permissions.length &&
    permissions.every((p) => role.permissions.includes(p));
  if (!same) change.permissions = [...permissions];
  return Object.keys(change).length > 0 ? change : null;
}
