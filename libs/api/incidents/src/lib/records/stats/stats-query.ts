import type { Tx } from '@hyperion/api/core';
import type { IncidentSeverity } from '@hyperion/contracts';

import { IncidentStatsBucket } from './incident-stats';

interface BucketRow {
  severity: IncidentSeverity;
  service_id: string | null;
  service_name: string | null;
  month: string;
  n: number;
  acknowledged: number;
  acknowledge_seconds: string | null;
  resolved: number;
  resolve_seconds: string | null;
}

/**
 * The incidents of [from, to) summed in PostgreSQL per severity, service and UTC month of their
 * report: a few rows whatever their number (the (organization_id, reported_at) index bounds the
 * scan). Times are exact (`extract(epoch …)` is numeric); one before the report counts as 0, as
 * in `bucketRecords`.
 */
export async function incidentStatsBuckets(
  tx: Tx,
  from: Date,
  to: Date,
): Promise<IncidentStatsBucket[]> {
  const rows = (await tx.manager.query(
    `SELECT i."severity", i."service_id", s."name" AS service_name,
            to_char(date_trunc('month', i."reported_at" AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
            count(*)::int AS n,
            count(i."first_acknowledged_at")::int AS acknowledged,
            sum(GREATEST(0, extract(epoch FROM i."first_acknowledged_at" - i."reported_at")))::text
              AS acknowledge_seconds,
            count(i."first_resolved_at")::int AS resolved,
            sum(GREATEST(0, extract(epoch FROM i."first_resolved_at" - i."reported_at")))::text
              AS resolve_seconds
       FROM "incident" i
       LEFT JOIN "service" s ON s."id" = i."service_id"
      WHERE i."organization_id" = $1 AND i."reported_at" >= $2 AND i."reported_at" < $3
      GROUP BY 1, 2, 3, 4`,
    [tx.organizationId, from, to],
  )) as BucketRow[];
  return rows.map((r) => ({
    severity: r.severity,
    serviceId: r.service_id,
    serviceName: r.service_name,
    month: r.month,
    count: r.n,
    acknowledged: r.acknowledged,
    acknowledgeSeconds: Number(r.acknowledge_seconds ?? 0),
    resolved: r.resolved,
    resolveSeconds: Number(r.resolve_seconds ?? 0),
  }));
}
