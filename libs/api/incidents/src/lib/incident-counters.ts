import type { IncidentSeverity } from '@hyperion/contracts';
import { INCIDENT_SEVERITIES } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

/** Upper bounds (seconds) of the time-to-acknowledge histogram: 1 min … 1 day. */
export const RESPONSE_TIME_BUCKETS = [60, 300, 900, 1800, 3600, 4 * 3600, 24 * 3600] as const;

export interface IncidentCountersSnapshot {
  /** incidents_total: incidents created on this instance. */
  total: number;
  /** incidents_by_severity. */
  bySeverity: Record<IncidentSeverity, number>;
  /**
   * response_time_seconds: time from report to first acknowledgement, as a Prometheus histogram
   * (cumulative counts per upper bound, `+Inf` last, with sum and count).
   */
  responseTime: { buckets: { le: number | '+Inf'; count: number }[]; sum: number; count: number };
}

/**
 * Incidents counted on this instance, for the later /metrics (each instance exports its own;
 * Prometheus sums them). Counted after commit only (`tx.afterCommit`), so a change that rolled
 * back counts nothing.
 */
@Injectable()
export class IncidentCounters {
  private total = 0;
  private readonly bySeverity = new Map<IncidentSeverity, number>(
    INCIDENT_SEVERITIES.map((s) => [s, 0]),
  );
  private readonly buckets: number[] = RESPONSE_TIME_BUCKETS.map(() => 0);
  private responseSum = 0;
  private responseCount = 0;

  /** An incident was created. */
  created(severity: IncidentSeverity): void {
    this.total++;
    this.bySeverity.set(severity, (this.bySeverity.get(severity) ?? 0) + 1);
  }

  /** An incident was acknowledged for the first time, `seconds` after it was reported. */
  acknowledged(seconds: number): void {
    const value = Math.max(0, seconds);
    RESPONSE_TIME_BUCKETS.forEach((le, i) => {
      if (value <= le) this.buckets[i]++;
    });
    this.responseSum += value;
    this.responseCount++;
  }

  snapshot(): IncidentCountersSnapshot {
    return {
      total: this.total,
      bySeverity: Object.fromEntries(this.bySeverity) as Record<IncidentSeverity, number>,
      responseTime: {
        buckets: [
          ...RESPONSE_TIME_BUCKETS.map((le, i) => ({ le, count: this.buckets[i] })),
          { le: '+Inf' as const, count: this.responseCount },
        ],
        sum: this.responseSum,
        count: this.responseCount,
      },
    };
  }
}
