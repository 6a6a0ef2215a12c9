import type { Registry } from 'prom-client';

/**
 * One family of metrics: declares them in the registry once, at start-up. Values are either
 * recorded as things happen (a histogram observed per request) or read at scrape time in the
 * metrics' `collect` (counters kept by other libs, gauges read from PostgreSQL).
 */
export interface MetricsSource {
  register(registry: Registry): void;
}

/** The injection token of every MetricsSource, in the order they appear on /metrics. */
export const METRICS_SOURCES = Symbol('METRICS_SOURCES');
