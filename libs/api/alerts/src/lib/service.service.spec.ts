import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { MediumTest, startMediumTest } from '@hyperion/api/testing';
import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';

import { AlertsDomain } from './alert/alerts.domain';
import { AlertConfigDomain } from './config/alert-config.domain';
import { ServiceDomain } from './service.domain';
import { ServiceModule } from './service.module';
import { ServiceService } from './service.service';

/**
 * Medium spec: the real module on this run's PostgreSQL (migrated, connected as the application
 * role, so row-level security applies), no HTTP. `t.as(org, ...)` acts as a request would.
 */
describe('ServiceService on PostgreSQL', () => {
  let t: MediumTest;
  let service: ServiceService;
  let orgA: string;
  let orgB: string;

  beforeAll(async () => {
    t = await startMediumTest({
      domains: [AuthDomain, AuditDomain, ServiceDomain, AlertConfigDomain, AlertsDomain],
      imports: [ServiceModule],
    });
    service = t.get(ServiceService);
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

  const countRows = async (organizationId: string, name: string) =>
    Number(
      (
        await t.ownerQuery<{ n: string }>(
          `SELECT count(*) AS n FROM service WHERE organization_id = $1 AND name = $2`,
          [organizationId, name],
        )
      )[0].n,
    );

  it('shows each organisation only its own services', async () => {
    const a = await t.as(orgA, () => service.create({ name: 'alpha' }));
    // The unique key includes the organisation: B may use the same name.
    const b = await t.as(orgB, () => service.create({ name: 'alpha' }));

    expect(a).toEqual({
      id: expect.any(String),
      name: 'alpha',
      description: '',
      teamId: null,
      escalationPolicyId: null,
      autoResolveMinutes: null,
      urgencyRule: 'severity',
      groupBy: [],
      groupWaitSeconds: 10,
      groupIntervalSeconds: 300,
      dependsOn: [],
      integrations: [],
      openAlerts: {},
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await t.as(orgA, () => service.list())).map((r) => r.id)).toEqual([a.id]);
    expect((await t.as(orgB, () => service.list())).map((r) => r.id)).toEqual([b.id]);
    expect(await t.as(orgA, () => service.get(a.id))).toEqual(a);
  });

  it("answers 404 for another organisation's service, and leaves it alone", async () => {
    const b = await t.as(orgB, () => service.create({ name: 'beta' }));

    await expect(t.as(orgA, () => service.get(b.id))).rejects.toBeInstanceOf(NotFoundException);
    await expect(
      t.as(orgA, () => service.update(b.id, { name: 'taken over' })),
    ).rejects.toBeInstanceOf(NotFoundException);
    await expect(t.as(orgA, () => service.delete(b.id))).rejects.toBeInstanceOf(NotFoundException);

    expect(await t.as(orgB, () => service.get(b.id))).toMatchObject({ name: 'beta' });
    expect(await auditOf(`service:${b.id}`, orgA)).toEqual([]);
  });

  it('records every change in the audit log of its organisation', async () => {
    const created = await t.as(orgA, () => service.create({ name: 'gamma' }));
    const updated = await t.as(orgA, () => service.update(created.id, { name: 'gamma 2' }));
    await t.as(orgA, () => service.delete(created.id));

    expect(updated.name).toBe('gamma 2');
    await expect(t.as(orgA, () => service.get(created.id))).rejects.toBeInstanceOf(
      NotFoundException,
    );
    expect(await auditOf(`service:${created.id}`, orgA)).toEqual([
      { action: 'service_created', result: 'success', details: { name: 'gamma' } },
      {
        action: 'service_updated',
        result: 'success',
        details: { name: 'gamma 2', previousName: 'gamma', changed: 'name' },
      },
      { action: 'service_deleted', result: 'success', details: { name: 'gamma 2' } },
    ]);
  });

  it('answers 409 for a duplicate name, writing neither a row nor an audit entry', async () => {
    const first = await t.as(orgA, () => service.create({ name: 'delta' }));

    await expect(t.as(orgA, () => service.create({ name: 'delta' }))).rejects.toBeInstanceOf(
      ConflictException,
    );

    expect(await countRows(orgA, 'delta')).toBe(1);
    const created = await t.ownerQuery(
      `SELECT 1 FROM audit_log
        WHERE organization_id = $1 AND action = 'service_created' AND details->>'name' = 'delta'`,
      [orgA],
    );
    expect(created).toHaveLength(1);
    expect(await auditOf(`service:${first.id}`, orgA)).toHaveLength(1);
  });

  it('answers 409 when renaming to a name already taken, changing nothing', async () => {
    await t.as(orgA, () => service.create({ name: 'epsilon' }));
    const other = await t.as(orgA, () => service.create({ name: 'zeta' }));

    await expect(
      t.as(orgA, () => service.update(other.id, { name: 'epsilon' })),
    ).rejects.toBeInstanceOf(ConflictException);

    expect(await t.as(orgA, () => service.get(other.id))).toMatchObject({ name: 'zeta' });
    expect((await auditOf(`service:${other.id}`, orgA)).map((e) => e.action)).toEqual([
      'service_created',
    ]);
  });

  it('refuses a dependency cycle and a dependency on an unknown service, naming dependsOn', async () => {
    const db = await t.as(orgA, () => service.create({ name: 'database' }));
    const api = await t.as(orgA, () => service.create({ name: 'api', dependsOn: [db.id] }));
    expect(api.dependsOn).toEqual([db.id]);
    const cycle = t.as(orgA, () => service.update(db.id, { dependsOn: [api.id] }));
    await expect(cycle).rejects.toBeInstanceOf(BadRequestException);
    await expect(cycle).rejects.toThrow(/dependsOn: this would make a dependency cycle/);
    const foreign = await t.as(orgB, () => service.create({ name: 'elsewhere' }));
    await expect(
      t.as(orgA, () => service.update(api.id, { dependsOn: [foreign.id] })),
    ).rejects.toThrow(/dependsOn: no service/);
    expect((await t.as(orgA, () => service.get(db.id))).dependsOn).toEqual([]);
  });

  it('gives an integration a fresh 128-bit routing key, audited, and forgets it when removed', async () => {
    const svc = await t.as(orgA, () => service.create({ name: 'payments' }));
    const one = await t.as(orgA, () =>
      service.addIntegration(svc.id, { name: 'prom', kind: 'alertmanager' }),
    );
    const two = await t.as(orgA, () =>
      service.addIntegration(svc.id, { name: 'pd', kind: 'events' }),
    );
    expect(one.routingKey).toMatch(/^[0-9a-f]{32}$/);
    expect(two.routingKey).not.toBe(one.routingKey);
    expect((await t.as(orgA, () => service.get(svc.id))).integrations.map((i) => i.name)).toEqual([
      'prom',
      'pd',
    ]);
    await expect(
      t.as(orgB, () => service.removeIntegration(svc.id, one.id)),
    ).rejects.toBeInstanceOf(NotFoundException);
    await t.as(orgA, () => service.removeIntegration(svc.id, one.id));
    expect((await auditOf(`service:${svc.id}`, orgA)).map((e) => e.action)).toEqual([
      'service_created',
      'integration_created',
      'integration_created',
      'integration_deleted',
    ]);
  });
});
