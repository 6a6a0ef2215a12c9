import type { AlertSeverity, AlertUrgency } from './alerts';
import type { Permission } from './permissions';

/** How alerts come in to a service: PagerDuty Events v2 or Alertmanager (API and webhook). */
export const INTEGRATION_KINDS = ['events', 'alertmanager'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

/**
 * An integration of a service: its routing key sends alerts to this service, with no API key
 * (`routing_key` in a PagerDuty-shaped event, or `?routing_key=` / the `Authorization: Bearer`
 * header for the Alertmanager endpoints).
 */
export interface IntegrationSummary {
  id: string;
  name: string;
  kind: IntegrationKind;
  /** 32 lowercase hex characters. */
  routingKey: string;
  /** Events accepted per minute through this key; more get 429. */
  rateLimitPerMinute: number;
  /** ISO 8601, UTC. */
  createdAt: string;
}

/**
 * How a service's alerts map to urgency: `severity` (critical and high → high urgency, medium
 * and low → low), or always `high`, or always `low`.
 */
export type ServiceUrgencyRule = 'severity' | 'high' | 'low';

/** A service of the active organisation, as the API returns it (PagerDuty's model). */
export interface ServiceSummary {
  id: string;
  name: string;
  description: string;
  /** The owning team (notifications' teams), if any. */
  teamId: string | null;
  /** The escalation policy its alerts follow (the organisation's default when null). */
  escalationPolicyId: string | null;
  /** A triggered alert not seen again for this long is resolved by itself; null: never. */
  autoResolveMinutes: number | null;
  urgencyRule: ServiceUrgencyRule;
  /** Alerts sharing these label values go out as one notification ([] = one group per service). */
  groupBy: string[];
  /** How long the first alert of a new group waits for others (Alertmanager's group_wait). */
  groupWaitSeconds: number;
  /** How long a group waits before it sends alerts added to it (group_interval). */
  groupIntervalSeconds: number;
  /** Ids of the services this one depends on: their critical alerts inhibit this one's. */
  dependsOn: string[];
  integrations: IntegrationSummary[];
  /** Alerts now triggered or acknowledged, by severity. */
  openAlerts: Partial<Record<AlertSeverity, number>>;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** ISO 8601, UTC. */
  updatedAt: string;
}

export interface CreateServiceRequest {
  name: string;
  description?: string;
  teamId?: string;
  escalationPolicyId?: string;
  autoResolveMinutes?: number;
  urgencyRule?: ServiceUrgencyRule;
  groupBy?: string[];
  groupWaitSeconds?: number;
  groupIntervalSeconds?: number;
  dependsOn?: string[];
}

/**
 * Only the fields given change. `clear` empties optional fields (`teamId`,
 * `escalationPolicyId`, `autoResolveMinutes`): the API refuses `null` in bodies.
 */
export interface UpdateServiceRequest extends Partial<CreateServiceRequest> {
  clear?: ('teamId' | 'escalationPolicyId' | 'autoResolveMinutes')[];
}

export interface CreateIntegrationRequest {
  name: string;
  kind: IntegrationKind;
  rateLimitPerMinute?: number;
}

/** Validation rules of services: the API's DTOs and the console's forms both use these. */
export const SERVICE_RULES = {
  nameMaxLength: 128,
  /** One line, without leading or trailing spaces. */
  namePattern: /^\S(?:.*\S)?$/,
  nameHint: '1 to 128 characters on one line, without leading or trailing spaces',
  descriptionMax: 2000,
  autoResolveMinutesMax: 7 * 24 * 60,
  groupByMax: 10,
  labelNamePattern: /^[a-zA-Z_][a-zA-Z0-9_]*$/,
  groupWaitSecondsMax: 3600,
  groupIntervalSecondsMax: 24 * 3600,
  dependsOnMax: 50,
  integrationsMax: 20,
  rateLimitPerMinuteMax: 1_000_000,
  defaultRateLimitPerMinute: 600_000,
  defaultGroupWaitSeconds: 10,
  defaultGroupIntervalSeconds: 300,
} as const;

/** What reading and changing services requires (the API's routes and the console's module). */
export const SERVICE_PERMISSIONS = {
  read: 'alerts:read',
  write: 'alerts:write',
} as const satisfies Record<'read' | 'write', Permission>;

export const SERVICE_ROUTES = {
  /** GET: every service of the active organisation; POST: a new one. */
  collection: '/api/v1/services',
  /** GET, PATCH, DELETE: one service. */
  item: (id: string) => `/api/v1/services/${encodeURIComponent(id)}`,
  /** POST CreateIntegrationRequest → IntegrationSummary. */
  integrations: (id: string) => `/api/v1/services/${encodeURIComponent(id)}/integrations`,
  /** DELETE: the routing key stops working at once. */
  integration: (id: string, integrationId: string) =>
    `/api/v1/services/${encodeURIComponent(id)}/integrations/${encodeURIComponent(integrationId)}`,
} as const;

/** The urgency of an alert of `severity` under a service's rule. */
export function urgencyOf(rule: ServiceUrgencyRule, severity: AlertSeverity): AlertUrgency {
  if (rule !== 'severity') return rule;
  return severity === 'critical' || severity === 'high' ? 'high' : 'low';
}
