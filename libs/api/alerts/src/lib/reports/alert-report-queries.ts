import type {
  AlertReportTrend,
  AlertSeverity,
  CriticalAlertChannel,
  MonthlyAlertReport,
} from '@hyperion/contracts';
import type { EntityManager } from 'typeorm';

interface DailyTotals {
  event_type: string;
  channel: CriticalAlertChannel;
  severity: AlertSeverity;
  n: string;
  first_at: Date;
  last_at: Date;
}

const monthLabel = (d: Date) =>
  `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The critical alert events of one UTC month, from the daily roll-up (at most 31 days × types ×
 * channels × severities rows, whatever the number of events): total, by event type, by channel,
 * by severity, first and last, of one organisation (named explicitly: the CLI's connection may
 * be the owner's, which row-level security does not hold).
 */
export async function monthlyReport(
  manager: EntityManager,
  organizationId: string,
  from: Date,
  to: Date,
): Promise<MonthlyAlertReport> {
  const rows = (await manager.query(
    `SELECT "event_type", "channel", "severity", sum("count")::text AS n,
            min("first_at") AS first_at, max("last_at") AS last_at
       FROM "critical_alert_event_daily"
      WHERE "organization_id" = $3 AND "day" >= $1::date AND "day" < $2::date
      GROUP BY 1, 2, 3`,
    [day(from), day(to), organizationId],
  )) as DailyTotals[];
  return summarise(monthLabel(from), from, to, rows);
}

/** Adds reports of several organisations into one (the CLI's instance-wide report). */
export function addReports(reports: readonly MonthlyAlertReport[]): MonthlyAlertReport {
  const [first, ...rest] = reports;
  const sum = {
    ...first,
    byEventType: { ...first.byEventType },
    byChannel: { ...first.byChannel },
    bySeverity: { ...first.bySeverity },
  };
  for (const r of rest) {
    sum.total += r.total;
    for (const [k, v] of Object.entries(r.byEventType))
      sum.byEventType[k] = (sum.byEventType[k] ?? 0) + v;
    for (const [k, v] of Object.entries(r.byChannel)) {
      const key = k as CriticalAlertChannel;
      sum.byChannel[key] = (sum.byChannel[key] ?? 0) + (v ?? 0);
    }
    for (const [k, v] of Object.entries(r.bySeverity)) {
      const key = k as AlertSeverity;
      sum.bySeverity[key] = (sum.bySeverity[key] ?? 0) + (v ?? 0);
    }
    if (r.firstAt && (!sum.firstAt || r.firstAt < sum.firstAt)) sum.firstAt = r.firstAt;
    if (r.lastAt && (!sum.lastAt || r.lastAt > sum.lastAt)) sum.lastAt = r.lastAt;
  }
  return sum;
}

function summarise(
  month: string,
  from: Date,
  to: Date,
  rows: readonly DailyTotals[],
): MonthlyAlertReport {
  const report: MonthlyAlertReport = {
    month,
    from: from.toISOString(),
    to: to.toISOString(),
    total: 0,
    byEventType: {},
    byChannel: {},
    bySeverity: {},
    firstAt: null,
    lastAt: null,
  };
  let first: Date | null = null;
  let last: Date | null = null;
  for (const row of rows) {
    const n = Number(row.n);
    report.total += n;
    report.byEventType[row.event_type] = (report.byEventType[row.event_type] ?? 0) + n;
    report.byChannel[row.channel] = (report.byChannel[row.channel] ?? 0) + n;
    report.bySeverity[row.severity] = (report.bySeverity[row.severity] ?? 0) + n;
    if (!first || row.first_at < first) first = row.first_at;
    if (!last || row.last_at > last) last = row.last_at;
  }
  report.firstAt = first ? first.toISOString() : null;
  report.lastAt = last ? last.toISOString() : null;
  return report;
}

/** Totals of the `months` UTC months ending with the one starting at `lastMonthStart`, oldest first. */
export async function reportTrend(
  manager: EntityManager,
  organizationId: string,
  lastMonthStart: Date,
  months: number,
): Promise<AlertReportTrend> {
  const start = new Date(
    Date.UTC(lastMonthStart.getUTCFullYear(), lastMonthStart.getUTCMonth() - (months - 1), 1),
  );
  const end = new Date(
    Date.UTC(lastMonthStart.getUTCFullYear(), lastMonthStart.getUTCMonth() + 1, 1),
  );
  const rows = (await manager.query(
    `SELECT to_char("day", 'YYYY-MM') AS month, "severity", sum("count")::text AS n
       FROM "critical_alert_event_daily"
      WHERE "organization_id" = $3 AND "day" >= $1::date AND "day" < $2::date
      GROUP BY 1, 2`,
    [day(start), day(end), organizationId],
  )) as { month: string; severity: AlertSeverity; n: string }[];
  const result: AlertReportTrend = { months: [] };
  for (let i = 0; i < months; i++) {
    const label = monthLabel(
      new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + i, 1)),
    );
    const bySeverity: Partial<Record<AlertSeverity, number>> = {};
    let total = 0;
    for (const row of rows.filter((r) => r.month === label)) {
      bySeverity[row.severity] = Number(row.n);
      total += Number(row.n);
    }
    result.months.push({ month: label, total, bySeverity });
  }
  return result;
}
