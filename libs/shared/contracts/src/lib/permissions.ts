/**
 * Permissions a role grants inside one organisation. Roles carry a subset; API keys are scoped to
 * a subset. Every check happens against the caller's active organisation.
 */
export const PERMISSIONS = [
  'incidents:read',
  'incidents:write',
  'alerts:read',
  'alerts:ack',
  /** Services, integrations, routing, escalation policies, silences. */
  'alerts:write',
  /** Sending alerts in (an API key for `POST /api/v1/alerts/events` and `/api/v2/alerts`). */
  'alerts:ingest',
  'monitoring:read',
  'monitoring:control',
  'ssh:exec',
  /** SSH hosts, their credentials and host keys (approving a changed key). */
  'ssh:admin',
  'files:read',
  'files:write',
  /** File roots: the directories (local or over SFTP) people of the organisation may browse. */
  'files:admin',
  'users:admin',
  'audit:read',
  'notifications:read',
  'notifications:write',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/**
 * Instance-level permissions: held by an account, not granted by any role, valid in every
 * organisation. `platform:admin` manages organisations (the first account holds it).
 */
export const PLATFORM_PERMISSIONS = ['platform:admin'] as const;

export type PlatformPermission = (typeof PLATFORM_PERMISSIONS)[number];

/** What a route or an event may require. */
export type AnyPermission = Permission | PlatformPermission;

export const BUILT_IN_ROLES = {
  admin: [...PERMISSIONS],
  operator: [
    'incidents:read',
    'incidents:write',
    'alerts:read',
    'alerts:ack',
    'monitoring:read',
    'monitoring:control',
    'ssh:exec',
    'files:read',
    'files:write',
    'notifications:read',
  ],
  viewer: ['incidents:read', 'alerts:read', 'monitoring:read', 'files:read', 'notifications:read'],
} as const satisfies Record<string, readonly Permission[]>;

export type BuiltInRoleName = keyof typeof BUILT_IN_ROLES;
