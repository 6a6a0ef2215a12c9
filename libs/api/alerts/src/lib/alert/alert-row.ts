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
 * Everything one write of the ingest (or the sweep) changes, in ONE statement (one round trip):
 *
 * - `$5` alerts (AlertRow[], new or changed): a row whose key exists is overwritten with the state
 *   the caller computed under the key's lock; `$10` repeats (`{ id, occurrences, lastSeenAt }[]`,
 *   deduplicated triggers of alerts not otherwise changed) only count;
 * - `$6` their activity lines; `$7` live events (outbox payloads);
 * - `$2` groups (`{ groupKey, serviceId, labels, ids, waitSeconds, intervalSeconds }[]`): the alert
 *   ids join the group's pending list; a group without a pending flush gets one (after
 *   group_wait, or at the end of group_interval after the last flush) and — only the write that
 *   scheduled it, `$3` — its flush job in the outbox (`$8` queue, `$9` job name).
 *
 * `$1` is the organisation, `$4` the correlation id. Answers how many outbox rows it wrote.
 */
export const WRITE_ALERTS = `
  WITH up AS (
    INSERT INTO "alert" ("organization_id", ${ALERT_COLUMNS.map(([c]) => `"${c}"`).join(', ')})
    SELECT $1, ${ALERT_COLUMNS.map(([, k]) => `r."${k}"`).join(', ')}
      FROM jsonb_to_recordset($5::jsonb) AS r(${ALERT_COLUMNS.map(([, k, t]) => `"${k}" ${t}`).join(', ')})
    ON CONFLICT ("organization_id", "dedup_key") DO UPDATE SET
      ${MUTABLE.map(([c]) => `"${c}" = EXCLUDED."${c}"`).join(', ')}
    RETURNING 1
  ), bump AS (
    UPDATE "alert" a SET "occurrences" = r."occurrences", "last_seen_at" = r."lastSeenAt"
      FROM jsonb_to_recordset($10::jsonb) AS r("id" uuid, "occurrences" integer, "lastSeenAt" timestamptz)
     WHERE a."id" = r."id"
    RETURNING 1
  ), act AS (
    INSERT INTO "alert_activity" ("organization_id", "alert_id", "at", "action", "actor", "details")
    SELECT $1, r."alertId", r."at", r."action", r."actor", r."details"
      FROM jsonb_to_recordset($6::jsonb)
        AS r("alertId" uuid, "at" timestamptz, "action" varchar, "actor" varchar, "details" jsonb)
    RETURNING 1
  ), events AS (
    INSERT INTO "outbox" ("organization_id", "kind", "payload", "correlation_id")
    SELECT $1, 'event', e, $4 FROM jsonb_array_elements($7::jsonb) AS e
    RETURNING 1
  ), grp AS (
    INSERT INTO "alert_group" AS g ("organization_id", "group_key", "service_id", "group_labels",
      "pending", "interval_seconds", "flush_due_at", "flush_batch")
    SELECT $1, r."groupKey", r."serviceId", r."labels", r."ids", r."intervalSeconds",
           now() + r."waitSeconds" * interval '1 second', $3
      FROM jsonb_to_recordset($2::jsonb) AS r("groupKey" varchar, "serviceId" uuid, "labels" jsonb,
        "ids" jsonb, "waitSeconds" integer, "intervalSeconds" integer)
    ON CONFLICT ("organization_id", "group_key") DO UPDATE SET
      "pending" = g."pending" || EXCLUDED."pending",
      "interval_seconds" = EXCLUDED."interval_seconds",
      "flush_batch" = CASE WHEN g."flush_due_at" IS NULL THEN EXCLUDED."flush_batch" ELSE g."flush_batch" END,
      "flush_due_at" = coalesce(g."flush_due_at",
        CASE WHEN g."last_flushed_at" > now() - EXCLUDED."interval_seconds" * interval '1 second'
             THEN g."last_flushed_at" + EXCLUDED."interval_seconds" * interval '1 second'
             ELSE EXCLUDED."flush_due_at" END)
    RETURNING "group_key", "flush_due_at", "flush_batch"
  ), jobs AS (
    INSERT INTO "outbox" ("organization_id", "kind", "payload", "correlation_id")
    SELECT $1, 'job', jsonb_build_object('queue', $8::text, 'name', $9::text,
             'data', jsonb_build_object('groupKey', grp."group_key"),
             'runAt', floor(extract(epoch FROM grp."flush_due_at") * 1000)), $4
      FROM grp WHERE grp."flush_batch" = $3::uuid
    RETURNING 1
  )
  SELECT ((SELECT count(*) FROM events) + (SELECT count(*) FROM jobs))::int AS "outbox",
         (SELECT count(*) FROM up)::int + (SELECT count(*) FROM bump)::int AS "alerts",
         (SELECT count(*) FROM act)::int AS "activity"`;

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
