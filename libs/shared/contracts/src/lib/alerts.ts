import type { NotificationChannelKind } from './notification-channel';
import type { Permission } from './permissions';

/** Alert severities (operational-procedures.md: incident classification). */
export const ALERT_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/**
 * Severities accepted on ingest and what they mean here: PagerDuty's `error`, `warning` and
 * `info`, and Prometheus' customary label values.
 */
export const ALERT_SEVERITY_ALIASES: Readonly<Record<string, AlertSeverity>> = {
  critical: 'critical',
  high: 'high',
  error: 'high',
  major: 'high',
  medium: 'medium',
  warning: 'medium',
  minor: 'medium',
  low: 'low',
  info: 'low',
  none: 'low',
};

export type AlertUrgency = 'high' | 'low';

/** Where an alert stands. `snoozed` turns back into `triggered` at `snoozedUntil`. */
export const ALERT_STATES = ['triggered', 'acknowledged', 'snoozed', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** Why a firing alert pages nobody: a silence matched it, or a service it depends on is down. */
export type AlertSuppression = 'silenced' | 'inhibited';

/** What became of one ingested event. */
export const INGEST_OUTCOMES = [
  'emitted',
  'deduplicated',
  'silenced',
  'inhibited',
  'acknowledged',
  'resolved',
  'ignored',
] as const;
export type IngestOutcome = (typeof INGEST_OUTCOMES)[number];

export type AlertOrigin = 'events' | 'alertmanager' | 'webhook' | 'console' | 'monitor';

/** PagerDuty Events API v2, `POST /api/v1/alerts/events`. */
export interface AlertEventRequest {
  /** An integration's routing key; without one, an API key with `alerts:ingest` is needed. */
  routing_key?: string;
  event_action: 'trigger' | 'acknowledge' | 'resolve';
  /** Required to acknowledge or resolve; without one a trigger always opens a new alert. */
  dedup_key?: string;
  payload?: {
    summary: string;
    source: string;
    /** critical | high | medium | low, or PagerDuty's error | warning | info. */
    severity: string;
    /** ISO 8601. */
    timestamp?: string;
    component?: string;
    group?: string;
    class?: string;
    custom_details?: Record<string, unknown>;
  };
  links?: { href: string; text?: string }[];
  /** The service's name, when an API key (not a routing key) sends the event. */
  service?: string;
}

/** The answer of `POST /api/v1/alerts/events` (202, once the event is committed). */
export interface AlertEventResponse {
  status: 'success';
  message: string;
  dedup_key: string;
  outcome: IngestOutcome;
}

/** The answer of the Alertmanager endpoints (200 as Alertmanager, once committed). */
export interface AlertBatchResponse {
  status: 'success';
  /** How many alerts of the request ended in each outcome. */
  outcomes: Partial<Record<IngestOutcome, number>>;
}

export interface AlertLink {
  href: string;
  text: string;
}

/** An alert as the list shows it. */
export interface AlertSummary {
  id: string;
  serviceId: string | null;
  serviceName: string | null;
  /** The key alerts fold on (given, the Alertmanager fingerprint, or a generated one). */
  dedupKey: string;
  summary: string;
  source: string;
  severity: AlertSeverity;
  state: AlertState;
  urgency: AlertUrgency;
  suppressed: AlertSuppression | null;
  /** The firing alert of a service this one depends on, when inhibited. */
  inhibitedBy: string | null;
  silenceId: string | null;
  /** The event type of the reports (`class`, or the `alertname` label, or the summary). */
  eventType: string;
  labels: Record<string, string>;
  occurrences: number;
  origin: AlertOrigin;
  /** ISO 8601, UTC. */
  firstSeenAt: string;
  lastSeenAt: string;
  /** When it last paged (null: never, e.g. silenced or low severity). */
  lastEmittedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  snoozedUntil: string | null;
}

/** One line of an alert's activity (not every deduplicated repeat: those are counted). */
export interface AlertActivity {
  at: string;
  /** e.g. emitted, silenced, inhibited, acknowledged, resolved, snoozed, auto_resolved, escalated. */
  action: string;
  /** The user, or `system`, or the integration name. */
  by: string;
  details: Record<string, string | number | boolean>;
}

export type EscalationStepState = 'scheduled' | 'sent' | 'cancelled' | 'skipped';

/** One level of an alert notification's escalation. */
export interface EscalationProgress {
  level: number;
  name: string;
  dueAt: string;
  state: EscalationStepState;
  /** Why it was cancelled or skipped, or what it sent. */
  reason: string | null;
  deliveryIds: string[];
  pageIds: string[];
}

/** One notification of a group of alerts (Alertmanager-like grouping), with its escalation. */
export interface AlertNotificationSummary {
  id: string;
  serviceId: string | null;
  groupKey: string;
  alertIds: string[];
  title: string;
  urgency: AlertUrgency;
  /** Kinds the routing sent it to at once. */
  channels: NotificationChannelKind[];
  state: 'escalating' | 'stopped' | 'done';
  escalationPolicyId: string | null;
  escalation: EscalationProgress[];
  createdAt: string;
}

/** `GET /api/v1/alerts/:id`. */
export interface AlertDetail extends AlertSummary {
  annotations: Record<string, string>;
  customDetails: Record<string, unknown>;
  links: AlertLink[];
  component: string | null;
  group: string | null;
  generatorUrl: string | null;
  activity: AlertActivity[];
  notifications: AlertNotificationSummary[];
}

/** `GET /api/v1/alerts?…`: one page, newest activity first; never every alert at once. */
export interface AlertListQuery {
  state?: AlertState | 'open';
  severity?: AlertSeverity;
  serviceId?: string;
  suppressed?: 'true' | 'false';
  /** Text in the summary, source or key. */
  q?: string;
  limit?: number;
  offset?: number;
}
export interface AlertListResponse {
  items: AlertSummary[];
  /**
   * The alerts matching the filter. A text search counts at most ALERT_RULES.searchCountMax:
   * past it `total` is that figure and `totalIsLowerBound` is true ("10,000+").
   */
  total: number;
  totalIsLowerBound: boolean;
  /** Open alerts by severity (the counters at the top of the page). */
  openBySeverity: Partial<Record<AlertSeverity, number>>;
}

/** Acknowledge, resolve or snooze from the console or the API. */
export interface AlertActionRequest {
  action: 'acknowledge' | 'resolve' | 'snooze';
  /** snooze only: minutes (1 – 10,080). */
  minutes?: number;
}
export interface AlertBulkActionRequest extends AlertActionRequest {
  ids: string[];
}
export interface AlertBulkActionResponse {
  /** The alerts changed (those already in that state are left out). */
  changed: string[];
}

/** A label matcher (Alertmanager's): `=`, `!=`, regex `=~`, `!~` (anchored, RE2-like). */
export interface LabelMatcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/**
 * What a matcher may look at: every label, plus `severity`, `source`, `service` (its name),
 * `event_type` and `summary`.
 */
export const MATCHER_FIELDS_HINT =
  'a label name, or severity, source, service, event_type, summary' as const;

/** A recurring maintenance window: an RRULE in a time zone, each occurrence lasting N minutes. */
export interface SilenceRecurrence {
  /** RFC 5545, e.g. `FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0`. */
  rrule: string;
  durationMinutes: number;
  /** IANA time zone of the rule's wall-clock times. */
  timeZone: string;
}

export interface SilenceSummary {
  id: string;
  comment: string;
  matchers: LabelMatcher[];
  /** ISO 8601: the silence (or the recurrence) holds from `startsAt` to `endsAt`. */
  startsAt: string;
  endsAt: string;
  recurrence: SilenceRecurrence | null;
  /** Now: `active` (silencing), `pending` (later), `expired`. */
  status: 'active' | 'pending' | 'expired';
  createdBy: string | null;
  createdAt: string;
}
export interface CreateSilenceRequest {
  comment: string;
  matchers: LabelMatcher[];
  startsAt?: string;
  endsAt: string;
  recurrence?: SilenceRecurrence;
}

/** Who an escalation level reaches. People are reached through their personal notification rules. */
export type EscalationTarget =
  | { type: 'contact'; id: string }
  | { type: 'team'; id: string }
  | { type: 'schedule'; id: string }
  | { type: 'channel'; id: string };

export interface EscalationLevel {
  /** e.g. DevOps, Lead dev, CTO, Direction. */
  name: string;
  /** Minutes after the notification (0 = at once), increasing from level to level. */
  delayMinutes: number;
  targets: EscalationTarget[];
  /**
   * Channels of these kinds of the organisation, each to its own default recipients (e.g. SMS at
   * 15 minutes, voice at 30).
   */
  channelKinds: NotificationChannelKind[];
}

export interface EscalationPolicySummary {
  id: string;
  name: string;
  description: string;
  /** The organisation's default (services without a policy follow it). */
  isDefault: boolean;
  /** How many times the levels run again after the last, while nobody acknowledges (0 – 9). */
  repeat: number;
  levels: EscalationLevel[];
  createdAt: string;
  updatedAt: string;
}
export interface CreateEscalationPolicyRequest {
  name: string;
  description?: string;
  isDefault?: boolean;
  repeat?: number;
  levels: EscalationLevel[];
}
export type UpdateEscalationPolicyRequest = Partial<CreateEscalationPolicyRequest>;

/**
 * A routing rule: the first enabled rule (by position) whose matchers all match decides where an
 * alert goes; without a match, the severity defaults of the procedures document apply.
 */
export interface RoutingRuleSummary {
  id: string;
  position: number;
  name: string;
  enabled: boolean;
  matchers: LabelMatcher[];
  /** Moves the alert to this service (its escalation policy, grouping and dependencies). */
  serviceId: string | null;
  /** Overrides the service's escalation policy. */
  escalationPolicyId: string | null;
  urgency: AlertUrgency | null;
  /** Kinds notified at once (the first level); [] with `suppress` = recorded only. */
  channelKinds: NotificationChannelKind[] | null;
  /** Recorded only: nobody paged. */
  suppress: boolean;
  createdAt: string;
}
export interface CreateRoutingRuleRequest {
  name: string;
  position?: number;
  enabled?: boolean;
  matchers: LabelMatcher[];
  serviceId?: string;
  escalationPolicyId?: string;
  urgency?: AlertUrgency;
  channelKinds?: NotificationChannelKind[];
  suppress?: boolean;
}
/** Only the fields given change; `clear` empties optional ones (the API refuses `null`). */
export type UpdateRoutingRuleRequest = Partial<CreateRoutingRuleRequest> & {
  clear?: ('serviceId' | 'escalationPolicyId' | 'urgency' | 'channelKinds')[];
};

/** The routing of the procedures document, applied when no rule matches. */
export const DEFAULT_SEVERITY_ROUTING: Readonly<
  Record<AlertSeverity, { channelKinds: readonly NotificationChannelKind[] | 'all'; page: boolean }>
> = {
  critical: { channelKinds: 'all', page: true },
  high: { channelKinds: ['email', 'slack'], page: true },
  medium: { channelKinds: ['email'], page: true },
  low: { channelKinds: [], page: false },
};

/**
 * The channel a CriticalAlertEvent records: the document's `email`, `webhook` and `both`
 * (email + webhook), extended with each other notification kind alone, and `multiple` for any
 * other combination.
 */
export type CriticalAlertChannel = 'both' | 'multiple' | NotificationChannelKind;

/** Readable labels of the report (the document's `Email + Webhook`, `Email only` …). */
export const CRITICAL_ALERT_CHANNEL_LABELS: Readonly<Record<CriticalAlertChannel, string>> = {
  both: 'Email + Webhook',
  multiple: 'Several channels',
  email: 'Email only',
  webhook: 'Webhook only',
  slack: 'Slack only',
  mattermost: 'Mattermost only',
  discord: 'Discord only',
  teams: 'Microsoft Teams only',
  telegram: 'Telegram only',
  sms: 'SMS only',
  voice: 'Voice call only',
};

/** `GET /api/v1/alerts/reports/monthly?month=YYYY-MM` (UTC month). */
export interface MonthlyAlertReport {
  month: string;
  /** ISO 8601, UTC: [from, to). */
  from: string;
  to: string;
  total: number;
  byEventType: Record<string, number>;
  byChannel: Partial<Record<CriticalAlertChannel, number>>;
  bySeverity: Partial<Record<AlertSeverity, number>>;
  /** ISO 8601, UTC; null when the month has none. */
  firstAt: string | null;
  lastAt: string | null;
}

/** `GET /api/v1/alerts/reports/trend?months=N&to=YYYY-MM`: oldest first. */
export interface AlertReportTrend {
  months: { month: string; total: number; bySeverity: Partial<Record<AlertSeverity, number>> }[];
}

export const ALERT_RULES = {
  dedupKeyMax: 255,
  summaryMax: 1024,
  sourceMax: 255,
  fieldMax: 255,
  customDetailsMaxBytes: 16 * 1024,
  linksMax: 20,
  labelsMax: 64,
  labelValueMax: 1024,
  annotationValueMax: 8 * 1024,
  /** Alerts per Alertmanager request. */
  batchMax: 1000,
  listLimitMax: 200,
  /** A text search's total counts this many alerts at most (the rest is "and more"). */
  searchCountMax: 10_000,
  bulkMax: 500,
  snoozeMinutesMax: 7 * 24 * 60,
  matchersMax: 20,
  silenceCommentMax: 1000,
  levelsMax: 10,
  targetsMax: 20,
  repeatMax: 9,
  trendMonthsMax: 36,
  /** YYYY-MM. */
  monthPattern: /^\d{4}-(0[1-9]|1[0-2])$/,
  routingKeyPattern: /^[0-9a-f]{32}$/,
} as const;

export const ALERT_PERMISSIONS = {
  read: 'alerts:read',
  ack: 'alerts:ack',
  write: 'alerts:write',
  ingest: 'alerts:ingest',
} as const satisfies Record<string, Permission>;

export const ALERT_ROUTES = {
  /** POST AlertEventRequest → 202 AlertEventResponse (routing key or API key). */
  events: '/api/v1/alerts/events',
  /** POST Alertmanager postable alerts (an array) → 200 (routing key or API key). */
  alertmanagerApi: '/api/v2/alerts',
  /** POST Alertmanager webhook payload version 4 → 200. */
  alertmanagerWebhook: '/api/v1/alerts/alertmanager',
  /** GET ?AlertListQuery → AlertListResponse. */
  list: '/api/v1/alerts',
  /** GET → AlertDetail. */
  item: (id: string) => `/api/v1/alerts/${encodeURIComponent(id)}`,
  /** POST AlertActionRequest → AlertSummary (alerts:ack). */
  action: (id: string) => `/api/v1/alerts/${encodeURIComponent(id)}/actions`,
  /** POST AlertBulkActionRequest → AlertBulkActionResponse (alerts:ack). */
  bulk: '/api/v1/alerts/actions',
  /** GET ?month=YYYY-MM → MonthlyAlertReport. */
  monthlyReport: '/api/v1/alerts/reports/monthly',
  /** GET ?months=12&to=YYYY-MM → AlertReportTrend. */
  trend: '/api/v1/alerts/reports/trend',
  silences: '/api/v1/alerts/silences',
  /** DELETE: expires it now. */
  silence: (id: string) => `/api/v1/alerts/silences/${encodeURIComponent(id)}`,
  escalationPolicies: '/api/v1/alerts/escalation-policies',
  escalationPolicy: (id: string) => `/api/v1/alerts/escalation-policies/${encodeURIComponent(id)}`,
  routingRules: '/api/v1/alerts/routing-rules',
  routingRule: (id: string) => `/api/v1/alerts/routing-rules/${encodeURIComponent(id)}`,
} as const;

/** The live event's payload: alerts as they now stand (a batch of ingest sends one event). */
export interface AlertsChangedEvent {
  alerts: AlertSummary[];
}
