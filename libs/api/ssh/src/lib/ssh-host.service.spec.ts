import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { MediumTest, startMediumTest } from '@hyperion/api/testing';
import type { CreateSshHostRequest } from '@hyperion/contracts';
import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { utils } from 'ssh2';

import { SshHostDomain } from './ssh-host.domain';
import { SshHostModule } from './ssh-host.module';
import { SshHostService } from './ssh-host.service';

const KEY = utils.generateKeyPairSync('ed25519').private;
const PASSPHRASE = 'a-passphrase-for-the-spec';
const ENCRYPTED_KEY = utils.generateKeyPairSync('ed25519', {
  passphrase: PASSPHRASE,
  cipher: 'aes256-ctr',
  rounds: 4,
}).private;
const PASSWORD = 'the-host-password-42';
const FINGERPRINT_A = `SHA256:${'A'.repeat(43)}`;
const FINGERPRINT_B = `SHA256:${'B'.repeat(43)}`;

/** A valid host with a key, named `name`. */
const withKey = (name: string, more: Partial<CreateSshHostRequest> = {}): CreateSshHostRequest => ({
  name,
  address: 'db1.example.test',
  username: 'ops',
  authMethod: 'key',
  privateKey: KEY,
  ...more,
});

/** The status and message of a rejected promise (what the HTTP answer would carry). */
async function refusal(promise: Promise<unknown>): Promise<{ type: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected a refusal');
  return { type: error.constructor.name, message: error.message };
}

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

  it('shows each organisation only its own SSH hosts', async () => {
    const a = await t.as(orgA, () => service.create(withKey('alpha', { tags: ['db', 'db'] })));
    // The unique key includes the organisation: B may use the same name.
    const b = await t.as(orgB, () => service.create(withKey('alpha')));

    expect(a).toEqual({
      id: expect.any(String),
      name: 'alpha',
      address: 'db1.example.test',
      port: 22,
      username: 'ops',
      authMethod: 'key',
      hasPrivateKey: true,
      hasPassphrase: false,
      hasPassword: false,
      jumpHostId: null,
      tags: ['db'],
      hostKey: {
        fingerprint: null,
        keyType: null,
        trustedAt: null,
        pendingFingerprint: null,
        pendingKeyType: null,
      },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await t.as(orgA, () => service.list())).map((r) => r.id)).toEqual([a.id]);
    expect((await t.as(orgB, () => service.list())).map((r) => r.id)).toEqual([b.id]);
    expect(await t.as(orgA, () => service.get(a.id))).toEqual(a);
  });

  it('seals the credentials: never in a summary, an audit entry or the row in clear', async () => {
    const keyed = await t.as(orgA, () =>
      service.create(withKey('sealed key', { privateKey: ENCRYPTED_KEY, passphrase: PASSPHRASE })),
    );
    const pw = await t.as(orgA, () =>
      service.create({
        name: 'sealed password',
        address: '10.0.0.5',
        port: 2222,
        username: 'root',
        authMethod: 'password',
        password: PASSWORD,
      }),
    );
    expect(keyed).toMatchObject({ hasPrivateKey: true, hasPassphrase: true, hasPassword: false });
    expect(pw).toMatchObject({ hasPrivateKey: false, hasPassword: true, port: 2222 });

    const everything = JSON.stringify([
      keyed,
      pw,
      await t.as(orgA, () => service.list()),
      await auditOf(`ssh_host:${keyed.id}`, orgA),
      await auditOf(`ssh_host:${pw.id}`, orgA),
      await t.ownerQuery(`SELECT * FROM ssh_host WHERE id = ANY($1)`, [[keyed.id, pw.id]]),
    ]);
    const keyBody = ENCRYPTED_KEY.split('\n')[1];
    for (const secret of [keyBody, PASSPHRASE, PASSWORD]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('refuses credentials it cannot use, naming the field', async () => {
    const cases: [Partial<CreateSshHostRequest>, RegExp][] = [
      [{ privateKey: 'not a key' }, /^privateKey: /],
      [{ privateKey: ENCRYPTED_KEY }, /^passphrase: .*no passphrase given/],
      [{ privateKey: ENCRYPTED_KEY, passphrase: 'wrong passphrase' }, /^passphrase: /],
      [{ privateKey: undefined }, /^privateKey: required/],
      [{ authMethod: 'password', privateKey: undefined }, /^password: required/],
    ];
    for (const [more, message] of cases) {
      const result = await refusal(t.as(orgA, () => service.create(withKey('bad creds', more))));
      expect(result).toEqual({
        type: BadRequestException.name,
        message: expect.stringMatching(message),
      });
    }
    expect(await countRows(orgA, 'bad creds')).toBe(0);
  });

  it('keeps the kept secrets on update, and re-checks them when the method changes', async () => {
    const host = await t.as(orgA, () => service.create(withKey('updating')));
    const renamed = await t.as(orgA, () => service.update(host.id, { address: '192.0.2.7' }));
    expect(renamed).toMatchObject({ address: '192.0.2.7', hasPrivateKey: true });

    expect(
      await refusal(t.as(orgA, () => service.update(host.id, { authMethod: 'password' }))),
    ).toEqual({ type: BadRequestException.name, message: expect.stringMatching(/^password: /) });
    const switched = await t.as(orgA, () =>
      service.update(host.id, { authMethod: 'password', password: PASSWORD }),
    );
    expect(switched).toMatchObject({
      authMethod: 'password',
      hasPrivateKey: false,
      hasPassword: true,
    });
  });

  it('takes a jump host of the same organisation only, without loops', async () => {
    const jump = await t.as(orgA, () => service.create(withKey('bastion')));
    const inner = await t.as(orgA, () => service.create(withKey('inner', { jumpHostId: jump.id })));
    expect(inner.jumpHostId).toBe(jump.id);
    const foreign = await t.as(orgB, () => service.create(withKey('foreign bastion')));

    expect(
      await refusal(t.as(orgA, () => service.create(withKey('x', { jumpHostId: foreign.id })))),
    ).toEqual({
      type: BadRequestException.name,
      message: expect.stringMatching(/^jumpHostId: no SSH host/),
    });
    expect(
      await refusal(t.as(orgA, () => service.update(jump.id, { jumpHostId: inner.id }))),
    ).toEqual({
      type: BadRequestException.name,
      message: expect.stringMatching(/^jumpHostId: .*loop/),
    });
    expect(
      await refusal(t.as(orgA, () => service.update(jump.id, { jumpHostId: jump.id }))),
    ).toEqual({ type: BadRequestException.name, message: expect.stringMatching(/^jumpHostId: /) });
    // A host in use as a jump host stays.
    expect(await refusal(t.as(orgA, () => service.delete(jump.id)))).toMatchObject({
      type: ConflictException.name,
    });
    expect(await t.as(orgA, () => service.get(jump.id))).toMatchObject({ name: 'bastion' });
  });

  it('approves only the pending host key, and pins one by hand; both audited', async () => {
    const host = await t.as(orgA, () => service.create(withKey('keyed')));
    expect(
      await refusal(
        t.as(orgA, () => service.approveHostKey(host.id, { fingerprint: FINGERPRINT_B })),
      ),
    ).toMatchObject({ type: ConflictException.name });

    const pinned = await t.as(orgA, () =>
      service.pinHostKey(host.id, { fingerprint: FINGERPRINT_A }),
    );
    expect(pinned.hostKey).toMatchObject({
      fingerprint: FINGERPRINT_A,
      trustedAt: expect.any(String),
    });

    // What a connection refused for a changed key leaves behind.
    await t.ownerQuery(
      `UPDATE ssh_host SET host_key_pending_fingerprint = $2, host_key_pending_type = 'ssh-ed25519'
        WHERE id = $1`,
      [host.id, FINGERPRINT_B],
    );
    expect(
      await refusal(
        t.as(orgA, () => service.approveHostKey(host.id, { fingerprint: FINGERPRINT_A })),
      ),
    ).toEqual({ type: ConflictException.name, message: expect.stringContaining(FINGERPRINT_B) });
    await expect(
      t.as(orgB, () => service.approveHostKey(host.id, { fingerprint: FINGERPRINT_B })),
    ).rejects.toBeInstanceOf(NotFoundException);

    const approved = await t.as(orgA, () =>
      service.approveHostKey(host.id, { fingerprint: FINGERPRINT_B }),
    );
    expect(approved.hostKey).toMatchObject({
      fingerprint: FINGERPRINT_B,
      keyType: 'ssh-ed25519',
      pendingFingerprint: null,
    });
    const actions = (await auditOf(`ssh_host:${host.id}`, orgA)).map((e) => [
      e.action,
      e.details['fingerprint'],
    ]);
    expect(actions).toEqual([
      ['ssh_host_created', undefined],
      ['ssh_host_key_pinned', FINGERPRINT_A],
      ['ssh_host_key_approved', FINGERPRINT_B],
    ]);
  });

  it("answers 404 for another organisation's SSH host, and leaves it alone", async () => {
    const b = await t.as(orgB, () => service.create(withKey('beta')));

    await expect(t.as(orgA, () => service.get(b.id))).rejects.toBeInstanceOf(NotFoundException);
    await expect(
      t.as(orgA, () => service.update(b.id, { name: 'taken over' })),
    ).rejects.toBeInstanceOf(NotFoundException);
    await expect(t.as(orgA, () => service.delete(b.id))).rejects.toBeInstanceOf(NotFoundException);
    await expect(
      t.as(orgA, () => service.pinHostKey(b.id, { fingerprint: FINGERPRINT_A })),
    ).rejects.toBeInstanceOf(NotFoundException);

    expect(await t.as(orgB, () => service.get(b.id))).toMatchObject({ name: 'beta' });
    expect(await auditOf(`ssh_host:${b.id}`, orgA)).toEqual([]);
  });

  it('records every change in the audit log of its organisation', async () => {
    const created = await t.as(orgA, () => service.create(withKey('gamma')));
    const updated = await t.as(orgA, () => service.update(created.id, { name: 'gamma 2' }));
    await t.as(orgA, () => service.delete(created.id));

    expect(updated.name).toBe('gamma 2');
    await expect(t.as(orgA, () => service.get(created.id))).rejects.toBeInstanceOf(
      NotFoundException,
    );
    const entries = await auditOf(`ssh_host:${created.id}`, orgA);
    expect(entries.map((e) => [e.action, e.result, e.details['name']])).toEqual([
      ['ssh_host_created', 'success', 'gamma'],
      ['ssh_host_updated', 'success', 'gamma 2'],
      ['ssh_host_deleted', 'success', 'gamma 2'],
    ]);
    expect(entries[1].details).toMatchObject({
      previous: { name: 'gamma' },
      credentialsChanged: false,
    });
  });

  it('answers 409 for a duplicate name, writing neither a row nor an audit entry', async () => {
    const first = await t.as(orgA, () => service.create(withKey('delta')));

    await expect(t.as(orgA, () => service.create(withKey('delta')))).rejects.toBeInstanceOf(
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
    await t.as(orgA, () => service.create(withKey('epsilon')));
    const other = await t.as(orgA, () => service.create(withKey('zeta')));

    await expect(
      t.as(orgA, () => service.update(other.id, { name: 'epsilon' })),
    ).rejects.toBeInstanceOf(ConflictException);

    expect(await t.as(orgA, () => service.get(other.id))).toMatchObject({ name: 'zeta' });
    expect((await auditOf(`ssh_host:${other.id}`, orgA)).map((e) => e.action)).toEqual([
      'ssh_host_created',
    ]);
  });
});
