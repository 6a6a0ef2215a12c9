import type { DiskHealth, HealthReport, MemoryHealth } from '@hyperion/contracts';

/** What one dependency probe found. */
export interface ProbeResult {
  up: boolean;
  message?: string;
  latencyMs?: number;
}

export interface HealthObservation {
  database: ProbeResult;
  redis: ProbeResult;
  disk: DiskHealth;
  memory: MemoryHealth;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Builds the /health body: pure, so the wording of every error is tested without I/O. */
export function buildHealthReport(o: HealthObservation, now: Date): HealthReport {
  const errors: string[] = [];
  if (!o.database.up) {
    errors.push(`PostgreSQL connection failed: ${o.database.message ?? 'no answer'}`);
  }
  if (!o.redis.up) {
    errors.push(`Redis connection failed: ${o.redis.message ?? 'no answer'}`);
  }
  if (!o.disk.healthy) {
    errors.push(
      `Disk usage above ${o.disk.threshold_percent}% (${round1(o.disk.usage_percent)}% used on ${o.disk.path})`,
    );
  }
  if (!o.memory.healthy) {
    errors.push(
      `Host memory usage above threshold (${round1(o.memory.system_usage_percent)}% used)`,
    );
  }
  const report: HealthReport = {
    api: 'OK',
    database: o.database.up ? 'OK' : 'ERROR',
    redis: o.redis.up ? 'OK' : 'ERROR',
    disk: o.disk,
    memory: o.memory,
    status: errors.length === 0 ? 'healthy' : 'unhealthy',
    timestamp: now.toISOString(),
  };
  if (errors.length > 0) {
    report.errors = errors;
  }
  return report;
}

/** Two reports with the same signature show the same state to an operator. */
export function healthSignature(r: HealthReport): string {
  return [r.status, r.api, r.database, r.redis, r.disk.healthy, r.memory.healthy].join('|');
}

export function diskHealth(
  path: string,
  blocks: number,
  free: number,
  available: number,
  thresholdPercent: number,
): DiskHealth {
  // Same formula as df(1): used / (used + available to unprivileged users).
  const used = blocks - free;
  const usage = used + available > 0 ? (used / (used + available)) * 100 : 0;
  return {
    usage_percent: round1(usage),
    path,
    threshold_percent: thresholdPercent,
    healthy: usage < thresholdPercent,
  };
}

export function memoryHealth(
  usage: NodeJS.MemoryUsage,
  totalBytes: number,
  freeBytes: number,
  thresholdPercent: number,
): MemoryHealth {
  const mb = (bytes: number) => round1(bytes / 1024 / 1024);
  const system = totalBytes > 0 ? ((totalBytes - freeBytes) / totalBytes) * 100 : 0;
  return {
    rss_mb: mb(usage.rss),
    heap_used_mb: mb(usage.heapUsed),
    heap_total_mb: mb(usage.heapTotal),
    system_usage_percent: round1(system),
    healthy: system < thresholdPercent,
  };
}
