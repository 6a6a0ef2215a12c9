import type { UnitOfWork } from '@hyperion/api/core';
import { Registry } from 'prom-client';

import { STORED_METRICS_TTL_MS, StoredMetrics } from './stored-metrics';
import type { MonitorRow, StoredMetricsRepository } from './stored-metrics.repository';

/**
 * The cache and time limit of the gauges read from PostgreSQL, with a repository that answers
 * when the test says so (the integration spec covers the real reads and a PostgreSQL that
 * refuses connections; this one a PostgreSQL that accepts and never answers).
 */
describe('StoredMetrics: one read per burst of scrapes, and no wait beyond the time limit', () => {
  const monitor: MonitorRow = {
    organization: 'acme',
    name: 'api',
    kind: 'http',
    state: 'up',
    latencyMs: 12,
  };
  let reads: number;
  let answer: () => Promise<MonitorRow[]>;
  let metrics: StoredMetrics;

  beforeEach(() => {
    jest.useFakeTimers();
    reads = 0;
    answer = async () => [monitor];
    const repository = {
      monitors: () => {
        reads++;
        return answer();
      },
      organizations: async () => [],
      incidentCounts: async () => [],
    } as unknown as StoredMetricsRepository;
    const uow = { run: <T>(fn: () => Promise<T>) => fn() } as unknown as UnitOfWork;
    metrics = new StoredMetrics(uow, repository);
  });

  afterEach(() => jest.useRealTimers());

  it('serves a burst of scrapes from one read, and reads again once the cache is stale', async () => {
    const burst = await Promise.all(Array.from({ length: 20 }, () => metrics.read()));
    expect(burst.every((s) => s?.monitors[0] === monitor)).toBe(true);
    expect(reads).toBe(1);
    jest.advanceTimersByTime(STORED_METRICS_TTL_MS - 1);
    await metrics.read();
    expect(reads).toBe(1);
    jest.advanceTimersByTime(2);
    await metrics.read();
    expect(reads).toBe(2);
  });

  it('gives up on a read that does not answer within 2 s, caches that, and never starts a second read beside it', async () => {
    let settle!: (rows: MonitorRow[]) => void;
    answer = () => new Promise((resolve) => (settle = resolve));
    const scrape = metrics.read();
    await jest.advanceTimersByTimeAsync(1999);
    let answered = false;
    void scrape.then(() => (answered = true));
    await Promise.resolve();
    expect(answered).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(await scrape).toBeNull();
    // Within the cache's life: the failure is served, PostgreSQL is not asked again.
    expect(await metrics.read()).toBeNull();
    // Later, the hung read is waited for again rather than doubled...
    await jest.advanceTimersByTimeAsync(STORED_METRICS_TTL_MS);
    const later = metrics.read();
    settle([monitor]);
    expect((await later)?.monitors).toEqual([monitor]);
    expect(reads).toBe(1);
  });

  it('exports no monitor series while PostgreSQL does not answer, and stored_metrics_up 0', async () => {
    answer = () => Promise.reject(new Error('connect ECONNREFUSED'));
    const registry = new Registry();
    metrics.register(registry);
    const text = await registry.metrics();
    expect(text).toContain('stored_metrics_up 0');
    expect(text).not.toMatch(/^monitor_up\{/m);
    expect(reads).toBe(1);
  });
});
