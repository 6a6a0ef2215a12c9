import type {
  AlertLink,
  AlertOrigin,
  AlertSeverity,
  AlertState,
  AlertSuppression,
  AlertUrgency,
  IngestOutcome,
} from '@hyperion/contracts';

import type { NormalizedEvent } from '../ingest-model/normalized-event';

/** An alert row as the ingest path reads and writes it (the columns of `alert`). */
export interface AlertRow {
  id: string;
  serviceId: string | null;
  integrationId: string | null;
  dedupKey: string;
  summary: string;
  source: string;
  severity: AlertSeverity;
  urgency: AlertUrgency;
  eventType: string;
  state: AlertState;
  suppressed: AlertSuppression | null;
  inhibitedBy: string | null;
  silenceId: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  customDetails: Record<string, unknown>;
  links: AlertLink[];
  component: string | null;
  group: string | null;
  class: string | null;
  generatorUrl: string | null;
  origin: AlertOrigin;
  occurrences: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  lastEmittedAt: Date | null;
  changedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  snoozedUntil: Date | null;
  /** The group whose next notification will carry it (set when it is emitted to someone). */
  notifyGroup: string | null;
}

/** Where a trigger goes once routed: its service, urgency, whether anyone is paged. */
export interface Routed {
  serviceId: string | null;
  urgency: AlertUrgency;
  /** false: recorded only (low severity by default, or a rule that suppresses). */
  page: boolean;
}

/** Why a trigger that passed de-duplication pages nobody, if it does not. */
export type Suppression =
  | { kind: 'silenced'; silenceId: string }
  | { kind: 'inhibited'; causeAlertId: string }
  | null;

export interface FoldContext {
  now: Date;
  windowMs: number;
  /** Evaluated only for a trigger that would otherwise be emitted. */
  suppression: (row: AlertRow) => Suppression;
}

export interface FoldResult {
  row: AlertRow;
  outcome: IngestOutcome;
  /** The state, the suppression or the paging changed (activity line, live event). */
  changed: boolean;
  /** Emitted to someone: grouped, notified, and counted as a critical alert event. */
  page: boolean;
}

/** Has a key emitted at `emittedAt` been emitted within the de-duplication window? */
export const withinWindow = (emittedAt: Date | null, now: Date, windowMs: number): boolean =>
  emittedAt !== null && now.getTime() - emittedAt.getTime() < windowMs;

/** A new alert row for the first trigger of a key. */
export function newRow(
  id: string,
  dedupKey: string,
  event: NormalizedEvent,
  routed: Routed,
  integrationId: string | null,
  now: Date,
): AlertRow {
  return {
    id,
    dedupKey,
    serviceId: routed.serviceId,
    integrationId,
    summary: event.summary,
    source: event.source,
    severity: event.severity,
    urgency: routed.urgency,
    eventType: event.eventType,
    state: 'triggered',
    suppressed: null,
    inhibitedBy: null,
    silenceId: null,
    labels: event.labels,
    annotations: event.annotations,
    customDetails: event.customDetails,
    links: event.links,
    component: event.component,
    group: event.group,
    class: event.class,
    generatorUrl: event.generatorUrl,
    origin: event.origin,
    occurrences: 0,
    firstSeenAt: now,
    lastSeenAt: now,
    lastEmittedAt: null,
    changedAt: now,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    snoozedUntil: null,
    notifyGroup: null,
  };
}

/**
 * A trigger folded into its alert (the row is new, with 0 occurrences, on a first trigger). The
 * de-duplication rule of critical-alert-metrics.md: a key emitted within the window is
 * deduplicated — counted, nobody notified, no event. An acknowledged alert, or one snoozed until
 * later, is not paged again either. Otherwise the alert is (re)emitted, unless a silence or a
 * firing dependency suppresses it.
 */
export function foldTrigger(
  current: AlertRow,
  event: NormalizedEvent,
  routed: Routed,
  context: FoldContext,
): FoldResult {
  const { now } = context;
  const row: AlertRow = {
    ...current,
    summary: event.summary,
    source: event.source,
    severity: event.severity,
    urgency: routed.urgency,
    eventType: event.eventType,
    serviceId: routed.serviceId ?? current.serviceId,
    labels: event.labels,
    annotations: event.annotations,
    customDetails: event.customDetails,
    links: event.links.length > 0 ? event.links : current.links,
    component: event.component,
    group: event.group,
    class: event.class,
    generatorUrl: event.generatorUrl ?? current.generatorUrl,
    occurrences: current.occurrences + 1,
    lastSeenAt: now,
  };
  const first = current.occurrences === 0;
  const snoozed =
    current.state === 'snoozed' && current.snoozedUntil !== null && current.snoozedUntil > now;
  const reopened = current.state === 'resolved' || (current.state === 'snoozed' && !snoozed);
  if (reopened) {
    Object.assign(row, {
      state: 'triggered',
      resolvedAt: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
      snoozedUntil: null,
      changedAt: now,
    });
  }
  if (
    !first &&
    (current.state === 'acknowledged' ||
      snoozed ||
      withinWindow(current.lastEmittedAt, now, context.windowMs))
  ) {
    return { row, outcome: 'deduplicated', changed: reopened, page: false };
  }
  const suppression = context.suppression(row);
  if (suppression) {
    const kind: AlertSuppression = suppression.kind;
    const changed = first || reopened || current.suppressed !== kind;
    Object.assign(row, {
      suppressed: kind,
      silenceId: suppression.kind === 'silenced' ? suppression.silenceId : null,
      inhibitedBy: suppression.kind === 'inhibited' ? suppression.causeAlertId : null,
      ...(changed ? { changedAt: now } : {}),
    });
    return { row, outcome: kind, changed, page: false };
  }
  Object.assign(row, {
    suppressed: null,
    silenceId: null,
    inhibitedBy: null,
    lastEmittedAt: now,
    changedAt: now,
  });
  return { row, outcome: 'emitted', changed: true, page: routed.page };
}

/** An acknowledge or resolve event for an existing alert (`ignored` when there is nothing to do). */
export function foldAction(
  current: AlertRow,
  action: 'acknowledge' | 'resolve',
  now: Date,
): FoldResult {
  if (action === 'acknowledge') {
    if (current.state !== 'triggered' && current.state !== 'snoozed') {
      return { row: current, outcome: 'ignored', changed: false, page: false };
    }
    return {
      row: {
        ...current,
        state: 'acknowledged',
        acknowledgedAt: now,
        acknowledgedBy: null,
        snoozedUntil: null,
        changedAt: now,
        lastSeenAt: now,
      },
      outcome: 'acknowledged',
      changed: true,
      page: false,
    };
  }
  if (current.state === 'resolved') {
    return { row: current, outcome: 'ignored', changed: false, page: false };
  }
  return {
    row: {
      ...current,
      state: 'resolved',
      resolvedAt: now,
      snoozedUntil: null,
      changedAt: now,
      lastSeenAt: now,
    },
    outcome: 'resolved',
    changed: true,
    page: false,
  };
}
