import type { AuditAction } from '@hyperion/contracts';
import { SetMetadata } from '@nestjs/common';

export const AUDIT_REFUSAL_KEY = 'hyperion:audit-refusal';

/**
 * Names the audit action a route's refusals are recorded under (a 403, or a 409 such as "the
 * last administrator", thrown by its handler): `@AuditRefusal('role_updated')`. Routes without
 * it use REFUSED_ACTIONS, else `permission_denied`.
 */
export const AuditRefusal = (action: AuditAction) => SetMetadata(AUDIT_REFUSAL_KEY, action);

/** The administration routes (method and path below /api/v<n>) and the action each performs. */
export const REFUSED_ACTIONS: Readonly<Record<string, AuditAction>> = {
  'POST /users': 'user_created',
  'PATCH /users/:id': 'user_updated',
  'POST /users/members': 'membership_added',
  'DELETE /users/:id/membership': 'membership_removed',
  'POST /roles': 'role_created',
  'PATCH /roles/:id': 'role_updated',
  'DELETE /roles/:id': 'role_deleted',
  'POST /api-keys': 'api_key_created',
  'DELETE /api-keys/:id': 'api_key_revoked',
  'POST /platform/organizations': 'organization_created',
  'PATCH /platform/organizations/:id': 'organization_updated',
};

/** `POST /api/v1/roles/:id` → `POST /roles/:id` (the key of REFUSED_ACTIONS). */
export function routeKey(method: string, routePath: string): string {
  return `${method.toUpperCase()} ${routePath.replace(/^\/api\/v\d+(?=\/)/, '')}`;
}
