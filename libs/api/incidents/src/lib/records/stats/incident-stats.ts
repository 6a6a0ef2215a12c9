import type { IncidentSeverity, IncidentStats, IncidentStatsRow } from '@hyperion/contracts';
import { INCIDENT_SEVERITIES } from '@hyperion/contracts';

/** What MTTA / MTTR need of one incident. */
export interface IncidentTimingRecord {
  reportedAt: Date;
  /** The first acknowledgement: a reopen does not erase it. */
  firstAcknowledgedAt: Date | null;
  /** The first resolution: a reopen does not erase it. */
  firstResolvedAt: Date | null;
  severity: IncidentSeverity;
  serviceId: string | null;
  serviceName: string | null;
}

/**
 * The incidents of one severity, service and UTC month, summed: what the SQL aggregate returns
 * (a few rows whatever the number of incidents) and what `bucketRecords` makes of records.
 */
export interface IncidentStatsBucket {
  severity: IncidentSeverity;
  serviceId: string | null;
  serviceName: string | null;
  /** YYYY-MM, UTC. */
  month: string;
  count: number;
  acknowledged: number;
  /** Sum over the acknowledged incidents of (first acknowledgement − reportedAt), in seconds. */
  acknowledgeSeconds: number;
  resolved: number;
  /** Sum over the resolved incidents of (first resolution − reportedAt), in seconds. */
  resolveSeconds: number;
}

export const NO_SERVICE_KEY = 'none';
export const NO_SERVICE_LABEL = 'No service';

/** YYYY-MM of an instant, in UTC. */
export function utcMonth(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Seconds from `from` to `to`; a time before the report (a back-dated sheet) counts as 0. */
const secondsBetween = (from: Date, to: Date) =>
  Math.max(0, (to.getTime() - from.getTime()) / 1000);

/** Sums records into buckets (severity × service × UTC month), as the SQL aggregate does. */
export function bucketRecords(records: readonly IncidentTimingRecord[]): IncidentStatsBucket[] {
  const buckets = new Map<string, IncidentStatsBucket>();
  for (const r of records) {
    const month = utcMonth(r.reportedAt);
    const key = `${r.severity}|${r.serviceId ?? ''}|${month}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = {
        severity: r.severity,
        serviceId: r.serviceId,
        serviceName: r.serviceName,
        month,
        count: 0,
        acknowledged: 0,
        acknowledgeSeconds: 0,
        resolved: 0,
        resolveSeconds: 0,
      };
      buckets.set(key, bucket);
    }
    bucket.count++;
    if (r.firstAcknowledgedAt) {
      bucket.acknowledged++;
      bucket.acknowledgeSeconds += secondsBetween(r.reportedAt, r.firstAcknowledgedAt);
    }
    if (r.firstResolvedAt) {
      bucket.resolved++;
      bucket.resolveSeconds += secondsBetween(r.reportedAt, r.firstResolvedAt);
    }
  }
  return [...buckets.values()];
}

interface Accumulator {
  key: string;
  label: string;
  count: number;
  acknowledged: number;
  acknowledgeSeconds: number;
  resolved: number;
  resolveSeconds: number;
}

const empty = (key: string, label: string): Accumulator => ({
  key,
  label,
  count: 0,
  acknowledged: 0,
  acknowledgeSeconds: 0,
  resolved: 0,
  resolveSeconds: 0,
});

function add(into: Accumulator, bucket: IncidentStatsBucket): void {
  into.count += bucket.count;
  into.acknowledged += bucket.acknowledged;
  into.acknowledgeSeconds += bucket.acknowledgeSeconds;
  into.resolved += bucket.resolved;
  into.resolveSeconds += bucket.resolveSeconds;
}

/** A mean in seconds, to the millisecond; null when nothing was measured. */
const mean = (sum: number, n: number) => (n === 0 ? null : Math.round((sum / n) * 1000) / 1000);

function toRow(a: Accumulator): IncidentStatsRow {
  return {
    key: a.key,
    label: a.label,
    count: a.count,
    acknowledged: a.acknowledged,
    resolved: a.resolved,
    mttaSeconds: mean(a.acknowledgeSeconds, a.acknowledged),
    mttrSeconds: mean(a.resolveSeconds, a.resolved),
  };
}

/** Every UTC month that [from, to) touches, oldest first (YYYY-MM). */
export function monthsOf(from: Date, to: Date): string[] {
  const months: string[] = [];
  if (to.getTime() <= from.getTime()) return months;
  const last = new Date(to.getTime() - 1);
  let year = from.getUTCFullYear();
  let month = from.getUTCMonth();
  while (
    year < last.getUTCFullYear() ||
    (year === last.getUTCFullYear() && month <= last.getUTCMonth())
  ) {
    months.push(`${year}-${String(month + 1).padStart(2, '0')}`);
    month++;
    if (month === 12) {
      month = 0;
      year++;
    }
  }
  return months;
}

const SEVERITY_LABELS: Readonly<Record<IncidentSeverity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/**
 * MTTA / MTTR of [from, to): in total, per severity (all four, in order), per service (most
 * incidents first, then by name) and per UTC month (every month of the range, oldest first, empty
 * ones included so a chart has no gaps). A mean is taken over the incidents that have the time
 * it measures (null when none has).
 */
export function computeIncidentStats(
  buckets: readonly IncidentStatsBucket[],
  range: { from: Date; to: Date },
): IncidentStats {
  const total = empty('total', 'All incidents');
  const bySeverity = new Map<IncidentSeverity, Accumulator>(
    INCIDENT_SEVERITIES.map((s) => [s, empty(s, SEVERITY_LABELS[s])]),
  );
  const byService = new Map<string, Accumulator>();
  const byMonth = new Map<string, Accumulator>(
    monthsOf(range.from, range.to).map((m) => [m, empty(m, m)]),
  );

  for (const bucket of buckets) {
    add(total, bucket);
    const severity = bySeverity.get(bucket.severity);
    if (severity) add(severity, bucket);

    const serviceKey = bucket.serviceId ?? NO_SERVICE_KEY;
    let service = byService.get(serviceKey);
    if (!service) {
      service = empty(
        serviceKey,
        bucket.serviceId ? (bucket.serviceName ?? bucket.serviceId) : NO_SERVICE_LABEL,
      );
      byService.set(serviceKey, service);
    }
    add(service, bucket);

    let month = byMonth.get(bucket.month);
    if (!month) {
      month = empty(bucket.month, bucket.month);
      byMonth.set(bucket.month, month);
    }
    add(month, bucket);
  }

  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    total: toRow(total),
    bySeverity: [...bySeverity.values()].map(toRow),
    byService: [...byService.values()]
      .sort(
        (a, b) => b.count - a.count || a.label.localeCompare(b.label) || a.key.localeCompare(b.key),
      )
      .map(toRow),
    byMonth: [...byMonth.values()].sort((a, b) => a.key.localeCompare(b.key)).map(toRow),
  };
}

/** The statistics of records (the pure path the unit spec checks; the API feeds SQL buckets). */
export function incidentStatsFromRecords(
  records: readonly IncidentTimingRecord[],
  range: { from: Date; to: Date },
): IncidentStats {
  return computeIncidentStats(
    bucketRecords(
      records.filter(
        (r) =>
          r.reportedAt.getTime() >= range.from.getTime() &&
          r.reportedAt.getTime() < range.to.getTime(),
      ),
    ),
    range,
  );
}
