import {
  buildHealthReport,
  diskHealth,
  HealthObservation,
  healthSignature,
  memoryHealth,
} from './health-report';

const ok: HealthObservation = {
  database: { up: true, latencyMs: 1 },
  redis: { up: true, latencyMs: 1 },
  disk: diskHealth('/data', 1000, 548, 548, 90),
  memory: memoryHealth(
    {
      rss: 100 * 1024 * 1024,
      heapUsed: 30 * 1024 * 1024,
      heapTotal: 40 * 1024 * 1024,
      external: 0,
      arrayBuffers: 0,
    },
    1000,
    500,
    90,
  ),
};
const now = new Date('2026-01-30T14:00:00Z');

describe('buildHealthReport', () => {
  it('reports healthy with no errors key when everything answers', () => {
    const report = buildHealthReport(ok, now);
    expect(report).toEqual({
      api: 'OK',
      database: 'OK',
      redis: 'OK',
      disk: { usage_percent: 45.2, path: '/data', threshold_percent: 90, healthy: true },
      memory: {
        rss_mb: 100,
        heap_used_mb: 30,
        heap_total_mb: 40,
        system_usage_percent: 50,
        healthy: true,
      },
      status: 'healthy',
      timestamp: '2026-01-30T14:00:00.000Z',
    });
    expect('errors' in report).toBe(false);
  });

  it('names each failing dependency in errors and turns unhealthy', () => {
    const report = buildHealthReport(
      {
        ...ok,
        database: { up: false, message: 'connect ECONNREFUSED 127.0.0.1:5432' },
        disk: diskHealth('/data', 1000, 75, 75, 90),
      },
      now,
    );
    expect(report.status).toBe('unhealthy');
    expect(report.database).toBe('ERROR');
    expect(report.redis).toBe('OK');
    expect(report.disk.healthy).toBe(false);
    expect(report.errors).toEqual([
      'PostgreSQL connection failed: connect ECONNREFUSED 127.0.0.1:5432',
      'Disk usage above 90% (92.5% used on /data)',
    ]);
  });

  it('gives the same signature to reports that differ only in figures', () => {
    const a = buildHealthReport(ok, now);
    const b = buildHealthReport(
      { ...ok, disk: diskHealth('/data', 1000, 600, 600, 90) },
      new Date(),
    );
    const c = buildHealthReport({ ...ok, redis: { up: false, message: 'x' } }, now);
    expect(healthSignature(a)).toBe(healthSignature(b));
    expect(healthSignature(a)).not.toBe(healthSignature(c));
  });
});

describe('diskHealth', () => {
  it('computes usage like df and compares it with the threshold', () => {
    // 1000 blocks, 100 free of which 50 reserved for root: df shows 900 / (900 + 50) = 94.7 %.
    expect(diskHealth('/', 1000, 100, 50, 95)).toEqual({
      usage_percent: 94.7,
      path: '/',
      threshold_percent: 95,
      healthy: true,
    });
    expect(diskHealth('/', 1000, 100, 50, 90).healthy).toBe(false);
  });
});
