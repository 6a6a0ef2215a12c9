/** State of one dependency as reported by the health endpoint. */
export type DependencyState = 'OK' | 'ERROR';

export type OverallStatus = 'healthy' | 'unhealthy';

export interface DiskHealth {
  /** Used space of the volume holding DATA_DIR, in percent (one decimal). */
  usage_percent: number;
  /** Path whose volume was measured. */
  path: string;
  /** Alert threshold in percent (DISK_USAGE_THRESHOLD). */
  threshold_percent: number;
  healthy: boolean;
}

export interface MemoryHealth {
  /** Resident set size of the API process, in MiB. */
  rss_mb: number;
  heap_used_mb: number;
  heap_total_mb: number;
  /** Memory used on the host, in percent. */
  system_usage_percent: number;
  healthy: boolean;
}

/** Body of `GET /health` (and `GET /api/v1/admin/health`). */
export interface HealthReport {
  api: DependencyState;
  database: DependencyState;
  redis: DependencyState;
  disk: DiskHealth;
  memory: MemoryHealth;
  status: OverallStatus;
  /** ISO 8601, UTC, e.g. `2026-01-30T14:00:00.000Z`. */
  timestamp: string;
  /** Present only when something is wrong. */
  errors?: string[];
}

/** Body of `GET /health/database` and `GET /health/redis`. */
export interface DependencyHealthReport {
  name: 'database' | 'redis';
  state: DependencyState;
  status: OverallStatus;
  /** Round-trip time of the probe in milliseconds, when it answered. */
  latency_ms?: number;
  timestamp: string;
  errors?: string[];
}

export const HEALTH_ROUTES = {
  all: '/health',
  database: '/health/database',
  redis: '/health/redis',
  admin: '/api/v1/admin/health',
  /** `GET ?limit=1..500` (default 50) → HealthTransition[], newest first (`monitoring:read`). */
  history: '/api/v1/admin/health/history',
} as const;

/** One change of the overall health state, as kept in the history. */
export interface HealthTransition {
  occurredAt: string;
  status: OverallStatus;
  database: DependencyState;
  redis: DependencyState;
  diskHealthy: boolean;
  memoryHealthy: boolean;
  errors: string[];
}
