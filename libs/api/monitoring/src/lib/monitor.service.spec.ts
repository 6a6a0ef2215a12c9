import { AlertConfigDomain, AlertsDomain, ServiceDomain } from '@hyperion/api/alerts';
import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { NotificationChannelDomain, OnCallDomain, PagingDomain } from '@hyperion/api/notifications';
import { MediumTest, startMediumTest } from '@hyperion/api/testing';
import type { MonitorListQuery } from '@hyperion/contracts';
import { ConflictException, NotFoundException } from '@nestjs/common';

import { MonitorDomain } from './monitor.domain';
import { MonitorModule } from './monitor.module';
import { MonitorService } from './monitor.service';

/**
 * Medium spec: the real module on this run's PostgreSQL (migrated, connected as the application
 * role, so row-level security applies), no HTTP. `t.as(org, ...)` acts as a request would.
 */
describe('MonitorService on PostgreSQL', () => {
  let t: MediumTest;
  let service: MonitorService;
  let orgA: string;
  let orgB: string;

  beforeAll(async () => {
    t = await startMediumTest({
      domains: [
        AuthDomain,
        AuditDomain,
        NotificationChannelDomain,
        OnCallDomain,
        PagingDomain,
        ServiceDomain,
        AlertConfigDomain,
        AlertsDomain,
        MonitorDomain,
      ],
      // Monitors raise alerts through the alerts ingest, which needs auth's and audit's services.
      imports: [AuditDomain.module, AuthDomain.module, MonitorModule],
    });
    service = t.get(MonitorService);
    orgA = await t.createOrganization('Organisation A');
    orgB = await t.createOrganization('Organisation B');
  });

  afterAll(async () => {
    await t?.close();
  });

  /** The audit entries of `target` in `organizationId`, oldest first (read as the owner). */
  const auditOf = (target: string, organizationId: string) =>
    t.ownerQuery<{ action: string; result: string; details: Record<string, unknown> }>(
      `SELECT action, result, details FROM audit_log
        WHERE target = $1 AND organization_id = $2 ORDER BY id`,
      [target, organizationId],
    );

  /** A TCP monitor named `name` (nothing listens on port 9: it is never checked here). */
  const monitor = (name: string) =>
    ({ name, kind: 'tcp', target: { host: '127.0.0.1', port: 9 }, enabled: false }) as const;

  const countRows = async (organizationId: string, name: string) =>
    Number(
      (
        await t.ownerQuery<{ n: string }>(
          `SELECT count(*) AS n FROM monitor WHERE organization_id = $1 AND name = $2`,
          [organizationId, name],
        )
      )[0].n,
    );

  it('shows each organisation only its own monitors', async () => {
    const a = await t.as(orgA, () => service.create(monitor('alpha')));
    // The unique key includes the organisation: B may use the same name.
    const b = await t.as(orgB, () => service.create(monitor('alpha')));

    expect(a).toMatchObject({
      id: expect.any(String),
      name: 'alpha',
      kind: 'tcp',
      target: { host: '127.0.0.1', port: 9 },
      intervalSeconds: 60,
      timeoutSeconds: 10,
      retries: 1,
      enabled: false,
      state: 'paused',
      pushUrl: null,
    });
    expect((await t.as(orgA, () => service.list())).items.map((r) => r.id)).toEqual([a.id]);
    expect((await t.as(orgB, () => service.list())).items.map((r) => r.id)).toEqual([b.id]);
    expect(await t.as(orgA, () => service.get(a.id))).toEqual(a);
  });

  it("answers 404 for another organisation's monitor, and leaves it alone", async () => {
    const b = await t.as(orgB, () => service.create(monitor('beta')));

    await expect(t.as(orgA, () => service.get(b.id))).rejects.toBeInstanceOf(NotFoundException);
    await expect(
      t.as(orgA, () => service.update(b.id, { name: 'taken over' })),
    ).rejects.toBeInstanceOf(NotFoundException);
    await expect(t.as(orgA, () => service.delete(b.id))).rejects.toBeInstanceOf(NotFoundException);

    expect(await t.as(orgB, () => service.get(b.id))).toMatchObject({ name: 'beta' });
    expect(await auditOf(`monitor:${b.id}`, orgA)).toEqual([]);
  });

  it('records every change in the audit log of its organisation', async () => {
    const created = await t.as(orgA, () => service.create(monitor('gamma')));
    const updated = await t.as(orgA, () => service.update(created.id, { name: 'gamma 2' }));
    await t.as(orgA, () => service.delete(created.id));

    expect(updated.name).toBe('gamma 2');
    await expect(t.as(orgA, () => service.get(created.id))).rejects.toBeInstanceOf(
      NotFoundException,
    );
    expect(await auditOf(`monitor:${created.id}`, orgA)).toEqual([
      { action: 'monitor_created', result: 'success', details: { name: 'gamma', kind: 'tcp' } },
      {
        action: 'monitor_updated',
        result: 'success',
        details: { name: 'gamma 2', fields: ['name'] },
      },
      { action: 'monitor_deleted', result: 'success', details: { name: 'gamma 2', kind: 'tcp' } },
    ]);
  });

  it('answers 409 for a duplicate name, writing neither a row nor an audit entry', async () => {
    const first = await t.as(orgA, () => service.create(monitor('delta')));

    await expect(t.as(orgA, () => service.create(monitor('delta')))).rejects.toBeInstanceOf(
      ConflictException,
    );

    expect(await countRows(orgA, 'delta')).toBe(1);
    const created = await t.ownerQuery(
      `SELECT 1 FROM audit_log
        WHERE organization_id = $1 AND action = 'monitor_created' AND details->>'name' = 'delta'`,
      [orgA],
    );
    expect(created).toHaveLength(1);
    expect(await auditOf(`monitor:${first.id}`, orgA)).toHaveLength(1);
  });

  it('answers 409 when renaming to a name already taken, changing nothing', async () => {
    await t.as(orgA, () => service.create(monitor('epsilon')));
    const other = await t.as(orgA, () => service.create(monitor('zeta')));

    await expect(
      t.as(orgA, () => service.update(other.id, { name: 'epsilon' })),
    ).rejects.toBeInstanceOf(ConflictException);

    expect(await t.as(orgA, () => service.get(other.id))).toMatchObject({ name: 'zeta' });
    expect((await auditOf(`monitor:${other.id}`, orgA)).map((e) => e.action)).toEqual([
      'monitor_created',
    ]);
  });

  describe('the list, paged and filtered on the server', () => {
    let org: string;
    const ids: Record<string, string> = {};
    const list = (query: MonitorListQuery = {}) => t.as(org, () => service.list(query));
    const names = async (query: MonitorListQuery = {}) =>
      (await list(query)).items.map((row) => row.name);

    beforeAll(async () => {
      org = await t.createOrganization('Organisation with a list');
      const made: [string, object, string][] = [
        ['Website', { kind: 'http', target: { url: 'https://shop.example.com/health' } }, 'up'],
        ['api gateway', { kind: 'http', target: { url: 'https://api.example.com/' } }, 'down'],
        [
          'Billing DB',
          { kind: 'tcp', target: { host: 'db.billing.internal', port: 5432 } },
          'down',
        ],
        ['Cache', { kind: 'tcp', target: { host: 'cache.internal', port: 6379 } }, 'pending'],
        ['Backups', { kind: 'push', target: {} }, 'paused'],
        ['Disk /var', { kind: 'disk', target: { path: '/var' } }, 'up'],
      ];
      for (const [name, body, state] of made) {
        const created = await t.as(org, () =>
          service.create({
            name,
            ...body,
            groupName: name.startsWith('B') ? 'billing' : undefined,
            tags: name === 'Cache' || name === 'Website' ? ['edge'] : [],
          } as Parameters<MonitorService['create']>[0]),
        );
        ids[name] = created.id;
        await t.ownerQuery(`UPDATE monitor SET state = $2 WHERE id = $1`, [created.id, state]);
      }
      // Another organisation's monitors never show, nor count.
      await t.as(orgB, () => service.create({ ...monitor('api gateway 2') }));
    });

    it('lists down first (then pending, up, paused), by name within a state, with the counts', async () => {
      const page = await list();

      expect(page.items.map((row) => [row.name, row.state])).toEqual([
        ['api gateway', 'down'],
        ['Billing DB', 'down'],
        ['Cache', 'pending'],
        ['Disk /var', 'up'],
        ['Website', 'up'],
        ['Backups', 'paused'],
      ]);
      expect(page.total).toBe(6);
      expect(page.byState).toEqual({ down: 2, pending: 1, up: 2, paused: 1 });
      expect(await names({ sort: 'name' })).toEqual([
        'api gateway',
        'Backups',
        'Billing DB',
        'Cache',
        'Disk /var',
        'Website',
      ]);
    });

    it('answers one page at a time, with the total of every page', async () => {
      const first = await list({ limit: 4 });
      const second = await list({ limit: 4, offset: 4 });
      const beyond = await list({ limit: 4, offset: 40 });

      expect(first.items.map((row) => row.name)).toEqual([
        'api gateway',
        'Billing DB',
        'Cache',
        'Disk /var',
      ]);
      expect(second.items.map((row) => row.name)).toEqual(['Website', 'Backups']);
      expect([first.total, second.total, beyond.total]).toEqual([6, 6, 6]);
      expect(beyond.items).toEqual([]);
    });

    it('filters by text (name, group, where it looks), state, kind, group and tag', async () => {
      expect(await names({ q: 'EXAMPLE.com' })).toEqual(['api gateway', 'Website']);
      expect(await names({ q: 'billing' })).toEqual(['Billing DB', 'Backups']);
      expect(await names({ q: '/var' })).toEqual(['Disk /var']);
      // The search's own wildcard characters are taken literally.
      expect(await names({ q: '%' })).toEqual([]);
      expect(await names({ q: 'api_gateway' })).toEqual([]);
      expect(await names({ kind: 'tcp' })).toEqual(['Billing DB', 'Cache']);
      expect(await names({ group: 'billing' })).toEqual(['Billing DB', 'Backups']);
      expect(await names({ tag: 'edge' })).toEqual(['Cache', 'Website']);

      const down = await list({ state: 'down', kind: 'http' });
      expect(down.items.map((row) => row.name)).toEqual(['api gateway']);
      expect(down.total).toBe(1);
      // What the state filter would find among the http monitors.
      expect(down.byState).toEqual({ down: 1, up: 1 });
    });

    it('gives each row its uptime over 24 h and its latency and uptime hour by hour', async () => {
      const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
      const results: [string, Date, boolean, number | null][] = [
        [ids['Website'], at(10), true, 100],
        [ids['Website'], at(20), false, null],
        [ids['Website'], at(30), true, 300],
        [ids['Website'], at(150), true, 50],
        // Older than 24 hours: in no figure of the list.
        [ids['Website'], at(25 * 60), false, 9000],
        [ids['Cache'], at(23 * 60 + 30), false, null],
      ];
      for (const [monitorId, checkedAt, up, latency] of results) {
        await t.ownerQuery(
          `INSERT INTO monitor_result (organization_id, monitor_id, checked_at, up, latency_ms, message)
           VALUES ($1, $2, $3, $4, $5, 'x')`,
          [org, monitorId, checkedAt, up, latency],
        );
      }

      const rows = new Map((await list()).items.map((row) => [row.name, row]));
      const website = rows.get('Website');
      expect(website?.uptimeDay).toBe(75);
      expect(website?.latencyByHour).toHaveLength(24);
      // The current hour last: two measured checks (the failed one measured nothing).
      expect(website?.latencyByHour.slice(-3)).toEqual([50, null, 200]);
      expect(website?.uptimeByHour.slice(-3)).toEqual([100, null, 66.667]);
      expect(website?.latencyByHour.slice(0, 21).every((v) => v === null)).toBe(true);
      expect(rows.get('Cache')).toMatchObject({ uptimeDay: 0 });
      expect(rows.get('Cache')?.uptimeByHour[0]).toBe(0);
      expect(rows.get('Backups')).toMatchObject({ uptimeDay: null });
      expect(rows.get('Backups')?.latencyByHour).toEqual(new Array(24).fill(null));
    });

    it('gives a monitor its uptime by UTC day over 90 days, oldest first', async () => {
      const day = (daysAgo: number, hour: number) => {
        const at = new Date();
        at.setUTCDate(at.getUTCDate() - daysAgo);
        at.setUTCHours(hour, 0, 0, 0);
        return at;
      };
      const id = ids['Disk /var'];
      for (const [at, up] of [
        [day(2, 1), true],
        [day(2, 2), false],
        [day(2, 3), false],
        [day(89, 0), true],
        // Before the 90 days.
        [day(90, 23), false],
      ] as const) {
        await t.ownerQuery(
          `INSERT INTO monitor_result (organization_id, monitor_id, checked_at, up, latency_ms, message)
           VALUES ($1, $2, $3, $4, 5, 'x')`,
          [org, id, at, up],
        );
      }

      expect(await t.as(org, () => service.days(id))).toEqual([
        { date: day(89, 0).toISOString().slice(0, 10), uptime: 100, checks: 1 },
        { date: day(2, 0).toISOString().slice(0, 10), uptime: 33.333, checks: 3 },
      ]);
      await expect(t.as(orgB, () => service.days(id))).rejects.toBeInstanceOf(NotFoundException);
    });
  });
});
