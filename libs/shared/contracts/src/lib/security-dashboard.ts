import type { AuditAction } from './audit';
import type { MonitorState } from './monitor';
import type { Permission } from './permissions';

/**
 * The security dashboard (operational procedures, "Dashboard Sécurité"): sign-in failures,
 * lockouts, second-factor, permission and API key changes of the active organisation, and the
 * HTTPS certificates its monitors saw, soonest to expire first.
 */
export const SECURITY_RANGES = ['24h', '7d', '30d'] as const;
export type SecurityRange = (typeof SECURITY_RANGES)[number];

export const SECURITY_DASHBOARD_PERMISSIONS = {
  read: 'audit:read',
  /** Also needed to see the certificates: they name monitors and their URLs. */
  certificates: 'monitoring:read',
} as const satisfies Record<string, Permission>;

export const SECURITY_DASHBOARD_ROUTES = {
  /** `?range=24h|7d|30d` (24h when absent) → SecurityDashboard. */
  dashboard: '/api/v1/security/dashboard',
} as const;

/**
 * How each range is charted: `buckets` bars of one `bucket` (UTC hours or days), the last one
 * the current, partial hour or day. The range runs from the start of the first bar to now; the
 * previous period, which the trends compare with, is as long and ends where the range starts.
 */
export const SECURITY_RANGE_BUCKETS: Readonly<
  Record<SecurityRange, { bucket: 'hour' | 'day'; buckets: number }>
> = {
  '24h': { bucket: 'hour', buckets: 24 },
  '7d': { bucket: 'day', buckets: 7 },
  '30d': { bucket: 'day', buckets: 30 },
};

/** Below this many days left a certificate is flagged; below the second, urgently. */
export const CERTIFICATE_WARNING_DAYS = 14;
export const CERTIFICATE_CRITICAL_DAYS = 7;

export type CertificateLevel = 'expired' | 'critical' | 'warning' | 'ok' | 'unknown';

/** How urgent a certificate with `daysLeft` whole days left is (null: not seen yet). */
export function certificateLevel(daysLeft: number | null): CertificateLevel {
  if (daysLeft === null) return 'unknown';
  if (daysLeft < 0) return 'expired';
  if (daysLeft < CERTIFICATE_CRITICAL_DAYS) return 'critical';
  if (daysLeft < CERTIFICATE_WARNING_DAYS) return 'warning';
  return 'ok';
}

/** Bounded lists: the dashboard points to the audit log for the rest. */
export const SECURITY_DASHBOARD_LIMITS = {
  topSources: 10,
  latest: 10,
  certificates: 50,
} as const;

/** The audit actions behind each tile, for links to the audit log filtered by action. */
export const SECURITY_AUDIT_ACTIONS = {
  failedLogins: ['failed_login'],
  lockouts: ['account_locked'],
  twoFactor: [
    '2fa_setup',
    '2fa_disable',
    '2fa_reset',
    'recovery_code_used',
    'recovery_codes_regenerated',
  ],
  permissionChanges: [
    'role_created',
    'role_updated',
    'role_deleted',
    'membership_added',
    'membership_updated',
    'membership_removed',
    'user_updated',
  ],
  apiKeys: ['api_key_created', 'api_key_revoked'],
} as const satisfies Record<string, readonly AuditAction[]>;

/** A count in the range and in the period before it, as long. */
export interface SecurityCount {
  count: number;
  previous: number;
}

export interface SecuritySeriesPoint {
  /** ISO 8601: the start of the bar's hour or day (UTC). */
  at: string;
  count: number;
}

export interface SecurityTally {
  /** An IP address, or a username as typed. */
  value: string;
  count: number;
}

export interface FailedLogins extends SecurityCount {
  /** Every bar of the range, oldest first, zeros included. */
  series: SecuritySeriesPoint[];
  /** Most failures first, at most SECURITY_DASHBOARD_LIMITS.topSources. */
  topIps: SecurityTally[];
  /** The usernames tried on this organisation's accounts, most failures first. */
  topUsernames: SecurityTally[];
}

export interface Lockout {
  /** The audit entry's id. */
  id: string;
  occurredAt: string;
  username: string | null;
  userId: string | null;
  /** ISO 8601, or null when the entry does not say. */
  lockedUntil: string | null;
  failures: number | null;
  ip: string | null;
}

export type TwoFactorChangeKind =
  | 'enabled'
  | 'disabled'
  | 'reset'
  | 'recovery_code_used'
  | 'recovery_codes_regenerated';

export interface TwoFactorChange {
  id: string;
  occurredAt: string;
  kind: TwoFactorChangeKind;
  /** Whose second factor (the username). */
  username: string | null;
  /** Who made the change (the user, or the administrator of a reset). */
  actorName: string | null;
  ip: string | null;
}

/** A role, membership, user-role or API key change. */
export interface AccessChange {
  id: string;
  occurredAt: string;
  action: AuditAction;
  actorName: string | null;
  /** What it concerns: a role's, a member's or an API key's name, when the entry says. */
  subject: string | null;
  /** Permissions or roles the change gave (created, added, set). */
  granted: string[];
  /** Permissions the change took away. */
  revoked: string[];
}

export interface CertificateStatus {
  monitorId: string;
  monitorName: string;
  url: string;
  monitorState: MonitorState;
  /** When the certificate the last TLS check saw ends; null when no check saw one yet. */
  expiresAt: string | null;
  /** Whole days left (negative: expired that many days ago); null when unknown. */
  daysLeft: number | null;
  level: CertificateLevel;
}

export interface SecurityDashboard {
  range: SecurityRange;
  bucket: 'hour' | 'day';
  /** ISO 8601: the range is [from, to); the previous period [previousFrom, from). */
  from: string;
  to: string;
  previousFrom: string;
  generatedAt: string;
  failedLogins: FailedLogins;
  lockouts: SecurityCount & { latest: Lockout[] };
  twoFactor: SecurityCount & {
    byKind: Record<TwoFactorChangeKind, number>;
    latest: TwoFactorChange[];
  };
  permissionChanges: SecurityCount & { latest: AccessChange[] };
  apiKeys: SecurityCount & { created: number; revoked: number; latest: AccessChange[] };
  /**
   * HTTPS monitors, the soonest to expire first (unknown last); null when the caller lacks
   * `monitoring:read`.
   */
  certificates: {
    /** Of all HTTPS monitors: fewer than CERTIFICATE_WARNING_DAYS days left, or expired. */
    expiringSoon: number;
    total: number;
    /** At most SECURITY_DASHBOARD_LIMITS.certificates. */
    items: CertificateStatus[];
  } | null;
}
