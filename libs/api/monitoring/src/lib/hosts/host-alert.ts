import type { ThresholdChange, ThresholdCondition } from './host-thresholds';

/** What a host alert is about: it stopped answering, or a threshold. */
export type HostCondition = 'down' | ThresholdCondition;

/** JOBS.hostAlert: the alert a host's DOWN or threshold raises, or its recovery resolves. */
export interface HostAlertJob {
  hostId: string;
  hostName: string;
  condition: HostCondition;
  action: 'trigger' | 'resolve';
  summary: string;
  organizationId?: string;
  correlationId?: string;
}

/** The dedup key of a host's alert: one alert per host and condition, however often it recurs. */
export const hostAlertKey = (hostId: string, condition: HostCondition) =>
  `host:${hostId}:${condition}`;

const LABELS: Record<ThresholdCondition, string> = { cpu: 'CPU', memory: 'memory', disk: 'disk' };

const duration = (seconds: number) =>
  seconds % 60 === 0 && seconds >= 60 ? `${seconds / 60} min` : `${seconds} s`;

const percent = (n: number | null) => (n === null ? 'unknown' : `${Math.round(n * 10) / 10} %`);

/** The alert's summary for a threshold change (`where`: the file system, for disk). */
export function thresholdSummary(
  hostName: string,
  change: ThresholdChange,
  forSeconds: number,
  where: string | null,
): string {
  const what = change.condition === 'disk' && where ? `disk ${where}` : LABELS[change.condition];
  if (change.action === 'trigger') {
    return `${hostName}: ${what} at ${percent(change.value)}, above ${percent(change.limit)} for ${duration(forSeconds)}`;
  }
  if (change.limit === null) return `${hostName}: ${what} threshold turned off`;
  return `${hostName}: ${what} back at ${percent(change.value)} (limit ${percent(change.limit)})`;
}
