import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { MediumTest, startMediumTest } from '@hyperion/api/testing';
import { ConflictException, NotFoundException } from '@nestjs/common';

import { SshHostDomain } from './ssh-host.domain';
import { SshHostModule } from './ssh-host.module';
import { SshHostService } from './ssh-host.service';

/**
 * Medium spec: the real module on this run's PostgreSQL (migrated, connected as the application
 * role, so row-level security applies), no HTTP. `t.as(org, ...)` acts as a request would.
 */
describe('SshHostService on PostgreSQL', () => {
  let t: MediumTest;
  let service: SshHostService;
  let orgA: string;
  let orgB: string;

  beforeAll(async () => {
    t = await startMediumTest({
      domains: [AuthDomain, AuditDomain, SshHostDomain],
      imports: [SshHostModule],
    });
    service = t.get(SshHostService);
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
          `SELECT count(*) AS n FROM ssh_host WHERE organization_id = $1 AND name = $2`,
          [organizationId, name],
        )
      )[0].n,
    );

  it('shows each organisation only its own ssh hosts', async () => {
    const a = await t.as(orgA, () => service.create({ name: 'alpha' }));
    // The unique key includes the organisation: B may use the same name.
    const b = await t.as(orgB, () => service.create({ name: 'alpha' }));

    expect(a).toEqual({
      id: expect.any(String),
      name: 'alpha',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await t.as(orgA, () => service.list())).map((r) => r.id)).toEqual([a.id]);
    expect((await t.as(orgB, () => service.list())).map((r) => r.id)).toEqual([b.id]);
    expect(await t.as(orgA, () => service.get(a.id))).toEqual(a);
  });

  it("answers 404 for another organisation's ssh host, and leaves it alone", async () => {
    const b = await t.as(orgB, () => service.create({ name: 'beta' }));

    await expect(t.as(orgA, () => service.get(b.id))).rejects.toBeInstanceOf(NotFoundException);
    await expect(
      t.as(orgA, () => service.update(b.id, { name: 'taken over' })),
    ).rejects.toBeInstanceOf(NotFoundException);
    await expect(t.as(orgA, () => service.delete(b.id))).rejects.toBeInstanceOf(NotFoundException);

    expect(await t.as(orgB, () => service.get(b.id))).toMatchObject({ name: 'beta' });
    expect(await auditOf(`ssh_host:${b.id}`, orgA)).toEqual([]);
  });

  it('records every change in the audit log of its organisation', async () => {
    const created = await t.as(orgA, () => service.create({ name: 'gamma' }));
    const updated = await t.as(orgA, () => service.update(created.id, { name: 'gamma 2' }));
    await t.as(orgA, () => service.delete(created.id));

    expect(updated.name).toBe('gamma 2');
    await expect(t.as(orgA, () => service.get(created.id))).rejects.toBeInstanceOf(
      NotFoundException,
    );
    expect(await auditOf(`ssh_host:${created.id}`, orgA)).toEqual([
      { action: 'ssh_host_created', result: 'success', details: { name: 'gamma' } },
      {
        action: 'ssh_host_updated',
        result: 'success',
        details: { name: 'gamma 2', previousName: 'gamma' },
      },
      { action: 'ssh_host_deleted', result: 'success', details: { name: 'gamma 2' } },
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
        WHERE organization_id = $1 AND action = 'ssh_host_created' AND details->>'name' = 'delta'`,
      [orgA],
    );
    expect(created).toHaveLength(1);
    expect(await auditOf(`ssh_host:${first.id}`, orgA)).toHaveLength(1);
  });

  it('answers 409 when renaming to a name already taken, changing nothing', async () => {
    await t.as(orgA, () => service.create({ name: 'epsilon' }));
    const other = await t.as(orgA, () => service.create({ name: 'zeta' }));

    await expect(
      t.as(orgA, () => service.update(other.id, { name: 'epsilon' })),
    ).rejects.toBeInstanceOf(ConflictException);

    expect(await t.as(orgA, () => service.get(other.id))).toMatchObject({ name: 'zeta' });
    expect((await auditOf(`ssh_host:${other.id}`, orgA)).map((e) => e.action)).toEqual([
      'ssh_host_created',
    ]);
  });
});
