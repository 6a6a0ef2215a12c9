import type {
  AccessChange,
  AuditAction,
  CertificateStatus,
  Lockout,
  SecurityCount,
  TwoFactorChange,
  TwoFactorChangeKind,
} from '@hyperion/contracts';
import { certificateLevel } from '@hyperion/contracts';

import type { CertificateRow, EventRow, KindCountRow } from './security-dashboard.repository';

const DAY_MS = 86_400_000;
const USER_TARGET = /^user:([0-9a-f-]{36})$/i;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const texts = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** The count of the kinds matching `kinds` (a kind, or a `prefix:`), now and before. */
export function countOf(
  rows: readonly KindCountRow[],
  kinds: (kind: string) => boolean,
): SecurityCount {
  const count: SecurityCount = { count: 0, previous: 0 };
  for (const row of rows) {
    if (!kinds(row.kind)) continue;
    if (row.current) count.count += row.n;
    else count.previous += row.n;
  }
  return count;
}

export function toLockout(row: EventRow): Lockout {
  const lockedUntil = text(row.details['lockedUntil']);
  const failures = row.details['failures'];
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    username: row.actor_name,
    userId: USER_TARGET.exec(row.target ?? '')?.[1] ?? null,
    lockedUntil: lockedUntil && !Number.isNaN(Date.parse(lockedUntil)) ? lockedUntil : null,
    failures: typeof failures === 'number' ? failures : null,
    ip: row.ip,
  };
}

export function toTwoFactorChange(row: EventRow): TwoFactorChange {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    kind: row.kind.slice('2fa:'.length) as TwoFactorChangeKind,
    // An administrator's reset names the member; the user's own changes are made as the user.
    username: text(row.details['username']) ?? row.actor_name,
    actorName: row.actor_name,
    ip: row.ip,
  };
}

/**
 * A role, membership or API key change: what it concerns (a role's, member's or key's name) and
 * the permissions or roles it gave or took, as its audit entry recorded them.
 */
export function toAccessChange(row: EventRow): AccessChange {
  const d = row.details;
  const action = row.action as AuditAction;
  let granted: string[] = [];
  let revoked: string[] = [];
  if (action === 'role_created' || action === 'api_key_created') granted = texts(d['permissions']);
  else if (action === 'role_updated') {
    granted = texts(d['added']);
    revoked = texts(d['removed']);
  } else if (action === 'membership_added' || action === 'user_updated') {
    granted = texts(d['roles']);
  }
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    action,
    actorName: row.actor_name,
    subject: text(d['name']) ?? text(d['username']),
    granted,
    revoked,
  };
}

/** A URL as shown: without any credentials it may carry. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

export function toCertificateStatus(row: CertificateRow, now: Date): CertificateStatus {
  const daysLeft =
    row.expires_at === null
      ? null
      : Math.floor((row.expires_at.getTime() - now.getTime()) / DAY_MS);
  return {
    monitorId: row.id,
    monitorName: row.name,
    url: shownUrl(row.url),
    monitorState: row.state,
    expiresAt: row.expires_at?.toISOString() ?? null,
    daysLeft,
    level: certificateLevel(daysLeft),
  };
}
