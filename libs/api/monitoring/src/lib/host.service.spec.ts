import { AlertConfigDomain, AlertsDomain, ServiceDomain } from '@hyperion/api/alerts';
import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { NotificationChannelDomain, OnCallDomain, PagingDomain } from '@hyperion/api/notifications';
import { RealtimeModule } from '@hyperion/api/realtime';
import { MediumTest, startMediumTest } from '@hyperion/api/testing';
import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';

import { HostDomain } from './host.domain';
import { HostModule } from './host.module';
import { HostService } from './host.service';

/**
 * Medium spec: the real module on this run's PostgreSQL (migrated, connected as the application
 * role, so row-level security applies), no HTTP. `t.as(org, ...)` acts as a request would.
 */
describe('HostService on PostgreSQL', () => {
  let t: MediumTest;
  let service: HostService;
  let orgA: string;
  let orgB: string;

  beforeAll(async () => {
    t = await startMediumTest({
      // A host's alerts go through the alerts ingest: its schema builds on theirs.
      domains: [
        AuthDomain,
        AuditDomain,
        NotificationChannelDomain,
        OnCallDomain,
        PagingDomain,
        ServiceDomain,
        AlertConfigDomain,
        AlertsDomain,
        HostDomain,
      ],
      // Alerts need auth's and audit's services; live samples the realtime publisher.
      imports: [AuditDomain.module, AuthDomain.module, RealtimeModule, HostModule],
    });
    service = t.get(HostService);
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
          `SELECT count(*) AS n FROM host WHERE organization_id = $1 AND name = $2`,
          [organizationId, name],
        )
      )[0].n,
    );

  /** A paused node_exporter host named `name` (paused: never sampled here). */
  const exporter = (name: string, extra: object = {}) =>
    ({
      name,
      kind: 'node_exporter',
      url: 'http://127.0.0.1:9/metrics',
      enabled: false,
      ...extra,
    }) as const;

  it('shows each organisation only its own hosts, with the defaults of the procedures', async () => {
    const a = await t.as(orgA, () => service.create(exporter('alpha')));
    // The unique key includes the organisation: B may use the same name.
    const b = await t.as(orgB, () => service.create(exporter('alpha')));

    expect(a).toEqual({
      id: expect.any(String),
      name: 'alpha',
      kind: 'node_exporter',
      url: 'http://127.0.0.1:9/metrics',
      hasToken: false,
      intervalSeconds: 15,
      enabled: false,
      tags: [],
      thresholds: { cpuPercent: 80, memoryPercent: 85, diskPercent: 90, forSeconds: 300 },
      state: 'paused',
      stateChangedAt: expect.any(String),
      lastSampleAt: null,
      lastError: null,
      latest: null,
      cpuSparkline: [],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await t.as(orgA, () => service.list())).items.map((r) => r.id)).toEqual([a.id]);
    expect((await t.as(orgB, () => service.list())).items.map((r) => r.id)).toEqual([b.id]);
    expect(await t.as(orgA, () => service.get(a.id))).toEqual(a);
  });

  it("answers 404 for another organisation's host, and leaves it alone", async () => {
    const b = await t.as(orgB, () => service.create(exporter('beta')));

    await expect(t.as(orgA, () => service.get(b.id))).rejects.toBeInstanceOf(NotFoundException);
    await expect(
      t.as(orgA, () => service.update(b.id, { name: 'taken over' })),
    ).rejects.toBeInstanceOf(NotFoundException);
    await expect(t.as(orgA, () => service.history(b.id, {}))).rejects.toBeInstanceOf(
      NotFoundException,
    );
    await expect(t.as(orgA, () => service.sampleNow(b.id))).rejects.toBeInstanceOf(
      NotFoundException,
    );
    await expect(t.as(orgA, () => service.delete(b.id))).rejects.toBeInstanceOf(NotFoundException);

    expect(await t.as(orgB, () => service.get(b.id))).toMatchObject({ name: 'beta' });
    expect(await auditOf(`host:${b.id}`, orgA)).toEqual([]);
  });

  it('records every change in the audit log of its organisation', async () => {
    const created = await t.as(orgA, () => service.create(exporter('gamma')));
    const updated = await t.as(orgA, () =>
      service.update(created.id, { name: 'gamma 2', clear: ['cpuPercent'] }),
    );
    await t.as(orgA, () => service.delete(created.id));

    expect(updated).toMatchObject({ name: 'gamma 2', thresholds: { cpuPercent: null } });
    await expect(t.as(orgA, () => service.get(created.id))).rejects.toBeInstanceOf(
      NotFoundException,
    );
    expect(await auditOf(`host:${created.id}`, orgA)).toEqual([
      {
        action: 'host_created',
        result: 'success',
        details: { name: 'gamma', kind: 'node_exporter', url: 'http://127.0.0.1:9/metrics' },
      },
      {
        action: 'host_updated',
        result: 'success',
        details: { name: 'gamma 2', fields: ['cpuThreshold', 'name'] },
      },
      {
        action: 'host_deleted',
        result: 'success',
        details: { name: 'gamma 2', kind: 'node_exporter' },
      },
    ]);
  });

  it('answers 409 for a duplicate name, writing neither a row nor an audit entry', async () => {
    const first = await t.as(orgA, () => service.create(exporter('delta')));

    await expect(t.as(orgA, () => service.create(exporter('delta')))).rejects.toBeInstanceOf(
      ConflictException,
    );

    expect(await countRows(orgA, 'delta')).toBe(1);
    const created = await t.ownerQuery(
      `SELECT 1 FROM audit_log
        WHERE organization_id = $1 AND action = 'host_created' AND details->>'name' = 'delta'`,
      [orgA],
    );
    expect(created).toHaveLength(1);
    expect(await auditOf(`host:${first.id}`, orgA)).toHaveLength(1);
  });

  it('answers 409 when renaming to a name already taken, changing nothing', async () => {
    await t.as(orgA, () => service.create(exporter('epsilon')));
    const other = await t.as(orgA, () => service.create(exporter('zeta')));

    await expect(
      t.as(orgA, () => service.update(other.id, { name: 'epsilon' })),
    ).rejects.toBeInstanceOf(ConflictException);

    expect(await t.as(orgA, () => service.get(other.id))).toMatchObject({ name: 'zeta' });
    expect((await auditOf(`host:${other.id}`, orgA)).map((e) => e.action)).toEqual([
      'host_created',
    ]);
  });

  it('seals the bearer token, never shows it, and clears it on request', async () => {
    const host = await t.as(orgA, () =>
      service.create(exporter('sealed', { token: 'not-a-real-token-0123' })),
    );
    expect(host.hasToken).toBe(true);
    expect(JSON.stringify(host)).not.toContain('not-a-real-token');
    const [row] = await t.ownerQuery<{ secret: string }>(`SELECT secret FROM host WHERE id = $1`, [
      host.id,
    ]);
    expect(row.secret).toMatch(/^v1:/);
    expect(row.secret).not.toContain('not-a-real-token');
    await expect(
      t.as(orgA, () => service.update(host.id, { token: 'another-one', clear: ['token'] })),
    ).rejects.toThrow('clear: token is both given and cleared');
    await expect(
      t.as(orgA, () =>
        service.update(host.id, { thresholds: { diskPercent: 95 }, clear: ['diskPercent'] }),
      ),
    ).rejects.toThrow('clear: diskPercent is both given and cleared');
    expect(await t.as(orgA, () => service.update(host.id, { clear: ['token'] }))).toMatchObject({
      hasToken: false,
    });
  });

  it('refuses a URL with credentials or of another scheme, and a URL or token on the local host, naming the field', async () => {
    const refused = async (fn: () => Promise<unknown>) => {
      const error = await t.as(orgA, fn).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadRequestException);
      return (error as BadRequestException).message;
    };
    expect(
      await refused(() =>
        service.create(exporter('creds', { url: 'http://user:pw@10.0.0.5:9100/metrics' })),
      ),
    ).toMatch(/^url: must not hold a user or password/);
    expect(
      await refused(() => service.create(exporter('ftp', { url: 'ftp://10.0.0.5/metrics' }))),
    ).toMatch(/^url: only http:\/\/ and https:\/\//);
    expect(await refused(() => service.create(exporter('garbage', { url: 'not a url' })))).toMatch(
      /^url: not a URL/,
    );
    expect(await refused(() => service.create({ name: 'no url', kind: 'node_exporter' }))).toBe(
      'url: required for a node_exporter host',
    );
    expect(
      await refused(() =>
        service.create({ name: 'here', kind: 'local', url: 'http://127.0.0.1:9100/metrics' }),
      ),
    ).toBe('url: only node_exporter hosts have one');
    expect(await refused(() => service.create({ name: 'here', kind: 'local', token: 'abc' }))).toBe(
      'token: only node_exporter hosts have one',
    );
    expect(await countRows(orgA, 'creds')).toBe(0);
  });

  it('pages the list by name with a cursor that neither repeats nor skips a host', async () => {
    const org = await t.createOrganization('Paged');
    const names = Array.from({ length: 7 }, (_, i) => `host-${String(i).padStart(2, '0')}`);
    for (const name of [...names].reverse()) {
      await t.as(org, () => service.create(exporter(name)));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await t.as(org, () => service.list({ limit: 3, cursor }));
      seen.push(...result.items.map((h) => h.name));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual(names);
    await expect(t.as(org, () => service.list({ cursor: 'forged' }))).rejects.toThrow(
      'cursor: the nextCursor of the previous page',
    );
  });
});
