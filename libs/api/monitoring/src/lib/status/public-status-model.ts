import type {
  StatusComponentState,
  StatusPageComponentKind,
  StatusPageIncidentStatus,
} from '@hyperion/contracts';

import { MaintenanceTiming } from './maintenance-windows';

/**
 * What a public page shows, as read from the database at `builtAt`: the unit the cache keeps
 * (in memory and in Redis, as JSON) and the HTML page, the Atom feed and the calendar are
 * rendered from. Dates are ISO 8601 strings; nothing here is rendered yet (the renderers
 * escape every value).
 */
export interface PublicStatusModel {
  pageId: string;
  slug: string;
  name: string;
  description: string;
  /** The page's public address, when set (absolute links in the feed). */
  publicUrl: string | null;
  /** The page offers email subscriptions. */
  subscriptions: boolean;
  builtAt: string;
  groups: PublicGroup[];
  /** Unresolved ones, and those resolved in the last days; newest first. */
  incidents: PublicIncident[];
  maintenance: PublicMaintenance[];
  /** Empty unless the page shows post-mortems. */
  postmortems: PublicPostmortem[];
}

export interface PublicGroup {
  name: string;
  components: PublicComponent[];
}

export interface PublicComponent {
  name: string;
  kind: StatusPageComponentKind;
  /** The monitor's or service's id (maintenance windows name what they affect by it). */
  targetId: string;
  /** As read at `builtAt`; a maintenance window in progress overrides it when rendered. */
  state: StatusComponentState;
  /** Monitors: the checks of each of the last 90 UTC days, oldest first (total 0: no data). */
  days: PublicDay[] | null;
  /** Monitors: the average response time of each half hour of the last 24 h that has one. */
  latency: PublicLatency[] | null;
}

export interface PublicDay {
  /** YYYY-MM-DD (UTC). */
  date: string;
  up: number;
  total: number;
}

export interface PublicLatency {
  at: string;
  ms: number;
}

export interface PublicIncident {
  id: string;
  title: string;
  status: StatusPageIncidentStatus;
  createdAt: string;
  resolvedAt: string | null;
  /** Newest first. */
  updates: PublicIncidentUpdate[];
}

export interface PublicIncidentUpdate {
  id: string;
  status: StatusPageIncidentStatus;
  message: string;
  createdAt: string;
}

export interface PublicMaintenance {
  id: string;
  title: string;
  description: string;
  startsAt: string;
  durationMinutes: number;
  rrule: string | null;
  /** The rule in words ("every week on Sunday"); null for a one-off window. */
  recurrence: string | null;
  /** Ids of the monitors and services it affects. */
  affects: string[];
  /** The windows of the coming weeks (and the one in progress), computed at `builtAt`. */
  windows: { start: string; end: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface PublicPostmortem {
  incidentTitle: string;
  summary: string;
  impact: string;
  rootCause: string;
  publishedAt: string;
}

/** How far ahead a page keeps maintenance windows, and how many of each. */
export const WINDOW_HORIZON_DAYS = 60;
export const WINDOWS_KEPT = 20;

/** A maintenance entry's timing, for maintenance-windows.ts. */
export function timingOf(m: PublicMaintenance): MaintenanceTiming {
  return { startsAt: new Date(m.startsAt), durationMinutes: m.durationMinutes, rrule: m.rrule };
}

/** The kept window in progress at `now`, or else the next one; null when none is left. */
export function windowAt(
  m: PublicMaintenance,
  now: Date,
): { start: Date; end: Date; inProgress: boolean } | null {
  for (const w of m.windows) {
    const start = new Date(w.start);
    const end = new Date(w.end);
    if (end > now) return { start, end, inProgress: start <= now };
  }
  return null;
}

/** A component's state at `now`: "maintenance" while a window affecting it is in progress. */
export function componentStateAt(
  component: PublicComponent,
  maintenance: readonly PublicMaintenance[],
  now: Date,
): StatusComponentState {
  const underWay = maintenance.some(
    (m) => m.affects.includes(component.targetId) && windowAt(m, now)?.inProgress,
  );
  return underWay ? 'maintenance' : component.state;
}

export type OverallState =
  | 'operational'
  | 'degraded'
  | 'partial_outage'
  | 'major_outage'
  | 'maintenance';

export const OVERALL_HEADLINES: Readonly<Record<OverallState, string>> = {
  operational: 'All systems operational',
  degraded: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  maintenance: 'Under maintenance',
};

/**
 * The page's headline state: an outage anywhere first (major when every component with a known
 * state is out), then degradation (a component, or a public incident not resolved), then
 * maintenance in progress, else operational.
 */
export function overallState(
  states: readonly StatusComponentState[],
  unresolvedIncidents: number,
): OverallState {
  const known = states.filter((s) => s !== 'unknown');
  const out = known.filter((s) => s === 'outage').length;
  if (out > 0) return out === known.length ? 'major_outage' : 'partial_outage';
  if (known.includes('degraded') || unresolvedIncidents > 0) return 'degraded';
  return known.includes('maintenance') ? 'maintenance' : 'operational';
}
