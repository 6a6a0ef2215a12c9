import type { Params } from '@angular/router';
import type {
  AccessChange,
  AuditAction,
  CertificateLevel,
  SecurityCount,
  SecurityRange,
  TwoFactorChangeKind,
} from '@hyperion/contracts';

/** How often the dashboard asks again. */
export const SECURITY_REFRESH_MS = 60_000;
/** Older than two refreshes (a failed one, a sleeping laptop): said to be out of date. */
export const SECURITY_STALE_AFTER_MS = 2 * SECURITY_REFRESH_MS;

export const RANGE_OPTIONS: readonly { value: SecurityRange; label: string; before: string }[] = [
  { value: '24h', label: 'Last 24 hours', before: 'the 24 hours before' },
  { value: '7d', label: 'Last 7 days', before: 'the 7 days before' },
  { value: '30d', label: 'Last 30 days', before: 'the 30 days before' },
];

const rangeOption = (range: SecurityRange) =>
  RANGE_OPTIONS.find((option) => option.value === range) ?? RANGE_OPTIONS[0];

/** A count against the period before: more of these is worse, so "up" is the warning tone. */
export interface Trend {
  readonly text: string;
  readonly direction: 'up' | 'down' | 'same';
}

/** "Up from 2 in the 24 hours before", "Down from 5 …", "Same as the 24 hours before". */
export function trend(count: SecurityCount, range: SecurityRange): Trend {
  const before = rangeOption(range).before;
  if (count.count === count.previous) {
    return { text: `Same as ${before}`, direction: 'same' };
  }
  return {
    text: `${count.count > count.previous ? 'Up' : 'Down'} from ${count.previous} in ${before}`,
    direction: count.count > count.previous ? 'up' : 'down',
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Days left in words, as the monitor's own check says them. */
export function daysLeftText(daysLeft: number | null): string {
  if (daysLeft === null) return 'Not seen yet: no check has reached it over TLS';
  if (daysLeft < 0) return `Expired ${plural(-daysLeft, 'day')} ago`;
  if (daysLeft === 0) return 'Expires within a day';
  return `Expires in ${plural(daysLeft, 'day')}`;
}

export const CERTIFICATE_LEVELS: Readonly<Record<CertificateLevel, string>> = {
  expired: 'Expired',
  critical: 'Under 7 days',
  warning: 'Under 14 days',
  ok: 'OK',
  unknown: 'Unknown',
};

export const TWO_FACTOR_LABELS: Readonly<Record<TwoFactorChangeKind, string>> = {
  enabled: 'Two-factor turned on',
  disabled: 'Two-factor turned off',
  reset: 'Two-factor reset by an administrator',
  recovery_code_used: 'Recovery code used',
  recovery_codes_regenerated: 'Recovery codes regenerated',
};

/** The audit action behind each two-factor change, for its link to the audit log. */
export const TWO_FACTOR_ACTIONS: Readonly<Record<TwoFactorChangeKind, AuditAction>> = {
  enabled: '2fa_setup',
  disabled: '2fa_disable',
  reset: '2fa_reset',
  recovery_code_used: 'recovery_code_used',
  recovery_codes_regenerated: 'recovery_codes_regenerated',
};

/** `Role “ops”`, or `A role` when the entry names none. */
const named = (kind: string, subject: string | null, unnamed: string) =>
  subject ? `${kind} “${subject}”` : unnamed;
const member = (subject: string | null) => (subject ? `“${subject}”` : 'A member');
const list = (items: readonly string[]) => items.join(', ');

/** One role, membership, member or API key change in words. */
export function accessChangeText(change: AccessChange): string {
  const { subject, granted, revoked } = change;
  const withGranted = granted.length > 0 ? ` with ${list(granted)}` : '';
  const role = named('Role', subject, 'A role');
  const key = named('API key', subject, 'An API key');
  switch (change.action) {
    case 'role_created':
      return `${role} created${withGranted}`;
    case 'role_updated': {
      const parts = [
        ...(granted.length > 0 ? [`gave ${list(granted)}`] : []),
        ...(revoked.length > 0 ? [`took away ${list(revoked)}`] : []),
      ];
      return `${role} changed: ${parts.length > 0 ? parts.join('; ') : 'its description'}`;
    }
    case 'role_deleted':
      return `${role} deleted`;
    case 'membership_added':
      return `${member(subject)} added to the organisation${granted.length > 0 ? ` as ${list(granted)}` : ''}`;
    case 'membership_removed':
      return `${member(subject)} removed from the organisation`;
    case 'membership_updated':
      return `${member(subject)}: membership changed`;
    case 'user_updated':
      return `${member(subject)}: roles set to ${granted.length > 0 ? list(granted) : 'none'}`;
    case 'api_key_created':
      return `${key} created${withGranted}`;
    case 'api_key_revoked':
      return `${key} revoked`;
    default:
      return change.action;
  }
}

/** The audit log's query parameters for `action` since `from` (its page reads them). */
export function auditLinkParams(action: AuditAction, from: string): Params {
  return { action, from };
}

/** How fresh what is shown is: stale once the last refresh failed or is too old. */
export interface Freshness {
  readonly text: string;
  readonly stale: boolean;
}

const ago = (ms: number) => {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  return `${Math.floor(seconds / 60)} min ago`;
};

/**
 * "Updated 12 s ago", or why what is shown may be out of date: the last refresh failed (the last
 * answer stays shown), or no answer came for longer than two refreshes.
 */
export function freshness(receivedAt: number | null, now: number, error: string | null): Freshness {
  if (receivedAt === null) return { text: error ? '' : 'Loading…', stale: false };
  const age = ago(now - receivedAt);
  if (error) {
    return {
      text: `Out of date: the last refresh failed (${error}). Showing what was read ${age}.`,
      stale: true,
    };
  }
  if (now - receivedAt > SECURITY_STALE_AFTER_MS) {
    return { text: `Out of date: not updated since ${age}.`, stale: true };
  }
  return { text: `Updated ${age}; refreshed every minute`, stale: false };
}
