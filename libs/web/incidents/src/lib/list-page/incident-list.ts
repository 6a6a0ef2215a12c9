import type { Params } from '@angular/router';
import type {
  IncidentListQuery,
  IncidentSeverity,
  IncidentSort,
  IncidentStatus,
  IncidentSummary,
} from '@hyperion/contracts';
import {
  INCIDENT_RULES,
  INCIDENT_SEVERITIES,
  INCIDENT_SORTS,
  INCIDENT_STATUSES,
} from '@hyperion/contracts';

import { clockTime, dayStart, relativeTime } from '../shared/format';

/** Incidents per page (one "Load more" asks for as many again). */
export const INCIDENTS_PAGE_SIZE = INCIDENT_RULES.listLimitDefault;

/** The filters of the list, as its URL holds them. */
export interface IncidentFilters {
  readonly statuses: readonly IncidentStatus[];
  readonly severities: readonly IncidentSeverity[];
  readonly module: string;
  readonly serviceId: string;
  readonly assigneeId: string;
  readonly q: string;
  /** `YYYY-MM-DD` (local days, both included), or ''. */
  readonly from: string;
  readonly to: string;
  readonly sort: IncidentSort;
}

export const DEFAULT_FILTERS: IncidentFilters = {
  statuses: [],
  severities: [],
  module: '',
  serviceId: '',
  assigneeId: '',
  q: '',
  from: '',
  to: '',
  sort: 'newest',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function listOf<T extends string>(text: string | null, known: readonly T[]): T[] {
  return (text ?? '')
    .split(',')
    .filter((value): value is T => (known as readonly string[]).includes(value));
}

/** The filters a URL's query asks for (anything unknown falls back to the default). */
export function filtersFromParams(get: (name: string) => string | null): IncidentFilters {
  const sort = get('sort');
  const day = (name: string) => {
    const value = get(name) ?? '';
    return DAY.test(value) ? value : '';
  };
  return {
    statuses: listOf(get('status'), INCIDENT_STATUSES),
    severities: listOf(get('severity'), INCIDENT_SEVERITIES),
    module: get('module') ?? '',
    serviceId: get('service') ?? '',
    assigneeId: get('assignee') ?? '',
    q: (get('q') ?? '').trim().slice(0, INCIDENT_RULES.searchMaxLength),
    from: day('from'),
    to: day('to'),
    sort: (INCIDENT_SORTS as readonly string[]).includes(sort ?? '')
      ? (sort as IncidentSort)
      : 'newest',
  };
}

/** The URL query of the filters: defaults left out (null removes a parameter). */
export function filtersToParams(filters: IncidentFilters): Params {
  return {
    status: filters.statuses.join(',') || null,
    severity: filters.severities.join(',') || null,
    module: filters.module || null,
    service: filters.serviceId || null,
    assignee: filters.assigneeId || null,
    q: filters.q.trim() || null,
    from: filters.from || null,
    to: filters.to || null,
    sort: filters.sort === 'newest' ? null : filters.sort,
  };
}

/** Whether any filter narrows the list (the sort does not). */
export function isFiltered(filters: IncidentFilters): boolean {
  return (
    filters.statuses.length > 0 ||
    filters.severities.length > 0 ||
    [
      filters.module,
      filters.serviceId,
      filters.assigneeId,
      filters.q,
      filters.from,
      filters.to,
    ].some((value) => value !== '')
  );
}

/** A range whose end comes before its start asks for nothing. */
export function rangeProblem(filters: IncidentFilters): string | null {
  return filters.from && filters.to && filters.to < filters.from
    ? 'The end date comes before the start date.'
    : null;
}

/** `GET /incidents` of the filters: a page of INCIDENTS_PAGE_SIZE, after `cursor` if given. */
export function listQuery(filters: IncidentFilters, cursor?: string | null): IncidentListQuery {
  const query: IncidentListQuery = { sort: filters.sort, limit: INCIDENTS_PAGE_SIZE };
  if (filters.statuses.length) query.status = filters.statuses.join(',');
  if (filters.severities.length) query.severity = filters.severities.join(',');
  if (filters.module) query.module = filters.module;
  if (filters.serviceId) query.serviceId = filters.serviceId;
  if (filters.assigneeId) query.assigneeId = filters.assigneeId;
  if (filters.q) query.q = filters.q;
  const from = filters.from ? dayStart(filters.from) : null;
  const to = filters.to ? dayStart(filters.to, true) : null;
  if (from) query.from = from;
  if (to) query.to = to;
  if (cursor) query.cursor = cursor;
  return query;
}

/**
 * Whether the filters show an incident, as far as the console can tell (the text search is the
 * server's: an incident is taken to match it).
 */
export function matchesFilters(incident: IncidentSummary, filters: IncidentFilters): boolean {
  if (filters.statuses.length && !filters.statuses.includes(incident.status)) return false;
  if (filters.severities.length && !filters.severities.includes(incident.severity)) return false;
  if (filters.module && incident.module !== filters.module) return false;
  if (filters.serviceId && incident.serviceId !== filters.serviceId) return false;
  if (filters.assigneeId && incident.assignee?.userId !== filters.assigneeId) return false;
  const reported = Date.parse(incident.reportedAt);
  const from = filters.from ? dayStart(filters.from) : null;
  const to = filters.to ? dayStart(filters.to, true) : null;
  if (from && reported < Date.parse(from)) return false;
  if (to && reported >= Date.parse(to)) return false;
  return true;
}

/** What the page knows of the list: the rows loaded so far and how its requests went. */
export interface IncidentListState {
  readonly items: readonly IncidentSummary[];
  /** Null on the last page, or before the first answer. */
  readonly nextCursor: string | null;
  /** Whether a first page arrived. */
  readonly loaded: boolean;
  /** When the first page arrived (ms), and when it was asked for. */
  readonly fetchedAt: number | null;
  readonly askedAt: number | null;
  /** The last refresh failed: why, and when; null once one succeeds again. */
  readonly error: string | null;
  readonly failedAt: number | null;
  /** Incidents that changed live and may belong on the list, but not where the page can tell. */
  readonly missed: number;
}

export const NO_LIST_YET: IncidentListState = {
  items: [],
  nextCursor: null,
  loaded: false,
  fetchedAt: null,
  askedAt: null,
  error: null,
  failedAt: null,
  missed: 0,
};

/**
 * The list after a live change (`incidents:changed`): a row shown is replaced in place by a
 * newer version (an older or equal one is ignored); an incident not shown that matches the
 * filters goes on top when the order puts it there (newest first, recently changed first, no
 * text search); otherwise it is counted as missed, for the page to offer a reload.
 */
export function applyIncidentChange(
  state: IncidentListState,
  incident: IncidentSummary,
  filters: IncidentFilters,
): IncidentListState {
  const index = state.items.findIndex((shown) => shown.id === incident.id);
  if (index >= 0) {
    if (incident.version <= state.items[index].version) return state;
    const items = state.items.map((shown) => (shown.id === incident.id ? incident : shown));
    return { ...state, items };
  }
  if (!matchesFilters(incident, filters)) return state;
  const first = state.items[0];
  const onTop =
    !filters.q &&
    (filters.sort === 'updated' ||
      (filters.sort === 'newest' &&
        (!first || Date.parse(incident.reportedAt) >= Date.parse(first.reportedAt))));
  if (onTop) return { ...state, items: [incident, ...state.items] };
  return { ...state, missed: state.missed + 1 };
}

/** Rows of a next page after those shown (those already shown — added live — not twice). */
export function appendPage(
  shown: readonly IncidentSummary[],
  page: readonly IncidentSummary[],
): IncidentSummary[] {
  const ids = new Set(shown.map((incident) => incident.id));
  return [...shown, ...page.filter((incident) => !ids.has(incident.id))];
}

export interface ListFreshness {
  readonly text: string;
  readonly stale: boolean;
  readonly live: boolean;
}

const ago = (then: number, now: number) => relativeTime(new Date(then).toISOString(), now);

/**
 * How fresh the list is: "Live" only while the socket is connected (since `liveSince`) and the
 * list was asked for since; otherwise stale, saying since when (the connection was lost at
 * `lostSince`, or the last refresh failed).
 */
export function listFreshness(
  state: IncidentListState,
  now: number,
  liveSince: number | null,
  lostSince: Date | null,
): ListFreshness {
  const { loaded, fetchedAt, askedAt, error, failedAt } = state;
  if (error !== null) {
    const when = failedAt === null ? '' : ` at ${clockTime(failedAt)}`;
    return {
      text:
        loaded && fetchedAt !== null
          ? `Could not refresh${when}: ${error} Showing the incidents as they were ${ago(fetchedAt, now)}.`
          : `Could not load the incidents: ${error}`,
      stale: true,
      live: false,
    };
  }
  if (!loaded || fetchedAt === null) return { text: 'Loading…', stale: false, live: false };
  if (liveSince !== null && askedAt !== null && askedAt >= liveSince) {
    return { text: 'Live: changes show as they happen', stale: false, live: true };
  }
  if (liveSince !== null)
    return { text: `Updated ${ago(fetchedAt, now)}`, stale: false, live: false };
  const since = lostSince ? clockTime(lostSince) : clockTime(fetchedAt);
  return {
    text: `Stale since ${since}: live updates are off, changes made since then do not show. Refresh to see them.`,
    stale: true,
    live: false,
  };
}
