import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { SshHostDomain } from '@hyperion/api/ssh';
import { MediumTest, startMediumTest } from '@hyperion/api/testing';
import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CreateFileRootDto } from './dto/file-root.dto';
import { FileRootDomain } from './file-root.domain';
import { FileRootModule } from './file-root.module';
import { FileRootService } from './file-root.service';

/**
 * Medium spec: the real module on this run's PostgreSQL (migrated, connected as the application
 * role, so row-level security applies), no HTTP. `t.as(org, ...)` acts as a request would.
 */
describe('FileRootService on PostgreSQL', () => {
  let t: MediumTest;
  let service: FileRootService;
  let orgA: string;
  let orgB: string;
  /** The one directory roots may be declared under (FILES_ALLOWED_ROOTS), and one beside it. */
  let allowed: string;
  let elsewhere: string;

  /** A new directory under `allowed` and the request declaring a local root there. */
  const root = (name: string, extra: Partial<CreateFileRootDto> = {}): CreateFileRootDto => {
    const path = join(
      allowed,
      `${name.replace(/\W/g, '_')}-${Math.random().toString(36).slice(2)}`,
    );
    mkdirSync(path);
    return { name, kind: 'local', path, ...extra };
  };

  beforeAll(async () => {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'file-roots-')));
    allowed = join(base, 'allowed');
    elsewhere = join(base, 'allowed-not');
    mkdirSync(allowed);
    mkdirSync(elsewhere);
    t = await startMediumTest({
      domains: [AuthDomain, AuditDomain, SshHostDomain, FileRootDomain],
      imports: [AuditDomain.module, FileRootModule],
      env: { FILES_ALLOWED_ROOTS: allowed },
    });
    service = t.get(FileRootService);
    orgA = await t.createOrganization('Organisation A');
    orgB = await t.createOrganization('Organisation B');
  });

  afterAll(async () => {
    await t?.close();
    rmSync(join(allowed, '..'), { recursive: true, force: true });
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
          `SELECT count(*) AS n FROM file_root WHERE organization_id = $1 AND name = $2`,
          [organizationId, name],
        )
      )[0].n,
    );

  it('shows each organisation only its own file roots', async () => {
    const a = await t.as(orgA, () => service.create(root('alpha')));
    // The unique key includes the organisation: B may use the same name.
    const b = await t.as(orgB, () => service.create(root('alpha')));

    expect(a).toEqual({
      id: expect.any(String),
      name: 'alpha',
      kind: 'local',
      path: expect.stringMatching(new RegExp(`^${allowed}/alpha-`)),
      sshHostId: null,
      maxUploadBytes: null,
      readOnly: false,
      allowedRoles: [],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await t.as(orgA, () => service.list())).map((r) => r.id)).toEqual([a.id]);
    expect((await t.as(orgB, () => service.list())).map((r) => r.id)).toEqual([b.id]);
    expect(await t.as(orgA, () => service.get(a.id))).toEqual(a);
  });

  it("answers 404 for another organisation's file root, and leaves it alone", async () => {
    const b = await t.as(orgB, () => service.create(root('beta')));

    await expect(t.as(orgA, () => service.get(b.id))).rejects.toBeInstanceOf(NotFoundException);
    await expect(
      t.as(orgA, () => service.update(b.id, { name: 'taken over' })),
    ).rejects.toBeInstanceOf(NotFoundException);
    await expect(t.as(orgA, () => service.delete(b.id))).rejects.toBeInstanceOf(NotFoundException);

    expect(await t.as(orgB, () => service.get(b.id))).toMatchObject({ name: 'beta' });
    expect(await auditOf(`file_root:${b.id}`, orgA)).toEqual([]);
  });

  it('records every change in the audit log of its organisation', async () => {
    const created = await t.as(orgA, () => service.create(root('gamma')));
    const updated = await t.as(orgA, () => service.update(created.id, { name: 'gamma 2' }));
    await t.as(orgA, () => service.delete(created.id));

    expect(updated.name).toBe('gamma 2');
    await expect(t.as(orgA, () => service.get(created.id))).rejects.toBeInstanceOf(
      NotFoundException,
    );
    expect(await auditOf(`file_root:${created.id}`, orgA)).toEqual([
      {
        action: 'file_root_created',
        result: 'success',
        details: expect.objectContaining({ name: 'gamma', kind: 'local' }),
      },
      {
        action: 'file_root_updated',
        result: 'success',
        details: expect.objectContaining({ name: 'gamma 2', previousName: 'gamma' }),
      },
      {
        action: 'file_root_deleted',
        result: 'success',
        details: expect.objectContaining({ name: 'gamma 2' }),
      },
    ]);
  });

  it('answers 409 for a duplicate name, writing neither a row nor an audit entry', async () => {
    const first = await t.as(orgA, () => service.create(root('delta')));

    await expect(t.as(orgA, () => service.create(root('delta')))).rejects.toBeInstanceOf(
      ConflictException,
    );

    expect(await countRows(orgA, 'delta')).toBe(1);
    const created = await t.ownerQuery(
      `SELECT 1 FROM audit_log
        WHERE organization_id = $1 AND action = 'file_root_created' AND details->>'name' = 'delta'`,
      [orgA],
    );
    expect(created).toHaveLength(1);
    expect(await auditOf(`file_root:${first.id}`, orgA)).toHaveLength(1);
  });

  it('answers 409 when renaming to a name already taken, changing nothing', async () => {
    await t.as(orgA, () => service.create(root('epsilon')));
    const other = await t.as(orgA, () => service.create(root('zeta')));

    await expect(
      t.as(orgA, () => service.update(other.id, { name: 'epsilon' })),
    ).rejects.toBeInstanceOf(ConflictException);

    expect(await t.as(orgA, () => service.get(other.id))).toMatchObject({ name: 'zeta' });
    expect((await auditOf(`file_root:${other.id}`, orgA)).map((e) => e.action)).toEqual([
      'file_root_created',
    ]);
  });

  it('stores the resolved path, and refuses a path that is missing, a file or outside the allowed parents', async () => {
    const target = root('target');
    const link = join(allowed, `link-${Date.now()}`);
    symlinkSync(target.path, link);
    const viaLink = await t.as(orgA, () =>
      service.create({ ...target, name: 'via link', path: link }),
    );
    expect(viaLink.path).toBe(target.path);

    const refused = async (path: string, message: RegExp) => {
      const attempt = t.as(orgA, () =>
        service.create({ name: `bad ${path}`, kind: 'local', path }),
      );
      await expect(attempt).rejects.toBeInstanceOf(BadRequestException);
      await expect(attempt).rejects.toThrow(message);
    };
    await refused(join(allowed, 'missing'), /^path: .* does not exist/);
    await refused('/etc/hostname', /^path: .* is not a directory/);
    await refused(elsewhere, /^path: .* not inside a directory allowed/);
    // A sibling whose name starts with the allowed directory's is not inside it.
    expect(elsewhere.startsWith(allowed)).toBe(true);
    await refused('/', /^path: .* not inside a directory allowed/);
    expect(
      await t.ownerQuery(
        `SELECT 1 FROM file_root WHERE organization_id = $1 AND name LIKE 'bad %'`,
        [orgA],
      ),
    ).toEqual([]);
  });

  it('shows a root restricted to roles only to those roles and to file administrators', async () => {
    const open = await t.as(orgA, () => service.create(root('open to all')));
    const ops = await t.as(orgA, () =>
      service.create(
        root('operators only', { allowedRoles: ['operator', 'operator'], readOnly: true }),
      ),
    );
    expect(ops).toMatchObject({ allowedRoles: ['operator'], readOnly: true });
    // An API key holds no role: it sees the roots open to every role only.
    const key = { type: 'api_key' as const, id: 'key', permissions: ['files:read' as const] };
    const seen = (await t.as(orgA, () => service.list(), key)).map((r) => r.id);
    expect(seen).toContain(open.id);
    expect(seen).not.toContain(ops.id);
    await expect(t.as(orgA, () => service.get(ops.id), key)).rejects.toBeInstanceOf(
      NotFoundException,
    );
    const admin = { ...key, permissions: ['files:read' as const, 'files:admin' as const] };
    expect((await t.as(orgA, () => service.list(), admin)).map((r) => r.id)).toContain(ops.id);
  });
});
