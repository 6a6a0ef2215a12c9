import { AlertConfigDomain, AlertsDomain, ServiceDomain } from '@hyperion/api/alerts';
import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { NotificationChannelDomain, OnCallDomain, PagingDomain } from '@hyperion/api/notifications';
import { MediumTest, startMediumTest } from '@hyperion/api/testing';
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
    expect((await t.as(orgA, () => service.list())).map((r) => r.id)).toEqual([a.id]);
    expect((await t.as(orgB, () => service.list())).map((r) => r.id)).toEqual([b.id]);
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
});
