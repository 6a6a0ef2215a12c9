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
  ['notify_group', 'notifyGroup', 'varchar'],
];

/** `a."id" AS "id", a."service_id" AS "serviceId", …`: selects straight into AlertRow. */
export const SELECT_ALERT = ALERT_COLUMNS.map(([c, k]) => `a."${c}" AS "${k}"`).join(', ');

const MUTABLE = ALERT_COLUMNS.filter(([c]) => !['id', 'dedup_key', 'first_seen_at'].includes(c));

/**
 * Everything one write of the ingest (or the sweep) changes, in ONE statement (one round trip):
 *
 * - `$4` alerts (AlertRow[], new or changed): a row whose key exists is overwritten with the state
 *   the caller computed under the key's lock (an alert emitted to someone carries its group's key
 *   in `notifyGroup` until the group's flush takes it); `$9` repeats (`{ id, occurrences,
 *   lastSeenAt }[]`, deduplicated triggers of alerts not otherwise changed) only count;
 * - `$5` their activity lines; `$6` live events (outbox payloads);
 * - `$2` groups (`{ groupKey, serviceId, labels, waitSeconds, intervalSeconds }[]`): a new group is
 *   created, and a group without a pending flush gets one — after group_wait, or at the end of
 *   group_interval after the last flush — with its flush job in the outbox (`$7` queue, `$8` job
 *   name). Neither row is updated here, so concurrent writes never queue on a group row (the
 *   caller holds the groups' advisory locks in shared mode; the flush takes them exclusively).
 *
 * - `$10` other jobs (outbox job payloads `{ queue, name, data }`): the emitted alerts that may
 *   open an incident (JOBS.alertsEmitted), for the incidents lib to decide after the commit.
 *
 * `$1` is the organisation, `$3` the correlation id, `$11` the repeats' ids as an array (with the
 * organisation, the planner's cue to find each by its key: without statistics yet — a table that
 * just grew — it would otherwise read the whole organisation's alerts to join them). Answers how
 * many outbox rows it wrote.
 */
export const WRITE_ALERTS = `
  WITH up AS (
    INSERT INTO "alert" ("organization_id", ${ALERT_COLUMNS.map(([c]) => `"${c}"`).join(', ')})
    SELECT $1, ${ALERT_COLUMNS.map(([, k]) => `r."${k}"`).join(', ')}
      FROM jsonb_to_recordset($4::jsonb) AS r(${ALERT_COLUMNS.map(([, k, t]) => `"${k}" ${t}`).join(', ')})
    ON CONFLICT ("organization_id", "dedup_key") DO UPDATE SET
      ${MUTABLE.map(([c]) => `"${c}" = EXCLUDED."${c}"`).join(', ')}
    RETURNING 1
  ), bump AS (
    UPDATE "alert" a SET "occurrences" = r."occurrences", "last_seen_at" = r."lastSeenAt"
      FROM jsonb_to_recordset($9::jsonb) AS r("id" uuid, "occurrences" integer, "lastSeenAt" timestamptz)
     WHERE a."organization_id" = $1 AND a."id" = ANY($11::uuid[]) AND a."id" = r."id"
    RETURNING 1
  ), act AS (
    INSERT INTO "alert_activity" ("organization_id", "alert_id", "at", "action", "actor", "details")
    SELECT $1, r."alertId", r."at", r."action", r."actor", r."details"
      FROM jsonb_to_recordset($5::jsonb)
        AS r("alertId" uuid, "at" timestamptz, "action" varchar, "actor" varchar, "details" jsonb)
    RETURNING 1
  ), events AS (
    INSERT INTO "outbox" ("organization_id", "kind", "payload", "correlation_id")
    SELECT $1, 'event', e, $3 FROM jsonb_array_elements($6::jsonb) AS e
    RETURNING 1
  ), groups AS (
    SELECT * FROM jsonb_to_recordset($2::jsonb) AS r("groupKey" varchar, "serviceId" uuid,
      "labels" jsonb, "waitSeconds" integer, "intervalSeconds" integer)
  ), created AS (
    INSERT INTO "alert_group" ("organization_id", "group_key", "service_id", "group_labels")
    SELECT $1, g."groupKey", g."serviceId", g."labels" FROM groups g
    ON CONFLICT ("organization_id", "group_key") DO NOTHING
    RETURNING 1
  ), flush AS (
    INSERT INTO "alert_group_flush" ("organization_id", "group_key", "due_at")
    SELECT $1, g."groupKey",
           greatest(now() + g."waitSeconds" * interval '1 second',
                    coalesce(ag."last_flushed_at" + g."intervalSeconds" * interval '1 second', '-infinity'))
      FROM groups g
      LEFT JOIN "alert_group" ag ON ag."organization_id" = $1 AND ag."group_key" = g."groupKey"
    ON CONFLICT ("organization_id", "group_key") DO NOTHING
    RETURNING "group_key", "due_at"
  ), jobs AS (
    INSERT INTO "outbox" ("organization_id", "kind", "payload", "correlation_id")
    SELECT $1, 'job', jsonb_build_object('queue', $7::text, 'name', $8::text,
             'data', jsonb_build_object('groupKey', f."group_key"),
             'runAt', floor(extract(epoch FROM f."due_at") * 1000)), $3
      FROM flush f
    RETURNING 1
  ), more AS (
    INSERT INTO "outbox" ("organization_id", "kind", "payload", "correlation_id")
    SELECT $1, 'job', j, $3 FROM jsonb_array_elements($10::jsonb) AS j
    RETURNING 1
  )
  SELECT ((SELECT count(*) FROM events) + (SELECT count(*) FROM jobs)
          + (SELECT count(*) FROM more))::int AS "outbox",
         (SELECT count(*) FROM up)::int + (SELECT count(*) FROM bump)::int AS "alerts",
         (SELECT count(*) FROM act)::int + (SELECT count(*) FROM created)::int * 0 AS "activity"`;

/**
 * A PostgreSQL array literal (`{"a","b"}`) of `values`, for `= ANY(…::text[])`: a constant array
 * whose length the planner sees, where a set-returning function would count as 100 rows.
 */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** The advisory lock key of a group (ingest takes it shared, the flush exclusive). */
export const groupLockKey = (organizationId: string, groupKey: string): string =>
  `alert-group:${organizationId}:${groupKey}`;

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
