import { AddressInfo, createServer } from 'node:net';

import { freePort, SshdPeer, startSshdPeer } from '@hyperion/api/testing';
import type {
  SshExecListItem,
  SshExecResult,
  SshHostSummary,
  TokenPair,
} from '@hyperion/contracts';
import { ORGANIZATION_ROUTES, SSH_HOST_ROUTES } from '@hyperion/contracts';
import { utils } from 'ssh2';

import { auditRows, createUser, unique } from './auth-helpers';
import { adminToken, bearer, loginAs, startTestApp, TestApp } from './test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What sshd logs once a client offered a credential (none may appear for a refused host key). */
const AUTH_LINE = /Accepted|Failed|userauth|Postponed/;

/**
 * Done-means 1, 2 and 6 of issue 12 for the SSH API, over HTTP on the real app against real
 * OpenSSH servers (Debian's sshd) on loopback ports: commands with output, exit code, timeout and
 * truncation; trust on first use; a regenerated host key refused before authentication (sshd's
 * own log shows no auth attempt) until approved; a jump host path through a second sshd; a
 * viewer refused and audited; another organisation's host not found; no credential ever in a
 * response.
 */
describe('SSH hosts over HTTP', () => {
  let t: TestApp;
  let admin: string;
  let operator: string;
  let viewer: string;
  let main: SshdPeer;
  let rekeyed: SshdPeer;
  let jump: SshdPeer;
  /** Every response body of the spec, searched for credentials at the end. */
  const bodies: unknown[] = [];

  const api = (token = admin) => {
    const b = bearer(t, token);
    const keep = async <R extends { body: unknown }>(req: PromiseLike<R>) => {
      const res = await req;
      bodies.push(res.body);
      return res;
    };
    return {
      get: (path: string) => keep(b.get(path)),
      post: (path: string, body: object = {}) => keep(b.post(path, body)),
      put: (path: string, body: object) => keep(b.put(path, body)),
      patch: (path: string, body: object) => keep(b.patch(path, body)),
      delete: (path: string) => keep(b.delete(path)),
    };
  };

  const create = async (
    peer: SshdPeer,
    name: string,
    more: object = {},
  ): Promise<SshHostSummary> => {
    const res = await api().post(SSH_HOST_ROUTES.collection, {
      name: unique(name),
      address: peer.host,
      port: peer.port,
      username: peer.username,
      authMethod: 'key',
      privateKey: peer.clientPrivateKey,
      ...more,
    });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body as SshHostSummary;
  };

  const exec = async (id: string, body: object, token = admin) => {
    const res = await api(token).post(SSH_HOST_ROUTES.exec(id), body);
    return { status: res.status, body: res.body as SshExecResult & { message?: string } };
  };

  /** sshd logs a connection's end from its child process: wait for the line (at most 3 s). */
  const logAfter = async (peer: SshdPeer, offset: number, line: RegExp) => {
    for (let i = 0; i < 30 && !line.test(peer.log(offset)); i++) await sleep(100);
    return peer.log(offset);
  };

  beforeAll(async () => {
    [main, rekeyed, jump] = await Promise.all([
      startSshdPeer(),
      startSshdPeer(),
      startSshdPeer({ logLevel: 'DEBUG1' }),
    ]);
    t = await startTestApp();
    admin = await adminToken(t);
    const op = await createUser(t, admin, ['operator']);
    operator = (await loginAs(t, op.username, op.password)).accessToken;
    const view = await createUser(t, admin, ['viewer']);
    viewer = (await loginAs(t, view.username, view.password)).accessToken;
  });

  afterAll(async () => {
    await t?.close();
    await Promise.all([main?.close(), rekeyed?.close(), jump?.close()]);
  });

  it('tests the connection and records the host key on first use', async () => {
    const host = await create(main, 'main');
    expect(host).toMatchObject({ port: main.port, hasPrivateKey: true, hasPassword: false });
    expect(host.hostKey.fingerprint).toBeNull();

    const tested = await api(operator).post(SSH_HOST_ROUTES.test(host.id));
    expect({ status: tested.status, body: tested.body }).toEqual({
      status: 200,
      body: { ok: true, fingerprint: main.hostFingerprint(), latencyMs: expect.any(Number) },
    });
    const after = (await api(operator).get(SSH_HOST_ROUTES.item(host.id))).body as SshHostSummary;
    expect(after.hostKey).toEqual({
      fingerprint: main.hostFingerprint(),
      keyType: 'ssh-ed25519',
      trustedAt: expect.any(String),
      pendingFingerprint: null,
      pendingKeyType: null,
    });
    const recorded = await auditRows(t, {
      action: 'ssh_host_key_recorded',
      target: `ssh_host:${host.id}`,
    });
    expect(recorded).toHaveLength(1);
    expect(recorded[0].details).toMatchObject({ fingerprint: main.hostFingerprint() });
  });

  it('runs a command: stdout, stderr and exit code returned, stored and audited', async () => {
    const host = await create(main, 'exec');
    const command = 'echo hello; echo err >&2; exit 3';
    const ran = await exec(host.id, { command }, operator);
    expect(ran).toEqual({
      status: 200,
      body: {
        id: expect.any(String),
        hostId: host.id,
        userId: expect.any(String),
        command,
        exitCode: 3,
        signal: null,
        stdout: 'hello\n',
        stderr: 'err\n',
        truncated: false,
        timedOut: false,
        durationMs: expect.any(Number),
        startedAt: expect.any(String),
        finishedAt: expect.any(String),
      },
    });

    const listed = (await api(operator).get(SSH_HOST_ROUTES.execs(host.id)))
      .body as SshExecListItem[];
    expect(listed.map((e) => [e.id, e.command, e.exitCode])).toEqual([[ran.body.id, command, 3]]);
    const stored = await api(operator).get(SSH_HOST_ROUTES.execItem(host.id, ran.body.id));
    expect(stored.body).toMatchObject({ stdout: 'hello\n', stderr: 'err\n', exitCode: 3 });

    const audited = await auditRows(t, { action: 'ssh_exec', target: `ssh_host:${host.id}` });
    expect(audited.map((a) => [a.result, a.details['command'], a.details['exitCode']])).toEqual([
      ['success', command, 3],
    ]);
  });

  it('kills a command at its timeout, and cuts output at the limit without losing the exit code', async () => {
    const host = await create(main, 'limits');
    const started = Date.now();
    const slow = await exec(host.id, {
      command: 'echo started; sleep 4; echo never',
      timeoutSeconds: 1,
    });
    // Not the 4 s the command would take (the test sshd's sessions are root's: OpenSSH then
    // ignores the KILL request, and the short sleep ends by itself).
    expect(Date.now() - started).toBeLessThan(3500);
    expect(slow).toMatchObject({
      status: 200,
      body: { timedOut: true, exitCode: null, stdout: 'started\n', truncated: false },
    });

    const loud = await exec(host.id, {
      command: "head -c 300000 /dev/zero | tr '\\0' a; echo done >&2",
      maxOutputBytes: 1000,
    });
    expect(loud.status).toBe(200);
    expect(loud.body).toMatchObject({ truncated: true, timedOut: false, exitCode: 0 });
    expect(loud.body.stdout).toBe('a'.repeat(1000));
    expect(loud.body.stderr).toBe('');

    const bad = await exec(host.id, { command: 'x'.repeat(4097) });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^command: /)]));
    const tooLong = await exec(host.id, { command: 'true', timeoutSeconds: 301 });
    expect(tooLong.status).toBe(400);
  });

  it('signs in with an encrypted key; refuses unreadable keys and wrong passphrases with 400', async () => {
    const host = await create(main, 'encrypted', {
      privateKey: main.encryptedClientPrivateKey,
      passphrase: main.clientKeyPassphrase,
    });
    expect(host).toMatchObject({ hasPrivateKey: true, hasPassphrase: true });
    expect((await exec(host.id, { command: 'echo $((6*7))' })).body.stdout).toBe('42\n');

    const base = { name: unique('bad'), address: '127.0.0.1', username: 'root', authMethod: 'key' };
    const garbage = await api().post(SSH_HOST_ROUTES.collection, { ...base, privateKey: 'nope' });
    expect({ status: garbage.status, message: garbage.body.message }).toEqual({
      status: 400,
      message: expect.stringMatching(/^privateKey: /),
    });
    const wrong = await api().post(SSH_HOST_ROUTES.collection, {
      ...base,
      privateKey: main.encryptedClientPrivateKey,
      passphrase: 'not the passphrase',
    });
    expect({ status: wrong.status, message: wrong.body.message }).toEqual({
      status: 400,
      message: expect.stringMatching(/^passphrase: /),
    });
  });

  it('answers 502 for refused credentials and unreachable hosts, 504 for a silent one (never a 500)', async () => {
    const stranger = await create(main, 'stranger', {
      privateKey: utils.generateKeyPairSync('ed25519').private,
    });
    const refused = await api().post(SSH_HOST_ROUTES.test(stranger.id));
    expect({ status: refused.status, message: refused.body.message }).toEqual({
      status: 502,
      message: expect.stringContaining('authentication failed'),
    });
    const nobody = await create(main, 'nobody', { port: await freePort() });
    const unreachable = await api().post(SSH_HOST_ROUTES.test(nobody.id));
    expect({ status: unreachable.status, message: unreachable.body.message }).toEqual({
      status: 502,
      message: expect.stringContaining('unreachable'),
    });

    // A port that accepts connections and never speaks: the connect timeout (10 s) ends it.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const mute = await create(main, 'mute', { port: (silent.address() as AddressInfo).port });
      const started = Date.now();
      const timedOut = await api().post(SSH_HOST_ROUTES.test(mute.id));
      expect({ status: timedOut.status, message: timedOut.body.message }).toEqual({
        status: 504,
        message: expect.stringContaining('did not'),
      });
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      silent.close();
    }
  }, 30_000);

  it('refuses a regenerated host key before authentication, until an administrator approves it', async () => {
    const host = await create(rekeyed, 'rekeyed');
    const first = rekeyed.hostFingerprint();
    expect((await api().post(SSH_HOST_ROUTES.test(host.id))).body).toMatchObject({
      fingerprint: first,
    });

    await rekeyed.regenerateHostKey();
    const second = rekeyed.hostFingerprint();
    expect(second).not.toBe(first);
    const offset = rekeyed.logSize();
    const refused = await api().post(SSH_HOST_ROUTES.test(host.id));
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain(first);
    expect(refused.body.message).toContain(second);
    // sshd saw the connection, and no credential: the key exchange ended it.
    const log = await logAfter(rekeyed, offset, /Connection (closed|reset)|Disconnected/);
    expect(log).toContain('Connection from 127.0.0.1');
    expect(log).not.toMatch(AUTH_LINE);

    // A command is refused the same way, and nothing is stored for it.
    const blocked = await exec(host.id, { command: 'echo should-not-run' });
    expect(blocked.status).toBe(409);
    expect((await api().get(SSH_HOST_ROUTES.execs(host.id))).body).toEqual([]);
    expect(rekeyed.log(offset)).not.toMatch(AUTH_LINE);

    const pending = (await api().get(SSH_HOST_ROUTES.item(host.id))).body as SshHostSummary;
    expect(pending.hostKey).toMatchObject({ fingerprint: first, pendingFingerprint: second });

    // Only an administrator approves, and only the key that is waiting.
    const approveUrl = SSH_HOST_ROUTES.approveHostKey(host.id);
    expect((await api(operator).post(approveUrl, { fingerprint: second })).status).toBe(403);
    expect((await api().post(approveUrl, { fingerprint: first })).status).toBe(409);
    expect((await api().post(approveUrl, { fingerprint: 'md5:aa' })).body.message).toEqual(
      expect.arrayContaining([expect.stringMatching(/^fingerprint: /)]),
    );
    const approved = await api().post(approveUrl, { fingerprint: second });
    expect(approved.status).toBe(200);
    expect((approved.body as SshHostSummary).hostKey).toMatchObject({
      fingerprint: second,
      pendingFingerprint: null,
    });
    expect((await exec(host.id, { command: 'echo approved' })).body.stdout).toBe('approved\n');

    const audit = await auditRows(t, {
      action: 'ssh_host_key_approved',
      target: `ssh_host:${host.id}`,
    });
    expect(audit.map((a) => [a.result, a.details['fingerprint'], a.details['previous']])).toEqual([
      ['success', second, first],
    ]);
    expect(
      await auditRows(t, { action: 'ssh_host_key_refused', target: `ssh_host:${host.id}` }),
    ).toHaveLength(2);
  });

  it('connects only to a pinned fingerprint', async () => {
    const host = await create(main, 'pinned');
    const pin = (fingerprint: string) =>
      api().put(SSH_HOST_ROUTES.hostKey(host.id), { fingerprint });
    expect((await pin(`SHA256:${'x'.repeat(43)}`)).status).toBe(200);
    expect((await api().post(SSH_HOST_ROUTES.test(host.id))).status).toBe(409);
    expect((await pin(main.hostFingerprint())).status).toBe(200);
    expect((await api().post(SSH_HOST_ROUTES.test(host.id))).status).toBe(200);
    expect(
      await auditRows(t, { action: 'ssh_host_key_pinned', target: `ssh_host:${host.id}` }),
    ).toHaveLength(2);
  });

  it('goes through a jump host (a second sshd forwards the connection)', async () => {
    const bastion = await create(jump, 'bastion');
    const inner = await create(main, 'inner', { jumpHostId: bastion.id });
    const jumpOffset = jump.logSize();
    const mainOffset = main.logSize();

    const ran = await exec(inner.id, { command: 'echo via-jump' }, operator);
    expect(ran).toMatchObject({ status: 200, body: { stdout: 'via-jump\n', exitCode: 0 } });
    // The bastion's sshd opened the channel to the target, which accepted our key.
    expect(jump.log(jumpOffset)).toContain(`target 127.0.0.1 port ${main.port}`);
    expect(await logAfter(main, mainOffset, /Accepted publickey/)).toMatch(/Accepted publickey/);
    // Both hosts' keys were recorded on first use.
    for (const id of [bastion.id, inner.id]) {
      expect(
        ((await api().get(SSH_HOST_ROUTES.item(id))).body as SshHostSummary).hostKey.fingerprint,
      ).toBe(id === bastion.id ? jump.hostFingerprint() : main.hostFingerprint());
    }

    // Without the bastion the target is not reached, though it still runs.
    await jump.stop();
    try {
      const down = await exec(inner.id, { command: 'echo nope' });
      expect(down.status).toBe(502);
      expect(down.body.message).toContain('unreachable');
    } finally {
      await jump.start();
    }
    // A jump host in use cannot be deleted; a loop is refused.
    expect((await api().delete(SSH_HOST_ROUTES.item(bastion.id))).status).toBe(409);
    const loop = await api().patch(SSH_HOST_ROUTES.item(bastion.id), { jumpHostId: inner.id });
    expect({ status: loop.status, message: loop.body.message }).toEqual({
      status: 400,
      message: expect.stringMatching(/^jumpHostId: /),
    });
    // Direct again: `clear` (no request takes null), then the bastion can go.
    const both = await api().patch(SSH_HOST_ROUTES.item(inner.id), {
      jumpHostId: bastion.id,
      clear: ['jumpHostId'],
    });
    expect(both.status).toBe(400);
    const direct = await api().patch(SSH_HOST_ROUTES.item(inner.id), { clear: ['jumpHostId'] });
    expect({ status: direct.status, jump: direct.body.jumpHostId }).toEqual({
      status: 200,
      jump: null,
    });
    expect((await api().delete(SSH_HOST_ROUTES.item(bastion.id))).status).toBe(204);
  });

  it('refuses a viewer (403, audited) and an operator administering hosts', async () => {
    const host = await create(main, 'guarded');
    const execPath = SSH_HOST_ROUTES.exec(host.id);
    const testPath = SSH_HOST_ROUTES.test(host.id);
    const refused = await api(viewer).post(execPath, { command: 'id' });
    expect({ status: refused.status, message: refused.body.message }).toEqual({
      status: 403,
      message: expect.stringContaining('ssh:exec'),
    });
    expect((await api(viewer).post(testPath)).status).toBe(403);
    expect((await api(viewer).get(SSH_HOST_ROUTES.collection)).status).toBe(403);
    // The first refusal of the minute is a row of its own (the next ones are counted into it).
    const rows = await auditRows(t, { action: 'permission_denied', target: `POST ${execPath}` });
    expect(rows.map((r) => [r.result, r.details['permissions']])).toEqual([
      ['failure', ['ssh:exec']],
    ]);
    expect((await api(operator).delete(SSH_HOST_ROUTES.item(host.id))).status).toBe(403);
    expect((await api(operator).get(SSH_HOST_ROUTES.execs(host.id))).body).toEqual([]);
  });

  it("answers 404 for another organisation's host on every route", async () => {
    const created = await api().post(ORGANIZATION_ROUTES.platformOrganizations, {
      name: 'SSH B',
      slug: unique('ssh-b').toLowerCase(),
    });
    expect(created.status).toBe(201);
    const switched = await api().post(ORGANIZATION_ROUTES.switch, {
      organizationId: created.body.id,
    });
    expect(switched.status).toBe(200);
    const other = (switched.body as TokenPair).accessToken;
    admin = await adminToken(t);
    const theirs = (
      await api(other).post(SSH_HOST_ROUTES.collection, {
        name: 'their box',
        address: main.host,
        port: main.port,
        username: main.username,
        authMethod: 'key',
        privateKey: main.clientPrivateKey,
      })
    ).body as SshHostSummary;
    const mine = await create(main, 'mine');

    expect((await api().get(SSH_HOST_ROUTES.item(theirs.id))).status).toBe(404);
    expect((await api().post(SSH_HOST_ROUTES.test(theirs.id))).status).toBe(404);
    expect((await exec(theirs.id, { command: 'id' })).status).toBe(404);
    expect((await api().get(SSH_HOST_ROUTES.execs(theirs.id))).status).toBe(404);
    expect((await api().patch(SSH_HOST_ROUTES.item(theirs.id), { name: 'x' })).status).toBe(404);
    expect(
      (await api().put(SSH_HOST_ROUTES.hostKey(theirs.id), { fingerprint: main.hostFingerprint() }))
        .status,
    ).toBe(404);
    expect((await api().delete(SSH_HOST_ROUTES.item(theirs.id))).status).toBe(404);
    const borrowed = await api().patch(SSH_HOST_ROUTES.item(mine.id), { jumpHostId: theirs.id });
    expect(borrowed.status).toBe(400);
    expect((await api(other).get(SSH_HOST_ROUTES.item(theirs.id))).status).toBe(200);
  });

  it('never returns a credential in any response', () => {
    const all = JSON.stringify(bodies);
    const keyLines = (key: string) => key.split('\n').filter((l) => l && !l.startsWith('-----'));
    for (const secret of [
      ...keyLines(main.clientPrivateKey),
      ...keyLines(main.encryptedClientPrivateKey),
      ...keyLines(jump.clientPrivateKey),
      main.clientKeyPassphrase,
    ]) {
      expect(all).not.toContain(secret);
    }
    expect(bodies.length).toBeGreaterThan(40);
  });
});
