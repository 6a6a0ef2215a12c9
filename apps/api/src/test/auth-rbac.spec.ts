import {
  ApiKeySummary,
  AUTH_ROUTES,
  CreatedApiKey,
  RoleSummary,
  UserSummary,
} from '@hyperion/contracts';
import request from 'supertest';

import { auditRows, createUser, LOCAL_IP, unique } from './auth-helpers';
import { adminToken, loginAs, queryDb, startTestApp, TestApp } from './test-app';

describe('RBAC: roles, permissions, users and API keys', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
  });

  afterAll(async () => {
    await t.close();
  });

  const as = (token: string) => ({
    get: (path: string) => request(t.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string) => request(t.url).post(path).set('Authorization', `Bearer ${token}`),
    patch: (path: string) => request(t.url).patch(path).set('Authorization', `Bearer ${token}`),
    delete: (path: string) => request(t.url).delete(path).set('Authorization', `Bearer ${token}`),
  });

  it('seeds the built-in roles with the contracts permissions', async () => {
    const roles = (await as(admin).get(AUTH_ROUTES.roles).expect(200)).body as RoleSummary[];
    const viewer = roles.find((r) => r.name === 'viewer');
    expect(viewer).toMatchObject({
      builtIn: true,
      permissions: ['incidents:read', 'alerts:read', 'monitoring:read', 'files:read'],
    });
    expect(roles.filter((r) => r.builtIn).map((r) => r.name)).toEqual(
      expect.arrayContaining(['admin', 'operator', 'viewer']),
    );
  });

  it('gives a permission-less user 403 on GET /users (audited), and the admin 200', async () => {
    const roleName = unique('nothing').toLowerCase();
    await as(admin).post(AUTH_ROUTES.roles).send({ name: roleName, permissions: [] }).expect(201);
    const user = await createUser(t, admin, [roleName]);
    const token = (await loginAs(t, user.username, user.password)).accessToken;

    const denied = await as(token).get(AUTH_ROUTES.users).expect(403);
    expect(denied.body.message).toBe('Missing permission: users:admin');
    const list = (await as(admin).get(AUTH_ROUTES.users).expect(200)).body as UserSummary[];
    expect(list.map((u) => u.username)).toContain(user.username);

    const [row] = await auditRows(t, { action: 'permission_denied', actorId: user.id });
    expect(row).toMatchObject({
      actor_type: 'user',
      actor_name: user.username,
      target: 'GET /api/v1/users',
      result: 'failure',
      details: { permissions: ['users:admin'] },
    });
    expect(row.ip).toMatch(LOCAL_IP);
  });

  it('gives a viewer 403 on the admin pages API but 200 on what it may read', async () => {
    const user = await createUser(t, admin, ['viewer']);
    const token = (await loginAs(t, user.username, user.password)).accessToken;
    await as(token).get(AUTH_ROUTES.roles).expect(403);
    await as(token).get(AUTH_ROUTES.apiKeys).expect(403);
    await as(token).post(AUTH_ROUTES.roles).send({ name: 'sneaky', permissions: [] }).expect(403);
    const health = await as(token).get('/api/v1/admin/health');
    expect([200, 503]).toContain(health.status);
    expect(health.body).toMatchObject({ api: 'OK', status: expect.stringMatching(/healthy/) });
  });

  it('validates roles: name pattern, unknown permission named, duplicate 409, built-in undeletable', async () => {
    const bad = await as(admin)
      .post(AUTH_ROUTES.roles)
      .send({ name: unique('ops'), permissions: ['incidents:read', 'nuke:all'] })
      .expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('nuke:all');
    const badName = await as(admin)
      .post(AUTH_ROUTES.roles)
      .send({ name: 'Bad Name', permissions: [] })
      .expect(400);
    expect(JSON.stringify(badName.body.message)).toContain('name');

    const name = unique('ops');
    const created = (
      await as(admin)
        .post(AUTH_ROUTES.roles)
        .send({ name, description: 'On call', permissions: ['alerts:ack', 'alerts:read'] })
        .expect(201)
    ).body as RoleSummary;
    expect(created).toMatchObject({
      name,
      description: 'On call',
      permissions: ['alerts:read', 'alerts:ack'],
      builtIn: false,
    });
    await as(admin).post(AUTH_ROUTES.roles).send({ name, permissions: [] }).expect(409);

    const roles = (await as(admin).get(AUTH_ROUTES.roles).expect(200)).body as RoleSummary[];
    const adminRole = roles.find((r) => r.name === 'admin') as RoleSummary;
    const builtIn = await as(admin).delete(`${AUTH_ROUTES.roles}/${adminRole.id}`).expect(409);
    expect(builtIn.body.message).toMatch(/Built-in role admin/);

    await as(admin).delete(`${AUTH_ROUTES.roles}/${created.id}`).expect(204);
    await as(admin).delete(`${AUTH_ROUTES.roles}/${created.id}`).expect(404);
    await as(admin).delete(`${AUTH_ROUTES.roles}/not-a-uuid`).expect(400);

    const [createdRow] = await auditRows(t, {
      action: 'role_created',
      target: `role:${created.id}`,
    });
    expect(createdRow).toMatchObject({ actor_name: 'admin', result: 'success' });
    expect(createdRow.ip).toMatch(LOCAL_IP);
    const [deletedRow] = await auditRows(t, {
      action: 'role_deleted',
      target: `role:${created.id}`,
    });
    expect(deletedRow).toMatchObject({ actor_name: 'admin', details: { name } });
    expect(deletedRow.ip).toMatch(LOCAL_IP);
  });

  it('creates users: unknown role named (400), duplicate username or email (409), audited', async () => {
    const unknown = await as(admin)
      .post(AUTH_ROUTES.users)
      .send({
        username: unique('u'),
        email: `${unique('u')}@example.test`,
        displayName: 'X',
        password: 'a-long-password-123',
        roles: ['viewer', 'wizard'],
      })
      .expect(400);
    expect(unknown.body.message).toContain('wizard');

    const user = await createUser(t, admin, ['operator']);
    expect(user).toMatchObject({ status: 'active', roles: ['operator'], twoFactorEnabled: false });
    const again = (body: object) =>
      as(admin)
        .post(AUTH_ROUTES.users)
        .send({
          username: unique('u'),
          email: `${unique('u')}@example.test`,
          displayName: 'Again',
          password: 'a-long-password-123',
          roles: [],
          ...body,
        });
    expect((await again({ username: user.username }).expect(409)).body.message).toContain(
      'username',
    );
    expect((await again({ email: user.email }).expect(409)).body.message).toContain('email');

    const [row] = await auditRows(t, { action: 'user_created', target: `user:${user.id}` });
    expect(row).toMatchObject({ actor_name: 'admin', details: { roles: ['operator'] } });
    expect(row.ip).toMatch(LOCAL_IP);
  });

  it('updates users (roles, display name) and audits user_updated', async () => {
    const user = await createUser(t, admin, ['viewer']);
    const updated = (
      await as(admin)
        .patch(`${AUTH_ROUTES.users}/${user.id}`)
        .send({ displayName: 'Renamed', roles: ['operator', 'viewer'] })
        .expect(200)
    ).body as UserSummary;
    expect(updated).toMatchObject({ displayName: 'Renamed', roles: ['operator', 'viewer'] });
    const [row] = await auditRows(t, { action: 'user_updated', target: `user:${user.id}` });
    expect(row.details).toMatchObject({ roles: ['operator', 'viewer'] });
    await as(admin)
      .patch(`${AUTH_ROUTES.users}/00000000-0000-4000-8000-000000000000`)
      .send({ displayName: 'Nobody' })
      .expect(404);
  });

  it('API keys: shown once, scoped, work as Bearer or X-API-Key, revocable, audited', async () => {
    const created = (
      await as(admin)
        .post(AUTH_ROUTES.apiKeys)
        .send({ name: 'alert sender', permissions: ['monitoring:read'] })
        .expect(201)
    ).body as CreatedApiKey;
    expect(created.key).toMatch(/^hyp_[a-z0-9]{8}_[A-Za-z0-9_-]+$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created).toMatchObject({ permissions: ['monitoring:read'], lastUsedAt: null });

    const [stored] = await queryDb<{ key_hash: string }>(
      t,
      'SELECT key_hash FROM api_key WHERE id = $1',
      [created.id],
    );
    expect(stored.key_hash).not.toContain(created.key.split('_')[2]);

    for (const res of [
      await request(t.url).get('/api/v1/admin/health').set('X-API-Key', created.key),
      await as(created.key).get('/api/v1/admin/health'),
    ]) {
      expect([200, 503]).toContain(res.status);
      expect(res.body).toMatchObject({ api: 'OK', timestamp: expect.any(String) });
    }
    const scoped = await as(created.key).get(AUTH_ROUTES.users).expect(403);
    expect(scoped.body.message).toBe('Missing permission: users:admin');

    const keys = (await as(admin).get(AUTH_ROUTES.apiKeys).expect(200)).body as ApiKeySummary[];
    const listed = keys.find((k) => k.id === created.id);
    expect(listed?.lastUsedAt).not.toBeNull();
    expect(listed).not.toHaveProperty('key');

    await as(admin).delete(`${AUTH_ROUTES.apiKeys}/${created.id}`).expect(204);
    await request(t.url).get('/api/v1/admin/health').set('X-API-Key', created.key).expect(401);
    await request(t.url)
      .get('/api/v1/admin/health')
      .set('X-API-Key', `${created.key.slice(0, -2)}xx`)
      .expect(401);

    const bad = await as(admin)
      .post(AUTH_ROUTES.apiKeys)
      .send({ name: 'x', permissions: ['root'] })
      .expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('root');

    const [createdRow] = await auditRows(t, {
      action: 'api_key_created',
      target: `api_key:${created.id}`,
    });
    expect(createdRow).toMatchObject({ actor_name: 'admin', result: 'success' });
    expect(createdRow.ip).toMatch(LOCAL_IP);
    const [revokedRow] = await auditRows(t, {
      action: 'api_key_revoked',
      target: `api_key:${created.id}`,
    });
    expect(revokedRow).toMatchObject({ actor_name: 'admin', result: 'success' });
  });
});
