/** Every permission Hyperion checks. Roles carry a subset; API keys are scoped to a subset. */
export const PERMISSIONS = [
  'incidents:read',
  'incidents:write',
  'alerts:read',
  'alerts:ack',
  'monitoring:read',
  'monitoring:control',
  'ssh:exec',
  'files:read',
  'files:write',
  'users:admin',
  'audit:read',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

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
  ],
  viewer: ['incidents:read', 'alerts:read', 'monitoring:read', 'files:read'],
} as const satisfies Record<string, readonly Permission[]>;

export type BuiltInRoleName = keyof typeof BUILT_IN_ROLES;
