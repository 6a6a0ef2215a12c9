import type { Params } from '@angular/router';
import type {
  AlertListQuery,
  AlertListResponse,
  AlertSeverity,
  AlertState,
  AlertSummary,
} from '@hyperion/contracts';
import { ALERT_SEVERITIES, ALERT_STATES } from '@hyperion/contracts';

import { isOpen, relativeTime } from '../alert-format';

/** Alerts per page (the API never sends them all at once). */
export const ALERTS_PAGE_SIZE = 50;
/** How often the list is asked for again, live or not (live events may have been missed). */
export const ALERTS_REFRESH_MS = 30_000;
/** A list older than this is stale even without an error (a sleeping laptop, a frozen tab). */
export const ALERTS_STALE_AFTER_MS = 3 * ALERTS_REFRESH_MS;
/** Live changes needing the page asked for again are gathered this long into one request. */
export const ALERTS_REFETCH_DELAY_MS = 1_000;

export type StateFilter = AlertState | 'open' | 'all';

/** The filters of the Alerts page, as its URL holds them. */
export interface AlertFilters {
  readonly state: StateFilter;
  readonly severity: AlertSeverity | '';
  readonly serviceId: string;
  readonly q: string;
  /** 1-based. */
  readonly page: number;
}

export const DEFAULT_FILTERS: AlertFilters = {
  state: 'open',
  severity: '',
  serviceId: '',
  q: '',
  page: 1,
};

export const STATE_FILTERS: readonly { value: StateFilter; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'triggered', label: 'Triggered' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'snoozed', label: 'Snoozed' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
];

/** The filters a URL's query asks for (anything unknown falls back to the default). */
export function filtersFromParams(get: (name: string) => string | null): AlertFilters {
  const state = get('state');
  const severity = get('severity');
  const page = Number(get('page'));
  return {
    state:
      state === 'all' || (ALERT_STATES as readonly string[]).includes(state ?? '')
        ? (state as StateFilter)
        : 'open',
    severity: (ALERT_SEVERITIES as readonly string[]).includes(severity ?? '')
      ? (severity as AlertSeverity)
      : '',
    serviceId: get('service') ?? '',
    q: (get('q') ?? '').trim(),
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The URL query of the filters: defaults left out (null removes a parameter). */
export function filtersToParams(filters: AlertFilters): Params {
  return {
    state: filters.state === 'open' ? null : filters.state,
    severity: filters.severity || null,
    service: filters.serviceId || null,
    q: filters.q.trim() || null,
    page: filters.page > 1 ? filters.page : null,
  };
}

/** `GET /alerts` of the filters: one page of ALERTS_PAGE_SIZE. */
export function listQuery(filters: AlertFilters): AlertListQuery {
  const query: AlertListQuery = {
    limit: ALERTS_PAGE_SIZE,
    offset: (filters.page - 1) * ALERTS_PAGE_SIZE,
  };
  if (filters.state !== 'all') query.state = filters.state;
  if (filters.severity) query.severity = filters.severity;
  if (filters.serviceId) query.serviceId = filters.serviceId;
  if (filters.q) query.q = filters.q;
  return query;
}

/**
 * Whether the filters show an alert (the text as the API searches it: in the summary, the source
 * or the key, ignoring case).
 */
export function matchesFilters(alert: AlertSummary, filters: AlertFilters): boolean {
  if (
    filters.state === 'open'
      ? !isOpen(alert.state)
      : filters.state !== 'all' && alert.state !== filters.state
  ) {
    return false;
  }
  if (filters.severity && alert.severity !== filters.severity) return false;
  if (filters.serviceId && alert.serviceId !== filters.serviceId) return false;
  const q = filters.q.toLowerCase();
  return (
    !q ||
    [alert.summary, alert.source, alert.dedupKey].some((text) => text.toLowerCase().includes(q))
  );
}

/** The last thing that happened to an alert (ms): a copy with an earlier one is older. */
export function changedAt(alert: AlertSummary): number {
  return Math.max(
    ...[alert.lastSeenAt, alert.lastEmittedAt, alert.acknowledgedAt, alert.resolvedAt]
      .filter((iso): iso is string => iso !== null)
      .map((iso) => Date.parse(iso) || 0),
  );
}

/** Whether a copy of an alert is at least as recent as the one shown (else it is ignored). */
export function isNotOlder(incoming: AlertSummary, shown: AlertSummary): boolean {
  return changedAt(incoming) >= changedAt(shown);
}

export interface AppliedChanges {
  readonly list: AlertListResponse;
  /**
   * Some change concerns an alert not on this page: it may now belong on it (it newly matches the
   * filters), and the counters changed in ways the page cannot work out: ask for it again.
   */
  readonly refetch: boolean;
}

/**
 * The page after live changes (`alerts:changed`): each alert shown is replaced in place by a copy
 * at least as recent (an older copy is ignored), the open counters follow its state; one that no
 * longer matches the filters stays where it is, in its new state, until the page is asked for
 * again. An alert not shown asks for the page again.
 */
export function applyAlertChanges(
  list: AlertListResponse,
  changes: readonly AlertSummary[],
): AppliedChanges {
  let items = list.items;
  const counts: Partial<Record<AlertSeverity, number>> = { ...list.openBySeverity };
  let refetch = false;
  for (const alert of changes) {
    const index = items.findIndex((shown) => shown.id === alert.id);
    if (index < 0) {
      refetch = true;
      continue;
    }
    const shown = items[index];
    if (!isNotOlder(alert, shown)) continue;
    if (isOpen(shown.state))
      counts[shown.severity] = Math.max(0, (counts[shown.severity] ?? 0) - 1);
    if (isOpen(alert.state)) counts[alert.severity] = (counts[alert.severity] ?? 0) + 1;
    items = items.map((item) => (item.id === alert.id ? alert : item));
  }
  return { list: { ...list, items, openBySeverity: counts }, refetch };
}

/** What the page knows of the list: the last answer, and how its last request went. */
export interface AlertListState {
  readonly list: AlertListResponse | null;
  /** When the answer arrived (ms), null before the first one. */
  readonly fetchedAt: number | null;
  /** When its request was sent (ms): live changes sent from then on are in the list. */
  readonly askedAt: number | null;
  /** The last request failed: why (in words), and when; null once one succeeds again. */
  readonly error: string | null;
  readonly failedAt: number | null;
}

export const NO_LIST_YET: AlertListState = {
  list: null,
  fetchedAt: null,
  askedAt: null,
  error: null,
  failedAt: null,
};

export interface ListFreshness {
  /** "Live: …", "Updated 12 s ago", or why the list may be out of date. */
  readonly text: string;
  readonly stale: boolean;
  /** Live updates flow and the list was asked for since they started: nothing was missed. */
  readonly live: boolean;
}

const ago = (then: number, now: number) => relativeTime(new Date(then).toISOString(), now);

/**
 * How fresh the list is: "Live" only while the socket is connected (since `liveSince`, ms) and
 * the list was asked for since; else its age, saying live updates are off; stale (said loudly)
 * when the last request failed or the answer is old.
 */
export function listFreshness(
  state: AlertListState,
  now: number,
  liveSince: number | null,
): ListFreshness {
  const { list, fetchedAt, askedAt, error, failedAt } = state;
  if (error !== null) {
    const when = failedAt === null ? '' : ` ${ago(failedAt, now)}`;
    return {
      text:
        list && fetchedAt !== null
          ? `Could not refresh${when}: ${error} Showing the alerts from ${ago(fetchedAt, now)}.`
          : `Could not load the alerts: ${error}`,
      stale: true,
      live: false,
    };
  }
  if (!list || fetchedAt === null) return { text: 'Loading…', stale: false, live: false };
  if (now - fetchedAt > ALERTS_STALE_AFTER_MS) {
    return {
      text: `Not updated since ${ago(fetchedAt, now)}: refreshing…`,
      stale: true,
      live: false,
    };
  }
  if (liveSince !== null && askedAt !== null && askedAt >= liveSince) {
    return { text: 'Live: changes show as they happen', stale: false, live: true };
  }
  const updated = `Updated ${ago(fetchedAt, now)}`;
  return {
    text:
      liveSince !== null
        ? updated
        : `${updated} (live updates are off: asking every ${ALERTS_REFRESH_MS / 1000} s)`,
    stale: false,
    live: false,
  };
}
