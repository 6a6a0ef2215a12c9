import type { AlertReportTrend, MonthlyAlertReport } from '@hyperion/contracts';
import { ALERT_RULES } from '@hyperion/contracts';

import { SEVERITY_INFO, SEVERITY_ORDER, channelLabel } from '../alert-format';

/** How many months the trend shows, up to the month picked. */
export const TREND_MONTHS = 12;

/** One chart's numbers, in the order drawn. */
export interface Series {
  readonly labels: string[];
  readonly values: number[];
}

/** The UTC month of an instant, `YYYY-MM` (the reports count in UTC months). */
export function utcMonth(now: number): string {
  return new Date(now).toISOString().slice(0, 7);
}

export function isMonth(value: string | null | undefined): value is string {
  return typeof value === 'string' && ALERT_RULES.monthPattern.test(value);
}

/** `YYYY-MM` moved by `delta` months. */
export function shiftMonth(month: string, delta: number): string {
  const [year, m] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year, m - 1 + delta, 1));
  return date.toISOString().slice(0, 7);
}

const MONTH_NAME = new Intl.DateTimeFormat('en-GB', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const MONTH_SHORT = new Intl.DateTimeFormat('en-GB', {
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "December 2026" (or "Dec 2026" when `short`). */
export function monthName(month: string, short = false): string {
  const [year, m] = month.split('-').map(Number);
  return (short ? MONTH_SHORT : MONTH_NAME).format(Date.UTC(year, m - 1, 1));
}

function sortedByCount(counts: Readonly<Record<string, number | undefined>>): [string, number][] {
  return Object.entries(counts)
    .filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The event types, most frequent first. */
export function byEventType(report: MonthlyAlertReport): Series {
  const entries = sortedByCount(report.byEventType);
  return { labels: entries.map(([type]) => type), values: entries.map(([, n]) => n) };
}

/** The channels, most used first, in the report's words ("Email + Webhook", "SMS only"). */
export function byChannel(report: MonthlyAlertReport): Series {
  const entries = sortedByCount(report.byChannel);
  return { labels: entries.map(([c]) => channelLabel(c)), values: entries.map(([, n]) => n) };
}

/** Every severity, most severe first (zero included: a missing bar says as much). */
export function bySeverity(report: MonthlyAlertReport): Series {
  return {
    labels: SEVERITY_ORDER.map((s) => SEVERITY_INFO[s].label),
    values: SEVERITY_ORDER.map((s) => report.bySeverity[s] ?? 0),
  };
}

/** The totals of the trend's months, oldest first ("Jan 2026"). */
export function trendSeries(trend: AlertReportTrend): Series {
  return {
    labels: trend.months.map((m) => monthName(m.month, true)),
    values: trend.months.map((m) => m.total),
  };
}
