import type { Params } from '@angular/router';
import type { AuditQuery, AuditResult } from '@hyperion/contracts';
import { AUDIT_ACTIONS } from '@hyperion/contracts';

import type { AuditScope } from '../audit-api';
import { formatZonedTime } from '../time/zoned-time';

/**
 * Everything the audit page is filtered by, as kept in the URL: a reload or a shared link shows
 * the same entries the same way.
 */
export interface AuditFilters {
  /** '' = any action. */
  readonly action: string;
  /** User id, API key id or "system"; '' = anyone. */
  readonly actor: string;
  readonly result: '' | AuditResult;
  /** ISO 8601 instants (UTC); '' = open. */
  readonly from: string;
  readonly to: string;
  /** Times shown in UTC instead of the browser's zone. */
  readonly utc: boolean;
  readonly scope: AuditScope;
}

export const NO_FILTERS: AuditFilters = {
  action: '',
  actor: '',
  result: '',
  from: '',
  to: '',
  utc: false,
  scope: 'organization',
};

const ACTIONS: readonly string[] = AUDIT_ACTIONS;
/** Ids are UUIDs or "system"; anything much longer is not an actor. */
const MAX_ACTOR_LENGTH = 128;

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

function instant(value: unknown): string {
  const raw = text(value);
  if (raw === '') return '';
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/**
 * The filters a URL asks for (`?action=failed_login&from=2026-11-22T05:00:00.000Z&utc=1`).
 * What the API would refuse is dropped rather than sent: an unknown action or result, an
 * unreadable time, an absurdly long actor.
 */
export function filtersFromParams(params: Params): AuditFilters {
  const action = text(params['action']);
  const result = text(params['result']);
  const actor = text(params['actor']);
  return {
    action: ACTIONS.includes(action) ? action : '',
    actor: actor.length <= MAX_ACTOR_LENGTH ? actor : '',
    result: result === 'success' || result === 'failure' ? result : '',
    from: instant(params['from']),
    to: instant(params['to']),
    utc: params['utc'] === '1' || params['utc'] === 'true',
    scope: params['scope'] === 'instance' ? 'instance' : 'organization',
  };
}

/** The URL's query parameters for the filters: only those set, so an unfiltered log is `/audit`. */
export function filtersToParams(filters: AuditFilters): Params {
  const params: Params = {};
  if (filters.action) params['action'] = filters.action;
  if (filters.actor) params['actor'] = filters.actor;
  if (filters.result) params['result'] = filters.result;
  if (filters.from) params['from'] = filters.from;
  if (filters.to) params['to'] = filters.to;
  if (filters.utc) params['utc'] = '1';
  if (filters.scope === 'instance') params['scope'] = 'instance';
  return params;
}

/** The API query for the filters (no cursor, no limit); the CSV export sends the same. */
export function auditQuery(filters: AuditFilters): AuditQuery {
  const query: AuditQuery = {};
  if (filters.action) query.action = filters.action;
  if (filters.actor) query.actor = filters.actor;
  if (filters.result) query.result = filters.result;
  if (filters.from) query.from = filters.from;
  if (filters.to) query.to = filters.to;
  return query;
}

/** Same entries asked for (the display, e.g. UTC, may differ): no new request needed. */
export function sameSearch(a: AuditFilters, b: AuditFilters): boolean {
  return a.scope === b.scope && JSON.stringify(auditQuery(a)) === JSON.stringify(auditQuery(b));
}

/**
 * What is wrong with the time range, said so the user can fix it, or null: From after To (or
 * equal: the range is empty, To being exclusive) would only ever find nothing.
 */
export function rangeProblem(filters: Pick<AuditFilters, 'from' | 'to' | 'utc'>): string | null {
  if (!filters.from || !filters.to) {
    return null;
  }
  if (new Date(filters.from).getTime() < new Date(filters.to).getTime()) {
    return null;
  }
  const zone = { utc: filters.utc };
  return (
    `From (${formatZonedTime(filters.from, zone)}) is not before To ` +
    `(${formatZonedTime(filters.to, zone)}): no entry can match. Change one of them.`
  );
}

export const QUICK_RANGES = [
  { id: '1h', label: 'Last hour', ms: 60 * 60 * 1000 },
  { id: '24h', label: 'Last 24 h', ms: 24 * 60 * 60 * 1000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 24 * 60 * 60 * 1000 },
] as const;

export type QuickRangeId = (typeof QUICK_RANGES)[number]['id'];

/**
 * The range "the last hour / 24 h / 7 days" up to now: From that long ago (to the minute, as the
 * time inputs show it), To open. Kept as instants in the URL, so a shared link shows the same
 * window, not a moving one.
 */
export function quickRange(id: QuickRangeId, now: Date): Pick<AuditFilters, 'from' | 'to'> {
  const range = QUICK_RANGES.find((r) => r.id === id) ?? QUICK_RANGES[0];
  const from = new Date(now.getTime() - range.ms);
  from.setUTCSeconds(0, 0);
  return { from: from.toISOString(), to: '' };
}

/** `hyperion-audit-20260130-140501.csv`, in local time. */
export function csvFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `hyperion-audit-${date}-${time}.csv`;
}
