import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type {
  MonitorSummary,
  SecurityDashboard,
  TokenPair,
  TwoFactorSetup,
} from '@hyperion/contracts';
import {
  AUTH_ROUTES,
  MONITOR_ROUTES,
  ORGANIZATION_ROUTES,
  SECURITY_DASHBOARD_ROUTES,
} from '@hyperion/contracts';

import { createUser, unique } from './auth-helpers';
import { countStatuses, postFrom } from './http-from';
import { adminToken, bearer, loginAs, startTestApp, TestApp } from './test-app';

/** The current TOTP code from an independent implementation: Debian's oathtool. */
const oathtool = (secret: string) =>
  execFileSync('oathtool', ['--totp', '-b', secret], { encoding: 'utf8' }).trim();

/** A local HTTPS server with a self-signed certificate valid for `days` days (Debian's openssl). */
async function tlsServer(dir: string, days: number): Promise<{ url: string; server: Server }> {
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync(
    '/usr/bin/openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', String(days)].concat([
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ]),
    { stdio: 'ignore' },
  );
  const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) =>
    res.end('ok'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/**
 * The security dashboard over the real API: wrong passwords through the login endpoint (from
 * several loopback addresses) until the account locks, a second factor enabled with a code from
 * oathtool, an HTTPS monitor checked by the real check runner against a local TLS server; then
 * what the organisation's dashboard says, what a viewer and another organisation see of it.
 */
describe('security dashboard', () => {
  let t: TestApp;
  let dir: string;
  let tls: Server;
  let tlsUrl: string;
  /** The platform administrator acting in organisation A, and in organisation B. */
  let adminA: string;
  let adminB: string;
  let viewer: string;
  let auditor: string;
  let targetUser: Awaited<ReturnType<typeof createUser>>;
  let enrolled: Awaited<ReturnType<typeof createUser>>;

  const api = (token: string) => bearer(t, token);

  const dashboard = async (token: string, range?: string): Promise<SecurityDashboard> => {
    const path = range
      ? `${SECURITY_DASHBOARD_ROUTES.dashboard}?range=${range}`
      : SECURITY_DASHBOARD_ROUTES.dashboard;
    const res = await api(token).get(path);
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
    return res.body as SecurityDashboard;
  };

  /** A new organisation, and the administrator's token acting in it. */
  const organisation = async (name: string): Promise<string> => {
    const admin = await adminToken(t);
    const created = await api(admin).post(ORGANIZATION_ROUTES.platformOrganizations, {
      name,
      slug: unique('sec').toLowerCase(),
    });
    expect(created.status).toBe(201);
    const switched = await api(admin).post(ORGANIZATION_ROUTES.switch, {
      organizationId: created.body.id,
    });
    expect(switched.status).toBe(200);
    return (switched.body as TokenPair).accessToken;
  };

  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'hyperion-security-'));
    ({ url: tlsUrl, server: tls } = await tlsServer(dir, 10));
    adminA = await organisation('Security A');
    adminB = await organisation('Security B');

    targetUser = await createUser(t, adminA, ['viewer']);
    enrolled = await createUser(t, adminA, ['viewer']);
    viewer = (await loginAs(t, enrolled.username, enrolled.password)).accessToken;
    const role = await api(adminA).post(AUTH_ROUTES.roles, {
      name: unique('auditors').toLowerCase(),
      permissions: ['audit:read'],
    });
    expect(role.status).toBe(201);
    const reader = await createUser(t, adminA, [role.body.name]);
    auditor = (await loginAs(t, reader.username, reader.password)).accessToken;

    // Five wrong passwords (the lockout threshold) from two addresses lock the account; a sixth
    // try, from a third address, is refused without a password check, and still counted.
    const wrong = (from: string) =>
      postFrom(
        t.url,
        AUTH_ROUTES.login,
        { username: targetUser.username, password: 'wrong-password-1' },
        from,
      );
    const answers = [];
    for (const from of ['127.0.0.3', '127.0.0.3', '127.0.0.3', '127.0.0.3', '127.0.0.4']) {
      answers.push(await wrong(from));
    }
    answers.push(await wrong('127.0.0.5'));
    expect(countStatuses(answers)).toEqual({ 401: 5, 423: 1 });

    // The second user turns on two-factor authentication.
    const setup = await api(viewer).post(AUTH_ROUTES.twoFactorSetup);
    expect(setup.status).toBe(200);
    const enable = await api(viewer).post(AUTH_ROUTES.twoFactorEnable, {
      code: oathtool((setup.body as TwoFactorSetup).secret),
    });
    expect(enable.status).toBe(200);

    // An API key created and revoked.
    const key = await api(adminA).post(AUTH_ROUTES.apiKeys, {
      name: unique('deploy'),
      permissions: ['alerts:read'],
    });
    expect(key.status).toBe(201);
    expect((await api(adminA).delete(`${AUTH_ROUTES.apiKeys}/${key.body.id}`)).status).toBe(204);
  }, 120_000);

  afterAll(async () => {
    await new Promise((resolve) => tls?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  it('counts the failed sign-ins of the hour, by source address and username, and the lockout', async () => {
    const board = await dashboard(adminA);

    expect(board.range).toBe('24h');
    expect(board.failedLogins).toMatchObject({ count: 6, previous: 0 });
    expect(board.failedLogins.series).toHaveLength(24);
    expect(board.failedLogins.series.reduce((sum, bar) => sum + bar.count, 0)).toBe(6);
    expect(board.failedLogins.topIps).toEqual([
      { value: expect.stringMatching(/127\.0\.0\.3$/), count: 4 },
      { value: expect.stringMatching(/127\.0\.0\.4$/), count: 1 },
      { value: expect.stringMatching(/127\.0\.0\.5$/), count: 1 },
    ]);
    expect(board.failedLogins.topUsernames).toEqual([{ value: targetUser.username, count: 6 }]);
    expect(board.lockouts.count).toBe(1);
    expect(board.lockouts.latest).toEqual([
      expect.objectContaining({
        username: targetUser.username,
        userId: targetUser.id,
        failures: 5,
        lockedUntil: expect.any(String),
      }),
    ]);
  });

  it('lists the second factor enabled, the role created and the API key created and revoked', async () => {
    const board = await dashboard(adminA);

    expect(board.twoFactor.count).toBe(1);
    expect(board.twoFactor.byKind.enabled).toBe(1);
    expect(board.twoFactor.latest).toEqual([
      expect.objectContaining({ kind: 'enabled', username: enrolled.username }),
    ]);
    expect(board.permissionChanges.latest).toEqual([
      expect.objectContaining({ action: 'role_created', granted: ['audit:read'] }),
    ]);
    expect(board.apiKeys).toMatchObject({ count: 2, created: 1, revoked: 1 });
  });

  it("lists an HTTPS monitor's certificate with the days left its real check saw, flagged under 14 days", async () => {
    const created = await api(adminA).post(MONITOR_ROUTES.collection, {
      name: 'self-signed site',
      kind: 'http',
      target: { url: tlsUrl, ignoreTls: true },
      retries: 0,
    });
    expect(created.status).toBe(201);
    const monitor = created.body as MonitorSummary;
    expect((await dashboard(adminA)).certificates?.items).toEqual([
      expect.objectContaining({ monitorId: monitor.id, daysLeft: null, level: 'unknown' }),
    ]);

    const checked = await api(adminA).post(MONITOR_ROUTES.check(monitor.id));
    expect(checked.body).toMatchObject({
      state: 'up',
      lastMessage: expect.stringContaining('certificate expires in 9 days'),
    });

    const board = await dashboard(adminA);
    expect(board.certificates).toMatchObject({ total: 1, expiringSoon: 1 });
    expect(board.certificates?.items).toEqual([
      expect.objectContaining({
        monitorId: monitor.id,
        monitorName: 'self-signed site',
        url: tlsUrl,
        daysLeft: 9,
        level: 'warning',
      }),
    ]);
  });

  it('shows the certificates only to callers who may read monitors', async () => {
    const board = await dashboard(auditor);

    expect(board.certificates).toBeNull();
    expect(board.failedLogins.count).toBe(6);
  });

  it('refuses a viewer (no audit:read) with 403, and a range it does not know with 400 naming it', async () => {
    const refused = await api(viewer).get(SECURITY_DASHBOARD_ROUTES.dashboard);
    expect(refused.status).toBe(403);

    const bad = await api(adminA).get(`${SECURITY_DASHBOARD_ROUTES.dashboard}?range=1y`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toContain('range: one of 24h, 7d, 30d');

    const week = await dashboard(adminA, '7d');
    expect(week).toMatchObject({ range: '7d', bucket: 'day' });
    expect(week.failedLogins.series).toHaveLength(7);
    expect(week.failedLogins.count).toBe(6);
  });

  it('shows another organisation none of it', async () => {
    const board = await dashboard(adminB);

    expect(board.failedLogins).toMatchObject({ count: 0, topIps: [], topUsernames: [] });
    expect(board.lockouts).toMatchObject({ count: 0, latest: [] });
    expect(board.twoFactor.count).toBe(0);
    expect(board.apiKeys.count).toBe(0);
    expect(board.certificates).toEqual({ total: 0, expiringSoon: 0, items: [] });
    expect(JSON.stringify(board)).not.toContain(targetUser.username);
  });
});
