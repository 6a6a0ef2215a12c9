import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import type { Actor } from '@hyperion/api/core';
import { MediumTest, startMediumTest } from '@hyperion/api/testing';
import type { AnyPermission, SecurityDashboard } from '@hyperion/contracts';
import { BadRequestException } from '@nestjs/common';

import { MonitorDomain } from '../monitor.domain';
import { SecurityDashboardRepository } from './security-dashboard.repository';
import { SecurityDashboardService } from './security-dashboard.service';
import { securityWindow } from './security-range';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const READER: AnyPermission[] = ['audit:read', 'monitoring:read'];

/** An audit row as the auth services write it, at `ago` ms before now. */
interface Row {
  action: string;
  result?: 'success' | 'failure';
  actorName?: string;
  target?: string;
  ip?: string;
  details?: Record<string, unknown>;
  ago?: number;
}

/**
 * Medium spec: the dashboard's queries on this run's PostgreSQL (migrated, connected as the
 * application role, so row-level security applies), over audit rows and monitors written as the
 * owner, with times in the past a request could not give them.
 */
describe('SecurityDashboardService on PostgreSQL', () => {
  let t: MediumTest;
  let service: SecurityDashboardService;
  let orgA: string;
  let orgB: string;

  const insertAudit = async (organizationId: string | null, rows: Row[]) => {
    for (const row of rows) {
      await t.ownerQuery(
        `INSERT INTO audit_log (organization_id, occurred_at, actor_type, actor_name, action,
                                target, ip, result, details)
         VALUES ($1, now() - $2 * interval '1 millisecond', 'anonymous', $3, $4, $5, $6, $7, $8)`,
        [
          organizationId,
          row.ago ?? 0,
          row.actorName ?? null,
          row.action,
          row.target ?? null,
          row.ip ?? null,
          row.result ?? 'success',
          JSON.stringify(row.details ?? {}),
        ],
      );
    }
  };

  const insertMonitor = (
    organizationId: string,
    name: string,
    url: string,
    checkState: Record<string, unknown> | null,
  ) =>
    t.ownerQuery(
      `INSERT INTO monitor (organization_id, name, kind, target, interval_seconds, timeout_seconds,
                            retries, enabled, tags, state, failures, state_changed_at, check_state,
                            next_check_at)
       VALUES ($1, $2, 'http', $3, 60, 10, 0, true, '[]', 'up', 0, now(), $4, now() + interval '1 day')`,
      [organizationId, name, JSON.stringify({ url }), checkState && JSON.stringify(checkState)],
    );

  const inDays = (days: number) => new Date(Date.now() + days * DAY + HOUR).toISOString();

  const dashboardOf = (
    organizationId: string | null,
    range: '24h' | '7d' | '30d' = '24h',
    permissions: AnyPermission[] = READER,
  ): Promise<SecurityDashboard> => {
    const actor: Actor = {
      type: 'user',
      id: 'reader',
      name: 'reader',
      permissions,
      organizationId,
      sessionId: null,
    };
    return t.as(organizationId as string, () => service.dashboard(actor, range), actor);
  };

  beforeAll(async () => {
    t = await startMediumTest({
      domains: [AuthDomain, AuditDomain, MonitorDomain],
      imports: [],
      providers: [SecurityDashboardRepository, SecurityDashboardService],
    });
    service = t.get(SecurityDashboardService);
    orgA = await t.createOrganization('Organisation A');
    orgB = await t.createOrganization('Organisation B');
    const alice = 'user:00000000-0000-4000-8000-00000000000a';

    await insertAudit(orgA, [
      // Three failures on alice from one address, one on bob from another, within the hour.
      ...[1, 2, 3].map(() => ({
        action: 'failed_login',
        result: 'failure' as const,
        actorName: 'alice',
        target: alice,
        ip: '192.0.2.7',
        details: { stage: 'password', reason: 'invalid' },
      })),
      {
        action: 'failed_login',
        result: 'failure',
        actorName: 'bob',
        ip: '198.51.100.9',
        ago: 5 * HOUR,
      },
      // Two in the previous 24 hours (but within the last 7 days).
      ...[30, 31].map((hours) => ({
        action: 'failed_login',
        result: 'failure' as const,
        actorName: 'alice',
        ip: '192.0.2.7',
        ago: hours * HOUR,
      })),
      {
        action: 'account_locked',
        result: 'failure',
        actorName: 'alice',
        target: alice,
        details: { failures: 5, lockedUntil: '2031-01-01T00:05:00.000Z', seconds: 300 },
      },
      // A pending secret and a refused disable change nothing; the rest are changes.
      { action: '2fa_setup', actorName: 'carol', details: { step: 'secret created' } },
      { action: '2fa_setup', actorName: 'carol', details: { step: 'enabled' } },
      { action: '2fa_disable', result: 'failure', actorName: 'dave' },
      { action: '2fa_disable', actorName: 'dave' },
      { action: '2fa_reset', actorName: 'admin', details: { username: 'erin' } },
      { action: 'recovery_codes_regenerated', actorName: 'carol' },
      {
        action: 'role_updated',
        actorName: 'admin',
        details: { name: 'auditors', added: ['audit:read'], removed: ['users:admin'] },
      },
      { action: 'user_updated', actorName: 'admin', details: { fields: ['displayName'] } },
      {
        action: 'user_updated',
        actorName: 'admin',
        details: { fields: ['roles'], roles: ['operator'] },
      },
      { action: 'api_key_created', actorName: 'admin', details: { name: 'ci', permissions: [] } },
      { action: 'api_key_revoked', actorName: 'admin', details: { name: 'old ci' } },
      { action: 'api_key_revoked', actorName: 'admin', details: { name: 'older' }, ago: 26 * HOUR },
    ]);
    await insertAudit(orgB, [
      ...[1, 2, 3, 4, 5].map(() => ({
        action: 'failed_login',
        result: 'failure' as const,
        actorName: 'mallory',
        ip: '203.0.113.66',
      })),
      { action: 'account_locked', result: 'failure', actorName: 'mallory' },
    ]);
    // A username that names no account: an instance-level entry, no organisation's business.
    await insertAudit(null, [
      { action: 'failed_login', result: 'failure', actorName: 'ghost', ip: '192.0.2.99' },
    ]);

    await insertMonitor(orgA, 'shop', 'https://shop.example/', {
      certificateExpiresAt: inDays(20),
    });
    await insertMonitor(orgA, 'api', 'https://api.example/health', {
      certificateExpiresAt: inDays(5),
    });
    await insertMonitor(orgA, 'old', 'https://user:secret@old.example/', {
      certificateExpiresAt: inDays(-2),
    });
    await insertMonitor(orgA, 'new', 'https://new.example/', null);
    await insertMonitor(orgA, 'plain', 'http://plain.example/', null);
    await insertMonitor(orgB, 'b-site', 'https://b.example/', { certificateExpiresAt: inDays(1) });
  });

  afterAll(async () => {
    await t?.close();
  });

  it("counts the organisation's failed sign-ins, by hour, with their sources and the day before", async () => {
    const board = await dashboardOf(orgA);

    expect(board.range).toBe('24h');
    expect(board.bucket).toBe('hour');
    expect(board.failedLogins).toMatchObject({ count: 4, previous: 2 });
    expect(board.failedLogins.series).toHaveLength(24);
    expect(board.failedLogins.series.reduce((sum, p) => sum + p.count, 0)).toBe(4);
    // Each failure in the bar of its hour: bob's, five hours ago, alone in its bar.
    const window = securityWindow('24h', new Date(board.generatedAt));
    expect(board.failedLogins.series[0].at).toBe(window.from.toISOString());
    const [bob] = await t.ownerQuery<{ occurred_at: Date }>(
      `SELECT occurred_at FROM audit_log WHERE organization_id = $1 AND actor_name = 'bob'`,
      [orgA],
    );
    const bobBar = Math.floor((bob.occurred_at.getTime() - window.from.getTime()) / HOUR);
    expect(board.failedLogins.series[bobBar]).toEqual({
      at: new Date(window.from.getTime() + bobBar * HOUR).toISOString(),
      count: 1,
    });
    expect(board.failedLogins.topIps).toEqual([
      { value: '192.0.2.7', count: 3 },
      { value: '198.51.100.9', count: 1 },
    ]);
    expect(board.failedLogins.topUsernames).toEqual([
      { value: 'alice', count: 3 },
      { value: 'bob', count: 1 },
    ]);
  });

  it('over 7 days, the same failures fall in daily bars, with the earlier ones counted too', async () => {
    const board = await dashboardOf(orgA, '7d');

    expect(board.bucket).toBe('day');
    expect(board.failedLogins.series).toHaveLength(7);
    expect(board.failedLogins).toMatchObject({ count: 6, previous: 0 });
    expect(board.failedLogins.series.reduce((sum, p) => sum + p.count, 0)).toBe(6);
    expect(board.apiKeys).toMatchObject({ count: 3, created: 1, revoked: 2 });
  });

  it('lists lockouts, second-factor, permission and API key changes; refusals and no-ops left out', async () => {
    const board = await dashboardOf(orgA);

    expect(board.lockouts).toMatchObject({ count: 1, previous: 0 });
    expect(board.lockouts.latest).toEqual([
      expect.objectContaining({
        username: 'alice',
        userId: '00000000-0000-4000-8000-00000000000a',
        failures: 5,
        lockedUntil: '2031-01-01T00:05:00.000Z',
      }),
    ]);
    expect(board.twoFactor).toMatchObject({
      count: 4,
      byKind: {
        enabled: 1,
        disabled: 1,
        reset: 1,
        recovery_code_used: 0,
        recovery_codes_regenerated: 1,
      },
    });
    expect(board.twoFactor.latest.map((c) => [c.kind, c.username, c.actorName]).sort()).toEqual([
      ['disabled', 'dave', 'dave'],
      ['enabled', 'carol', 'carol'],
      ['recovery_codes_regenerated', 'carol', 'carol'],
      ['reset', 'erin', 'admin'],
    ]);
    expect(board.permissionChanges.count).toBe(2);
    expect(board.permissionChanges.latest).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'role_updated',
          subject: 'auditors',
          granted: ['audit:read'],
          revoked: ['users:admin'],
        }),
        expect.objectContaining({ action: 'user_updated', granted: ['operator'], revoked: [] }),
      ]),
    );
    expect(board.apiKeys).toMatchObject({ count: 2, previous: 1, created: 1, revoked: 1 });
    expect(board.apiKeys.latest.map((k) => [k.action, k.subject]).sort()).toEqual([
      ['api_key_created', 'ci'],
      ['api_key_revoked', 'old ci'],
    ]);
  });

  it('lists the HTTPS certificates soonest first, flagged by days left, credentials hidden', async () => {
    const board = await dashboardOf(orgA);

    expect(board.certificates).toMatchObject({ total: 4, expiringSoon: 2 });
    expect(
      board.certificates?.items.map((c) => [c.monitorName, c.daysLeft, c.level, c.url]),
    ).toEqual([
      ['old', -2, 'expired', 'https://old.example/'],
      ['api', 5, 'critical', 'https://api.example/health'],
      ['shop', 20, 'ok', 'https://shop.example/'],
      ['new', null, 'unknown', 'https://new.example/'],
    ]);
  });

  it('shows another organisation none of it, and instance-level entries to nobody', async () => {
    const board = await dashboardOf(orgB);

    expect(board.failedLogins).toMatchObject({ count: 5, previous: 0 });
    expect(board.failedLogins.topUsernames).toEqual([{ value: 'mallory', count: 5 }]);
    expect(board.failedLogins.topIps).toEqual([{ value: '203.0.113.66', count: 5 }]);
    expect(board.lockouts.latest.map((l) => l.username)).toEqual(['mallory']);
    expect(board.twoFactor.count).toBe(0);
    expect(board.permissionChanges.latest).toEqual([]);
    expect(board.certificates?.items.map((c) => c.monitorName)).toEqual(['b-site']);
    expect(JSON.stringify(await dashboardOf(orgA))).not.toContain('ghost');
  });

  it('leaves the certificates out for a caller without monitoring:read', async () => {
    const board = await dashboardOf(orgA, '24h', ['audit:read']);

    expect(board.certificates).toBeNull();
    expect(board.failedLogins.count).toBe(4);
  });

  it('answers 400 without an active organisation', async () => {
    await expect(dashboardOf(null)).rejects.toBeInstanceOf(BadRequestException);
  });
});
