import type { AlertSummary } from '@hyperion/contracts';

import type { AlertRow } from './alert-fold';

/** Column → AlertRow property, in table order (the one list every raw query of `alert` uses). */
export const ALERT_COLUMNS: readonly (readonly [
  column: string,
  key: keyof AlertRow,
  type: string,
])[] = [
  ['id', 'id', 'uuid'],
  ['service_id', 'serviceId', 'uuid'],
  ['integration_id', 'integrationId', 'uuid'],
  ['dedup_key', 'dedupKey', 'varchar'],
  ['summary', 'summary', 'varchar'],
  ['source', 'source', 'varchar'],
  ['severity', 'severity', 'varchar'],
  ['urgency', 'urgency', 'varchar'],
  ['event_type', 'eventType', 'varchar'],
  ['state', 'state', 'varchar'],
  ['suppressed', 'suppressed', 'varchar'],
  ['inhibited_by', 'inhibitedBy', 'uuid'],
  ['silence_id', 'silenceId', 'uuid'],
  ['labels', 'labels', 'jsonb'],
  ['annotations', 'annotations', 'jsonb'],
  ['custom_details', 'customDetails', 'jsonb'],
  ['links', 'links', 'jsonb'],
  ['component', 'component', 'varchar'],
  ['alert_group', 'group', 'varchar'],
  ['alert_class', 'class', 'varchar'],
  ['generator_url', 'generatorUrl', 'text'],
  ['origin', 'origin', 'varchar'],
  ['occurrences', 'occurrences', 'integer'],
  ['first_seen_at', 'firstSeenAt', 'timestamptz'],
  ['last_seen_at', 'lastSeenAt', 'timestamptz'],
  ['last_emitted_at', 'lastEmittedAt', 'timestamptz'],
  ['changed_at', 'changedAt', 'timestamptz'],
  ['acknowledged_at', 'acknowledgedAt', 'timestamptz'],
  ['acknowledged_by', 'acknowledgedBy', 'uuid'],
  ['resolved_at', 'resolvedAt', 'timestamptz'],
  ['snoozed_until', 'snoozedUntil', 'timestamptz'],
];

/** `a."id" AS "id", a."service_id" AS "serviceId", …`: selects straight into AlertRow. */
export const SELECT_ALERT = ALERT_COLUMNS.map(([c, k]) => `a."${c}" AS "${k}"`).join(', ');

const MUTABLE = ALERT_COLUMNS.filter(([c]) => !['id', 'dedup_key', 'first_seen_at'].includes(c));

/**
 * Writes rows (new or changed) in one statement: `$1` is the organisation, `$2` a JSON array of
 * AlertRow. A row whose key exists is overwritten with the state the caller computed under the
 * key's lock.
 */
export const UPSERT_ALERTS = `
  INSERT INTO "alert" ("organization_id", ${ALERT_COLUMNS.map(([c]) => `"${c}"`).join(', ')})
  SELECT $1, ${ALERT_COLUMNS.map(([, k]) => `r."${k}"`).join(', ')}
    FROM jsonb_to_recordset($2::jsonb) AS r(${ALERT_COLUMNS.map(([, k, t]) => `"${k}" ${t}`).join(', ')})
  ON CONFLICT ("organization_id", "dedup_key") DO UPDATE SET
    ${MUTABLE.map(([c]) => `"${c}" = EXCLUDED."${c}"`).join(', ')}`;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The list's and the live event's view of an alert. */
export function toAlertSummary(row: AlertRow, serviceName: string | null): AlertSummary {
  return {
    id: row.id,
    serviceId: row.serviceId,
    serviceName,
    dedupKey: row.dedupKey,
    summary: row.summary,
    source: row.source,
    severity: row.severity,
    state: row.state,
    urgency: row.urgency,
    suppressed: row.suppressed,
    inhibitedBy: row.inhibitedBy,
    silenceId: row.silenceId,
    eventType: row.eventType,
    labels: row.labels,
    occurrences: row.occurrences,
    origin: row.origin,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    lastEmittedAt: iso(row.lastEmittedAt),
    acknowledgedAt: iso(row.acknowledgedAt),
    acknowledgedBy: row.acknowledgedBy,
    resolvedAt: iso(row.resolvedAt),
    snoozedUntil: iso(row.snoozedUntil),
  };
}
