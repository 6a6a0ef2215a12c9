import { HealthReport } from '@hyperion/contracts';

/** A healthy report for specs; override what a test is about. */
export function healthyReport(overrides: Partial<HealthReport> = {}): HealthReport {
  return {
    api: 'OK',
    database: 'OK',
    redis: 'OK',
    disk: {
      usage_percent: 42.5,
      path: '/var/lib/hyperion',
      threshold_percent: 90,
      healthy: true,
    },
    memory: {
      rss_mb: 180.4,
      heap_used_mb: 95.2,
      heap_total_mb: 120.7,
      system_usage_percent: 63.1,
      healthy: true,
    },
    status: 'healthy',
    timestamp: '2026-01-30T14:00:00.000Z',
    ...overrides,
  };
}
