import { randomBytes } from 'node:crypto';

import { AuditAggregator } from '@hyperion/api/audit';
import { AppSecrets } from '@hyperion/api/core';
import { testEndpoints } from '@hyperion/api/testing';
import {
  AUDIT_ROUTES,
  AuditVerification,
  AUTH_ROUTES,
  ORGANIZATION_ROUTES,
  SOCKET_PATH,
  TokenPair,
} from '@hyperion/contracts';
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { io } from 'socket.io-client';
import request from 'supertest';

import { createUser, unique } from './auth-helpers';
import {
  adminToken,
  connectClient,
  loginAs,
  loginSession,
  logoutWithCookie,
  queryDb,
  startTestApp,
  TestApp,
} from './test-app';

interface Row {
  id: string;
  organization_id: string | null;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  result: string;
  details: Record<string, unknown> & { count?: number };
}

const columns = `id::text, organization_id, actor_type, actor_id, action, target, ip, result, details`;

/** A source address of its own per scenario (the app trusts X-Forwarded-For here). */
const address = () => `198.51.100.${1 + Math.floor(Math.random() * 250)}`;

/**
 * Issue 7, item 8: refused Bearer tokens and API keys are audited (`auth_failed`, with the
 * reason and nothing of the credential), refusals by a handler are audited as failures of their
 * action, and repeated refusals by one actor or address are counted per minute instead of
 * written one row each, without losing any and without breaking the hash chain.
 */
describe('auditing refusals without a flood', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true' });
    admin = await adminToken(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  const rows = (where: string, params: unknown[]) =>
    queryDb<Row>(t, `SELECT ${columns} FROM audit_log WHERE ${where} ORDER BY id`, params);

  const total = (found: Row[]) => found.reduce((sum, r) => sum + Number(r.details.count), 0);

  /** The summaries of every minute that has ended by then (what the leader does each 15 s). */
  const flushMinutesEnded = () => t.app.get(AuditAggregator).flushDue(Date.now() + 3 * 60_000);

  it('500 parallel denied requests by one viewer: a few rows whose counts add up to 500', async () => {
    const viewer = await createUser(t, admin, ['viewer']);
    const token = (await loginAs(t, viewer.username, viewer.password)).accessToken;
    const statuses = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        request(t.url)
          .get(i % 2 === 0 ? AUTH_ROUTES.users : AUTH_ROUTES.roles)
          .set('Authorization', `Bearer ${token}`)
          .then((r) => r.status),
      ),
    );
    expect(statuses).toEqual(Array(500).fill(403));

    // At once: the first of the minute (two if the burst crossed a minute, and that minute's
    // summary if the leader's periodic flush came by meanwhile), not one row per request.
    const early = await rows(`action = 'permission_denied' AND actor_id = $1`, [viewer.id]);
    expect(early.length).toBeGreaterThanOrEqual(1);
    expect(early.length).toBeLessThanOrEqual(3);
    expect(early[0].details).toMatchObject({ count: 1, permissions: ['users:admin'] });

    await flushMinutesEnded();
    const all = await rows(`action = 'permission_denied' AND actor_id = $1`, [viewer.id]);
    expect(all.length).toBeLessThanOrEqual(4);
    expect(total(all)).toBe(500);
    const summary = all.find((r) => r.details['repeated'] === true);
    expect(summary).toMatchObject({ result: 'failure', actor_type: 'user' });
    expect(summary?.details['targets']).toEqual(
      expect.objectContaining({ 'GET /api/v1/users': expect.any(Number) }),
    );

    // Summaries are chained like any row: the organisation's chain still verifies.
    const verified = await request(t.url)
      .get(AUDIT_ROUTES.verify)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect((verified.body as AuditVerification).ok).toBe(true);
  });

  it('records refused Bearer tokens with the reason, instance-level, nothing of the token', async () => {
    const secret = t.app.get(AppSecrets).jwtSecret;
    const claims = { sub: '00000000-0000-4000-8000-000000000000', typ: 'access', fam: 'f' };
    const expired = new JwtService({ secret }).sign(
      { ...claims, exp: Math.floor(Date.now() / 1000) - 60 },
      { issuer: 'hyperion' },
    );
    const forged = new JwtService({ secret: 'not-the-secret-but-long-enough-0123456789' }).sign(
      claims,
      { issuer: 'hyperion', expiresIn: 60 },
    );
    const cases: [string, string][] = [
      [expired, 'expired'],
      [forged, 'bad signature'],
      ['not.a.jwt', 'malformed token'],
    ];
    const ip = address();
    for (const [token, reason] of cases) {
      const res = await request(t.url)
        .get(AUTH_ROUTES.me)
        .set('Authorization', `Bearer ${token}`)
        .set('X-Forwarded-For', ip);
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('Invalid or expired credentials');
      const [row] = await rows(`action = 'auth_failed' AND ip = $1 AND details->>'reason' = $2`, [
        ip,
        reason,
      ]);
      expect(row).toMatchObject({
        organization_id: null,
        actor_type: 'anonymous',
        result: 'failure',
        details: { credential: 'bearer', reason, count: 1 },
      });
      expect(JSON.stringify(row)).not.toContain(token);
      expect(JSON.stringify(row)).not.toContain(token.split('.')[2] ?? token);
    }
  });

  it('records refused Socket.IO handshakes like HTTP ones, with the handshake’s address', async () => {
    const secret = t.app.get(AppSecrets).jwtSecret;
    const claims = { sub: '00000000-0000-4000-8000-000000000000', typ: 'access', fam: 'f' };
    const expired = new JwtService({ secret }).sign(
      { ...claims, exp: Math.floor(Date.now() / 1000) - 60 },
      { issuer: 'hyperion' },
    );
    const forged = new JwtService({ secret: 'not-the-secret-but-long-enough-0123456789' }).sign(
      claims,
      { issuer: 'hyperion', expiresIn: 60 },
    );
    // A real session, then signed out: its token is well signed but no longer valid.
    const viewer = await createUser(t, admin, ['viewer']);
    const session = await loginSession(t, viewer.username, viewer.password);
    await logoutWithCookie(t, session).expect((r) => expect(r.status).toBeLessThan(300));

    const cases: [string, string][] = [
      [expired, 'expired'],
      [forged, 'bad signature'],
      ['not.a.jwt', 'malformed token'],
      ['x'.repeat(10_000), 'malformed token'],
      [session.accessToken, 'session no longer valid'],
    ];
    for (const [index, [token, reason]] of cases.entries()) {
      // Addresses of their own (203.0.113.x), so no other test's rows can match.
      const ip = `203.0.113.${10 + index}`;
      const socket = io(t.url, {
        path: SOCKET_PATH,
        transports: ['websocket'],
        reconnection: false,
        auth: { token },
        extraHeaders: { 'X-Forwarded-For': ip, 'User-Agent': 'socket-probe' },
      });
      const refusal = await new Promise<Error>((resolve, reject) => {
        socket.once('connect', () => reject(new Error(`${reason}: connected`)));
        socket.once('connect_error', resolve);
      }).finally(() => socket.close());
      expect(refusal.message).toBe('Unauthorized');
      const found = await rows(
        `action = 'auth_failed' AND ip = $1 AND details->>'transport' = 'socket'`,
        [ip],
      );
      expect(found).toEqual([
        expect.objectContaining({
          result: 'failure',
          details: expect.objectContaining({ credential: 'bearer', reason, transport: 'socket' }),
        }),
      ]);
      expect(JSON.stringify(found[0])).not.toContain(token);
      if (reason === 'session no longer valid') {
        expect(found[0].organization_id).not.toBeNull();
        expect(found[0].details['userId']).toBe(viewer.id);
      } else {
        expect(found[0]).toMatchObject({ organization_id: null, actor_type: 'anonymous' });
      }
    }

    // No token at all is not a credential: refused, nothing written (as over HTTP).
    const before = await rows(`action = 'auth_failed'`, []);
    await expect(connectClient(t.url)).rejects.toThrow('Unauthorized');
    expect(await rows(`action = 'auth_failed'`, [])).toHaveLength(before.length);
  });

  it('records refused API keys: unknown ones instance-level, a revoked one in its organisation', async () => {
    const created = await request(t.url)
      .post(AUTH_ROUTES.apiKeys)
      .set('Authorization', `Bearer ${admin}`)
      .send({ name: unique('key'), permissions: ['alerts:read'] })
      .expect(201);
    const { key, id } = created.body as { key: string; id: string };
    await request(t.url)
      .delete(`${AUTH_ROUTES.apiKeys}/${id}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect((r) => expect([200, 204]).toContain(r.status));
    const [{ organization_id: keyOrg }] = await queryDb<{ organization_id: string }>(
      t,
      `SELECT organization_id FROM api_key WHERE id = $1`,
      [id],
    );

    const ip = address();
    const unknown = `hyp_zzzzzzzz_${randomBytes(24).toString('base64url')}`;
    const wrongSecret = `${key.slice(0, 13)}${randomBytes(24).toString('base64url')}`;
    for (const [credential, reason] of [
      [key, 'revoked key'],
      [unknown, 'unknown key'],
      ['hyp_short', 'malformed key'],
    ]) {
      const res = await request(t.url)
        .get(AUTH_ROUTES.me)
        .set('X-API-Key', credential)
        .set('X-Forwarded-For', ip);
      expect(res.status).toBe(401);
      const found = await rows(`action = 'auth_failed' AND ip = $1 AND details->>'reason' = $2`, [
        ip,
        reason,
      ]);
      expect(found).toHaveLength(1);
      expect(JSON.stringify(found[0])).not.toContain(credential);
    }
    const [revoked] = await rows(`action = 'auth_failed' AND ip = $1 AND details->>'reason' = $2`, [
      ip,
      'revoked key',
    ]);
    expect(revoked).toMatchObject({
      organization_id: keyOrg,
      actor_type: 'api_key',
      actor_id: id,
      target: `api_key:${id}`,
      details: { credential: 'api_key', apiKeyId: id },
    });

    // A known prefix with a wrong secret identifies nothing: instance-level, unknown key.
    const other = address();
    await request(t.url)
      .get(AUTH_ROUTES.me)
      .set('X-API-Key', wrongSecret)
      .set('X-Forwarded-For', other)
      .expect(401);
    expect(await rows(`action = 'auth_failed' AND ip = $1`, [other])).toEqual([
      expect.objectContaining({
        organization_id: null,
        actor_type: 'anonymous',
        details: expect.objectContaining({ reason: 'unknown key' }),
      }),
    ]);
  });

  it('counts a flood of bad tokens from one address per minute, losing none', async () => {
    const ip = address();
    const statuses = await Promise.all(
      Array.from({ length: 300 }, () =>
        request(t.url)
          .get(AUTH_ROUTES.me)
          .set('Authorization', 'Bearer not.a.jwt')
          .set('X-Forwarded-For', ip)
          .then((r) => r.status),
      ),
    );
    expect(statuses).toEqual(Array(300).fill(401));
    expect((await rows(`action = 'auth_failed' AND ip = $1`, [ip])).length).toBeLessThanOrEqual(3);
    await flushMinutesEnded();
    const all = await rows(`action = 'auth_failed' AND ip = $1`, [ip]);
    expect(all.length).toBeLessThanOrEqual(4);
    expect(total(all)).toBe(300);
  });

  it('records a refusal by a handler as a failure of its action (a grant beyond one’s own)', async () => {
    const roleName = unique('useradmin').toLowerCase();
    await request(t.url)
      .post(AUTH_ROUTES.roles)
      .set('Authorization', `Bearer ${admin}`)
      .send({ name: roleName, permissions: ['users:admin'] })
      .expect(201);
    const manager = await createUser(t, admin, [roleName]);
    const token = (await loginAs(t, manager.username, manager.password)).accessToken;
    const refused = await request(t.url)
      .post(AUTH_ROUTES.roles)
      .set('Authorization', `Bearer ${token}`)
      .send({ name: unique('escalate').toLowerCase(), permissions: ['ssh:exec'] });
    expect(refused.status).toBe(403);
    const found = await rows(`actor_id = $1 AND result = 'failure'`, [manager.id]);
    expect(found).toEqual([
      expect.objectContaining({
        action: 'role_created',
        target: 'POST /api/v1/roles',
        details: expect.objectContaining({
          status: 403,
          reason: expect.stringContaining('ssh:exec'),
          count: 1,
        }),
      }),
    ]);
  });

  it('records refusing to remove the last administrator (409) as a failure of that change', async () => {
    const created = await request(t.url)
      .post(ORGANIZATION_ROUTES.platformOrganizations)
      .set('Authorization', `Bearer ${admin}`)
      .send({ name: 'Last admin', slug: unique('last').toLowerCase() })
      .expect(201);
    const switched = await request(t.url)
      .post(ORGANIZATION_ROUTES.switch)
      .set('Authorization', `Bearer ${admin}`)
      .send({ organizationId: created.body.id })
      .expect(200);
    const token = (switched.body as TokenPair).accessToken;
    admin = await adminToken(t);
    const [{ id: adminId }] = await queryDb<{ id: string }>(
      t,
      `SELECT id FROM app_user WHERE username = 'admin'`,
    );
    const refused = await request(t.url)
      .patch(`${AUTH_ROUTES.users}/${adminId}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ roles: ['viewer'] });
    expect(refused.status).toBe(409);
    const found = await rows(
      `organization_id = $1 AND action = 'user_updated' AND result = 'failure'`,
      [created.body.id],
    );
    expect(found).toEqual([
      expect.objectContaining({
        actor_id: adminId,
        target: `PATCH /api/v1/users/${adminId}`,
        details: expect.objectContaining({ status: 409, count: 1 }),
      }),
    ]);
  });
});

describe('repeated refusals at shutdown', () => {
  it('writes the counts still waiting when the instance stops', async () => {
    const t = await startTestApp();
    const admin = await adminToken(t);
    const viewer = await createUser(t, admin, ['viewer']);
    const token = (await loginAs(t, viewer.username, viewer.password)).accessToken;
    const statuses = await Promise.all(
      Array.from({ length: 40 }, () =>
        request(t.url)
          .get(AUTH_ROUTES.apiKeys)
          .set('Authorization', `Bearer ${token}`)
          .then((r) => r.status),
      ),
    );
    expect(statuses).toEqual(Array(40).fill(403));
    await t.close();

    // The app (and its proxy) are gone: read the run's database directly.
    const client = new Client({ connectionString: testEndpoints().databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ details: { count: number } }>(
        `SELECT details FROM audit_log WHERE action = 'permission_denied' AND actor_id = $1`,
        [viewer.id],
      );
      expect(rows.length).toBeLessThanOrEqual(4);
      expect(rows.reduce((sum, r) => sum + r.details.count, 0)).toBe(40);
    } finally {
      await client.end();
    }
  });
});
