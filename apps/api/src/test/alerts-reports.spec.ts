import { execFile } from 'node:child_process';

import type { MonthlyAlertReport } from '@hyperion/contracts';
import { ALERT_ROUTES } from '@hyperion/contracts';
import request from 'supertest';

import { adminToken, queryDb, startTestApp, TestApp } from './test-app';

/**
 * Runs `npm run alerts:report -- …`'s script against the test's database (asynchronously: the
 * database link goes through this process's proxy).
 */
function report(
  t: TestApp,
  ...args: string[]
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['tools/alerts-report.mjs', ...args],
      {
        cwd: `${__dirname}/../../../..`,
        timeout: 60_000,
        env: {
          // The child needs PATH and the like; its configuration comes from the two below.
          // eslint-disable-next-line no-restricted-syntax
          ...process.env,
          DATABASE_URL: t.config.databaseUrl ?? '',
          DATA_DIR: t.config.dataDir,
        },
      },
      (error, stdout, stderr) =>
        resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('critical alert reports: UTC months, counts by type, channel and severity, the CLI', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    const [org] = await queryDb<{ id: string }>(
      t,
      `SELECT id FROM organization WHERE slug = 'default'`,
    );
    // As critical-alert-metrics.md's example, plus the edges of the months (UTC).
    const rows: [string, string, string, string][] = [
      ['2025-01-05T10:30:00Z', 'INTEGRITY BREACH DETECTED', 'both', 'critical'],
      ['2025-01-06T08:00:00Z', 'INTEGRITY BREACH DETECTED', 'both', 'critical'],
      ['2025-01-07T08:00:00Z', 'INTEGRITY BREACH DETECTED', 'both', 'critical'],
      ['2025-01-08T08:00:00Z', 'INTEGRITY BREACH DETECTED', 'email', 'critical'],
      ['2025-01-09T08:00:00Z', 'INTEGRITY BREACH DETECTED', 'email', 'high'],
      ['2025-01-10T08:00:00Z', 'SAKA WALLET INCONSISTENCY', 'both', 'critical'],
      ['2025-01-11T08:00:00Z', 'SAKA WALLET INCONSISTENCY', 'email', 'high'],
      ['2025-01-28T15:45:00Z', 'MASSIVE MODIFICATION', 'webhook', 'medium'],
      // 23:30 at UTC−2 is 01:30 UTC on 1 February: February's, not January's.
      ['2025-01-31T23:30:00-02:00', 'MASSIVE MODIFICATION', 'slack', 'critical'],
      ['2024-12-31T23:59:59Z', 'MASSIVE MODIFICATION', 'email', 'low'],
    ];
    for (const [at, type, channel, severity] of rows) {
      await queryDb(
        t,
        `INSERT INTO critical_alert_event (organization_id, created_at, severity, event_type, channel, fingerprint, payload_excerpt)
         VALUES ($1, $2, $3, $4, $5, $6, '{}')`,
        [org.id, at, severity, type, channel, `${type}:${at}`],
      );
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  const monthly = async (month: string) =>
    (
      await request(t.url)
        .get(`${ALERT_ROUTES.monthlyReport}?month=${month}`)
        .set('Authorization', `Bearer ${admin}`)
        .expect(200)
    ).body as MonthlyAlertReport;

  it('counts a month in UTC, by event type, channel and severity, with the first and last alert', async () => {
    expect(await monthly('2025-01')).toEqual({
      month: '2025-01',
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-02-01T00:00:00.000Z',
      total: 8,
      byEventType: {
        'INTEGRITY BREACH DETECTED': 5,
        'SAKA WALLET INCONSISTENCY': 2,
        'MASSIVE MODIFICATION': 1,
      },
      byChannel: { both: 4, email: 3, webhook: 1 },
      bySeverity: { critical: 5, high: 2, medium: 1 },
      firstAt: '2025-01-05T10:30:00.000Z',
      lastAt: '2025-01-28T15:45:00.000Z',
    });
    const february = await monthly('2025-02');
    expect(february).toMatchObject({
      total: 1,
      byChannel: { slack: 1 },
      bySeverity: { critical: 1 },
    });
    expect(february.firstAt).toBe('2025-02-01T01:30:00.000Z');
    expect((await monthly('2024-12')).total).toBe(1);
    expect((await monthly('2025-03')).total).toBe(0);
  });

  it('gives the trend of the last months, oldest first', async () => {
    const trend = await request(t.url)
      .get(`${ALERT_ROUTES.trend}?months=4&to=2025-03`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(
      trend.body.months.map((m: { month: string; total: number }) => [m.month, m.total]),
    ).toEqual([
      ['2024-12', 1],
      ['2025-01', 8],
      ['2025-02', 1],
      ['2025-03', 0],
    ]);
  });

  it('refuses a malformed month with a 400 naming the field', async () => {
    const bad = await request(t.url)
      .get(`${ALERT_ROUTES.monthlyReport}?month=2025-13`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('month');
  });

  it('prints the document’s report from the command line, and exits 2 on a malformed month', async () => {
    const ok = await report(t, '--month', '2025-01', '--organization', 'default');
    expect(ok.stderr).not.toContain('failed');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('📊 CRITICAL ALERTS REPORT - 2025-01');
    expect(ok.stdout).toContain('📈 Total alerts: 8');
    expect(ok.stdout).toContain(
      [
        '📋 By event type:',
        '  - INTEGRITY BREACH DETECTED: 5',
        '  - SAKA WALLET INCONSISTENCY: 2',
        '  - MASSIVE MODIFICATION: 1',
      ].join('\n'),
    );
    expect(ok.stdout).toContain(
      ['📧 By channel:', '  - Email + Webhook: 4', '  - Email only: 3', '  - Webhook only: 1'].join(
        '\n',
      ),
    );
    expect(ok.stdout).toContain('  - First alert: 2025-01-05 10:30:00 UTC');
    expect(ok.stdout).toContain('  - Last alert: 2025-01-28 15:45:00 UTC');
    expect(ok.stdout).toContain('✅ Report generated successfully');

    const bad = await report(t, '--month', '2025-13');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--month must be YYYY-MM');
  });

  it('keeps the daily roll-up in step with the events it counts', async () => {
    // One statement: other suites of the run may add events meanwhile (dated now, not 2025).
    const [counts] = await queryDb<{ events: number; rolled: number }>(
      t,
      `SELECT (SELECT count(*) FROM critical_alert_event WHERE created_at < '2025-03-01')::int AS events,
              (SELECT coalesce(sum(count), 0) FROM critical_alert_event_daily WHERE day < '2025-03-01')::int AS rolled`,
    );
    expect(counts).toEqual({ events: 10, rolled: 10 });
  });
});
