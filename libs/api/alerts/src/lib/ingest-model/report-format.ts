import type { CriticalAlertChannel, MonthlyAlertReport } from '@hyperion/contracts';
import { ALERT_RULES, CRITICAL_ALERT_CHANNEL_LABELS } from '@hyperion/contracts';

/** `--month YYYY-MM` of `npm run alerts:report`; a plain Error (exit status 2) when malformed. */
export function parseMonthArg(value: string | undefined): {
  year: number;
  month: number;
  from: Date;
  to: Date;
} {
  if (value === undefined || !ALERT_RULES.monthPattern.test(value))
    throw new Error(
      `--month must be YYYY-MM (e.g. 2025-01), got ${value === undefined ? 'nothing' : JSON.stringify(value)}`,
    );
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  return { year, month, ...monthBounds(year, month) };
}

/** The UTC month [from, to): an event at 2025-01-31T23:30:00-02:00 belongs to February. */
export function monthBounds(year: number, month: number): { from: Date; to: Date } {
  const at = (y: number, m: number): Date => {
    // Date.UTC reads years 0 to 99 as 1900 to 1999: set the full year apart.
    const d = new Date(0);
    d.setUTCFullYear(y, m - 1, 1);
    return d;
  };
  return { from: at(year, month), to: at(year, month + 1) };
}

const RULE = '='.repeat(80);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** The monthly report as `alerts:report` prints it (the document's layout, in English). */
export function formatMonthlyReport(r: MonthlyAlertReport): string {
  const channelLabel = (channel: string): string =>
    Object.prototype.hasOwnProperty.call(CRITICAL_ALERT_CHANNEL_LABELS, channel)
      ? CRITICAL_ALERT_CHANNEL_LABELS[channel as CriticalAlertChannel]
      : channel;
  const byChannel: Record<string, number> = {};
  for (const [channel, count] of Object.entries(r.byChannel)) {
    const label = channelLabel(channel);
    byChannel[label] = (byChannel[label] ?? 0) + (count ?? 0);
  }
  return [
    `📊 CRITICAL ALERTS REPORT - ${r.month}`,
    RULE,
    '',
    `📈 Total alerts: ${r.total}`,
    '',
    '📋 By event type:',
    ...lines(r.byEventType),
    '',
    '📧 By channel:',
    ...lines(byChannel),
    '',
    '🚨 By severity:',
    ...lines(r.bySeverity),
    '',
    '⏰ Period:',
    `  - First alert: ${utc(r.firstAt)}`,
    `  - Last alert: ${utc(r.lastAt)}`,
    '',
    RULE,
    '✅ Report generated successfully',
  ].join('\n');
}

/** `  - name: count`, by count descending then name; `  - none` when empty. */
function lines(counts: Record<string, number | undefined>): string[] {
  const rows = Object.entries(counts)
    .filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  if (rows.length === 0) return ['  - none'];
  return rows.map(([name, count]) => `  - ${name.replace(CONTROL, ' ')}: ${count}`);
}

/** `2025-01-05 10:30:00 UTC`, or `—`. */
function utc(iso: string | null): string {
  const ms = iso === null ? NaN : Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
